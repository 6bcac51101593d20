"""Problems found in content, and the one exception type the CLI turns into exit 1."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, reported as `path:line: message`."""

    path: str
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.path}:{self.line}: {kind}{self.message}"


class KbgenError(Exception):
    """A failure the user can fix; the message is meant for them."""


class ContentError(KbgenError):
    """The content has errors; `problems` lists every one, sorted."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
