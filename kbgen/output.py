"""Write a rendered site to disk; the only module that writes the output folder.

Two ways, both leaving the previous output exactly as it was when anything fails:

- a whole new tree, staged in a sibling folder and swapped in with two renames
  (first builds, and builds that change most pages);
- a patch: when the output still holds most pages as the last build wrote them
  (its record says so, and each file's size, mtime and inode agree), only the
  files that differ are written. New bytes are staged first; then each old file
  is moved aside and the new one renamed in, and any failure puts every moved
  file back. Readers may see old and new files side by side for the
  milliseconds the renames take.

The record (`OutputRecord`) lists every file of the output with its fingerprint
(for pages, the digest of what they render from; for other files, of their
bytes) and lives in the cache folder, never in the output.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

from .errors import KbgenError

OutputFile = tuple[str, bytes]
"""A file of the site: its path relative to the output root, and its bytes."""

RECORD_VERSION = 1
#: Patch the output only when it can keep at least this share of the pages.
PATCH_MIN_KEPT = 0.5


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


class OutputRecord:
    """What the last build wrote to an output folder: per file, its fingerprint and the stat it was left with."""

    def __init__(self, output: Path, files: dict[str, list] | None = None) -> None:
        self.output = Path(output)
        self.files: dict[str, list] = files or {}
        self._prefix = os.path.join(output, "")  # string joins: 10,000 pathlib paths cost a tenth of a second

    @classmethod
    def read(cls, record_file: Path | None, output: Path) -> OutputRecord:
        """The record in `record_file`; empty when missing, unreadable, stale or for another folder."""
        output = Path(output)
        if record_file is None:
            return cls(output)
        try:
            data = json.loads(Path(record_file).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(output)
        if (
            not isinstance(data, dict)
            or data.get("version") != RECORD_VERSION
            or data.get("output") != str(output.resolve())
            or not isinstance(data.get("files"), dict)
        ):
            return cls(output)
        return cls(output, data["files"])

    def holds(self, path: str, fingerprint: str) -> bool:
        """Whether the output holds `path` as written with `fingerprint`, untouched since."""
        entry = self.files.get(path)
        if entry is None or entry[0] != fingerprint:
            return False
        try:
            stat = os.stat(self._prefix + path)
        except OSError:
            return False
        return [stat.st_size, stat.st_mtime_ns, stat.st_ino] == entry[1:]

    def reusable(self, fingerprints: Mapping[str, str]) -> set[str]:
        """The pages a build need not render again: none unless the output keeps at least PATCH_MIN_KEPT of them."""
        held = {path for path, fingerprint in fingerprints.items() if self.holds(path, fingerprint)}
        return held if len(held) >= PATCH_MIN_KEPT * len(fingerprints) else set()

    def size_of(self, paths: Iterable[str]) -> int:
        """Bytes of the recorded files `paths`."""
        return sum(self.files[path][1] for path in paths)

    def save(self, record_file: Path) -> None:
        """Write the record atomically; failing to is not an error (the next build writes a whole tree)."""
        data = {"version": RECORD_VERSION, "output": str(self.output.resolve()), "files": self.files}
        try:
            Path(record_file).parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".record-", dir=Path(record_file).parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, separators=(",", ":"), sort_keys=True)
            os.replace(temp, record_file)
        except OSError:
            return


def write_site(
    files: Iterable[OutputFile],
    output: Path,
    record_file: Path | None = None,
    fingerprints: Mapping[str, str] | None = None,
    kept: Iterable[str] = (),
) -> None:
    """Make `output` hold exactly `files` plus the `kept` pages, atomically as far as any failure goes.

    `fingerprints` names pages by what they render from; other files are named
    by their bytes. `kept` are pages not rendered because the output holds them
    (`OutputRecord.reusable`): then the output is patched, else replaced whole.
    With `record_file`, the record is read from and written to it.
    """
    output = Path(output)
    fingerprints = fingerprints or {}
    named: dict[str, tuple[bytes, str]] = {}
    for name, data in files:
        if name in named:
            raise KbgenError(f"internal error: two files render to '{name}'")
        _safe_relative(name)
        named[name] = (data, fingerprints.get(name) or hashlib.sha256(data).hexdigest()[:32])
    kept = list(kept)
    if set(kept) & set(named):
        raise KbgenError("internal error: a kept page was rendered too")
    output.parent.mkdir(parents=True, exist_ok=True)
    record = OutputRecord.read(record_file, output)
    if record_file is not None:
        Path(record_file).unlink(missing_ok=True)  # a build that stops half-way leaves no record to trust
    if kept:
        missing = [path for path in kept if path not in record.files]
        if missing:
            raise KbgenError(f"internal error: kept page '{missing[0]}' is not in the output record")
        new_record = _patch(named, {path: record.files[path] for path in kept}, record, output)
    else:
        new_record = _replace(named, output)
    if record_file is not None:
        new_record.save(record_file)


def _stage(named: dict[str, tuple[bytes, str]], names: Iterable[str], staging: Path) -> dict[str, list]:
    """Write `names` under `staging`; return their record entries."""
    entries: dict[str, list] = {}
    folders: set[Path] = set()
    for name in sorted(names):
        data, fingerprint = named[name]
        target = staging.joinpath(*PurePosixPath(name).parts)
        if target.parent not in folders:  # one mkdir per folder, not per file: 10,000 pages
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        target.write_bytes(data)
        stat = target.stat()  # renames keep size, mtime and inode
        entries[name] = [fingerprint, stat.st_size, stat.st_mtime_ns, stat.st_ino]
    return entries


def _replace(named: dict[str, tuple[bytes, str]], output: Path) -> OutputRecord:
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        entries = _stage(named, named, staging)
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return OutputRecord(output, entries)


def _patch(
    named: dict[str, tuple[bytes, str]], kept: dict[str, list], record: OutputRecord, output: Path
) -> OutputRecord:
    """Write only what differs from the output, then move it in; undo every move if one fails."""
    if not output.is_dir():
        raise KbgenError(f"output path {output} exists and is not a folder")
    entries = dict(kept)
    changed = []
    for name, (_, fingerprint) in named.items():
        if record.holds(name, fingerprint):
            entries[name] = record.files[name]
        else:
            changed.append(name)
    removed = sorted(set(record.files) - set(named) - set(kept))
    if not changed and not removed:
        return OutputRecord(output, entries)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    undo: list[tuple[str, Path, Path | None]] = []
    try:
        entries.update(_stage(named, changed, staging))
        for name in sorted(changed):
            target = output.joinpath(*PurePosixPath(name).parts)
            _make_parents(target.parent, output, undo)
            if target.exists() or target.is_symlink():
                _move(target, retired.joinpath(*PurePosixPath(name).parts), undo)
            _move(staging.joinpath(*PurePosixPath(name).parts), target, undo)
        for name in removed:
            target = output.joinpath(*PurePosixPath(name).parts)
            if target.exists() or target.is_symlink():
                _move(target, retired.joinpath(*PurePosixPath(name).parts), undo)
    except BaseException:
        for kind, first, second in reversed(undo):
            try:
                if kind == "move" and second is not None:
                    second.rename(first)
                elif kind == "mkdir":
                    first.rmdir()
            except OSError:
                pass
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(retired, ignore_errors=True)
    for name in removed:  # folders left empty by removed pages go too
        folder = output.joinpath(*PurePosixPath(name).parts).parent
        while folder != output:
            try:
                folder.rmdir()
            except OSError:
                break
            folder = folder.parent
    return OutputRecord(output, entries)


def _make_parents(folder: Path, output: Path, undo: list[tuple[str, Path, Path | None]]) -> None:
    missing = []
    while folder != output and not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
        undo.append(("mkdir", path, None))


def _move(source: Path, target: Path, undo: list[tuple[str, Path, Path | None]]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    source.rename(target)
    undo.append(("move", source, target))


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
