"""Builds with the journeys: related and in-section lists, promoted and recent, notices, scheduled questions."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from kbgen.pipeline import build_site
from tests.conftest import page

BASE = "https://help.example.org/"
LATER = "sections/01-orders/02-later.md"


def epoch(day: str) -> str:
    """SOURCE_DATE_EPOCH for noon UTC of a YYYY-MM-DD day."""
    return str(int(dt.datetime.fromisoformat(day + "T12:00:00+00:00").timestamp()))


def test_every_shipped_question_page_lists_three_to_five_other_questions(built_site: Path) -> None:
    questions = sorted(built_site.glob("*/*/index.html"))
    pages = {p.parent.relative_to(built_site).as_posix() + "/" for p in questions if p.parent.name != "search"}
    checked = 0
    for url in sorted(pages):
        if url.startswith(("track/", "search/")):
            continue
        links = [a["href"] for a in page(built_site, "/" + url).select("[aria-labelledby=related-title] a")]
        assert 3 <= len(links) <= 5, url
        targets = {(built_site / url / href).resolve() for href in links}
        assert all((target / "index.html").is_file() for target in targets), url
        assert (built_site / url).resolve() not in targets and len(targets) == len(links), url
        checked += 1
    assert checked == 29  # every question of the shipped site


def test_the_membership_notice_shows_on_its_section_page_only(built_site: Path) -> None:
    notices = page(built_site, "/membership/").select(".notice[role=note]")
    assert len(notices) == 1 and "January 6, 2025" in notices[0].get_text()
    assert not notices[0].has_attr("data-until")  # no end date: no script either
    assert not page(built_site, "/membership/").select('script[src*="notice"]')
    # a question's page keeps its answer in the first screen: only a site-wide notice stands above it
    assert not page(built_site, "/membership/points-validity/").select(".notice")
    assert not page(built_site, "/order-inquiry/order-arrival/").select(".notice")
    assert not page(built_site, "/").select(".notice")


def test_in_section_lists_the_section_s_other_questions(built_site: Path) -> None:
    links = page(built_site, "/order-inquiry/order-arrival/").select("[aria-labelledby=in-section-title] a")
    assert [a["href"] for a in links] == ["../../order-inquiry/change-address/", "../../order-inquiry/cancel-order/"]


def test_home_lists_five_recently_updated_questions(built_site: Path) -> None:
    links = page(built_site, "/").select("[aria-labelledby=recent-title] a")
    assert len(links) == 5
    assert all((built_site / a["href"] / "index.html").is_file() for a in links)


def test_promoted_questions_top_their_section_s_page(make_project, tmp_path: Path) -> None:
    content = make_project(
        {
            "sections/01-orders/02-late.md": "---\nquestion: Where is my parcel?\npromoted: true\n---\nOn its way.\n",
            "sections/01-orders/03-lost.md": "---\nquestion: Is my parcel lost?\n---\nAsk us.\n",
            "sections/01-orders/04-gift.md": "---\nquestion: Can you wrap it?\npromoted: true\n---\nNo.\n",
            "site.yaml": "title: Test Help\nrecent: 0\n",
        }
    )
    build_site(content, tmp_path / "out")
    section = page(tmp_path / "out", "/orders/")
    assert [article["id"] for article in section.select("article.qa")] == ["late", "gift", "cancel", "lost"]
    assert not page(tmp_path / "out", "/").select("[aria-labelledby=recent-title]")  # recent: 0


def test_a_related_list_named_in_front_matter_wins(make_project, tmp_path: Path) -> None:
    content = make_project(
        {
            "sections/01-orders/02-late.md": "---\nquestion: Where is my parcel?\nrelated: [01-cancel.md]\n---\nA.\n",
            "sections/01-orders/03-lost.md": "---\nquestion: My parcel is lost, where is my parcel?\n---\nB.\n",
        }
    )
    build_site(content, tmp_path / "out")
    links = page(tmp_path / "out", "/orders/late/").select("[aria-labelledby=related-title] a")
    assert [a["href"] for a in links] == ["../../orders/cancel/"]


def test_a_site_notice_with_an_end_shows_until_then_with_its_script(make_project, tmp_path, monkeypatch) -> None:
    site = "title: Test Help\nnotice:\n  text: Orders ship late this week.\n  until: 2026-06-20\n"
    content = make_project({"site.yaml": site})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-06-20"))
    build_site(content, tmp_path / "in")
    for url in ("/", "/orders/", "/orders/cancel/", "/search/"):
        notice = page(tmp_path / "in", url).select_one(".notice")
        assert notice is not None and notice["data-until"] == "2026-06-20", url
        assert page(tmp_path / "in", url).select('script[type=module][src*="notice"]'), url
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-06-21"))
    result = build_site(content, tmp_path / "after")
    assert not page(tmp_path / "after", "/").select(".notice")
    assert any(
        note.endswith("site.yaml:3: notice left out: it ended on 2026-06-20 (remove it)") for note in result.notes
    )


def test_a_scheduled_question_is_built_only_inside_its_dates(make_project, tmp_path, monkeypatch) -> None:
    later = "---\nquestion: Can I pay with gift cards?\npublish: 2026-07-01\nexpire: 2026-08-01\n---\nYes.\n"
    content = make_project({LATER: later})

    def build(day: str, output: str, previous: Path | None = None):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(day))
        return build_site(content, tmp_path / output, base_url=BASE, previous=previous)

    def published(output: str) -> dict[str, bool]:
        site = tmp_path / output
        manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))["urls"]
        return {
            "page": (site / "orders/later/index.html").is_file(),
            "manifest": "orders/later/" in manifest,
            "sitemap": f"{BASE}orders/later/" in (site / "sitemap.xml").read_text(encoding="utf-8"),
            # the index names a question by its slug and its section's number
            "search": '"later"' in (site / "search/index.json").read_text(encoding="utf-8"),
            "section": bool(page(site, "/orders/").select('a[href="later/"]')),
        }

    before = build("2026-06-30", "before")
    assert not any(published("before").values())
    assert any("02-later.md: left out of this build: not published until 2026-07-01" in n for n in before.notes)
    build("2026-07-01", "during")
    assert all(published("during").values())
    # the guard against vanished URLs knows an expired question was meant to go
    after = build("2026-08-01", "after", previous=tmp_path / "during" / "manifest.json")
    assert not any(published("after").values())
    assert not [w for w in after.warnings if "orders/later" in w.message]
    assert any("02-later.md: left out of this build: expired on 2026-08-01" in n for n in after.notes)


def test_a_deleted_question_is_still_called_lost(make_project, tmp_path, monkeypatch) -> None:
    """Only a question left out by its dates is meant to vanish: the guard still reports one deleted."""
    content = make_project({LATER: "---\nquestion: Can I pay with gift cards?\n---\nYes.\n"})
    build_site(content, tmp_path / "one", base_url=BASE)
    (content / LATER).unlink()
    result = build_site(content, tmp_path / "two", base_url=BASE, previous=tmp_path / "one" / "manifest.json")
    assert [w for w in result.warnings if re.search(r"'/orders/later/' was published before but is gone", w.message)]


@pytest.mark.parametrize("day", ["2025-01-05", "2025-01-06"])
def test_the_membership_notice_starts_on_january_6_2025(tmp_path, monkeypatch, day: str) -> None:
    from tests.conftest import CONTENT

    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(day))
    build_site(CONTENT, tmp_path / "out", cache=False)
    assert bool(page(tmp_path / "out", "/membership/").select(".notice")) == (day == "2025-01-06")
