"""Work shared out between processes, for every stage that forks: workers and a background job.

Processes are forked, so they inherit the parent's memory (the model, compiled
templates, link resolvers) and nothing is pickled but results coming back.
Forking happens only where the platform has it, only from a process with no
other thread (forking one that has threads, like the dev server, is unsafe)
and only when there is enough work to pay for starting processes. Otherwise
the same work runs in this process, with the same results.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_TASK: tuple[Callable, Sequence] | None = None


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
    global _TASK
    _TASK = (function, items)
    try:
        with multiprocessing.get_context("fork").Pool(workers, _die_with_parent, (os.getpid(),)) as pool:
            bounds = [(start, min(start + chunk, len(items))) for start in range(0, len(items), chunk)]
            for done in pool.imap(_run_chunk, bounds):
                yield from done
    finally:
        _TASK = None


def _run_chunk(bounds: tuple[int, int]) -> list:
    assert _TASK is not None
    function, items = _TASK
    return [function(items[number]) for number in range(*bounds)]


class Background(Generic[R]):
    """A function running in a forked process (or, where that cannot be, run when its result is asked for)."""

    def __init__(self, function: Callable[[], R], fork: bool) -> None:
        self._function = function
        self._process = None
        if fork and can_fork():
            context = multiprocessing.get_context("fork")
            self._receiver, sender = context.Pipe(duplex=False)
            args = (function, sender, os.getpid())
            self._process = context.Process(target=_run_and_send, args=args, daemon=True)
            self._process.start()
            sender.close()

    @property
    def forked(self) -> bool:
        """Whether the function runs in another process."""
        return self._process is not None

    def __enter__(self) -> Background[R]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Stop the process if its result was never asked for (the build failed first)."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()
            self._receiver.close()

    def result(self) -> R:
        """The function's value; its exception is raised here."""
        if self._process is None:
            return self._function()
        try:
            ok, value = self._receiver.recv()
        except EOFError:
            raise RuntimeError("a background build process died without a result") from None
        finally:
            self._receiver.close()
            self._process.join()
        if not ok:
            raise value
        return value


def _run_and_send(function: Callable[[], object], sender, parent: int) -> None:
    _die_with_parent(parent)
    try:
        value = (True, function())
    except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
        value = (False, error)
    sender.send(value)
    sender.close()


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
