"""Checks that look across values: carrier rules, links, and warnings between questions.

Called by the loader (load/loader.py, load/settings.py) while it loads; reports into its `Report`. Reads no files
and renders nothing: it only looks at values already loaded and their line marks.
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from kbgen.carriers import match_carrier, normalize_tracking_number
from kbgen.load.schema import Report
from kbgen.load.yamlio import MarkedDict
from kbgen.model import POPULAR_LIMIT, Carrier
from kbgen.urls import ROOT_MARK, SITE_OWN_PATHS

LONG_ANSWER_WORDS = 400
"""Answers longer than this many words get a warning: shoppers read on phones."""
MIN_DUPLICATE_WORDS = 8
"""Shorter answers ("Yes.") may repeat without a warning."""
QUESTION_WORDS = frozenset(
    {"what", "how", "why", "when", "where", "which", "who", "whom", "whose", "can", "could", "do", "does", "did"}
    | {"is", "are", "am", "was", "were", "will", "would", "should", "shall", "may", "might", "have", "has"}
)
NO_TRACK_HINT = " (the site has no carriers.yaml, so it has no '/track/' page)"


def site_own_paths(track: bool) -> frozenset[str]:
    """The site's own paths a link may name: `track/` only when there are carriers to look up.

    `sitemap.xml` is always allowed: whether it is written depends on the base URL of the build, not the content.
    """
    return SITE_OWN_PATHS if track else SITE_OWN_PATHS - {"track/"}


# --- carriers ------------------------------------------------------------------------------------


def check_carrier_rules(carriers: Sequence[Carrier], marks: Sequence[MarkedDict], shown: str, report: Report) -> None:
    """Report carrier rules that cannot work: clashing prefixes, examples their rule rejects, bad links."""
    owners: dict[str, tuple[Carrier, int]] = {}
    for carrier, mark in zip(carriers, marks):
        prefix_line = mark.line_of("prefix")
        for prefix in carrier.prefixes:
            cleaned = normalize_tracking_number(prefix)
            if cleaned != prefix:
                report.error(
                    shown,
                    prefix_line,
                    f"prefix '{prefix}' of carrier '{carrier.name}' contains spaces or dashes, which are removed "
                    f"from tracking numbers before matching: write '{cleaned}'",
                )
            if carrier.digits_only and not (prefix.isascii() and prefix.isdigit()):
                report.error(
                    shown,
                    prefix_line,
                    f"carrier '{carrier.name}' is digits_only but its prefix '{prefix}' is not all digits: "
                    "no tracking number can match it",
                )
            if prefix in owners:
                other, other_line = owners[prefix]
                if other is carrier:
                    report.error(shown, prefix_line, f"prefix '{prefix}' is listed twice for carrier '{carrier.name}'")
                else:
                    report.error(
                        shown,
                        prefix_line,
                        f"prefix '{prefix}' of carrier '{carrier.name}' is already used by carrier '{other.name}' "
                        f"({shown}:{other_line}): the rules are ambiguous, numbers would always go to '{other.name}'",
                    )
            else:
                owners[prefix] = (carrier, prefix_line)
        _check_example(carrier, carriers, mark, shown, report)
        _check_links(carrier, mark, shown, report)


def _check_example(carrier: Carrier, carriers: Sequence[Carrier], mark: MarkedDict, shown: str, report: Report) -> None:
    line = mark.line_of("example")
    example = carrier.example
    if match_carrier(example, [carrier]) is None:
        number = normalize_tracking_number(example)
        prefixes = " or ".join(f"'{p}'" for p in carrier.prefixes)
        if carrier.digits_only and not (number.isascii() and number.isdigit()):
            why = "the carrier is digits_only and the example is not all digits"
        elif any(number == p for p in carrier.prefixes):
            why = "a tracking number needs characters after the prefix"
        else:
            why = f"it does not start with {prefixes}"
        report.error(shown, line, f"example '{example}' does not match carrier '{carrier.name}': {why}")
        return
    winner = match_carrier(example, carriers)
    if winner is not None and winner.carrier is not carrier and winner.prefix not in carrier.prefixes:
        report.error(
            shown,
            line,
            f"example '{example}' of carrier '{carrier.name}' is claimed by carrier '{winner.carrier.name}' "
            f"(longer prefix '{winner.prefix}'): the rules are ambiguous",
        )


def _check_links(carrier: Carrier, mark: MarkedDict, shown: str, report: Report) -> None:
    for key, url in (("website", carrier.website), ("track_url", carrier.track_url)):
        if not url:
            continue
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https") or "://" not in url:
            report.error(shown, mark.line_of(key), f"'{key}' must be a full URL starting with https://, not '{url}'")
            continue
        if scheme == "http":
            report.warn(shown, mark.line_of(key), f"'{key}' is not https: use https:// if the carrier supports it")
    if carrier.track_url and "{number}" not in carrier.track_url:
        placeholder = re.search(r"\{[^}]*\}", carrier.track_url)
        hint = f" (found '{placeholder.group()}')" if placeholder else ""
        report.error(
            shown,
            mark.line_of("track_url"),
            f"track_url has no '{{number}}' placeholder{hint}: put it where the tracking number goes, "
            "or drop track_url to link to the website",
        )


# --- links ---------------------------------------------------------------------------------------

_HREF_RE = re.compile(r'href="([^"]*)"')


def check_links(text: str, rendered: str, site_paths: set[str] | None, shown: str, line: int, report: Report) -> None:
    """Warn about plain-http links; report site-rooted links (`/x/`) to pages the site does not have."""
    for href in sorted({html.unescape(h) for h in _HREF_RE.findall(rendered)}):
        if href.lower().startswith("http://"):
            report.warn(shown, line + _line_offset(text, href), f"link to '{href}' is not https: use https://")
        elif href.startswith(ROOT_MARK) and site_paths is not None:
            target = href[len(ROOT_MARK) :]
            path = urlsplit(target).path
            if path in site_paths or f"{path}/" in site_paths or path.startswith("assets/"):
                continue
            written = "/" + target
            close = difflib.get_close_matches(path, sorted(site_paths), n=1)
            hint = f" (did you mean '/{close[0]}'?)" if close else ""
            if path.rstrip("/") == "track" and "track/" not in site_paths:
                hint = NO_TRACK_HINT
            report.error(
                shown,
                line + _line_offset(text, written),
                f"link to '{written}' does not match any page of the site{hint}",
            )


def _line_offset(text: str, needle: str) -> int:
    return next((i for i, row in enumerate(text.split("\n")) if needle in row), 0)


# --- warnings across questions -------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionText:
    """What the cross-question checks need from one question file."""

    shown: str
    question: str
    question_line: int
    answer: str
    answer_line: int
    allowed: frozenset[str] = frozenset()
    """Warning names this question's `allow_warnings` accepts."""


