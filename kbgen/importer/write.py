"""Writing planned imports: every file of every plan, or none.

Each plan's files are staged in a folder beside its content folder, then
moved in without replacing anything (a new content folder arrives in one
rename, files into an existing one as hard links that fail rather than
overwrite); on any failure everything already moved in is taken out again.
Ctrl-C and SIGTERM wait while files move in or out (the import holds them for
that short while), then take the whole import out again and are delivered as
they arrived: an interrupted import has written nothing, and no file is ever
half there. The only module of the import that writes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from kbgen.errors import KbgenError
from kbgen.importer.model import Created
from kbgen.importer.plan import ImportPlan

HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class _Interrupted(Exception):
    """Ctrl-C or SIGTERM arrived while the import was writing."""


def write_plans(plans: list[ImportPlan]) -> list[Created]:
    """Write every file of every plan or none: each staged in a folder beside its content, then moved in;
    on any failure, or Ctrl-C or SIGTERM meanwhile, everything already moved in is taken out again."""
    undo: list = []  # what to do, newest first, to take the import out again
    created: list[Created] = []
    with _signals_held() as caught:
        try:
            for plan in plans:
                if plan.files:
                    _write_one(plan, undo, caught)
                    created.extend(Created(f.path, f.what) for f in plan.files)
            if caught:
                raise _Interrupted
        except _Interrupted:  # the user asked for nothing more, so nothing stays
            _take_out(undo)
        except BaseException as err:
            _take_out(undo)
            if isinstance(err, OSError):
                where = err.filename or plans[0].content
                raise KbgenError(
                    f"cannot write the import into {where}: {err.strerror}; nothing was imported"
                ) from None
            raise
    if caught:  # the handler the signal went to let the process go on: say what happened
        raise KbgenError("interrupted: nothing was imported")
    return created


def _take_out(undo: list) -> None:
    """Undo every step taken so far, newest first."""
    for step in reversed(undo):
        with contextlib.suppress(OSError):
            step()
    undo.clear()


@contextlib.contextmanager
def _signals_held() -> Iterator[list[int]]:
    """Hold Ctrl-C and SIGTERM while the block runs, so no file is left half moved; deliver the first one
    caught when it ends (to the handler there was before). Only the main thread can hold signals."""
    if threading.current_thread() is not threading.main_thread():
        yield []
        return
    caught: list[int] = []
    # a signal the process ignores (SIGINT in a background job, under nohup) stays ignored
    held = [number for number in HELD_SIGNALS if signal.getsignal(number) is not signal.SIG_IGN]
    previous = {number: signal.signal(number, lambda number, _frame: caught.append(number)) for number in held}
    try:
        yield caught
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if caught:
            signal.raise_signal(caught[0])


def _write_one(plan: ImportPlan, undo: list, caught: list[int]) -> None:
    """Stage and move in the files of `plan`, noting in `undo` how to take each step back; stop once `caught`."""
    content = plan.content
    missing = [p for p in (content, *content.parents) if not p.exists()]
    for folder in reversed(missing[1:]):  # the folders above a new content folder
        folder.mkdir()
        undo.append(folder.rmdir)
    anchor = content if content.is_dir() else content.parent
    staging = Path(tempfile.mkdtemp(prefix=".kbgen-import-", dir=anchor))
    try:
        for item in plan.files:
            if caught:
                raise _Interrupted
            target = staging / item.path.relative_to(content)
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(item.text)
        if not content.exists():
            staging.rename(content)  # a new content folder arrives whole, in one rename
            undo.append(lambda: shutil.rmtree(content))
            return
        for item in plan.files:
            if caught:
                raise _Interrupted
            for parent in reversed(item.path.relative_to(content).parents[:-1]):
                folder = content / parent
                if not folder.exists():
                    folder.mkdir()
                    undo.append(folder.rmdir)
            if item.path.exists():
                raise KbgenError(f"{item.path} appeared while importing: not overwriting it; nothing was imported")
            os.link(staging / item.path.relative_to(content), item.path)  # fails rather than replace a file
            undo.append(item.path.unlink)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
