"""Write a rendered site to disk; the only module that writes the output folder.

`SiteWriter` stages files in a sibling folder as they come (pages while others
are still being rendered), then, in `finish`, either

- swaps the staged tree in whole with two renames (first builds, and builds
  that change most pages), or
- patches the output, when it still holds most pages as the last build wrote
  them (its record says so, and each file's size, mtime and inode agree): only
  files that differ were staged; each old file is moved aside and the new one
  renamed in, and any failure puts every moved file back. Readers may see old
  and new files side by side for the milliseconds the renames take.

Either way a failed build leaves the previous output exactly as it was. The
record (`OutputRecord`) lists every file of the output with its fingerprint
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

from kbgen.errors import KbgenError
from kbgen.util.atomic import replace_text

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
            replace_text(Path(record_file), json.dumps(data, separators=(",", ":"), sort_keys=True))
        except OSError:
            return


class SiteWriter:
    """Writes one build's files into an output folder, as they come; the folder changes only in `finish`.

    Files are staged in a sibling folder as they are added (so pages can be
    written while others are still being rendered). `finish` then either swaps
    the staged tree in whole, or, when `reusable` kept pages, patches the
    output: only files that differ from what the output holds were staged, and
    they are moved in, every move undone if one fails. `discard` drops what was
    staged; the output is untouched until `finish` and after any failure.
    """

    def __init__(self, output: Path, record_file: Path | None = None) -> None:
        self.output = Path(output)
        self.record_file = record_file
        self.record = OutputRecord.read(record_file, self.output)
        self.entries: dict[str, list] = {}
        """Record entries of the new output: files staged, and files the output already holds as they are."""
        self.staged: list[str] = []
        self.kept: set[str] = set()
        self._staging: Path | None = None
        self._folders: set[str] = set()
        self.bytes = 0

    def reusable(self, fingerprints: Mapping[str, str]) -> set[str]:
        """The pages the output holds as they would render (`OutputRecord.reusable`); keeping any means patching."""
        self.kept = self.record.reusable(fingerprints)
        self.bytes += self.record.size_of(self.kept)
        for path in self.kept:
            self.entries[path] = self.record.files[path]
        return self.kept

    def add(self, name: str, data: bytes, fingerprint: str = "") -> None:
        """Stage one file (`fingerprint` names a page by what it renders from; other files are named by bytes)."""
        if name in self.entries:
            raise KbgenError(f"internal error: two files render to '{name}'")
        rel = _safe_relative(name)
        key = fingerprint or hashlib.sha256(data).hexdigest()[:32]
        self.bytes += len(data)
        if self.kept and self.record.holds(name, key):
            self.entries[name] = self.record.files[name]
            return
        target = os.path.join(self._staging_folder(), *rel.parts)
        folder = os.path.dirname(target)
        if folder not in self._folders:  # one mkdir per folder, not per file: 10,000 pages
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        Path(target).write_bytes(data)
        stat = os.stat(target)  # renames keep size, mtime and inode
        self.entries[name] = [key, stat.st_size, stat.st_mtime_ns, stat.st_ino]
        self.staged.append(name)

    def finish(self) -> None:
        """Make the output hold exactly the files added and kept; then write the record."""
        if self.record_file is not None:
            Path(self.record_file).unlink(missing_ok=True)  # a build that stops half-way leaves no record to trust
        try:
            if self.kept:
                self._patch()
            else:
                _swap(self._staging_folder(), self.output)  # (an empty folder for a site of no files)
                self._staging = None
        finally:
            self.discard()
        if self.record_file is not None:
            OutputRecord(self.output, self.entries).save(self.record_file)

    def _staging_folder(self) -> Path:
        if self._staging is None:
            self.output.parent.mkdir(parents=True, exist_ok=True)
            self._staging = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.new-", dir=self.output.parent))
        return self._staging

    def discard(self) -> None:
        """Drop everything staged (after a failure, or once `finish` has moved it)."""
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None

    def _patch(self) -> None:
        """Move the staged files in and the files no longer built out; undo every move if one fails."""
        output = self.output
        if not output.is_dir():
            raise KbgenError(f"output path {output} exists and is not a folder")
        removed = sorted(set(self.record.files) - set(self.entries))
        if not self.staged and not removed:
            return
        staging = self._staging
        retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
        undo: list[tuple[str, Path, Path | None]] = []
        try:
            for name in sorted(self.staged):
                parts = PurePosixPath(name).parts
                target = output.joinpath(*parts)
                _make_parents(target.parent, output, undo)
                if target.exists() or target.is_symlink():
                    _move(target, retired.joinpath(*parts), undo)
                assert staging is not None
                _move(staging.joinpath(*parts), target, undo)
            for name in removed:
                parts = PurePosixPath(name).parts
                target = output.joinpath(*parts)
                if target.exists() or target.is_symlink():
                    _move(target, retired.joinpath(*parts), undo)
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
            shutil.rmtree(retired, ignore_errors=True)
        for name in removed:  # folders left empty by removed pages go too
            folder = output.joinpath(*PurePosixPath(name).parts).parent
            while folder != output:
                try:
                    folder.rmdir()
                except OSError:
                    break
                folder = folder.parent


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
