"""The one step that changes the output folder: the staged tree and the old one exchanged.

Linux's `renameat2(RENAME_EXCHANGE)` swaps the two folders atomically: at every instant the
output is the complete old tree or the complete new one. Where the exchange is not available
(another system, a file system without it, or the tests' `plain-renames`), two renames do it,
the old tree moved aside for a moment under `ownership.retired_prefix`; a build killed between
the two leaves the output missing and the old tree beside it, which the next build puts back
(`leftovers.clear_leftovers`).
"""

from __future__ import annotations

import ctypes
import errno
import os
import tempfile
from pathlib import Path

from kbgen.write import faults
from kbgen.write.ownership import retired_prefix

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step; False where the system or file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def swap_in(staging: Path, output: Path) -> None:
    """Make `staging` the output; the old tree, if any, ends in `staging`'s place (for its removal)."""
    if not os.path.lexists(output):
        staging.rename(output)
        return
    if not faults.plain_renames() and exchange(staging, output):
        return
    retired = Path(tempfile.mkdtemp(prefix=retired_prefix(output), dir=output.parent))
    retired.rmdir()
    output.rename(retired)
    faults.point("retired")
    try:
        staging.rename(output)
    except OSError:
        retired.rename(output)
        raise
    retired.rename(staging)
