"""Waiting for the old tree a command-line build removes in the background (`SiteWriter(detach_removal=True)`)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from kbgen.write.removal import lock_for_removal

STAGED = ".kbgen-new-"


def being_removed(parent: Path) -> list[str]:
    """The staging folders in `parent` a process is removing (it holds their removal lock)."""
    busy = []
    for path in parent.iterdir():
        if STAGED in path.name and path.is_dir():
            lock = lock_for_removal(path)
            if lock is None:
                busy.append(path.name)
            else:
                os.close(lock)
    return busy


def settled(parent: Path, timeout: float = 20.0) -> list[str]:
    """The names in `parent` once no process is removing a staging folder there (or after `timeout` seconds)."""
    deadline = time.monotonic() + timeout
    while being_removed(parent) and time.monotonic() < deadline:
        time.sleep(0.02)
    return sorted(p.name for p in parent.iterdir())
