"""Write a rendered site to disk; the only writer of the output folder (the entry the pipeline calls).

`SiteWriter` stages the new tree in a folder beside the output, as files come: pages as they
are rendered, each written by the render worker that made it (`stager`), the other files by two
threads (`add_all`). Pages the output already holds as they would render (its
record says so: `write/record.py`) are not written again but hard-linked into the staging
folder (`write/linking.py`). The staged tree ends with the ownership marker
(`write/ownership.py`); then one atomic exchange makes it the output (`write/swap.py`), and the
old tree, now in the staging folder's place, is removed (with `detach_removal`, by a detached
process, or a thread where this process has threads: `write/removal.py`).

So at every instant the output folder is the complete old tree or the complete new one; a
failed or killed build leaves it as it was, and what it left beside it the next build clears
(`write/leftovers.py`). The output must be missing, empty or kbgen's
(`ownership.check_ownership`), checked when the writer is made and again just before the
exchange.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath

from kbgen.errors import KbgenError
from kbgen.util.interrupts import held
from kbgen.write import faults
from kbgen.write.leftovers import clear_leftovers
from kbgen.write.linking import Linking
from kbgen.write.ownership import MARKER, STAGING_TAG, check_ownership, file_digest, marker_bytes, staging_prefix
from kbgen.write.record import OutputRecord
from kbgen.write.removal import remove_detached, remove_in_thread, remove_tree
from kbgen.write.swap import swap_in

#: Threads writing the files that are not pages (`SiteWriter.add_all`): a third one, measured, does not help.
WRITE_THREADS = 2
#: From this many files on, `add_all` writes in threads (starting them costs about a millisecond).
THREADS_MIN_FILES = 32
#: What the record keeps of a file written into the staging folder: (size, mtime_ns, inode, digest).
Staged = tuple[int, int, int, str]


def _safe_relative(name: str) -> PurePosixPath:
    rel = PurePosixPath(name)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise KbgenError(f"internal error: unsafe output path '{name}'")
    return rel


class SiteWriter:
    """Writes one build's files into an output folder, as they come; the folder changes only in `finish`.

    Made only for an output that is missing, empty or kbgen's (else `KbgenError`, unless `force`); what a
    killed build left beside it is cleared first. `discard` drops what was staged; the output is untouched
    until `finish` and after any failure. Failing to write (a full disk, a read-only folder) is a
    `KbgenError` naming the file.
    """

    def __init__(
        self,
        output: Path,
        record_file: Path | None = None,
        force: bool = False,
        detach_removal: bool = False,
    ) -> None:
        self.shown = Path(output)
        self.detach_removal = detach_removal
        """Remove the old tree, once swapped out, in a process of its own that the build does not wait for (in a thread
        where no process can be detached: a process with threads)."""
        self.output = Path(output).resolve()
        self.record_file = record_file
        self.force = force
        self.record = OutputRecord.read(record_file, self.output)
        self.entries: dict[str, list] = {}
        """Record entries of the new output: files staged, and files the output already holds as they are."""
        self.staged: set[str] = set()
        self._written = 0
        """Files this process (or this forked worker) wrote into the staging folder: the fault point `write`."""
        self.kept: set[str] = set()
        self._staging: Path | None = None
        self._linking: Linking | None = None
        self.bytes = 0
        self.swapped = False
        """Whether the new tree is the output (`finish` got past the exchange)."""
        _guarded(clear_leftovers, self.output)  # may put back an old tree a killed build had moved aside
        self._existed = os.path.lexists(self.output)
        self._verified = self.record.untouched()
        check_ownership(self.shown, self._verified, force)

    def prelink(self) -> None:
        """Start hard-linking into the staging folder, in a forked process while the content loads (on a large
        output: `linking.AHEAD_FORK_MIN`), every file the output still holds as its record says (most of them
        will be kept); `reusable` waits for it, and what the build does not keep is unlinked again. Nothing here
        touches the output."""
        if self.record.files:
            self._links().start_ahead()

    def _join_prelinking(self) -> None:
        if self._linking is not None:
            error = self._linking.join_ahead()
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
        digest = self._check(name, data)
        if not self._keep(name, fingerprint or digest[:32], len(data)):
            self.added(name, self.stage_file(name, data, digest), fingerprint)

    def add_all(self, files: Iterable[tuple[str, bytes]]) -> None:
        """`add` each of `files` (no pages), written by `WRITE_THREADS` threads: creating a file costs mostly the
        kernel's time, which two threads overlap where a core is free. Call it once no more processes are to be
        forked (as `start_linking`)."""
        todo: list[tuple[str, bytes, str]] = []
        pending: set[str] = set()
        for name, data in files:
            digest = self._check(name, data)
            if name in pending:
                raise KbgenError(f"internal error: two files render to '{name}'")
            if not self._keep(name, digest[:32], len(data)):
                pending.add(name)
                todo.append((name, data, digest))
        if len(todo) < THREADS_MIN_FILES:
            for name, data, digest in todo:
                self.added(name, self.stage_file(name, data, digest))
            return
        self.stager()  # the staging folder and the links' state, made before the threads share them
        staged: list = [None] * len(todo)
        errors: list[BaseException] = []
        stop = threading.Event()

        def write(first: int) -> None:
            """Write every `WRITE_THREADS`th file of `todo` from `first` on, until done or stopped."""
            try:
                for number in range(first, len(todo), WRITE_THREADS):
                    if stop.is_set():
                        return
                    staged[number] = self.stage_file(*todo[number])
            except BaseException as error:  # noqa: BLE001 - raised below, in this thread, once the others stopped
                errors.append(error)
                stop.set()

        helpers = [threading.Thread(target=write, args=(n,), name="kbgen-write") for n in range(1, WRITE_THREADS)]
        for helper in helpers:
            helper.start()
        try:
            write(0)
            for helper in helpers:
                helper.join()
        except BaseException:  # an interrupt lands in this thread: the others stop before the staging goes
            stop.set()
            for helper in helpers:
                helper.join()
            raise
        if errors:  # an interrupt first, else the first failure
            raise next((error for error in errors if not isinstance(error, Exception)), errors[0])
        for (name, _, _), entry in zip(todo, staged, strict=True):
            self.added(name, entry)

    def _check(self, name: str, data: bytes) -> str:
        """The digest of a file to add, once its name is known to be safe and new."""
        if name in self.entries:
            raise KbgenError(f"internal error: two files render to '{name}'")
        _safe_relative(name)
        return file_digest(data)

    def _keep(self, name: str, key: str, size: int) -> bool:
        """Whether the output holds `name` as it is to be (then it is kept, linked, not written)."""
        if not (self.kept and self.record.holds(name, key)):
            return False
        self.bytes += size
        self.entries[name] = self.record.files[name]
        if self._linking is not None and self._linking.started:
            self._linking.add(name)
        return True

    def stager(self) -> Callable[[str, bytes], Staged]:
        """`stage_file`, once the staging folder is made: a forked render worker inherits it and stages its own
        pages (creating files on two cores, beside the rendering); this process then records each with `added`."""
        self._join_prelinking()
        self._links()
        return self.stage_file

    def stage_file(self, name: str, data: bytes, digest: str = "") -> Staged:
        """Write one file into the staging folder (safe in a forked worker and in threads); what the record keeps
        of it: (size, mtime_ns, inode, digest). It is part of the site once `added`."""
        self._join_prelinking()
        target = os.path.join(self._staging_folder(), *_safe_relative(name).parts)
        stat = _guarded(self._write, target, data, name)  # renames and links keep size, mtime and inode
        self._written += 1
        faults.point("write", self._written)
        return stat.st_size, stat.st_mtime_ns, stat.st_ino, digest or file_digest(data)

    def added(self, name: str, staged: Staged, fingerprint: str = "") -> None:
        """Record a file `stage_file` wrote (in this process or a worker) as part of the site."""
        if name in self.entries:
            raise KbgenError(f"internal error: two files render to '{name}'")
        size, mtime_ns, inode, digest = staged
        self.entries[name] = [fingerprint or digest[:32], size, mtime_ns, inode, digest]
        self.bytes += size
        self.staged.add(name)
        if self._linking is not None:
            self._linking.ahead.discard(name)  # the writer took the link away first (`Linking.release`)
        faults.point("stage", len(self.staged))

    def _write(self, target: str, data: bytes, name: str = "") -> os.stat_result:
        """Write `data` into a new file at `target` (a path in the staging folder); the file's stat once written."""
        links = self._links()
        links.links.make_folder(os.path.dirname(target))
        links.release(name)  # a link to the output's file: never write through it
        Path(target).write_bytes(data)
        return os.stat(target)

    def start_linking(self) -> None:
        """Start hard-linking the files kept from the output into the staging folder, in a thread, while the build
        does other work (the manifest, the search index); files kept that are added later join them, and `finish`
        waits for the thread. Call it once no more processes are to be forked (a process with threads forks none:
        `util.processes.can_fork`). The output is not touched."""
        self._join_prelinking()
        self._links().start(name for name in self.entries if name not in self.staged)

    def finish(self) -> None:
        """Make the output hold exactly the files added and kept; then write the record."""
        if self.record_file is not None:
            Path(self.record_file).unlink(missing_ok=True)  # a build that stops half-way leaves no record to trust
        try:
            staging = self._staging_folder()
            self._join_prelinking()
            _guarded(self._finish_linking, staging)
            faults.point("linked")
            marker = marker_bytes({path: (entry[1], entry[4]) for path, entry in self.entries.items()})
            _guarded(self._write_marker, staging, marker)
            faults.point("marked")
            check_ownership(self.shown, self._verified, self.force)  # nothing came in meanwhile
            os.chmod(staging, 0o755)
            os.unlink(staging / STAGING_TAG)
            faults.point("untagged")
            with held():  # an interrupt lands before the exchange or after `swapped` says so
                _guarded(swap_in, staging, self.output)
                self.swapped = True
            faults.point("swapped")
            if self.detach_removal and os.path.isdir(staging) and _remove_aside(staging):
                self._staging = None  # the old tree, in the staging folder's place, is its remover's now
        finally:
            self.discard()
        faults.point("cleaned")
        if self.record_file is not None:
            OutputRecord(self.output, self.entries).save(self.record_file)

    def _finish_linking(self, staging: Path) -> None:
        """Wait for every kept file to be linked (or copied) into `staging`, and take out what is not kept."""
        self.start_linking()  # where the build did not start it earlier
        links = self._links()
        links.finish(self.entries)
        self.entries.update(links.copied)

    def _write_marker(self, staging: Path, marker: bytes) -> None:
        """The marker goes in last; the output's own is linked when it lists the same (a rebuild that changed nothing
        leaves every file of the output as it was)."""
        old = self.output / MARKER
        try:
            same = old.read_bytes() == marker
        except OSError:
            same = False
        if same:
            os.link(old, staging / MARKER)
        else:
            self._write(os.path.join(staging, MARKER), marker)

    def _staging_folder(self) -> Path:
        if self._staging is None:
            parent = self.output.parent
            try:
                parent.mkdir(parents=True, exist_ok=True)
                staging = Path(tempfile.mkdtemp(prefix=staging_prefix(self.output), dir=parent))
            except OSError as err:
                raise KbgenError(
                    f"cannot build into {self.shown}: kbgen stages the new site beside it, in {parent}, "
                    f"and cannot write there ({err.strerror})"
                ) from None
            self._staging = staging
            _guarded(Path.write_bytes, staging / STAGING_TAG, b"")
            faults.point("staging")
        return self._staging

    def _links(self) -> Linking:
        """The links into the staging folder (made with it)."""
        if self._linking is None:
            staging = self._staging_folder()
            self._linking = Linking(self.output, staging, self.record.files)
            self._linking.links.folders.add(str(staging))
        return self._linking

    def outcome(self) -> str:
        """What the output folder holds now, in words: for the line an interrupted build ends with."""
        if self.swapped:
            return f"the new site is complete in {self.shown}"
        if self._existed:
            return f"the output folder {self.shown} is unchanged"
        return f"nothing was written to {self.shown}"

    def discard(self, at_once: bool = False) -> None:
        """Drop everything staged (after a failure, or once `finish` has moved the old tree into its place). With
        `at_once` (an interrupted build, which must end within a second), a writer that may detach its removals
        leaves the staging folder to a detached remover."""
        if self._linking is not None:
            self._linking.stop()
        if self._staging is not None:
            if not (at_once and self.detach_removal and remove_detached(self._staging)):
                remove_tree(self._staging)
            self._staging = None


def _remove_aside(old: Path) -> bool:
    """Hand the old tree to a detached process, or to a thread where this process has threads (the dev server)."""
    return remove_detached(old) or remove_in_thread(old)


def _raise(error: OSError) -> None:
    raise error


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
