"""`fork_imap`: results in order from forked workers, their errors raised here, none of them left behind; and
`Background`: one function in a forked process, its value streamed back (read early once it is done)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
#: Run in a fresh interpreter: the test process may have threads (a browser test's), and forks none then.
SCRIPT = r"""
import os
from kbgen.util.processes import can_fork, fork_imap

def children():
    return open(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read().split()

def square(n):
    if n == 13:
        raise ValueError("thirteen")
    return n * n, os.getpid()

assert can_fork(3)
done = list(fork_imap(square, list(range(13)), 3, 1, 2))
assert [value for value, _ in done] == [n * n for n in range(13)]
workers = {pid for _, pid in done}
assert os.getpid() not in workers and len(workers) == 3
try:
    list(fork_imap(square, list(range(20)), 2, 1, 3))
    raise SystemExit("no error")
except ValueError as error:
    assert str(error) == "thirteen"
assert children() == [], children()
pages = fork_imap(square, list(range(12)), 2, 1, 2)
next(pages)
pages.close()  # a consumer that stops early: the workers are killed and reaped
assert children() == [], children()
print("ok")
"""


def test_forked_workers_give_results_in_order_raise_errors_and_end_with_the_call() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=REPO, check=False)
    assert result.stdout == "ok\n", result.stderr


#: A background process's value, its error, and its death, each as the caller sees it.
BACKGROUND = r"""
import os
from kbgen.util.processes import Background

def children():
    return open(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read().split()

big = [(f"part-{n}", os.urandom(997 + n)) for n in range(2_000)]  # 4 MB: many times a pipe's buffer
with Background(lambda: (os.getpid(), big), fork=True) as job:
    assert job.forked
    pid, value = job.result()
assert pid != os.getpid() and value == big

def fails():
    raise ValueError("no search files")

with Background(fails, fork=True) as job:
    try:
        job.result()
        raise SystemExit("no error")
    except ValueError as error:
        assert str(error) == "no search files"

with Background(lambda: os._exit(3), fork=True) as job:
    try:
        job.result()
        raise SystemExit("no error")
    except RuntimeError as error:
        assert "died without a result" in str(error)
assert children() == [], children()

import time

with Background(lambda: "done", fork=True) as job:  # taken once finished: the process ends then
    deadline = time.monotonic() + 30
    while children() and time.monotonic() < deadline:
        job.take_if_done()
        time.sleep(0.05)
    assert children() == [], children()
    assert job.result() == "done"
with Background(lambda: time.sleep(3) or "late", fork=True) as job:  # not finished: never waited for
    started = time.monotonic()
    job.take_if_done()
    assert time.monotonic() - started < 1 and len(children()) == 1
    assert job.result() == "late"
print("ok")
"""


def test_a_background_process_streams_its_value_back_raises_its_error_says_when_it_died_and_ends_once_taken() -> None:
    result = subprocess.run([sys.executable, "-c", BACKGROUND], capture_output=True, text=True, cwd=REPO, check=False)
    assert result.stdout == "ok\n", result.stderr
