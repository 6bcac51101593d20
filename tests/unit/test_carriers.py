"""The carrier matcher against the shared vectors (the JS twin runs the same file)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kbgen import carriers
from kbgen.carriers import carrier_rules, match_carrier, normalize_tracking_number
from kbgen.model import Carrier

DATA = Path(__file__).parents[1] / "data"
RULES = json.loads((DATA / "carrier_rules.json").read_text(encoding="utf-8"))
VECTORS = json.loads((DATA / "carrier_vectors.json").read_text(encoding="utf-8"))
JS = Path(__file__).parents[2] / "theme" / "static" / "js" / "carriers.js"


def rules_to_carriers(rules: list[dict]) -> tuple[Carrier, ...]:
    """Build model carriers from `carrier_rules` dicts."""
    return tuple(
        Carrier(
            name=r["name"],
            prefixes=tuple(r["prefixes"]),
            website=r["website"],
            example=r["example"],
            digits_only=r["digits_only"],
            track_url=r["track_url"],
            phone=r["phone"],
        )
        for r in rules
    )


CARRIERS = rules_to_carriers(RULES)


@pytest.mark.parametrize("vector", VECTORS, ids=[v["note"] for v in VECTORS])
def test_vector(vector: dict) -> None:
    match = match_carrier(vector["input"], CARRIERS)
    got = (None, None, None)
    if match is not None:
        got = (match.carrier.name, match.number, match.url)
    assert got == (vector["carrier"], vector["number"], vector["url"])


def test_vectors_cover_every_carrier_example() -> None:
    matched = {v["carrier"] for v in VECTORS}
    assert {c.name for c in CARRIERS} <= matched
    for carrier in CARRIERS:
        match = match_carrier(carrier.example, CARRIERS)
        assert match is not None and match.carrier == carrier


def test_match_reports_the_winning_prefix() -> None:
    match = match_carrier("spxl 1", CARRIERS)
    assert match is not None and match.prefix == "SPXL"
    match = match_carrier("zzlong1", CARRIERS)
    assert match is not None and match.prefix == "ZZLONG"


def test_tie_goes_to_the_carrier_listed_first() -> None:
    first = Carrier("First", ("AB",), "https://first.example/", "AB1")
    second = Carrier("Second", ("ab",), "https://second.example/", "AB2")
    match = match_carrier("AB1", (first, second))
    assert match is not None and match.carrier == first


def test_empty_prefix_never_matches() -> None:
    anything = Carrier("Any", ("",), "https://a.example/", "X1")
    assert match_carrier("X1", (anything,)) is None


def test_every_placeholder_is_replaced() -> None:
    url = "https://t.example/{number}?q={number}"
    c = Carrier("T", ("T",), "https://t.example/", "T1", track_url=url)
    match = match_carrier("t 1", (c,))
    assert match is not None and match.url == "https://t.example/T1?q=T1"


def test_carrier_rules_round_trip_the_fixture() -> None:
    assert carrier_rules(CARRIERS) == RULES
    assert json.loads(json.dumps(carrier_rules(CARRIERS))) == RULES


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("", ""),
        ("1z 999-aa1", "1Z999AA1"),
        ("  \t\r\n", ""),
        ("a\u00a0b\u2009c\u3000d\u200be\ufeff", "ABCDE"),
        (
            "a-b\u2010c\u2011d\u2012e\u2013f\u2014g\u2015h\u2212i\uff0dj\u00adk",
            "ABCDEFGHIJK",
        ),
        ("a_b.c/d", "A_B.C/D"),
        ("stra\u00dfe", "STRASSE"),
    ],
)
def test_normalize_tracking_number(raw: str, want: str) -> None:
    assert normalize_tracking_number(raw) == want


def test_js_strips_the_same_characters() -> None:
    js = re.search(r"const STRIP = /(\[.*?\])/g;", JS.read_text(encoding="utf-8"))
    assert js is not None
    assert js.group(1) == carriers._STRIP.pattern
