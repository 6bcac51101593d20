"""Ctrl-C and SIGTERM at any moment of a real `kbgen import` process: every file written or none."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


@pytest.mark.slow
def test_ctrl_c_at_any_moment_of_a_real_import_writes_every_file_or_none(tmp_path: Path) -> None:
    lines = ["Big FAQ", ""]
    for section in range(1, 9):
        lines.append(f"{section}. Topic number {section}")
        for number in range(100):
            lines += [f"• How does thing {number} of topic {section} work?", f"Like answer {number} of {section}."]
    page = tmp_path / "big.txt"
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for moment in (0.2, 0.5, 0.8, 1.2, 1.8, 2.6):
        content = tmp_path / f"c{moment}"
        process = subprocess.Popen(
            [sys.executable, "-m", "kbgen", "import", str(page), "--content", str(content)],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(moment)
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=60)
        written = sorted(content.rglob("*.md")) if content.exists() else []
        # all or nothing; a signal between the import's end and the process's own end (its handler gone) ends the
        # process by the signal's default action, every file already in place
        complete = (0, 800), (-signal.SIGINT, 800)
        assert (code, len(written)) in complete or (code != 0 and not content.exists()), (moment, code)
        assert not list(tmp_path.glob(".kbgen-import-*"))
