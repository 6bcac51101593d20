"""Writing planned imports: every file of every plan, or none.

Each plan's files are staged in a folder beside its content folder, then
moved in without replacing anything (a new content folder arrives in one
rename, files into an existing one as hard links that fail rather than
overwrite); on any failure everything already moved in is taken out again.
The only module of the import that writes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from kbgen.errors import KbgenError
from kbgen.importer.model import Created
from kbgen.importer.plan import ImportPlan


def write_plans(plans: list[ImportPlan]) -> list[Created]:
    """Write every file of every plan or none: each staged in a folder beside its content, then moved in;
    on any failure everything already moved in is taken out again."""
    undo: list = []  # what to do, newest first, to take the import out again
    created: list[Created] = []
    try:
        for plan in plans:
            if plan.files:
                _write_one(plan, undo)
                created.extend(Created(f.path, f.what) for f in plan.files)
    except BaseException as err:
        for step in reversed(undo):
            with contextlib.suppress(OSError):
                step()
        if isinstance(err, OSError):
            where = err.filename or plans[0].content
            raise KbgenError(f"cannot write the import into {where}: {err.strerror}; nothing was imported") from None
        raise
    return created


def _write_one(plan: ImportPlan, undo: list) -> None:
    content = plan.content
    missing = [p for p in (content, *content.parents) if not p.exists()]
    for folder in reversed(missing[1:]):  # the folders above a new content folder
        folder.mkdir()
        undo.append(folder.rmdir)
    anchor = content if content.is_dir() else content.parent
    staging = Path(tempfile.mkdtemp(prefix=".kbgen-import-", dir=anchor))
    try:
        for item in plan.files:
            target = staging / item.path.relative_to(content)
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(item.text)
        if not content.exists():
            staging.rename(content)  # a new content folder arrives whole, in one rename
            undo.append(lambda: shutil.rmtree(content))
            return
        for item in plan.files:
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
