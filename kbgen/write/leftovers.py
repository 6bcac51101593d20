"""What a killed build leaves beside its output folder, and clearing it.

A build stages beside the output (`ownership.staging_prefix`) and, where the atomic exchange
is not available, moves the old tree aside for a moment (`ownership.retired_prefix`); after
the swap the old tree waits in the staging folder's place for its removal. A build killed at
any of these steps leaves such a folder; the next build clears it before it stages
(`clear_leftovers`), touching only folders of those names that carry kbgen's staging tag or
marker, and not one whose removal lock another process holds (a detached remover still at it).
"""

from __future__ import annotations

import os
from pathlib import Path

from kbgen.write.ownership import STAGING_TAG, read_marker, retired_prefix, staging_prefix
from kbgen.write.removal import lock_for_removal, remove_tree


def clear_leftovers(output: Path) -> list[Path]:
    """Remove what a killed build left beside `output` (staging folders, an old tree moved aside); return them.

    Where the output is missing and an old tree lies beside it (a build killed between two plain renames),
    the old tree is put back first.
    """
    out = output.resolve()
    parent = out.parent
    try:
        names = sorted(os.listdir(parent))
    except OSError:
        return []
    cleared = []
    for name in names:
        path = parent / name
        if not name.startswith((staging_prefix(out), retired_prefix(out))):
            continue
        if path.is_symlink() or not path.is_dir():
            continue
        if not (os.path.lexists(path / STAGING_TAG) or read_marker(path) is not None):
            continue  # not a folder kbgen made: leave it
        if name.startswith(retired_prefix(out)) and not os.path.lexists(out):
            path.rename(out)
            continue
        lock = lock_for_removal(path)
        if lock is None:
            continue  # an earlier build's remover is at it
        try:
            remove_tree(path)
        finally:
            os.close(lock)
        cleared.append(path)
    return cleared
