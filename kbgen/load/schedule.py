"""Dates that decide what a build shows: today, notices' windows, questions' `publish` and `expire`.

Owns "today" (SOURCE_DATE_EPOCH when set, so a build is reproducible and
tests can move the clock; else the machine's date), the checks of a `notice:`
mapping and of a question's dates (each at its `path:line`), and whether a
date falls in a window. The loader asks it; nothing here renders or reads files.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, replace

from kbgen.config import NOTICE_KEYS, Key
from kbgen.load.gitdates import source_date_epoch
from kbgen.load.markdown import LinkResolver
from kbgen.load.schema import Report, check_keys
from kbgen.load.yamlio import MarkedDict
from kbgen.model import Notice, Section, Source, Unpublished
from kbgen.urls import ROOT_MARK


def today(environ: dict[str, str] | None = None) -> dt.date:
    """The build's date: SOURCE_DATE_EPOCH's (UTC) when set, else the machine's local date.

    KbgenError when SOURCE_DATE_EPOCH is set to something else than a whole number of seconds.
    """
    epoch = source_date_epoch(environ)
    return epoch.date() if epoch is not None else dt.date.today()


def in_window(day: dt.date, starts: dt.date | None, until: dt.date | None) -> bool:
    """Whether `day` is on or after `starts` and on or before `until` (either None: no bound)."""
    return (starts is None or starts <= day) and (until is None or day <= until)


@dataclass(frozen=True)
class NoticeText:
    """A `notice:` mapping once checked: its Markdown, its dates and where it is written."""

    text: str
    starts: dt.date | None
    until: dt.date | None
    shown: str
    line: int
    """The line of `text:`, where its Markdown starts (a block scalar's text one line below)."""


def read_notice(data: MarkedDict, outer: dict[str, Key], shown: str, report: Report) -> NoticeText | None:
    """The `notice:` of a site.yaml or _section.yaml mapping, checked; None when there is none or it is wrong."""
    notice = data.get("notice")
    if not isinstance(notice, MarkedDict):
        return None
    if not check_keys(notice, NOTICE_KEYS, shown, report, outer):
        return None
    text = notice["text"]
    starts, until = notice.get("from"), notice.get("until")
    if starts is not None and until is not None and until < starts:
        report.error(
            shown,
            notice.line_of("until"),
            f"notice 'until' ({until.isoformat()}) is before its 'from' ({starts.isoformat()}): it would never show",
        )
        return None
    line = notice.line_of("text") + (1 if "\n" in text.strip() or text.endswith("\n") else 0)
    return NoticeText(text.strip(), starts, until, shown, line)


def question_window(meta: MarkedDict, shown: str, report: Report, day: dt.date) -> str:
    """Why a question is left out on `day` by its `publish` and `expire` dates ("" when it is published)."""
    publish, expire = meta.get("publish"), meta.get("expire")
    if publish is not None and expire is not None and expire <= publish:
        report.error(
            shown,
            meta.line_of("expire"),
            f"'expire' ({expire.isoformat()}) is not after 'publish' ({publish.isoformat()}): "
            "the question would never be published",
        )
        return ""
    if publish is not None and day < publish:
        return f"not published until {publish.isoformat()}"
    if expire is not None and day >= expire:
        return f"expired on {expire.isoformat()}"
    return ""


class Schedule:
    """One load's dates and related links: which questions and notices are in, and the notes for the summary."""

    def __init__(self, day: dt.date, resolver: Callable[[str], LinkResolver], question_urls: set[str]) -> None:
        self.day = day
        self.resolver = resolver
        """A link resolver for the files of a folder (the loader's, as Markdown links are resolved)."""
        self.question_urls = question_urls
        self.unpublished: list[Unpublished] = []
        self.notes: list[str] = []

    def left_out(self, url: str, meta: MarkedDict, source: Source, report: Report) -> bool:
        """Whether the question at `url` is outside its dates today (noted for the summary and the URL guard)."""
        why = question_window(meta, source.path, report, self.day)
        if not why:
            return False
        self.unpublished.append(Unpublished(url, why, source))
        self.notes.append(f"{source.path}: left out of this build: {why}")
        return True

    def related(self, meta: MarkedDict, path: str, shown: str, report: Report, own: str = "") -> tuple[str, ...]:
        """The question URLs a question's `related:` names, each checked at the key's line (`own`: its URL)."""
        items = meta.get("related") or []
        line = meta.line_of("related")
        resolve = self.resolver(os.path.dirname(path) or ".")
        urls: list[str] = []
        for item in items:
            if not isinstance(item, str) or not item.strip():
                report.error(
                    shown, line, "every item of 'related' must be a question link like '../02-orders/01-cancel.md'"
                )
                return ()
            target = item.strip()
            url = target.strip("/") + "/" if target.startswith("/") else resolve(target.split("#", 1)[0])
            if url not in self.question_urls:
                report.error(
                    shown,
                    line,
                    f"related link '{target}' does not lead to a question: "
                    "link to a question's .md file (relative to this file) or its site path like '/orders/cancel/'",
                )
            elif url == own:
                report.error(shown, line, f"related link '{target}' leads to this question itself")
            elif url in urls:
                report.error(shown, line, f"related link '{target}' is listed twice")
            else:
                urls.append(url)
        return tuple(urls)

    def notice(self, text: NoticeText | None, rendered: dict[NoticeText, str]) -> Notice | None:
        """The notice in the model when today is inside its window; an ended one is noted for the summary."""
        if text is None or text not in rendered:
            return None
        if text.until is not None and text.until < self.day:
            self.notes.append(
                f"{text.shown}:{text.line}: notice left out: it ended on {text.until.isoformat()} (remove it)"
            )
            return None
        if not in_window(self.day, text.starts, text.until):
            return None
        return Notice(rendered[text], text.starts, text.until, Source(text.shown, text.line))

    def check_links_to_unpublished(self, sections: tuple[Section, ...], report: Report) -> None:
        """Warn about each answer or intro that links to a question left out by its dates: a link to nothing."""
        for item in self.unpublished:
            marked = f'="{ROOT_MARK}{item.url}'
            bodies = [(s.source, s.intro_html) for s in sections]
            bodies += [(q.source, q.answer_html) for s in sections for q in s.questions]
            for source, html in bodies:
                if marked in html:
                    report.warn(
                        source.path,
                        source.line,
                        f"links to '/{item.url}', which is left out of this build ({item.why}): "
                        "the link would lead nowhere; remove it until the question is published",
                    )

    def without_unpublished_related(self, sections: tuple[Section, ...]) -> tuple[Section, ...]:
        """The sections with every `related:` link to a question left out by its dates dropped."""
        gone = {item.url for item in self.unpublished}
        if not gone:
            return sections
        return tuple(
            replace(
                section,
                questions=tuple(
                    replace(q, related=tuple(url for url in q.related if url not in gone)) for q in section.questions
                ),
            )
            for section in sections
        )
