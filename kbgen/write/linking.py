"""Hard-linking the pages a build keeps from the output into its staging folder.

A page the output already holds as it would render (`record.OutputRecord.holds`) is not
written again but hard-linked from the output into the staging folder, where the exchange
makes it part of the new tree. Linking happens in two waves, both through `StagingLinks.link`:

- ahead, by a forked process while the content loads (`Linking.start_ahead`; in the build's own
  process, once the content is loaded, for an output of fewer than `AHEAD_FORK_MIN` files; in a
  thread where the process cannot fork, as the dev server): every
  file the output still holds as its record says, since most will be kept; what the build then does not
  keep is unlinked again (`Linking.finish`), and a file to be written is unlinked first, never
  written through a link (`Linking.release`);
- the rest in a thread while the search index is built (`Linking.start`), fed the names of the
  files kept as the build finds them (`Linking.add`).

Where the file system has no hard links (`NO_HARD_LINKS`), the thread copies instead and the
copies get record entries of their own. Nothing here touches the output.
"""

from __future__ import annotations

import errno
import os
import queue
import shutil
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

from kbgen.util.processes import Background, can_fork
from kbgen.write.ownership import parent_folders

#: What `os.link` fails with on a file system (or across file systems) without hard links: then files are copied.
NO_HARD_LINKS = (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV)
#: From this many files on, the linking ahead runs in a forked process: forking one costs about 10 ms, which
#: linking 140 files (the shipped site) does not; from about 1,000 files they cost alike.
AHEAD_FORK_MIN = 1000


class StagingLinks:
    """Links from the output into a staging folder, making the folders they need (and remembering those made)."""

    def __init__(self, output: Path, staging: Path, folders: set[str]) -> None:
        self.source = os.path.join(output, "")  # string joins: 10,000 pathlib paths cost a tenth of a second
        self.target = os.path.join(staging, "")
        self.folders = folders
        """Folders known to exist in the staging folder (shared with the writer: one mkdir per folder)."""
        self.made: list[str] = []
        """Folders this made, parents first."""

    def make_folder(self, folder: str) -> None:
        """Make `folder` (a path in the staging folder) and the folders above it that are missing."""
        if folder in self.folders:
            return
        missing = []
        while folder not in self.folders and not os.path.isdir(folder):
            missing.append(folder)
            folder = os.path.dirname(folder)
        for path in reversed(missing):
            try:
                os.mkdir(path)
            except FileExistsError:  # the writer and the linking thread both make folders
                continue
            self.made.append(path)
        self.folders.update(missing)
        self.folders.add(folder)

    def link(self, name: str) -> bool:
        """Hard-link the output's `name` into the staging folder; False where the file system has no hard links."""
        target = self.target + name
        self.make_folder(os.path.dirname(target))
        try:
            os.link(self.source + name, target)
        except OSError as err:
            if err.errno in NO_HARD_LINKS:
                return False
            raise
        return True

    def copy(self, name: str) -> os.stat_result:
        """Copy the output's `name` into the staging folder (where links are not possible); its new stat."""
        shutil.copyfile(self.source + name, self.target + name)
        return os.stat(self.target + name)


def link_ahead(
    output: Path, staging: Path, files: Mapping[str, list], stop: threading.Event | None = None
) -> tuple[list[str], list[str], OSError | None]:
    """Hard-link into `staging` each of `files` the output still holds with its recorded size, mtime and inode
    (until `stop` is set): the names linked, the folders made and the error that stopped it (None where links are
    not possible: the files are then linked, or copied, once known to be kept)."""
    links = StagingLinks(output, staging, {str(staging)})
    linked: list[str] = []
    try:
        for name, entry in files.items():
            if stop is not None and stop.is_set():
                break
            try:
                stat = os.stat(links.source + name)
            except FileNotFoundError:
                continue
            if [stat.st_size, stat.st_mtime_ns, stat.st_ino] != entry[1:4]:
                continue
            if not links.link(name):
                break
            linked.append(name)
    except OSError as err:
        return linked, links.made, err
    return linked, links.made, None


