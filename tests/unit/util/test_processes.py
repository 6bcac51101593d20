"""`detach`: work handed to a process of its own, which outlives the caller and keeps nothing of its open."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from kbgen.util.processes import detach


def wait_for(path: Path, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while not path.is_file() and time.monotonic() < deadline:
        time.sleep(0.01)
    return path.read_text(encoding="utf-8")


def report(path: Path, keep: int, other: int = -1) -> None:
    """In the detached process: its pid and session, whether `keep` is still open and `other` closed, and
    whether stdout is /dev/null."""
    os.write(1, b"lost")  # to /dev/null, not to the caller's output
    os.fstat(keep)  # raises (and nothing is reported) if it was closed
    try:
        os.fstat(other)
        kept = "leaked"
    except OSError:
        kept = "kept"
    null = os.stat(os.devnull)
    out = os.fstat(1)
    path.with_suffix(".tmp").write_text(
        f"{os.getpid()} {os.getsid(0)} {kept} {(out.st_dev, out.st_ino) == (null.st_dev, null.st_ino)}",
        encoding="utf-8",
    )
    path.with_suffix(".tmp").rename(path)


def test_detached_work_runs_in_another_process_that_keeps_only_the_given_file(tmp_path: Path, capfd) -> None:
    """(`capfd` holds this process's output in a file: the detached one closed its copy.)"""
    done = tmp_path / "done"
    keep, other = os.open(tmp_path, os.O_RDONLY), os.open(tmp_path, os.O_RDONLY)
    try:
        assert detach(report, done, keep, other, keep_fd=keep)
    finally:
        os.close(keep)
        os.close(other)
    pid, session, kept, quiet = wait_for(done).split()
    assert int(pid) != os.getpid() and int(session) == int(pid)  # a session of its own: Ctrl-C does not reach it
    assert kept == "kept" and quiet == "True"
    assert "lost" not in capfd.readouterr().out


def test_nothing_is_detached_from_a_process_with_threads(tmp_path: Path) -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not detach(report, tmp_path / "done", 0)
    finally:
        stop.set()
        thread.join()
    time.sleep(0.2)
    assert not (tmp_path / "done").exists()
