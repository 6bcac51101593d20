"""Work shared out between processes, for every stage that forks: workers and a background job.

Processes are forked, so they inherit the parent's memory (the model, compiled
templates, link resolvers) and nothing is pickled but results coming back.
Forking happens only where the platform has it, only from a process with no
other thread (forking one that has threads, like the dev server, is unsafe)
and only when there is enough work to pay for starting processes. Otherwise
the same work runs in this process, with the same results.

Memory: a forked process shares the parent's pages until either writes to one.
Before forking, the parent hands the heap's free pages back to the system
(`release_free_memory`): a stage's freed temporaries (the related questions'
arrays, the search index a cold build let go) would otherwise stay resident in
the parent and be counted again in every worker. Each forked process sets the
objects it inherits aside from its own garbage collections (`gc.freeze`): a
full collection writes to every object it walks, which would copy the parent's
pages into the worker one by one.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import pickle
import select
import signal
import struct
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from typing import Generic, TypeVar

from kbgen.util.interrupts import held, in_worker

T = TypeVar("T")
R = TypeVar("R")


def can_fork(workers: int = 2) -> bool:
    """Whether forking `workers` processes is possible and safe here."""
    return (
        workers > 1
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and not multiprocessing.current_process().daemon  # a Background process may not start others
    )


def fork_map(function: Callable[[T], R], items: Sequence[T], workers: int, minimum: int, chunk: int) -> list[R]:
    """`[function(item) for item in items]`, in `workers` forked processes when there are at least `minimum` items.

    `function` need not be picklable (workers inherit it); results must be.
    """
    return list(fork_imap(function, items, workers, minimum, chunk))


def fork_imap(function: Callable[[T], R], items: Sequence[T], workers: int, minimum: int, chunk: int) -> Iterator[R]:
    """`fork_map` as results come: in order, each chunk as soon as it and those before it are done."""
    if len(items) < minimum or not can_fork(workers):
        yield from map(function, items)
        return
    bounds = [(start, min(start + chunk, len(items))) for start in range(0, len(items), chunk)]
    crew = _Crew(min(workers, len(bounds)))
    try:
        crew.start(function, items, bounds)
        for number in range(len(bounds)):
            yield from crew.result(number)
    except BaseException:
        crew.kill()  # an error, an interrupt or a consumer that stopped: no worker outlives the call
        raise
    finally:
        crew.reap()


class _Crew:
    """Forked workers, each with a pipe of its own: worker k does chunks k, k + n, k + 2n... and writes each
    result in turn, so the parent reads them in order. No lock or queue is shared: a worker killed at any
    moment can leave nobody waiting on it for ever (what a `multiprocessing.Pool` cannot promise: a worker
    dying while it holds the task queue's lock hangs the pool's shutdown)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pids: list[int] = []
        self.pipes: list[int] = []

    def start(self, function: Callable, items: Sequence, bounds: list[tuple[int, int]]) -> None:
        """Fork the workers; each starts on its chunks at once."""
        parent = os.getpid()
        workers = self.workers
        release_free_memory()
        for worker in range(workers):
            reader, writer = os.pipe()
            try:
                with held():  # a signal now reaches the worker once it ignores it, never half-way through the fork
                    pid = os.fork()
            except OSError:
                os.close(reader)
                os.close(writer)
                raise
            if pid == 0:  # the worker: never returns into the caller's code
                try:
                    in_worker()
                    gc.freeze()  # the inherited objects: never walked (and so never copied) by this process's collector
                    for fd in self.pipes:
                        os.close(fd)
                    os.close(reader)
                    _die_with_parent(parent)
                    for start, end in bounds[worker::workers]:
                        _send(writer, _outcome(function, items, start, end))
                except BaseException:  # noqa: BLE001 - the parent sees the pipe end early and says so
                    os._exit(1)
                os._exit(0)
            os.close(writer)
            self.pids.append(pid)
            self.pipes.append(reader)

    def result(self, number: int) -> list:
        """The results of chunk `number` (its exception is raised here)."""
        ok, value = _receive(self.pipes[number % self.workers])
        if not ok:
            raise value
        return value

    def kill(self) -> None:
        """End every worker at once (SIGKILL: a worker may be anywhere in its work)."""
        for pid in self.pids:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def reap(self) -> None:
        """Wait for the workers to end (they have sent all or been killed) and close their pipes."""
        for fd in self.pipes:
            os.close(fd)
        self.pipes = []
        for pid in self.pids:
            with suppress(ChildProcessError):
                os.waitpid(pid, 0)
        self.pids = []


