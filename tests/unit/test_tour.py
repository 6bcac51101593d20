"""The tour of the code stays true: the README's module table and each package's docstring name every module.

A newcomer reads the README's table and a package's docstring to find where a thing lives; a module
missing from either, or a row naming a module that is gone, sends them the wrong way.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1].parent
PACKAGE = REPO / "kbgen"
ROW = re.compile(r"^\| (`[^|]+`) \|", re.MULTILINE)


def modules() -> list[str]:
    """Every module of the package, as the README names it (`load/loader.py`), `__init__`s that hold code included."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if path.name == "__main__.py":
            continue
        if path.name == "__init__.py":
            body = ast.parse(path.read_text(encoding="utf-8")).body
            if all(isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) for node in body):
                continue
        found.append(name)
    return found


def readme_rows() -> set[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    named: set[str] = set()
    for cell in ROW.findall(text):
        named.update(re.findall(r"`([^`]+\.py)`", cell))
    return named


def test_readme_module_table_lists_every_module_and_no_other() -> None:
    rows = readme_rows()
    assert sorted(set(modules()) - rows) == [], "modules missing from the README's table"
    assert sorted(rows - set(modules())) == [], "README rows naming modules that do not exist"


def test_each_package_docstring_names_its_modules() -> None:
    missing = []
    for init in sorted(PACKAGE.rglob("__init__.py")):
        if init.parent == PACKAGE:
            continue  # the top level is the README's table
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        for child in sorted(init.parent.iterdir()):
            stem = child.stem if child.suffix == ".py" else child.name
            if child.name in {"__init__.py", "__pycache__"} or (child.is_file() and child.suffix != ".py"):
                continue
            if not re.search(rf"(?<![\w.]){re.escape(stem)}\b", doc):
                missing.append(f"{init.relative_to(REPO)} does not name {child.name}")
    assert missing == []
