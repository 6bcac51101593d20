"""The package's layers, as import-linter checks them: the contracts in pyproject.toml must all be kept."""

from __future__ import annotations

import os

import pytest
from importlinter.cli import lint_imports

from tests.conftest import REPO


def test_import_contracts_are_kept(capsys: pytest.CaptureFixture[str]) -> None:
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        code = lint_imports(config_filename=str(REPO / "pyproject.toml"), no_cache=True, no_logo=True)
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert "0 broken" in out, out
    assert code == 0, out
