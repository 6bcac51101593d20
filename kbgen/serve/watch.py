"""Watching the content and theme folders for `kbgen serve`, through watchfiles.

Owns which changes matter (`SiteFilter`: watchfiles' `DefaultFilter` plus any
dotfile or dot folder below a watched folder) and how they are seen: the file
system's own change events, or watchfiles' polling (`force_polling`) when
asked, or when events cannot be had (no inotify watches left, a file system
that sends none). Calls `on_change` once per settled burst of changes, with their paths; builds
and serves nothing itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles

#: A burst of saves (an editor's write-then-rename, a git checkout) settles after this much quiet: an editor's
#: save is over within a millisecond or two, and changes seen during a rebuild bring one more rebuild after it.
SETTLE_MS = 50
#: While nothing changes, watchfiles hands back control this often (the first time: the watch has begun).
READY_MS = 100


class SiteFilter(watchfiles.DefaultFilter):
    """watchfiles' default filter (editor backups and swap files, .git, node_modules, …), and nothing hidden
    below a watched folder: a dotfile or dot folder there is no part of the site."""

    def __init__(self, roots: list[Path]) -> None:
        super().__init__()
        self.roots = roots

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        if not super().__call__(change, path):
            return False
        for root in self.roots:
            try:
                parts = Path(path).relative_to(root).parts
            except ValueError:
                continue
            return not any(part.startswith(".") for part in parts)
        return False


def watch_changes(
    roots: list[Path],
    on_change: Callable[[set[Path]], object],
    stop: threading.Event,
    *,
    polling: bool = False,
    interval: float = 0.5,
    ready: threading.Event | None = None,
) -> None:
    """Call `on_change` with the paths changed (added, modified or deleted) in each settled burst of relevant
    changes under `roots`, until `stop` is set; set `ready` once changes are being watched (a change made before
    is not seen).

    Uses the file system's change events, or polls every `interval` seconds when `polling` is true or events
    cannot be had: watchfiles raises OSError when no inotify watches are left and RuntimeError when its
    watcher cannot start; then the same watch runs again with watchfiles' own polling.
    """
    roots = [root.resolve() for root in roots if root.is_dir()]
    ready = ready or threading.Event()
    if not polling:
        try:
            _watch(roots, on_change, stop, ready, polling=False, interval=interval)
            return
        except (OSError, RuntimeError):
            pass
    _watch(roots, on_change, stop, ready, polling=True, interval=interval)


def _watch(
    roots: list[Path],
    on_change: Callable[[set[Path]], object],
    stop: threading.Event,
    ready: threading.Event,
    *,
    polling: bool,
    interval: float,
) -> None:
    changes = watchfiles.watch(
        *roots,
        watch_filter=SiteFilter(roots),
        step=SETTLE_MS,
        stop_event=stop,
        # An empty set every READY_MS while nothing changes: the first one says the watches are in place.
        rust_timeout=READY_MS,
        yield_on_timeout=True,
        raise_interrupt=False,
        force_polling=True if polling else None,  # None: watchfiles' own choice (WATCHFILES_FORCE_POLLING, WSL)
        poll_delay_ms=max(1, int(interval * 1000)),
    )
    for changed in changes:
        ready.set()
        if stop.is_set():
            return
        if changed:
            on_change({Path(path) for _, path in changed})
