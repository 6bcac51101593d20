"""Write a rendered site to disk; the only module that writes the output folder.

`SiteWriter` stages the new tree in a folder beside the output, as files come
(pages while others are still being rendered). Pages the output already holds
as they would render (its record says so, and each file's size, mtime and
inode agree) are not rendered again but hard-linked from the output into the
staging folder: ahead, by a forked process while the content loads (`prelink`:
every file the output still holds as recorded), the rest in a thread while the
search index is built (`start_linking`); what was linked ahead but is not kept
is unlinked again, and a file to be written is unlinked first, never written
through a link. The staged tree ends with the ownership marker
(`output_folder.MARKER`); then one atomic exchange of the two folders (Linux's
`renameat2(RENAME_EXCHANGE)`) makes it the output, and the old tree, now in the
staging folder's place, is removed (with `detach_removal`, by a detached
process holding its removal lock). Where the exchange is not available, two
renames do it, and a build killed between them leaves the old tree beside the
output, which the next build puts back (`output_folder.clear_leftovers`).

So at every instant the output folder is the complete old tree or the complete
new one; a failed or killed build leaves it as it was. The output must be
missing, empty or kbgen's own (`output_folder.check_ownership`), checked when the
writer is made and again just before the exchange. The record (`OutputRecord`)
lists every file of the output with its fingerprint (for pages, the digest of
what they render from; for other files, of their bytes), its stat and the
digest of its bytes, and lives in the cache folder, never in the output.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import queue
import shutil
import tempfile
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

from kbgen import output_folder
from kbgen.errors import KbgenError
from kbgen.util.atomic import replace_text
from kbgen.util.processes import Background, detach

RECORD_VERSION = 2
#: What `os.link` fails with on a file system (or across file systems) without hard links: then files are copied.
NO_HARD_LINKS = (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV)
#: Keep pages from the output only when it can keep at least this share of them.
PATCH_MIN_KEPT = 0.5


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
            or not all(isinstance(entry, list) and len(entry) == 5 for entry in data["files"].values())
        ):
            return cls(output)
        return cls(output, data["files"])

    def untouched(self) -> dict[str, tuple[int, int, int, str]]:
        """Each recorded file's (size, mtime_ns, inode, digest), for `output_folder.check_ownership`."""
        return {path: (entry[1], entry[2], entry[3], entry[4]) for path, entry in self.files.items()}

    def holds(self, path: str, fingerprint: str) -> bool:
        """Whether the output holds `path` as written with `fingerprint`, untouched since."""
        entry = self.files.get(path)
        if entry is None or entry[0] != fingerprint:
            return False
        try:
            stat = os.stat(self._prefix + path)
        except OSError:
            return False
        return [stat.st_size, stat.st_mtime_ns, stat.st_ino] == entry[1:4]

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

    Made only for an output that is missing, empty or kbgen's (else `KbgenError`, unless `force`); what a
    killed build left beside it is cleared first. `discard` drops what was staged; the output is untouched
    until `finish` and after any failure. Failing to write (a full disk, a read-only folder) is a
    `KbgenError` naming the file.
    """

    def __init__(
        self, output: Path, record_file: Path | None = None, force: bool = False, detach_removal: bool = False
    ) -> None:
        self.shown = Path(output)
        self.detach_removal = detach_removal
        """Remove the old tree, once swapped out, in a process of its own that the build does not wait for."""
        self.output = Path(output).resolve()
        self.record_file = record_file
        self.force = force
        self.record = OutputRecord.read(record_file, self.output)
        self.entries: dict[str, list] = {}
        """Record entries of the new output: files staged, and files the output already holds as they are."""
        self.staged: set[str] = set()
        self.kept: set[str] = set()
        self._staging: Path | None = None
        self._folders: set[str] = set()
        self._linker: threading.Thread | None = None
        self._to_link: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._stop_linking = threading.Event()
        self._link_error: OSError | None = None
        self._copied: dict[str, list] = {}
        self._prelinking: Background | None = None
        self._prelinked: set[str] = set()
        self._prelinked_folders: list[str] = []
        self.bytes = 0
        self.faults = output_folder.Faults.from_environment()
        _guarded(output_folder.clear_leftovers, self.output)
        self._verified = self.record.untouched()
        output_folder.check_ownership(self.shown, self._verified, force)

    def prelink(self) -> None:
        """Start hard-linking into the staging folder, in a forked process while the content loads, every file the
        output still holds as its record says (most of them will be kept); `reusable` waits for it, and what the
        build does not keep is unlinked again. Nothing here touches the output."""
        if self.record.files and self._prelinking is None:
            staging = self._staging_folder()
            self._prelinking = Background(lambda: _prelink(self.output, staging, self.record.files), fork=True)

    def _join_prelinking(self) -> None:
        if self._prelinking is None:
            return
        prelinking, self._prelinking = self._prelinking, None
        with prelinking:
            linked, folders, error = prelinking.result()
        self._prelinked = set(linked)
        self._prelinked_folders = folders
        self._folders.update(folders)
        if error is not None:
            _guarded(_raise, error)

    def reusable(self, fingerprints: Mapping[str, str]) -> set[str]:
        """The pages the output holds as they would render (`OutputRecord.reusable`); they are linked, not written."""
        self._join_prelinking()
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
        digest = output_folder.file_digest(data)
        key = fingerprint or digest[:32]
        self.bytes += len(data)
        if self.kept and self.record.holds(name, key):
            self.entries[name] = self.record.files[name]
            if self._linker is not None and name not in self._prelinked:
                self._to_link.put(name)
            return
        self._join_prelinking()
        target = os.path.join(self._staging_folder(), *rel.parts)
        _guarded(self._write, target, data, name)
        stat = os.stat(target)  # renames and links keep size, mtime and inode
        self.entries[name] = [key, stat.st_size, stat.st_mtime_ns, stat.st_ino, digest]
        self.staged.add(name)
        self.faults.point("stage", len(self.staged))

    def _write(self, target: str, data: bytes, name: str = "") -> None:
        folder = os.path.dirname(target)
        if folder not in self._folders:  # one mkdir per folder, not per file: 10,000 pages
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        if name in self._prelinked:  # a link to the output's file: never write through it
            os.unlink(target)
            self._prelinked.discard(name)
        Path(target).write_bytes(data)

    def finish(self) -> None:
        """Make the output hold exactly the files added and kept; then write the record."""
        if self.record_file is not None:
            Path(self.record_file).unlink(missing_ok=True)  # a build that stops half-way leaves no record to trust
        try:
            staging = self._staging_folder()
            _guarded(self._wait_for_linking, staging)
            self.faults.point("linked")
            marker = output_folder.marker_bytes({path: (entry[1], entry[4]) for path, entry in self.entries.items()})
            _guarded(self._write_marker, staging, marker)
            self.faults.point("marked")
            output_folder.check_ownership(self.shown, self._verified, self.force)  # nothing came in meanwhile
            os.chmod(staging, 0o755)
            os.unlink(staging / output_folder.STAGING_TAG)
            self.faults.point("untagged")
            _guarded(_swap, staging, self.output, self.faults)
            self.faults.point("swapped")
            self._remove_old_tree(staging)
        finally:
            self.discard()
        self.faults.point("cleaned")
        if self.record_file is not None:
            OutputRecord(self.output, self.entries).save(self.record_file)

    def start_linking(self) -> None:
        """Start hard-linking the files kept from the output into the staging folder, in a thread, while the build
        does other work (the manifest, the search index); files kept that are added later join them, and `finish`
        waits for the thread. Call it once no more processes are to be forked (a process with threads forks none:
        `util.processes.can_fork`). The output is not touched."""
        if self._linker is not None:
            return
        self._join_prelinking()
        staging = self._staging_folder()
        for name in self.entries:
            if name not in self.staged and name not in self._prelinked:
                self._to_link.put(name)
        self._linker = threading.Thread(target=self._link_kept, args=(staging,), name="kbgen-link", daemon=True)
        self._linker.start()

    def _wait_for_linking(self, staging: Path) -> None:
        self.start_linking()
        assert self._linker is not None
        self._to_link.put(None)
        self._linker.join()
        if self._link_error is not None:
            raise self._link_error
        self.entries.update(self._copied)
        self._unlink_unkept(staging)

    def _unlink_unkept(self, staging: Path) -> None:
        """Take out of the staging folder what was linked ahead (`prelink`) but is not in the new output, and the
        folders that held only that."""
        staged = os.path.join(staging, "")
        for name in self._prelinked.difference(self.entries):
            os.unlink(staged + name)
        needed = {staged + folder for folder in output_folder.parent_folders(self.entries)}
        for folder in sorted(self._prelinked_folders, key=len, reverse=True):
            if folder not in needed and folder != str(staging):
                os.rmdir(folder)
                self._folders.discard(folder)

    def _stop_linker(self) -> None:
        if self._prelinking is not None:
            self._prelinking.__exit__(None, None, None)  # stops the process
            self._prelinking = None
        if self._linker is not None:
            self._stop_linking.set()
            self._to_link.put(None)
            self._linker.join()

    def _link_kept(self, staging: Path) -> None:
        """Hard-link into the staging folder each file queued, until None: files the output holds as this build
        would write them. Runs in the linking thread: its failure waits in `_link_error` for `finish`."""
        prefix = os.path.join(self.output, "")
        staged = os.path.join(staging, "")
        try:
            while (name := self._to_link.get()) is not None and not self._stop_linking.is_set():
                target = staged + name
                folder = os.path.dirname(target)
                if folder not in self._folders:
                    os.makedirs(folder, exist_ok=True)
                    self._folders.add(folder)
                try:
                    os.link(prefix + name, target)
                except OSError as err:
                    if err.errno not in NO_HARD_LINKS:
                        raise
                    shutil.copyfile(prefix + name, target)  # a file system without hard links: copy
                    entry = self.record.files[name]
                    stat = os.stat(target)
                    self._copied[name] = [entry[0], stat.st_size, stat.st_mtime_ns, stat.st_ino, entry[4]]
        except OSError as err:
            self._link_error = err

    def _remove_old_tree(self, old: Path) -> None:
        """Remove the old tree (in the staging folder's place since the swap): in a detached process when the
        writer may and can, holding the folder's removal lock (`clear_leftovers` leaves it alone meanwhile, and
        removes it if that process is killed); else here, in `discard`."""
        if not self.detach_removal or not os.path.isdir(old):
            return
        lock = output_folder.lock_for_removal(old)
        if lock is None:
            return
        try:
            if detach(_remove_old_tree, old, self.faults, keep_fd=lock):
                self._staging = None
        finally:
            os.close(lock)

    def _write_marker(self, staging: Path, marker: bytes) -> None:
        """The marker goes in last; the output's own is linked when it lists the same (a rebuild that changed nothing
        leaves every file of the output as it was)."""
        old = self.output / output_folder.MARKER
        try:
            same = old.read_bytes() == marker
        except OSError:
            same = False
        if same:
            os.link(old, staging / output_folder.MARKER)
        else:
            self._write(os.path.join(staging, output_folder.MARKER), marker)

    def _staging_folder(self) -> Path:
        if self._staging is None:
            parent = self.output.parent
            try:
                parent.mkdir(parents=True, exist_ok=True)
                staging = Path(tempfile.mkdtemp(prefix=output_folder.staging_prefix(self.output), dir=parent))
            except OSError as err:
                raise KbgenError(
                    f"cannot build into {self.shown}: kbgen stages the new site beside it, in {parent}, "
                    f"and cannot write there ({err.strerror})"
                ) from None
            self._staging = staging
            _guarded(Path.write_bytes, staging / output_folder.STAGING_TAG, b"")
            self.faults.point("staging")
        return self._staging

    def discard(self) -> None:
        """Drop everything staged (after a failure, or once `finish` has moved the old tree into its place)."""
        self._stop_linker()
        if self._staging is not None:
            output_folder.remove_tree(self._staging)
            self._staging = None


def _prelink(output: Path, staging: Path, files: Mapping[str, list]) -> tuple[list[str], list[str], OSError | None]:
    """Hard-link into `staging` each of `files` the output still holds with its recorded size, mtime and inode:
    the names linked, the folders made and the error that stopped it (None where links are not possible: the
    files are then linked, or copied, once known to be kept)."""
    source, target = os.path.join(output, ""), os.path.join(staging, "")
    linked: list[str] = []
    made: list[str] = []
    folders = {str(staging)}
    try:
        for name, entry in files.items():
            try:
                stat = os.stat(source + name)
            except FileNotFoundError:
                continue
            if [stat.st_size, stat.st_mtime_ns, stat.st_ino] != entry[1:4]:
                continue
            folder = os.path.dirname(target + name)
            if folder not in folders:
                missing = []
                while folder not in folders and not os.path.isdir(folder):
                    missing.append(folder)
                    folder = os.path.dirname(folder)
                for path in reversed(missing):
                    os.mkdir(path)
                    made.append(path)
                folders.update(missing)
                folders.add(folder)
            try:
                os.link(source + name, target + name)
            except OSError as err:
                if err.errno in NO_HARD_LINKS:
                    break
                raise
            linked.append(name)
    except OSError as err:
        return linked, made, err
    return linked, made, None


def _raise(error: OSError) -> None:
    raise error


def _remove_old_tree(old: Path, faults: output_folder.Faults) -> None:
    """In the detached remover: remove the swapped-out tree (`output_folder.remove_tree`)."""
    output_folder.remove_tree(old, halfway=lambda: faults.point("removing"))


def _guarded(write, first, *rest):
    """Call `write(first, *rest)`; a failure of the file system becomes a `KbgenError` naming the file."""
    try:
        return write(first, *rest)
    except OSError as err:
        where = str(err.filename or first)
        parts = Path(where).parts
        for index, part in enumerate(parts):  # name a staged file by its place in the site
            if part.startswith(".") and ".kbgen-new-" in part and index + 1 < len(parts):
                where = f"{'/'.join(parts[index + 1 :])} (staged beside {Path(*parts[:index])})"
                break
        raise KbgenError(
            f"cannot write {where}: {err.strerror or err}; the build stopped and the previous output is unchanged"
        ) from None


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
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


def _swap(staging: Path, output: Path, faults: output_folder.Faults) -> None:
    """Make `staging` the output; the old tree, if any, ends in `staging`'s place (for `discard` to remove)."""
    if not os.path.lexists(output):
        staging.rename(output)
        return
    if not faults.plain_renames and _exchange(staging, output):
        return
    retired = Path(tempfile.mkdtemp(prefix=output_folder.retired_prefix(output), dir=output.parent))
    retired.rmdir()
    output.rename(retired)
    faults.point("retired")
    try:
        staging.rename(output)
    except OSError:
        retired.rename(output)
        raise
    retired.rename(staging)