def check_questions(questions: Iterable[QuestionText], report: Report) -> None:
    """Warn about repeated questions and answers, missing question marks and very long answers."""
    seen_questions: dict[str, QuestionText] = {}
    seen_answers: dict[str, QuestionText] = {}
    for q in questions:
        key = _normalise(q.question)
        if key in seen_questions:
            first = seen_questions[key]
            report.warn(
                q.shown,
                q.question_line,
                f"the same question is asked in {first.shown}:{first.question_line}",
                "duplicate-question",
                "duplicate-question" in q.allowed,
            )
        else:
            seen_questions[key] = q
        answer_key = _normalise(q.answer)
        key_words = answer_key.count(" ") + 1 if answer_key else 0  # the key is its words, single-spaced
        if key_words >= MIN_DUPLICATE_WORDS:
            if answer_key in seen_answers:
                first = seen_answers[answer_key]
                report.warn(
                    q.shown,
                    q.answer_line,
                    f"the answer repeats the answer in {first.shown}:{first.answer_line} word for word: "
                    "write the answer this question needs, or link to the other one",
                    "duplicate-answer",
                    "duplicate-answer" in q.allowed,
                )
            else:
                seen_answers[answer_key] = q
        if reads_like_question(q.question) and not q.question.rstrip().endswith("?"):
            report.warn(
                q.shown,
                q.question_line,
                "the question has no question mark: end it with '?'",
                "no-question-mark",
                "no-question-mark" in q.allowed,
            )
        if _may_have_more_words(q.answer, LONG_ANSWER_WORDS) and (words := len(q.answer.split())) > LONG_ANSWER_WORDS:
            report.warn(
                q.shown,
                q.answer_line,
                f"the answer is very long ({words} words, over {LONG_ANSWER_WORDS}): "
                "split it into several questions or shorten it",
                "long-answer",
                "long-answer" in q.allowed,
            )


