"""The CLI wiring (Click's CliRunner) and real end-to-end runs of the console script."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kbgen.cli import _LazyProgress, main
from tests.conftest import CONTENT, REPO


def test_check_reports_errors_with_exit_1(make_project, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    content = make_project({"sections/01-orders/01-cancel.md": "---\nquestoin: Q?\n---\nA\n"})
    result = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert result.exit_code == 1
    assert "content/sections/01-orders/01-cancel.md:2: unknown key 'questoin' (did you mean 'question'?)" in (
        result.output
    )
    assert "Error: 2 error(s)" in result.output


def test_check_ok() -> None:
    result = CliRunner().invoke(main, ["check", "--content", str(CONTENT)])
    assert result.exit_code == 0, result.output


def test_carrier_command() -> None:
    runner = CliRunner()
    found = runner.invoke(main, ["carrier", "--content", str(CONTENT), "1Z123456789"])
    assert found.exit_code == 0
    assert found.output.startswith("UPS\t")
    missing = runner.invoke(main, ["carrier", "--content", str(CONTENT), "QQ123"])
    assert missing.exit_code == 1


def test_usage_error_exit_2() -> None:
    assert CliRunner().invoke(main, ["build", "--nope"]).exit_code == 2


def test_python_dash_m(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "kbgen", "carrier", "--content", str(CONTENT), "420 ABC 1234"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert run.returncode == 1
    run = subprocess.run(
        [sys.executable, "-m", "kbgen", "carrier", "--content", str(CONTENT), "420 1234"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert run.returncode == 0 and run.stdout.startswith("USPS")


class _Terminal(io.StringIO):
    """What a progress bar writes to a terminal (click draws it only on a tty)."""

    def isatty(self) -> bool:
        return True


def test_the_progress_bar_ends_on_its_true_last_frame() -> None:
    terminal = _Terminal()
    progress = _LazyProgress(enabled=True, file=terminal)
    progress.DELAY = 0.0
    # As the pipeline calls it: 1 + the pages rendered out of 2 + those to render (10), then (1, 1) once written.
    for done in range(1, 12):
        progress(done, 12)
    progress(1, 1)
    progress.close()
    frames = [frame for frame in terminal.getvalue().split("\r") if "Building" in frame]
    assert "100%" in frames[-1] and "[" + "#" * 36 + "]" in frames[-1]
    assert not any(" 0%" in frame for frame in frames[1:])  # it never moves back to its start


def test_carrier_on_a_site_without_carriers_yaml_says_so(make_project) -> None:
    content = make_project()
    result = CliRunner().invoke(main, ["carrier", "--content", str(content), "1Z123456789"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"No carrier matches '1Z123456789': {content} has no carriers.yaml, so it knows no carriers.\n"
    )


def test_quiet_with_verbose_is_a_one_line_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--content", str(CONTENT), "--output", str(tmp_path), "-q", "-v"])
    assert result.exit_code == 2
    assert result.output == "Error: --quiet and --verbose cannot be used together\n"


def test_new_site_refuses_an_email_check_would_refuse_and_writes_nothing(tmp_path: Path) -> None:
    content = tmp_path / "help"
    result = CliRunner().invoke(main, ["new", "site", "Acme", "--email", "bad", "--content", str(content)])
    assert result.exit_code == 2
    assert "Invalid value for '--email': must be an email address like help@example.org, not 'bad'" in result.output
    assert not content.exists()


def test_check_gives_the_notes_a_build_gives(make_project, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1781481600")  # 2026-06-15 UTC
    content = make_project(
        {"sections/01-orders/02-refund.md": "---\nquestion: Refund?\npublish: 2026-07-01\n---\nSoon.\n"}
    )
    result = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert result.exit_code == 0, result.output
    assert "note: content/sections/01-orders/02-refund.md: left out of this build: " in result.output