class Linking:
    """Every link of one build from its output into its staging folder: ahead, then in a thread."""

    def __init__(self, output: Path, staging: Path, recorded: Mapping[str, list]) -> None:
        self.output = output
        self.staging = staging
        self.recorded = recorded
        self.links = StagingLinks(output, staging, set())
        self.ahead: set[str] = set()
        """Files linked ahead and still linked."""
        self._ahead_folders: list[str] = []
        self._ahead_process: Background | None = None
        self._ahead_thread: threading.Thread | None = None
        self._ahead_done: list[tuple[list[str], list[str], OSError | None]] = []
        self._thread: threading.Thread | None = None
        self._queue: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._error: OSError | None = None
        self.copied: dict[str, list] = {}
        """Record entries of the files copied where links are not possible."""

    def start_ahead(self) -> None:
        """Start linking every recorded file in a forked process (in this one, in `join_ahead`, when there are fewer
        than `AHEAD_FORK_MIN` files; in a thread when this process cannot fork, as the dev server, which has
        threads: making folders and links is the kernel's and the disk's time, beside the loading)."""
        if self.recorded and self._ahead_process is None and self._ahead_thread is None:
            output, staging, recorded = self.output, self.staging, self.recorded
            fork = len(recorded) >= AHEAD_FORK_MIN
            if fork and not can_fork():
                self._ahead_thread = threading.Thread(
                    target=self._link_ahead_here, name="kbgen-link-ahead", daemon=True
                )
                self._ahead_thread.start()
                return
            self._ahead_process = Background(lambda: link_ahead(output, staging, recorded), fork=fork)

    def join_ahead(self) -> OSError | None:
        """Wait for the linking ahead; the error that stopped it, if any."""
        if self._ahead_thread is not None:
            thread, self._ahead_thread = self._ahead_thread, None
            thread.join()
            linked, folders, error = self._ahead_done.pop()
            return self._linked_ahead(linked, folders, error)
        if self._ahead_process is None:
            return None
        process, self._ahead_process = self._ahead_process, None
        with process:
            linked, folders, error = process.result()
        return self._linked_ahead(linked, folders, error)

    def _link_ahead_here(self) -> None:
        """`link_ahead` in the linking-ahead thread; whatever stops it becomes the error `join_ahead` returns (the
        files it linked are then unknown: the build must fail, never write through one of them)."""
        try:
            self._ahead_done.append(link_ahead(self.output, self.staging, self.recorded, self._stop))
        except BaseException as error:  # noqa: BLE001 - handed to the build, which fails with it
            self._ahead_done.append(([], [], OSError(f"linking the kept files stopped: {error!r}")))

    def _linked_ahead(self, linked: list[str], folders: list[str], error: OSError | None) -> OSError | None:
        self.ahead = set(linked)
        self._ahead_folders = folders
        self.links.folders.update(folders)
        return error

    def release(self, name: str) -> None:
        """Before `name` is written into the staging folder: a link to the output's file is taken away first."""
        if name in self.ahead:
            os.unlink(self.links.target + name)
            self.ahead.discard(name)

    def start(self, names: Iterable[str]) -> None:
        """Link `names` (kept files not linked ahead), and those `add`ed later, in a thread. Call it once no more
        processes are to be forked (a process with threads forks none: `util.processes.can_fork`)."""
        if self._thread is not None:
            return
        for name in names:
            self.add(name)
        self._thread = threading.Thread(target=self._link_queued, name="kbgen-link", daemon=True)
        self._thread.start()

    @property
    def started(self) -> bool:
        """Whether the linking thread runs."""
        return self._thread is not None

    def add(self, name: str) -> None:
        """One more kept file to link (if it was not linked ahead)."""
        if name not in self.ahead:
            self._queue.put(name)

    def finish(self, entries: Mapping[str, list]) -> None:
        """Wait for the thread (its error is raised here), then take out of the staging folder what was linked
        ahead but is not one of `entries`, and the folders that held only that."""
        self.start(())
        assert self._thread is not None
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error
        for name in self.ahead.difference(entries, self.copied):
            os.unlink(self.links.target + name)
        needed = {self.links.target + folder for folder in parent_folders([*entries, *self.copied])}
        for folder in sorted(self._ahead_folders, key=len, reverse=True):
            if folder not in needed and folder != str(self.staging):
                os.rmdir(folder)
                self.links.folders.discard(folder)

    def stop(self) -> None:
        """Stop the linking process and thread (the build failed)."""
        if self._ahead_process is not None:
            self._ahead_process.__exit__(None, None, None)  # stops the process
            self._ahead_process = None
        if self._ahead_thread is not None:
            self._stop.set()  # the thread stops after the file it is at
            self._ahead_thread.join()
            self._ahead_thread = None
        if self._thread is not None:
            self._stop.set()
            self._queue.put(None)
            self._thread.join()

    def _link_queued(self) -> None:
        """Link each file queued, until None (copy where links are not possible). Runs in the linking thread: its
        failure waits in `_error` for `finish`."""
        try:
            while (name := self._queue.get()) is not None and not self._stop.is_set():
                if not self.links.link(name):
                    entry = self.recorded[name]
                    stat = self.links.copy(name)
                    self.copied[name] = [entry[0], stat.st_size, stat.st_mtime_ns, stat.st_ino, entry[4]]
        except OSError as err:
            self._error = err
