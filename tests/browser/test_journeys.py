"""The journeys in Chromium: related links, dated notices (build date and browser clock), scheduled questions."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

from kbgen.pipeline import build_site
from kbgen.util.static_host import make_server

SCHEDULED = "---\nquestion: Can I pay with a gift card?\ntags: [giftcard]\npublish: 2026-07-01\nexpire: 2026-08-01\n---\nYes, at checkout.\n"
NOTICE = "title: Test Help\nnotice:\n  text: Parcels ship **two days late** this week.\n  until: 2026-06-20\n"


def epoch(day: str) -> str:
    """SOURCE_DATE_EPOCH for noon UTC of a YYYY-MM-DD day."""
    return str(int(dt.datetime.fromisoformat(day + "T12:00:00+00:00").timestamp()))


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` served over HTTP on a free loopback port, as its root URL."""
    server = make_server(folder, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "start", ["order-inquiry/order-arrival/", "membership/points-validity/", "product-inquiry/authenticity/"]
)
def test_related_links_lead_to_other_questions(tab, site_url: str, start: str) -> None:
    tab.goto(site_url + start)
    own = tab.locator("h1").inner_text()
    links = tab.locator("[aria-labelledby=related-title] a")
    assert 3 <= links.count() <= 5
    titles = links.all_inner_texts()
    for number, title in enumerate(titles):
        tab.goto(site_url + start)
        tab.locator("[aria-labelledby=related-title] a").nth(number).click()
        tab.wait_for_load_state()
        assert tab.locator("h1").inner_text() == title != own
        assert tab.url.startswith(site_url) and tab.url != site_url + start
        assert tab.url.count("/") == (site_url + start).count("/")  # a question's page: section/question/


def test_a_notice_shows_inside_its_window_and_not_after(tab, make_project, tmp_path: Path, monkeypatch) -> None:
    content = make_project({"site.yaml": NOTICE})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-06-15"))
    build_site(content, tmp_path / "built-in-window", cache=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-06-21"))
    build_site(content, tmp_path / "built-after", cache=False)
    notice = tab.get_by_role("note")
    with served(tmp_path / "built-in-window") as url:
        # the shopper's clock inside the window, on its last day, then the day after (a site not rebuilt since)
        for day, shown in (("2026-06-18", True), ("2026-06-20", True), ("2026-06-21", False)):
            tab.clock.set_fixed_time(dt.datetime.fromisoformat(day + "T10:00:00"))
            tab.goto(url + "orders/cancel/")
            tab.wait_for_load_state("networkidle")
            assert notice.count() == (1 if shown else 0), day
            if shown:
                assert "two days late" in notice.inner_text()
    with served(tmp_path / "built-after") as url:
        tab.clock.set_fixed_time(dt.datetime.fromisoformat("2026-06-18T10:00:00"))
        tab.goto(url + "orders/cancel/")
        tab.wait_for_load_state("networkidle")
        assert notice.count() == 0  # rebuilt after its end: not in the page at all


@pytest.mark.parametrize(("day", "published"), [("2026-06-30", False), ("2026-07-01", True), ("2026-08-01", False)])
def test_scheduled_questions_appear_and_vanish_with_source_date_epoch(
    tab, make_project, tmp_path: Path, monkeypatch, day: str, published: bool
) -> None:
    content = make_project({"sections/01-orders/02-gift-card.md": SCHEDULED})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(day))
    build_site(content, tmp_path / "out", cache=False)
    with served(tmp_path / "out") as url:
        response = tab.goto(url + "orders/gift-card/")
        assert response is not None and response.status == (200 if published else 404)
        tab.goto(url + "orders/")
        assert tab.locator('a[href="gift-card/"]').count() == (1 if published else 0)
        tab.goto(url + "search/?q=" + quote("gift card"))
        tab.wait_for_function("() => document.querySelector('#search-results').textContent.trim().length > 0")
        hits = tab.locator("#search-results .search-hit a", has_text="Can I pay with a gift card?")
        assert hits.count() == (1 if published else 0)
