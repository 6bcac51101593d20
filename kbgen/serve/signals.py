"""Stopping `kbgen serve` on a signal: Ctrl-C's SIGINT or SIGTERM ends it within a second, in one line.

Owns turning the two signals into one exception (`Stopped`) in the main thread, where the server builds, so a
build under way unwinds as for Ctrl-C (the writer discards what it staged), and keeping them from the build's
forked workers. Prints nothing: the CLI says what the output holds and exits 130 or 143.
"""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager


class Stopped(KeyboardInterrupt):
    """`kbgen serve` was told to stop by a signal (Ctrl-C's SIGINT or SIGTERM); a KeyboardInterrupt, so a build
    under way unwinds as it would for Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """128 + the signal's number, as a shell reports a process a signal ended: 130 for SIGINT, 143 for SIGTERM."""
        return 128 + self.signum


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM raise `Stopped` in the main thread, once (a second signal while the
    server stops is ignored: stopping takes well under a second), and the process is to end. A forked build worker
    ignores SIGINT and ends on SIGTERM, so the signal a terminal sends the whole group reaches the server alone."""
    stopping = (signal.SIGINT, signal.SIGTERM)
    owner = os.getpid()

    def stop(signum: int, _frame: object) -> None:
        if os.getpid() != owner:  # a build's forked worker: Ctrl-C reaches the whole group, the server stops it
            if signum == signal.SIGTERM:  # as its parent does when it stops: end as SIGTERM ends any process
                signal.signal(signum, signal.SIG_DFL)
                os.kill(os.getpid(), signum)
            return
        for other in stopping:
            signal.signal(other, signal.SIG_IGN)
        raise Stopped(signum)

    previous = {signum: signal.signal(signum, stop) for signum in stopping}
    try:
        yield
    except Stopped:
        # The process ends next: spare it the final collection of every object (seconds after a large build).
        gc.freeze()
        raise
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
