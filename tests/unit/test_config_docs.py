"""The key tables of docs/content-format.md are generated from kbgen/config.py, the one schema."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kbgen.config import FILES, key_tables

ROOT = Path(__file__).resolve().parents[2]


def test_the_doc_shows_the_tables_the_schema_gives() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "config-docs"), "--check"], check=False, capture_output=True, text=True
    )
    assert (result.returncode, result.stdout) == (0, "")


def test_every_key_of_every_file_has_a_row_with_its_help() -> None:
    tables = key_tables()
    for _, keys in FILES:
        for name, key in keys.items():
            assert f"| `{name}` |" in tables or f"`.{name}` |" in tables
            assert key.help, f"{name} has no help line"


def test_a_changed_schema_makes_the_check_fail(tmp_path: Path) -> None:
    # A copy of the repository's script and doc, with one row edited by hand: the check must notice.
    (tmp_path / "scripts").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "scripts" / "config-docs").write_text((ROOT / "scripts" / "config-docs").read_text())
    doc = (ROOT / "docs" / "content-format.md").read_text(encoding="utf-8")
    (tmp_path / "docs" / "content-format.md").write_text(doc.replace("| `promoted` |", "| `featured` |"))
    (tmp_path / "kbgen").symlink_to(ROOT / "kbgen")
    result = subprocess.run(
        [sys.executable, str(tmp_path / "scripts" / "config-docs"), "--check"],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert (
        result.stdout == "docs/content-format.md: the key tables differ from kbgen/config.py: run scripts/config-docs\n"
    )