def _outcome(function: Callable, items: Sequence, start: int, end: int) -> tuple[bool, object]:
    """(True, the results of items[start:end]) or (False, the exception that stopped them)."""
    try:
        return True, [function(items[number]) for number in range(start, end)]
    except Exception as error:  # noqa: BLE001 - handed to the parent, which raises it
        return False, error


def _send(fd: int, value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(struct.pack(">Q", len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _receive(fd: int) -> tuple[bool, object]:
    size = struct.unpack(">Q", _read(fd, 8))[0]
    return pickle.loads(_read(fd, size))


def _read(fd: int, size: int) -> bytes:
    parts = []
    while size:
        part = os.read(fd, min(size, 1 << 20))
        if not part:
            raise RuntimeError("a worker process ended without its results")
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


class Background(Generic[R]):
    """A function running in a forked process (or, where that cannot be, run when its result is asked for)."""

    def __init__(self, function: Callable[[], R], fork: bool) -> None:
        self._function = function
        self._process = None
        self._taken: tuple[bool, object] | None = None
        if fork and can_fork():
            context = multiprocessing.get_context("fork")
            reader, writer = os.pipe()
            args = (function, writer, reader, os.getpid())
            self._process = context.Process(target=_run_and_send, args=args, daemon=True)
            release_free_memory()
            try:
                with held():
                    self._process.start()
            except BaseException:
                os.close(reader)
                raise
            finally:
                os.close(writer)
            # the value comes back pickled into the pipe and is read from it as it comes: the parent never holds
            # the whole pickle beside the objects made from it (the search files at 100,000 questions: 0.1 GB)
            self._receiver = open(reader, "rb", buffering=_PIPE_BUFFER)  # noqa: SIM115 - closed by result, __exit__

    @property
    def forked(self) -> bool:
        """Whether the function runs in another process."""
        return self._process is not None

    def take_if_done(self) -> None:
        """Read the value now if the process has finished (it writes only then), so that it ends, freeing what it
        holds, rather than waiting beside the caller's next work for `result` to be asked; never waits."""
        if self._process is None or self._taken is not None:
            return
        if select.select([self._receiver], [], [], 0)[0]:
            try:
                self._taken = self._read()
            except RuntimeError as error:  # it died: said when the result is asked for, as it would have been
                self._taken = (False, error)

    def __enter__(self) -> Background[R]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Stop the process if its result was never asked for (the build failed or was interrupted first)."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join(1.0)
            if self._process.is_alive():
                self._process.kill()
                self._process.join()
            self._receiver.close()

    def result(self) -> R:
        """The function's value; its exception is raised here."""
        if self._process is None:
            return self._function()
        ok, value = self._taken if self._taken is not None else self._read()
        if not ok:
            raise value
        return value

    def _read(self) -> tuple[bool, object]:
        """The process's (ok, value), read from its pipe; then the process is waited for."""
        try:
            taken = pickle.load(self._receiver)
        except (EOFError, pickle.UnpicklingError):  # the pipe ended before a whole value came
            self._receiver.close()
            self._process.join()
            raise RuntimeError("a background build process died without a result") from None
        except BaseException:
            self.__exit__()  # interrupted while waiting: the process is stopped, not waited for
            raise
        self._receiver.close()
        self._process.join()
        return taken


#: The buffer of a background process's pipe, each end: the pickle streams through it.
_PIPE_BUFFER = 1 << 20


def _run_and_send(function: Callable[[], object], writer: int, reader: int, parent: int) -> None:
    in_worker()
    gc.freeze()  # as in a `_Crew` worker: the inherited objects stay shared
    os.close(reader)
    _die_with_parent(parent)
    try:
        value = (True, function())
    except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
        value = (False, error)
    with open(writer, "wb", buffering=_PIPE_BUFFER) as sender:
        pickle.dump(value, sender, protocol=pickle.HIGHEST_PROTOCOL)


def release_free_memory() -> None:
    """Return the heap's free pages to the system (glibc's `malloc_trim`; elsewhere nothing is done).

    Python's allocator and numpy take their memory from the C heap, which keeps what was freed for reuse: after a
    stage's temporaries are gone the process stays as large as at its peak, and a process forked then inherits it
    all. `malloc_trim(0)` gives back every whole free page, wherever it lies in the heap."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):
        return
    trim(0)


_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """In a forked worker: end with the build process, even when it is killed (kill -9 leaves no chance to stop
    its workers), so no orphan outlives a build. Linux's PR_SET_PDEATHSIG; elsewhere workers end with their pipes."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (AttributeError, OSError):
        return
    if os.getppid() != parent:  # the parent died before the call above
        os._exit(1)
