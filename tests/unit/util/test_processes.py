"""`detach`: work handed to a process of its own, which outlives the caller and keeps nothing of its open."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from kbgen.write.removal import detach

REPO = Path(__file__).resolve().parents[3]
#: Run in a fresh interpreter: the test process may have threads (a browser test's), and forks none then.
CALLER = r"""
import os, sys
from pathlib import Path
from kbgen.write.removal import detach

def report(path, keep, other):
    os.write(1, b"lost")  # to /dev/null, not to the caller's output
    os.fstat(keep)  # raises (and nothing is reported) if it was closed
    try:
        os.fstat(other)
        kept = "leaked"
    except OSError:
        kept = "kept"
    null, out = os.stat(os.devnull), os.fstat(1)
    quiet = (out.st_dev, out.st_ino) == (null.st_dev, null.st_ino)
    Path(path + ".tmp").write_text(f"{os.getpid()} {os.getsid(0)} {kept} {quiet}", encoding="utf-8")
    os.rename(path + ".tmp", path)

keep, other = os.open(sys.argv[2], os.O_RDONLY), os.open(sys.argv[2], os.O_RDONLY)
print("detached" if detach(report, sys.argv[1], keep, other, keep_fd=keep) else "not detached", os.getpid())
"""


def wait_for(path: Path, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while not path.is_file() and time.monotonic() < deadline:
        time.sleep(0.01)
    return path.read_text(encoding="utf-8")


def test_detached_work_runs_in_another_process_that_keeps_only_the_given_file(tmp_path: Path) -> None:
    done = tmp_path / "done"
    caller = subprocess.run(
        [sys.executable, "-c", CALLER, str(done), str(tmp_path)],
        capture_output=True,  # a pipe: the run returns once the caller ends, the detached process holding no end of it
        text=True,
        cwd=REPO,
        timeout=30,
        check=True,
    )
    outcome, caller_pid = caller.stdout.split()
    assert outcome == "detached" and "lost" not in caller.stdout
    pid, session, kept, quiet = wait_for(done).split()
    assert (
        pid not in (caller_pid, str(os.getpid())) and session == pid
    )  # a session of its own: Ctrl-C does not reach it
    assert kept == "kept" and quiet == "True"


def report(path: Path) -> None:
    path.write_text("ran", encoding="utf-8")


def test_nothing_is_detached_from_a_process_with_threads(tmp_path: Path) -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not detach(report, tmp_path / "done")
    finally:
        stop.set()
        thread.join()
    time.sleep(0.2)
    assert not (tmp_path / "done").exists()
