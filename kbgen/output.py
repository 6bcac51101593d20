"""Write a rendered site to disk atomically; the only module that writes files.

The new tree is staged in a sibling folder and swapped in with renames, so a
failed build never touches the previous output and readers never see half a site.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from .errors import KbgenError

OutputFile = tuple[str, bytes]
"""A file of the site: its path relative to the output root, and its bytes."""


def check_output_dir(output: Path, protected: Iterable[Path]) -> None:
    """Refuse an output folder that is, contains or lies inside the content, the theme or the project."""
    out = output.resolve()
    for path in protected:
        guarded = path.resolve()
        if out == guarded or out in guarded.parents:
            raise KbgenError(f"refusing to write output to {output}: it would replace {path}")
        if guarded.is_dir() and guarded in out.parents:
            raise KbgenError(f"refusing to write output to {output}: it is inside {path}")


def _safe_relative(name: str) -> PurePosixPath:
    rel = PurePosixPath(name)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise KbgenError(f"internal error: unsafe output path '{name}'")
    return rel


def write_site(files: Iterable[OutputFile], output: Path) -> None:
    """Write `files` as the complete new contents of `output`, atomically."""
    output = Path(output)
    seen: set[str] = set()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    folders: set[str] = set()
    try:
        for name, data in sorted(files):
            if name in seen:
                raise KbgenError(f"internal error: two files render to '{name}'")
            seen.add(name)
            target = staging.joinpath(*_safe_relative(name).parts)
            folder = str(target.parent)
            if folder not in folders:  # one mkdir per folder, not per file: 10,000 pages
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(folder)
            target.write_bytes(data)
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, output: Path) -> None:
    os.chmod(staging, 0o755)
    if not output.exists():
        staging.rename(output)
        return
    if not output.is_dir():
        raise KbgenError(f"output path {output} exists and is not a folder")
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    retired.rmdir()
    output.rename(retired)
    try:
        staging.rename(output)
    except OSError:
        retired.rename(output)
        raise
    shutil.rmtree(retired, ignore_errors=True)
