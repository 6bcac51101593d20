"""`kbgen report`: events added up, hostile and malformed lines counted and skipped, every format escaped."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.report import MAX_LINE, fold, md, parse_event, report_events, shown, tally


def line(**event) -> bytes:
    return json.dumps({"v": 1, **event}).encode()


EMPTY = {"type": "search_empty", "page": "/search/"}
GOOD = [
    line(**EMPTY, query="Parcle"),
    line(**EMPTY, query="parcle  "),
    line(**EMPTY, query="blindbox"),
    line(type="search_open", page="/search/", query="parcel", result="/shipping/where/", after="parcle"),
    line(type="search_open", page="/search/", query="parcel", result="/shipping/where/", after="parcle"),
    # typed on: "parc" found nothing on the way to "parcel" - no synonym
    line(type="search_open", page="/", query="parcel", result="/shipping/where/", after="parc"),
    # a popular question opened from the no-results state of "chase"
    line(type="search_open", page="/", query="chase", result="/product/secret/", after="chase"),
    line(type="search_open", page="/", query="refund", result="/returns/refund/"),
    line(type="helpful", page="/a/one/", helpful=False),
    line(type="reason", page="/a/one/", reason="out-of-date"),
    line(type="helpful", page="/a/one/", helpful=True),
    line(type="helpful", page="/a/two/", helpful=False),
    line(type="helpful", page="/a/two/", helpful=False),
    line(type="reason", page="/a/two/", reason="unclear"),
    line(type="helpful", page="/a/three/", helpful=True),
]


def test_searches_synonyms_and_least_helpful_are_added_up() -> None:
    data = json.loads(report_events(GOOD, "json"))
    assert data["events"] == len(GOOD) and data["skipped"] == {}
    assert data["searches_without_results"] == [{"query": "parcle", "count": 2}, {"query": "blindbox", "count": 1}]
    assert data["suggested_synonyms"] == [
        {"found_nothing": "parcle", "then_searched": "parcel", "opened": "/shipping/where/", "count": 2}
    ]
    assert data["opened_after_nothing"] == [{"found_nothing": "chase", "opened": "/product/secret/", "count": 1}]
    assert [row["page"] for row in data["least_helpful"]] == ["/a/two/", "/a/one/"]
    assert data["least_helpful"][1] == {"page": "/a/one/", "yes": 1, "no": 1, "reasons": {"out-of-date": 1}}
    assert data["synonym_lines"] == ['  - ["parcle", "parcel"]']


def test_text_and_markdown_say_the_same() -> None:
    text = report_events(GOOD, "text")
    assert "      2  parcle\n" in text
    assert "parcle -> parcel  (/shipping/where/)" in text
    assert '  - ["parcle", "parcel"]' in text.splitlines()
    assert "2 of 2 said no  /a/two/  (hard to understand 1)" in text
    markdown = report_events(GOOD, "markdown")
    assert "| 2 | parcle |" in markdown
    assert '```yaml\n  - ["parcle", "parcel"]\n```' in markdown


HOSTILE = [
    b"not json at all",
    b"{",
    b"[1, 2, 3]",
    b'"just a string"',
    b"NaN",
    b'{"v": 1, "type": "search_empty", "page": "/", "query": NaN}',
    b"\xff\xfe\x00garbage",  # not UTF-8
    b"[" * 100_000,  # too long, and deep
    b"[" * 3000 + b"]" * 3000,  # deep but short enough to parse: RecursionError must not escape
    line(type="search_empty", page="/", query="x" * 5000),  # over the query limit
    line(type="search_empty", page="/", query=""),
    line(type="search_empty", page="/", query=["a", "list"]),
    line(type="search_empty", query="no page"),
    line(type="helpful", page="/", helpful="yes"),
    line(type="reason", page="/", reason="<script>alert(1)</script>"),
    line(type="nuke", page="/"),
    json.dumps({"v": 2, "type": "helpful", "page": "/", "helpful": True}).encode(),
    json.dumps({"v": True, "type": "helpful", "page": "/", "helpful": True}).encode(),
    json.dumps({"type": "helpful", "page": "/", "helpful": True}).encode(),
]


def test_hostile_lines_are_counted_and_skipped() -> None:
    result = tally(HOSTILE + [b"", b"   "] + GOOD[:1])
    assert result.events == 1
    assert sum(result.skipped.values()) == len(HOSTILE)
    assert result.skipped["not JSON"] == 5 and result.skipped["not a JSON object"] == 2
    assert result.skipped["line too long"] == 1
    assert result.skipped["not UTF-8"] == 1 and result.skipped["unknown version"] == 3


@pytest.mark.parametrize("query", ["\x1b[2J\x1b[31mowned", "a\rb", "bell\x07", "rtl\u202etxt.exe", "zero\u200bwidth"])
def test_control_and_invisible_characters_never_reach_a_terminal(query: str) -> None:
    text = report_events([line(**EMPTY, query=query)], "text")
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f\u200b\u202e]", text)
    assert shown(fold(query)) in text


def test_markdown_cannot_be_injected() -> None:
    hostile = "[click](javascript:alert(1)) | <img src=x onerror=alert(1)> **bold** `code` # h &amp; www.evil.example"
    markdown = report_events(
        [line(**EMPTY, query=hostile), line(type="helpful", page=hostile, helpful=False)], "markdown"
    )
    rows = [row for row in markdown.splitlines() if row.startswith("| 1 |")]
    assert len(rows) == 2
    for row in rows:
        # every Markdown mark of the shopper's text is escaped: only the table's own pipes stand bare
        assert not re.search(r"(?<!\\)[<>\[\]()*`#&:.]", row)
        assert len(re.findall(r"(?<!\\)\|", row)) == row.count("|") - row.count("\\|") == (5 if "| 0 |" in row else 3)
    assert md("a|b") == "a\\|b"


def test_json_escapes_everything_but_ascii() -> None:
    out = report_events([line(**EMPTY, query="\x1b\u202e\u00e9")], "json")
    assert out.isascii() and not re.search(r"[\x00-\x09\x0b-\x1f]", out)
    assert json.loads(out)["searches_without_results"][0]["query"] == "\x1b\u202e\u00e9"


@pytest.mark.parametrize("failed", ["no", "a: b", "x] - [y", "\u202e", "- item", "a\nb", "{x}", "on"])
def test_only_plain_words_become_synonym_lines(failed: str) -> None:
    events = [line(type="search_open", page="/", query="parcel", result="/s/q/", after=failed)]
    lines = json.loads(report_events(events, "json"))["synonym_lines"]
    assert all(re.fullmatch(r'  - \["[\w\' -]+", "[\w\' -]+"\]', entry) for entry in lines)
    if failed in ("no", "on"):
        assert lines == [f'  - ["{failed}", "parcel"]']  # quoted: YAML would read a bare `no` as false


def test_parse_event_keeps_only_known_fields() -> None:
    event = parse_event(line(**EMPTY, query="  Blind   BOX ", cookie="abc", extra={"x": 1}))
    assert event == {"type": "search_empty", "page": "/search/", "query": "blind box"}
    assert len(line(**EMPTY, query="q" * 200)) < MAX_LINE


def test_the_command_reads_a_file_or_stdin(tmp_path) -> None:
    events = tmp_path / "events.jsonl"
    events.write_bytes(b"\n".join(GOOD + HOSTILE) + b"\n")
    runner = CliRunner()
    from_file = runner.invoke(main, ["report", str(events), "--format", "markdown", "--top", "1"])
    assert from_file.exit_code == 0, from_file.output
    assert f"{len(GOOD)} events read, {len(HOSTILE)} lines skipped" in from_file.output
    assert "blindbox" not in from_file.output  # --top 1
    from_stdin = runner.invoke(main, ["report", "-"], input=b"\n".join(GOOD))
    assert from_stdin.exit_code == 0 and from_stdin.output.startswith(f"kbgen report: {len(GOOD)} events read")
    bad = runner.invoke(main, ["report", str(events), "--format", "html"])
    assert bad.exit_code == 2