def check_section_titles(sections: Iterable[tuple[str, MarkedDict]], report: Report) -> None:
    """Warn at each section whose title an earlier one has: shoppers could not tell the two apart."""
    seen: dict[str, tuple[str, int]] = {}
    for shown, meta in sections:
        title = meta.get("title")
        if not isinstance(title, str) or not title.strip():
            continue
        key = _normalise(title)
        if key and key in seen:
            first, line = seen[key]
            report.warn(
                shown,
                meta.line_of("title"),
                f"section title '{title.strip()}' is also the title of {first}:{line}: "
                "shoppers cannot tell the two sections apart",
                "duplicate-section-title",
            )
        else:
            seen[key] = (shown, meta.line_of("title"))


def check_promoted(questions: Iterable[tuple[str, MarkedDict]], report: Report) -> None:
    """Warn at each `promoted: true` beyond the POPULAR_LIMIT the home page shows; `questions` are
    `(shown path, front matter)` in content order."""
    promoted = [(shown, meta) for shown, meta in questions if meta.get("promoted") is True]
    for shown, meta in promoted[POPULAR_LIMIT:]:
        report.warn(
            shown,
            meta.line_of("promoted"),
            f"{len(promoted)} questions are promoted and the home page shows the first {POPULAR_LIMIT} "
            "(in folder order): this one is not shown; promote fewer",
            "promoted-not-shown",
        )


def reads_like_question(text: str) -> bool:
    """True when `text` opens like a question ("How do I…"), but not like a title ("How to …")."""
    words = re.findall(r"[a-z]+", text.lower())
    if not words or words[0] not in QUESTION_WORDS:
        return False
    return words[:2] != ["how", "to"]


def _ascii_fold(code: int) -> int:
    char = chr(code)
    if char == "`":
        return ord("'")
    return ord(char.lower()) if char.isalnum() or char in "_'\"" else ord(" ")


_ASCII_FOLD = bytes(_ascii_fold(code) for code in range(128)) + bytes(128)
"""What `_normalise` does to each ASCII character, as one `bytes.translate` table."""
_SPACE_RUNS = re.compile(b"  +")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "`": "'", "´": "'"})
_NOT_WORD = re.compile(r"[^\w'\"]+")
_ASCII_SPACES = bytes(ord(" ") if chr(code).isspace() else ord("x") for code in range(128)) + bytes(128)
"""Every ASCII character `str.split` splits at made a space, any other an `x`."""


def _normalise(text: str) -> str:
    """The words of `text`, case and quotes folded, punctuation dropped: equal for answers that repeat word for word."""
    if text.isascii():
        # Most answers are plain ASCII, where NFKC changes nothing and one table does the rest,
        # several times faster than the general way (it counts at 10,000 questions).
        folded = text.encode("ascii").translate(_ASCII_FOLD)
        return _SPACE_RUNS.sub(b" ", folded).strip(b" ").decode("ascii")
    return _normalise_any(text)


def _normalise_any(text: str) -> str:
    """`_normalise` for any text."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    return " ".join(_NOT_WORD.sub(" ", folded).split())


def _may_have_more_words(text: str, limit: int) -> bool:
    """False when `text` surely has no more than `limit` words: each word but the first follows white space.

    Counting white space is cheaper than splitting the text into words (for
    ASCII text), and most answers are far below the limit.
    """
    return not text.isascii() or text.encode("ascii").translate(_ASCII_SPACES).count(b" ") >= limit
