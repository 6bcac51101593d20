"""Replacing a small file atomically: readers see the old text or the new, never part of one.

Used for kbgen's own bookkeeping files (the caches, the output record); the
output folder itself is swapped or patched by the writer (`write/writer.py`).
"""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path


def replace_text(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to a temporary file beside `path`, then rename it over `path`; raises OSError.

    The folder is made when missing; a temporary file is never left behind.
    """
    replace_bytes(path, text.encode("utf-8"))


def replace_bytes(path: Path, data: bytes) -> None:
    """`replace_text` for bytes: the whole new file or the old one, never part of one; raises OSError."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise
