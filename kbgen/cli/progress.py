"""The build's progress bar on stderr, shown only for a build that runs longer than a second."""

from __future__ import annotations

import sys
import time
from typing import TextIO

import click


class LazyProgress:
    """A progress bar on stderr that appears only once a build has run longer than DELAY seconds."""

    DELAY = 1.0

    def __init__(self, enabled: bool, file: TextIO | None = None) -> None:
        self.enabled = enabled
        self.file = file or sys.stderr
        self.started = time.monotonic()
        self.bar = None
        self.done = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if time.monotonic() - self.started < self.DELAY:
                return
            self.bar = click.progressbar(length=total, label="Building", file=self.file)
            self.bar.__enter__()
        # Calls count in their own units (pages, then `(1, 1)` once written): scaled to the bar, the last call
        # fills it instead of moving it back to its start.
        position = self.bar.length * done // total if total else self.bar.length
        self.bar.update(position - self.done)
        self.done = position

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
