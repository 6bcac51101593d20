"""Removing a tree kbgen made (a staging folder, a swapped-out old tree), here or in a detached process.

`remove_tree` takes the staging tag and the marker last, so a removal cut short leaves a folder
`leftovers.clear_leftovers` still knows as kbgen's. A removal holds the folder's removal lock
(`lock_for_removal`, an `flock` that ends with the process holding it), so the next build leaves
a folder alone while its remover is at it. `remove_detached` hands the old tree to a process of
its own (`detach`) that outlives the build: `kbgen build` returns once the new tree is in; where
no process can be detached (the dev server has threads), `remove_in_thread` hands it to a thread.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import threading
from collections.abc import Callable
from pathlib import Path

from kbgen.util.processes import can_fork
from kbgen.write import faults
from kbgen.write.ownership import MARKER, STAGING_TAG


def lock_for_removal(folder: Path) -> int | None:
    """An open descriptor of `folder` holding its removal lock (`flock`), or None when another process holds it
    (or the folder cannot be opened). The lock ends with the descriptor, or with the process that holds it."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def remove_tree(folder: Path, halfway: Callable[[], None] | None = None) -> None:
    """Remove a staging folder or an old tree, its staging tag and marker last: a removal cut short leaves a folder
    `clear_leftovers` still knows as kbgen's. Errors are ignored (what is left, the next build clears).
    `halfway()` is called once half the folder's entries are gone (a kill point of the tests)."""
    try:
        with os.scandir(folder) as scan:
            entries = [entry for entry in scan if entry.name not in (STAGING_TAG, MARKER)]
    except OSError:
        return
    for number, entry in enumerate(entries):
        if halfway is not None and number == len(entries) // 2:
            halfway()
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            _unlink(entry.path)
    for name in (MARKER, STAGING_TAG):
        _unlink(os.path.join(folder, name))
    try:
        os.rmdir(folder)
    except OSError:
        return


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        return


def remove_detached(old: Path) -> bool:
    """Remove `old` in a detached process holding its removal lock; False (nothing started) where that cannot be."""
    lock = lock_for_removal(old)
    if lock is None:
        return False
    try:
        return detach(_remove_locked, old, keep_fd=lock)
    finally:
        os.close(lock)


def remove_in_thread(old: Path) -> bool:
    """Remove `old` in a thread of this process holding its removal lock, for a process that cannot detach one (it
    has threads: the dev server); False (nothing started) when another holds the lock. Removing a large tree is
    mostly the disk's time (10,000 folders: seconds), which the build need not wait for; a removal cut short by
    the process's end leaves a folder the next build clears."""
    lock = lock_for_removal(old)
    if lock is None:
        return False

    def remove() -> None:
        try:
            remove_tree(old)
        finally:
            os.close(lock)

    threading.Thread(target=remove, name="kbgen-remove", daemon=True).start()
    return True


def _remove_locked(old: Path) -> None:
    """In the detached remover: remove the swapped-out tree (a kill point of the tests half-way)."""
    remove_tree(old, halfway=lambda: faults.point("removing"))


def detach(function: Callable[..., object], *args: object, keep_fd: int = -1) -> bool:
    """Run `function(*args)` in a process of its own that outlives this one; False, and nothing run, where that
    cannot be (`can_fork`). The process is forked twice (so no zombie waits for this one), reads and writes
    nothing of this one's (its standard streams go to /dev/null, its other files are closed but `keep_fd`: a pipe
    reading this process's output ends when this process does) and leaves with `os._exit`, never returning here."""
    if not can_fork(2):
        return False
    child = os.fork()
    if child:
        os.waitpid(child, 0)
        return True
    try:  # the first child forks the second and leaves at once; the second does the work
        if os.fork() == 0:
            os.setsid()  # out of the terminal's process group: Ctrl-C in a later command does not reach it
            for signum in (signal.SIGINT, signal.SIGTERM):  # not the build's handlers: a plain process
                signal.signal(signum, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_SETMASK, ())
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            if keep_fd >= 3:
                os.closerange(3, keep_fd)
            os.closerange(max(3, keep_fd + 1), max(os.sysconf("SC_OPEN_MAX"), keep_fd + 2))
            function(*args)
    except BaseException:  # noqa: BLE001 - nobody is there to tell; what it leaves, the next build clears
        os._exit(1)
    os._exit(0)
