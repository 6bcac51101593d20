"""The key tables of docs/content-format.md are generated from kbgen/config.py, the one schema."""

from __future__ import annotations

import os
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
    pending = [(keys, "") for _, keys in FILES]
    while pending:
        keys, prefix = pending.pop()
        for name, key in keys.items():
            assert f"| `{prefix}{name}` | {key.label} |" in tables
            assert key.help, f"{prefix}{name} has no help line"
            if key.keys is not None:
                pending.append((key.keys, f"{prefix}{name}{'[]' if list in key.types else ''}."))


def test_a_table_edited_by_hand_makes_the_check_fail(tmp_path: Path) -> None:
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
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},  # nothing written beside the linked package
    )
    assert result.returncode == 1
    assert (
        result.stdout == "docs/content-format.md: the key tables differ from kbgen/config.py: run scripts/config-docs\n"
    )
