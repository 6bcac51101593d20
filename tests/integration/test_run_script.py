"""`scripts/run`: its arguments reach `kbgen serve` after its defaults, so `--port` wins over `PORT` and 8000."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from click.testing import CliRunner

from kbgen.cli import main
from tests.conftest import REPO


def run_script(tmp_path: Path, *args: str, port: str | None = None) -> list[str]:
    """Run a copy of scripts/run whose set-up does nothing and whose `kbgen` records its arguments."""
    (tmp_path / "scripts").mkdir(exist_ok=True)
    shutil.copy(REPO / "scripts" / "run", tmp_path / "scripts" / "run")
    (tmp_path / "scripts" / "setup.sh").write_text("# set-up already done\n", encoding="utf-8")
    kbgen = tmp_path / ".venv" / "bin" / "kbgen"
    kbgen.parent.mkdir(parents=True, exist_ok=True)
    kbgen.write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$(dirname "$0")/args.txt"\n', encoding="utf-8")
    kbgen.chmod(0o755)
    env = {key: value for key, value in os.environ.items() if key != "PORT"}
    if port is not None:
        env["PORT"] = port
    subprocess.run(["bash", str(tmp_path / "scripts" / "run"), *args], env=env, check=True, timeout=30)
    return (kbgen.parent / "args.txt").read_text(encoding="utf-8").splitlines()


def test_run_passes_its_arguments_to_serve(tmp_path: Path) -> None:
    defaults = ["serve", "--content", "content", "--output", "output", "--port"]
    assert run_script(tmp_path) == [*defaults, "8000"]
    assert run_script(tmp_path, port="18765") == [*defaults, "18765"]  # as .ci/run starts it
    args = run_script(tmp_path, "--port", "18951", "--host", "0.0.0.0")
    assert args == [*defaults, "8000", "--port", "18951", "--host", "0.0.0.0"]
    # The last --port is the one kbgen serve takes: an impossible one is named in its refusal.
    result = CliRunner().invoke(main, [*run_script(tmp_path, "--port", "99999")])
    assert result.exit_code == 2 and "--port 99999:" in result.output
