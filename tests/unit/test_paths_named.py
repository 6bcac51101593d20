"""Comments are code: every repository path named in a comment, docstring or doc exists.

Walks the package, the theme, the tests, the benches, the scripts and the docs for
strings such as `kbgen/load/schema.py` or `tests/browser/`, and fails on any that
names a file or folder the repository does not have. Patterns (`*`, `<section>`,
`{name}`, `…`) and output paths are not repository paths and are skipped.
Dotted names of the package (`kbgen.search.shards`, `kbgen.write.writer.SiteWriter`)
are checked the same way: each part a package, a module, or a name the module defines.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ROOTS = ("kbgen", "tests", "theme", "docs", "bench", "scripts")
SCANNED = ("kbgen", "tests", "theme/templates", "theme/static", "docs", "bench", "scripts", ".ci")
SUFFIXES = {".py", ".js", ".md", ".html", ".css", ".toml", ".sh", ".txt", ""}
NAMED = re.compile(r"(?<![\w./-])((?:{})/[^\s`'\"()\[\],;:|]*)".format("|".join(ROOTS)))
PATTERN_MARKS = ("*", "<", "{", "…", "$", "%", "#")
# Paths that exist only once built: the theme as the wheel carries it, and lunr.js copied from npm (by its name).
BUILT = ("kbgen/theme/",)
COPIED = "/lunr.min.js"
SKIPPED_DIRS = {"node_modules", "__pycache__", "data", ".venv"}


def scanned_files() -> list[Path]:
    files = [REPO / "README.md", REPO / "pyproject.toml"]
    for root in SCANNED:
        for path in sorted((REPO / root).rglob("*")):
            if not path.is_file() or SKIPPED_DIRS & set(path.relative_to(REPO).parts):
                continue
            if path.suffix in SUFFIXES and path.name != "lunr.min.js":
                files.append(path)
    return files


def named_paths(text: str) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for match in NAMED.finditer(line):
            named = match.group(1).rstrip(".")
            if any(mark in named for mark in PATTERN_MARKS) or named.startswith(BUILT) or named.endswith(COPIED):
                continue
            found.append((number, named))
    return found


DOTTED = re.compile(r"(?<![\w./-])kbgen(?:\.\w+)+")


def dotted_problem(name: str) -> str | None:
    """Why a dotted name of the package does not exist, or None when it does."""
    here = REPO / "kbgen"
    parts = name.split(".")[1:]
    for index, part in enumerate(parts):
        if (here / part).is_dir():
            here = here / part
            continue
        if (here / f"{part}.py").is_file():
            here = here / f"{part}.py"
            rest = parts[index + 1 :]
            break
        module = here / "__init__.py" if here.is_dir() else here
        rest = parts[index:]
        here = module
        break
    else:
        return None
    if not rest or rest[0].startswith("__") or here.suffix != ".py":
        return None if here.exists() else f"names {name}, which does not exist"
    defined = re.compile(rf"^\s*(?:def |class |async def )?{re.escape(rest[0])}\b", re.MULTILINE)
    if not defined.search(here.read_text(encoding="utf-8")):
        return f"names {name}, but {here.relative_to(REPO)} defines no {rest[0]}"
    return None


def prose_lines(path: Path, text: str) -> list[str]:
    """The lines of `text` where a dotted name is a mention, not code: a Python file's comments and strings only
    (a variable named kbgen may have attributes there), every line of any other file."""
    lines = text.splitlines()
    if path.suffix != ".py":
        return lines
    prose = [""] * len(lines)
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type in (tokenize.COMMENT, tokenize.STRING):
                for offset, part in enumerate(token.string.splitlines()):
                    prose[token.start[0] - 1 + offset] += " " + part
    except (tokenize.TokenError, SyntaxError):
        return lines
    return prose


def missing_paths() -> list[str]:
    missing = []
    for path in scanned_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for line, named in named_paths(text.replace("\\n", " ")):
            if not (REPO / named).exists():
                missing.append(f"{path.relative_to(REPO)}:{line}: names {named}, which does not exist")
        for number, line in enumerate(prose_lines(path, text), 1):
            for match in DOTTED.finditer(line):
                problem = dotted_problem(match.group(0))
                if problem:
                    missing.append(f"{path.relative_to(REPO)}:{number}: {problem}")
    return missing


def test_every_path_named_in_comments_and_docs_exists() -> None:
    assert missing_paths() == []
