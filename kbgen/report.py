"""`kbgen report`: what shoppers could not find and which answers did not help, from feedback events.

Owns reading the JSON lines theme/static/js/feedback.js sends (the format is in docs/feedback.md), adding
them up, and writing the editors' report as text, JSON or Markdown. It reads only the stream it is given
and returns text; cli.py prints it. Every value in an event comes from a stranger: a line that is not a
well-formed event is counted and skipped, never fatal, and no value reaches the report unescaped (control
and invisible characters shown as escapes in every format, Markdown's punctuation escaped in Markdown,
JSON's own escaping in JSON; synonym lines only from plain words).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

FORMATS = ("text", "json", "markdown")
#: A longer line is skipped unread: an event is a few hundred bytes.
MAX_LINE = 8192
MAX_QUERY = 200
MAX_PAGE = 2000
#: The reasons partials/feedback.html offers, as the report names them.
REASONS = {
    "not-answered": "didn't answer the question",
    "unclear": "hard to understand",
    "out-of-date": "out of date",
    "other": "something else",
}
EVENT_TYPES = ("helpful", "reason", "search_empty", "search_open")
#: A word group fit for a synonym line: lower-case words of letters and digits, joined by a space, `-` or `'`.
_PLAIN_RE = re.compile(r"[^\W_]+(?:[ '\-][^\W_]+){0,3}")


class BadEvent(ValueError):
    """A line that is not a well-formed event; its message is the kind of problem, counted by the report."""


@dataclass
class Tally:
    """Everything the events say, added up."""

    events: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    empty: Counter[str] = field(default_factory=Counter)
    """Queries that found nothing, by count."""
    synonyms: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    """(query that found nothing, query that found the question, question opened)."""
    rescued: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(query that found nothing, question opened from the popular questions shown for it)."""
    votes: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    """Per page: "yes", "no" and each reason's code."""


def fold(query: str) -> str:
    """A query as the report groups it: lower case, single spaces."""
    return " ".join(query.casefold().split())


def _text_field(event: dict, name: str, limit: int, required: bool = True) -> str:
    value = event.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise BadEvent(f"missing or empty '{name}'")
    if len(value) > limit:
        raise BadEvent(f"'{name}' too long")
    return value


def parse_event(line: bytes) -> dict:
    """One line as an event with its fields checked; BadEvent says what is wrong with it."""
    if len(line) > MAX_LINE:
        raise BadEvent("line too long")
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        raise BadEvent("not UTF-8") from None
    try:
        event = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise BadEvent("not JSON") from None
    if not isinstance(event, dict):
        raise BadEvent("not a JSON object")
    if event.get("v") != 1 or isinstance(event.get("v"), bool):
        raise BadEvent("unknown version")
    kind = event.get("type")
    if kind not in EVENT_TYPES:
        raise BadEvent("unknown type")
    checked = {"type": kind, "page": _text_field(event, "page", MAX_PAGE)}
    if kind == "helpful":
        if not isinstance(event.get("helpful"), bool):
            raise BadEvent("'helpful' not true or false")
        checked["helpful"] = event["helpful"]
    elif kind == "reason":
        if event.get("reason") not in REASONS:
            raise BadEvent("unknown reason")
        checked["reason"] = event["reason"]
    else:
        checked["query"] = fold(_text_field(event, "query", MAX_QUERY))
        if kind == "search_open":
            checked["result"] = _text_field(event, "result", MAX_PAGE)
            checked["after"] = fold(_text_field(event, "after", MAX_QUERY, required=False))
    return checked


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def tally(lines: Iterable[bytes]) -> Tally:
    """Add up the events of `lines` (JSON lines as bytes); blank lines are ignored, bad ones counted."""
    result = Tally()
    for line in lines:
        if not line.strip():
            continue
        try:
            event = parse_event(line.strip())
        except BadEvent as problem:
            result.skipped[str(problem)] += 1
            continue
        result.events += 1
        _count(result, event)
    return result


def _count(result: Tally, event: dict) -> None:
    kind, page = event["type"], event["page"]
    if kind == "helpful":
        result.votes[page]["yes" if event["helpful"] else "no"] += 1
    elif kind == "reason":
        result.votes[page][event["reason"]] += 1
    elif kind == "search_empty":
        result.empty[event["query"]] += 1
    else:
        failed, query = event["after"], event["query"]
        if not failed:
            return
        if failed == query:
            result.rescued[(failed, event["result"])] += 1
        elif not query.startswith(failed) and not failed.startswith(query):  # not a word still being typed
            result.synonyms[(failed, query, event["result"])] += 1


@dataclass(frozen=True)
class Report:
    """The report's rows, most telling first, at most `top` of each."""

    events: int
    skipped: dict[str, int]
    empty: list[tuple[str, int]]
    synonyms: list[tuple[str, str, str, int]]
    rescued: list[tuple[str, str, int]]
    least_helpful: list[tuple[str, int, int, dict[str, int]]]
    """(page, yes, no, reasons by code)."""
    synonym_lines: list[str]


