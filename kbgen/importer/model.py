"""The plain structure every reader of `kbgen import` reads a FAQ into: sections of question/answer pairs.

The readers (plain text, HTML, Zendesk and Intercom exports) fill it, answers
already in Markdown; the planner turns it into content files, and the writer
reports each file it created. Data only: no reading, no writing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ImportedQuestion:
    """One question and its answer in Markdown."""

    question: str
    answer: str
    line: int = 0
    aliases: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    updated: str = ""
    promoted: bool = False
    """Offered first on the home page (an export's own "promoted" flag)."""


@dataclass
class ImportedSection:
    """A titled group of questions, with an optional Markdown intro."""

    title: str
    intro: str = ""
    questions: list[ImportedQuestion] = field(default_factory=list)
    line: int = 0
    aliases: list[str] = field(default_factory=list)


@dataclass
class ImportedFaq:
    """Everything read from one FAQ page."""

    title: str
    email: str
    sections: list[ImportedSection]
    notes: list[str] = field(default_factory=list)
    language: str = ""

    @property
    def question_count(self) -> int:
        """How many questions the sections hold."""
        return sum(len(s.questions) for s in self.sections)


@dataclass(frozen=True)
class Created:
    """A file an import wrote, and what it is (`site`, `section` or `question`)."""

    path: Path
    what: str
