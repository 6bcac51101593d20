"""Replacing a small file atomically: readers see the old text or the new, never part of one.

Used for kbgen's own bookkeeping files (the caches, the output record); the
output folder itself is swapped or patched by the writer (`write/writer.py`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


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


def kept(path: Path | None, make: Callable[[], bytes], read: Callable[[bytes], T]) -> T:
    """`read` of the bytes a cache file at `path` keeps; when there is none, or `read` refuses them (ValueError),
    `read` of `make()`'s bytes, which are kept there for the next time (an unwritable cache only costs making
    them again). Without a `path`, `read(make())`."""
    if path is not None:
        with suppress(OSError, ValueError):
            return read(path.read_bytes())
    data = make()
    if path is not None:
        with suppress(OSError):
            replace_bytes(path, data)
    return read(data)