def _ranked(counter: Counter) -> list:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def build_report(result: Tally, top: int = 20) -> Report:
    """The rows of the report from a tally."""
    helpful = []
    for page, votes in result.votes.items():
        if votes["no"] or any(votes[code] for code in REASONS):
            reasons = {code: votes[code] for code in REASONS if votes[code]}
            helpful.append((page, votes["yes"], votes["no"], reasons))
    helpful.sort(key=lambda row: (-row[2], -row[2] / max(1, row[1] + row[2]), row[0]))
    synonyms = [(*key, count) for key, count in _ranked(result.synonyms)][:top]
    lines, seen = [], set()
    for failed, query, _, _ in synonyms:
        if (failed, query) not in seen and _PLAIN_RE.fullmatch(failed) and _PLAIN_RE.fullmatch(query):
            seen.add((failed, query))
            # double quotes: a plain `no` or `on` would be read as false or true
            lines.append(f'  - ["{failed}", "{query}"]')
    return Report(
        events=result.events,
        skipped=dict(sorted(result.skipped.items())),
        empty=_ranked(result.empty)[:top],
        synonyms=synonyms,
        rescued=[(*key, count) for key, count in _ranked(result.rescued)][:top],
        least_helpful=helpful[:top],
        synonym_lines=lines,
    )


def report_events(lines: Iterable[bytes], output_format: str = "text", top: int = 20) -> str:
    """The editors' report on the events of `lines`, in `output_format` (one of FORMATS)."""
    report = build_report(tally(lines), top)
    if output_format == "json":
        return render_json(report)
    return render_markdown(report) if output_format == "markdown" else render_text(report)


def shown(value: str) -> str:
    """`value` safe for a terminal: control, format and other invisible characters as escapes, `\\` doubled."""
    out = []
    for char in value:
        if char == "\\":
            out.append("\\\\")
        elif char != " " and unicodedata.category(char)[0] in "CZ":
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out)


def md(value: str) -> str:
    """`value` as literal Markdown text: shown(), then every ASCII punctuation mark backslash-escaped."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", shown(value))


def _reason_text(reasons: dict[str, int]) -> str:
    return ", ".join(f"{REASONS[code]} {count}" for code, count in reasons.items())


def _skipped_text(report: Report) -> str:
    total = sum(report.skipped.values())
    if not total:
        return "no lines skipped"
    kinds = ", ".join(f"{count} {kind}" for kind, count in report.skipped.items())
    return f"{total} line{'s' if total != 1 else ''} skipped ({kinds})"


def render_text(report: Report) -> str:
    """The report for a terminal."""
    out = [f"kbgen report: {report.events} events read, {_skipped_text(report)}", ""]
    out.append("Searches that found nothing")
    out += [f"  {count:5}  {shown(query)}" for query, count in report.empty] or ["  none"]
    out += ["", "Suggested synonyms (a search that found nothing, then one that found the question opened)"]
    out += [
        f"  {count:5}  {shown(failed)} -> {shown(query)}  ({shown(result)})"
        for failed, query, result, count in report.synonyms
    ] or ["  none"]
    out += ["", "Questions opened from the popular ones shown for a search that found nothing (tags to add)"]
    out += [f"  {count:5}  {shown(failed)} -> {shown(result)}" for failed, result, count in report.rescued] or [
        "  none"
    ]
    out += ["", "Least helpful questions"]
    out += [
        f"  {no:5} of {yes + no} said no  {shown(page)}" + (f"  ({_reason_text(reasons)})" if reasons else "")
        for page, yes, no, reasons in report.least_helpful
    ] or ["  none"]
    if report.synonym_lines:
        out += ["", "For site.yaml, under synonyms:", *report.synonym_lines]
    return "\n".join(out) + "\n"


def render_markdown(report: Report) -> str:
    """The report as Markdown, for an issue or a wiki page."""
    out = ["# Feedback report", "", f"{report.events} events read, {_skipped_text(report)}.", ""]
    out += ["## Searches that found nothing", ""]
    out += _table(("searches", "query"), [(str(count), md(query)) for query, count in report.empty])
    out += ["## Suggested synonyms", "", "A search that found nothing, then one that found the question opened.", ""]
    out += _table(
        ("times", "found nothing", "then searched", "opened"),
        [(str(count), md(failed), md(query), md(result)) for failed, query, result, count in report.synonyms],
    )
    out += ["## Opened from the popular questions after a search that found nothing", ""]
    out += _table(
        ("times", "found nothing", "opened"), [(str(n), md(failed), md(result)) for failed, result, n in report.rescued]
    )
    out += ["## Least helpful questions", ""]
    out += _table(
        ("no", "yes", "question", "reasons"),
        [(str(no), str(yes), md(page), md(_reason_text(r))) for page, yes, no, r in report.least_helpful],
    )
    if report.synonym_lines:
        out += ["## For site.yaml", "", "Under `synonyms:`:", "", "```yaml", *report.synonym_lines, "```", ""]
    return "\n".join(out)


def _table(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    if not rows:
        return ["None.", ""]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def render_json(report: Report) -> str:
    """The report as one JSON object (ASCII only: every other character as a JSON escape)."""
    data = {
        "events": report.events,
        "skipped": report.skipped,
        "searches_without_results": [{"query": q, "count": n} for q, n in report.empty],
        "suggested_synonyms": [
            {"found_nothing": f, "then_searched": q, "opened": r, "count": n} for f, q, r, n in report.synonyms
        ],
        "opened_after_nothing": [{"found_nothing": f, "opened": r, "count": n} for f, r, n in report.rescued],
        "least_helpful": [
            {"page": page, "yes": yes, "no": no, "reasons": reasons} for page, yes, no, reasons in report.least_helpful
        ],
        "synonym_lines": report.synonym_lines,
    }
    return json.dumps(data, ensure_ascii=True, indent=2) + "\n"
