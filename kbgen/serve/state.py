"""The dev server's build state: one build attempt's outcome, and the latest state open browser tabs follow.

Owns turning a build (a success or any exception) into a `BuildOutcome`, the
words the terminal gets for it (`BuildReport`; the CLI prints them), and
publishing each outcome as a versioned `BuildState` that request threads wait
on. Builds nothing itself (the caller passes the build), serves nothing,
watches nothing and prints nothing.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from kbgen.errors import ContentError, KbgenError
from kbgen.load.files import display_path
from kbgen.pipeline import BuildResult


@dataclass(frozen=True)
class BuildOutcome:
    """One build attempt: the result when it worked, else every error message."""

    ok: bool
    result: BuildResult | None
    errors: list[str]
    warnings: list[str]
    seconds: float
    fatal: bool = False
    """The failure is not in the content or theme (say, a refused output folder): editing will not fix it."""
    allowed: list[str] = field(default_factory=list)
    """Warnings the content allows on purpose (`allow_warnings`): not in `warnings`, nor shown in the browser."""
    served: bool = True
    """A built site is served: this one, or after a failure the last good one (False: none was ever built)."""


@dataclass(frozen=True)
class BuildState:
    """What the browser is told: the build's version, whether it worked, its errors and warnings."""

    version: str = ""
    ok: bool = True
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    after: str = ""
    """The version of the first look this build followed ("" for none)."""
    kept: list[str] = field(default_factory=list)
    """The URL paths whose first look this build wrote byte for byte: a tab showing one needs no second reload."""

    def as_json(self) -> bytes:
        """The state as the event stream sends it."""
        payload = {"version": self.version, "ok": self.ok, "errors": self.errors, "warnings": self.warnings}
        if self.after:
            payload.update(after=self.after, kept=self.kept)
        return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")


def describe_failure(err: BaseException) -> list[str]:
    """Turn a failed build into `path:line: message` lines (errors only) for the terminal and the overlay."""
    if isinstance(err, ContentError):
        return [str(p) for p in err.problems if not p.warning] or [str(p) for p in err.problems]
    if isinstance(err, jinja2.TemplateSyntaxError):
        where = display_path(Path(err.filename)) if err.filename else err.name
        return [f"{where}:{err.lineno}: template error: {err.message}"]
    if isinstance(err, KbgenError):
        return [str(err)]
    return [f"build failed: {type(err).__name__}: {err}"]


def attempt(build: Callable[[], BuildResult]) -> BuildOutcome:
    """Run `build` once and describe how it went; an exception (a broken edit) becomes a failed outcome."""
    started = time.perf_counter()
    try:
        result = build()
    except Exception as err:  # noqa: BLE001 - a broken edit must never stop the preview
        fatal = isinstance(err, KbgenError) and not isinstance(err, ContentError)
        problems = err.problems if isinstance(err, ContentError) else []
        warnings = [str(p) for p in problems if p.warning and not p.allowed]
        allowed = [str(p) for p in problems if p.allowed]
        seconds = time.perf_counter() - started
        return BuildOutcome(False, None, describe_failure(err), warnings, seconds, fatal, allowed)
    warnings = [str(w) for w in result.warnings if not w.allowed]
    allowed = [str(w) for w in result.warnings if w.allowed]
    return BuildOutcome(True, result, [], warnings, result.seconds, allowed=allowed)


class BuildReport:
    """What the terminal is told of each build: allowed warnings only when verbose, a note only when it is new."""

    def __init__(self, verbose: bool) -> None:
        self.verbose = verbose
        self.notes: tuple[str, ...] = ()

    def __call__(self, outcome: BuildOutcome) -> tuple[list[str], str]:
        """The lines for stderr (problems, notes) and the summary line of one build."""
        allowed = outcome.allowed if self.verbose else []
        counted = len(outcome.allowed)
        tail = f", {counted} allowed warning{'s' if counted > 1 else ''}" if counted else ""
        if outcome.ok and outcome.result is not None:
            lines = outcome.warnings + allowed
            if outcome.result.notes != self.notes:
                self.notes = outcome.result.notes
                lines += [f"note: {note}" for note in self.notes]
            warned = f", {len(outcome.warnings)} warning(s)" if outcome.warnings else ""
            return lines, f"Built {outcome.result.pages} pages in {outcome.seconds:.2f} s{warned}{tail}"
        lines = outcome.errors + outcome.warnings + allowed
        failed = f"Build failed: {len(outcome.errors)} error(s){tail}"
        if outcome.served:
            return lines, f"{failed}; still serving the last good site"
        return lines, f"{failed}; no site to serve until the errors are fixed (the browser lists them)"


class Published:
    """The latest build state, which request threads wait on until it changes or the server stops."""

    def __init__(self) -> None:
        self._token = secrets.token_hex(4)  # versions differ between two runs of the server
        self._generation = 0
        self._state = BuildState()
        self._changed = threading.Condition()
        self._stopping = threading.Event()

    def publish(self, outcome: BuildOutcome, after: str = "", kept: list[str] | None = None) -> BuildState:
        """Make `outcome` the current state under a new version, waking every waiter (`after` and `kept`: as
        `BuildState`'s)."""
        with self._changed:
            self._generation += 1
            version = f"{self._token}-{self._generation}"
            self._state = BuildState(version, outcome.ok, outcome.errors, outcome.warnings, after, kept or [])
            self._changed.notify_all()
            return self._state

    def current(self) -> BuildState:
        """The latest build state."""
        with self._changed:
            return self._state

    def wait_for_change(self, version: str, timeout: float) -> BuildState:
        """Block until the state's version differs from `version`, the server stops, or `timeout` passes."""
        with self._changed:
            self._changed.wait_for(lambda: self._state.version != version or self._stopping.is_set(), timeout)
            return self._state

    @property
    def stop_event(self) -> threading.Event:
        """Set once the server stops: the watcher and the event streams end on it."""
        return self._stopping

    def stop(self) -> None:
        """Tell every waiter the server is stopping."""
        self._stopping.set()
        with self._changed:
            self._changed.notify_all()
