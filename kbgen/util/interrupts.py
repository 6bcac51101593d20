"""Ctrl-C and SIGTERM: the one place that turns them into an orderly stop and an exit code.

The `kbgen` command runs inside `stopping()`, from its first import on. There SIGINT (Ctrl-C, which a terminal
sends to the whole process group) and SIGTERM raise `Interrupted` in the main thread, once: the
build unwinds through its clean-ups (workers killed and reaped, the staging folder removed), and
the command line prints `Interrupted.line()` and exits 128 + the signal's number (130, 143). A
second signal while it unwinds ends the process at once (forked workers end with it:
`processes._die_with_parent`).

Forked workers ignore SIGINT and die of SIGTERM (`in_worker`): the parent alone decides when
they stop, so no worker prints a traceback of its own. `held()` keeps both signals pending over
a step that must not be cut in two (a fork, the swap of the output and the word of it).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import NoReturn

SIGNALS = (signal.SIGINT, signal.SIGTERM)
NAMES = {signal.SIGINT: "Ctrl-C (SIGINT)", signal.SIGTERM: "SIGTERM"}


class Interrupted(KeyboardInterrupt):
    """Raised in the main thread when SIGINT or SIGTERM arrives (a KeyboardInterrupt, so code that stops on Ctrl-C
    stops on SIGTERM too)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.outcome = ""
        """What the interrupted command leaves, said by the code that knows (the output folder's state)."""

    @property
    def exit_code(self) -> int:
        """128 + the signal's number, as shells report a process a signal ended."""
        return 128 + self.signum

    def line(self) -> str:
        """The one line the command line prints."""
        return f"Stopped by {NAMES.get(self.signum, f'signal {self.signum}')}" + (
            f": {self.outcome}" if self.outcome else ""
        )


@contextmanager
def stopping() -> Iterator[None]:
    """In the block, SIGINT and SIGTERM raise `Interrupted` in this (the main) thread; the handlers before it are
    restored after it, unless a signal came (then a second one ends the process at once, even while it exits)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    # only signals left as Python starts them: one ignored (a background job) stays ignored, and a handler of
    # the program that called kbgen's command line stays its own
    ours = [signum for signum in SIGNALS if signal.getsignal(signum) in (signal.default_int_handler, signal.SIG_DFL)]
    before = {signum: signal.signal(signum, _interrupt) for signum in ours}
    try:
        yield
    finally:
        if all(signal.getsignal(signum) is _interrupt for signum in ours):
            for signum, handler in before.items():
                signal.signal(signum, handler)


def _interrupt(signum: int, frame: object) -> None:
    for other in SIGNALS:
        signal.signal(other, _at_once)  # the first signal unwinds; a second one does not wait for it
    raise Interrupted(signum)


def _at_once(signum: int, frame: object) -> None:
    os._exit(128 + signum)


def interrupted() -> bool:
    """Whether a signal has stopped the command (within `stopping`)."""
    return signal.getsignal(signal.SIGINT) is _at_once


def leave(code: int) -> NoReturn:
    """End an interrupted command now: its output flushed, its heap not torn down (a large build's takes a
    second), its workers already gone."""
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def in_worker() -> None:
    """In a forked worker: ignore SIGINT (the parent stops its workers), die of SIGTERM, and take the signals
    `held` at the fork."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)


@contextmanager
def held() -> Iterator[None]:
    """SIGINT and SIGTERM wait while the block runs, and arrive once it is done."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
