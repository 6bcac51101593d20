"""Problems found in content, and the one exception type the CLI turns into exit 1."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, reported as `path:line: message` (`path: message` for a folder or a missing file: line 0)."""

    path: str
    line: int
    message: str
    warning: bool = False
    code: str = ""
    """For warnings: a short name (`duplicate-answer`) an editor can list in `allow_warnings`."""
    allowed: bool = False
    """An allowed warning is still reported but never fails a `--strict` build."""

    def __str__(self) -> str:
        kind = ""
        if self.warning:
            kind = f"warning ({self.code}, allowed): " if self.allowed else "warning: "
        where = f"{self.path}:{self.line}" if self.line > 0 else self.path
        return f"{where}: {kind}{self.message}"


def blocking(problems: list[Problem]) -> list[Problem]:
    """The problems that fail a strict build: all but warnings an editor has allowed."""
    return [p for p in problems if not p.allowed]


class KbgenError(Exception):
    """A failure the user can fix; the message is meant for them."""


class ContentError(KbgenError):
    """The content has errors; `problems` lists every one, sorted."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
