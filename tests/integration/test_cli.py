"""The command line around a build: the summary line it prints."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kbgen.cli import main
from tests.conftest import CONTENT


def test_build_prints_summary(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--content", str(CONTENT), "--output", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Built ")  # warnings (the seed has one) go to stderr
    assert (tmp_path / "out" / "index.html").is_file()
