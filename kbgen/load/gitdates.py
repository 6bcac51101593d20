"""Last-changed dates of content files, read from git history (part of loading).

Owns the one `git log` call for a whole content directory and the rule that
turns commits into dates. Reads no file itself and never reads the clock, so a
build of the same commit shows the same dates on any machine at any time. The
loader starts git (`GitReading`) before it reads the content and takes the dates
once it has: git runs on the other core meanwhile.

The rule:

- A file's date is the committer date (in the committer's own time zone) of the
  last commit that touched it. Uncommitted edits keep that date; a file never
  committed, or a content folder outside a git work tree, has no date.
- A front matter `updated:` always wins over git (load/folders.py and load/loader.py decide that).
- `SOURCE_DATE_EPOCH`, when set, is the latest moment a build may show: a commit
  date after it is clamped to its UTC date. It never gives a date to a file that
  has none. A malformed value is an error, as reproducible-builds.org asks.
- A shallow clone only knows its newest commit, so every file would get that
  commit's date: that is reported as a warning (an error under `--strict`).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from kbgen.errors import KbgenError

#: Separates commits in the `git log` output; never appears in dates or file names.
RECORD = "\x1e"
SHALLOW_WARNING = (
    "content is in a shallow git clone, so dates from git history would be wrong; "
    "fetch the whole history (actions/checkout: fetch-depth: 0) or set 'updated:' in front matter"
)


@dataclass(frozen=True)
class GitDates:
    """Dates by absolute file path (as `os.path.abspath` gives it), and any warnings."""

    dates: dict[str, dt.date] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def date_of(self, path: Path | str) -> dt.date | None:
        """The date of a content file, if git knows one."""
        return self.dates.get(os.path.abspath(path))


def source_date_epoch(environ: dict[str, str] | None = None) -> dt.datetime | None:
    """`SOURCE_DATE_EPOCH` as an aware UTC datetime, or None when unset or empty."""
    raw = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise KbgenError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not '{raw}'")
    return dt.datetime.fromtimestamp(int(raw), tz=dt.timezone.utc)


class _Git:
    """One git command run with its output in temporary files (a pipe would stall git once full: nobody reads
    it before the content is loaded)."""

    def __init__(self, content_dir: Path, *args: str) -> None:
        self.out: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - open until `close`
        self.err: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - open until `close`
        try:
            self.process: subprocess.Popen | None = subprocess.Popen(
                ["git", "-C", str(content_dir), *args], stdin=subprocess.DEVNULL, stdout=self.out, stderr=self.err
            )
        except OSError:
            self.process = None

    def result(self) -> subprocess.CompletedProcess[str] | None:
        """What `subprocess.run(..., capture_output=True, text=True)` gives; None when git could not start."""
        if self.process is None:
            return None
        code = self.process.wait()
        return subprocess.CompletedProcess(self.process.args, code, _text(self.out), _text(self.err))

    def close(self) -> None:
        """Stop git if it still runs (the load failed first), and drop its files."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.out.close()
        self.err.close()


def _text(file: IO[bytes]) -> str:
    """A temporary file's bytes as `subprocess.run`'s text mode reads them: UTF-8, universal newlines."""
    file.seek(0)
    text = file.read().decode("utf-8", "surrogateescape")
    return text.replace("\r\n", "\n").replace("\r", "\n")


class GitReading:
    """`read_git_dates`, started: git runs while the caller does other work, `dates()` waits for it; `close()`
    when done (or given up)."""

    def __init__(self, content_dir: Path) -> None:
        self.content_dir = content_dir
        self._probe = _Git(content_dir, "rev-parse", "--is-shallow-repository")
        self._log = _Git(
            content_dir, "log", f"--format={RECORD}%cI", "--name-only", "-z", "--no-renames", "--relative", "--", "."
        )

    def close(self) -> None:
        """Stop what still runs and drop its files (dates no longer wanted)."""
        self._probe.close()
        self._log.close()

    def dates(self, environ: dict[str, str] | None = None) -> GitDates:
        """The dates of every file under the content folder (`read_git_dates`)."""
        cap = source_date_epoch(environ)
        probe = self._probe.result()
        if probe is None or probe.returncode != 0:
            # git missing or not a work tree: the documented "no date" case, not a problem.
            return GitDates()
        warnings = (SHALLOW_WARNING,) if probe.stdout.strip() == "true" else ()
        log = self._log.result()
        if log is None or log.returncode != 0:
            detail = (log.stderr.strip().splitlines() or ["unknown error"])[0] if log else "git not found"
            return GitDates(warnings=warnings + (f"cannot read dates from git history: {detail}",))
        root = os.path.abspath(self.content_dir)
        dates = {os.path.join(root, *name.split("/")): day for name, day in parse_git_log(log.stdout, cap).items()}
        return GitDates(dates, warnings)


def read_git_dates(content_dir: Path, environ: dict[str, str] | None = None) -> GitDates:
    """Dates of every file under `content_dir` from one `git log` over its history."""
    with closing(GitReading(content_dir)) as reading:
        return reading.dates(environ)


def parse_git_log(output: str, cap: dt.datetime | None = None) -> dict[str, dt.date]:
    """Map each path (as git prints it) to its newest commit's date, from `git log -z --name-only` (newest first)."""
    dates: dict[str, dt.date] = {}
    for record in output.split(RECORD):
        stamp, _, names = record.partition("\0")
        if not stamp.strip():
            continue
        when = dt.datetime.fromisoformat(stamp.strip())
        day = cap.date() if cap is not None and when > cap else when.date()
        for name in names.lstrip("\n").split("\0"):
            if name and name not in dates:
                dates[name] = day
    return dates
