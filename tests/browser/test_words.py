"""The theme's words in Chromium: a German site's search and track pages speak German from the words the page carries
(partials/words.html, js/words.js), an Arabic site lays its header out right to left, and axe finds nothing serious on
either (tests/support/translated.py builds them)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from kbgen.util.static_host import make_server
from tests.browser.test_a11y import AXE, AXE_TAGS, RUN_AXE
from tests.support.translated import build_in


@pytest.fixture(scope="module")
def word_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The German and the Arabic site, served."""
    urls, servers = {}, []
    for language in ("de", "ar"):
        server = make_server(build_in(language, tmp_path_factory.mktemp(language)), port=0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        urls[language] = f"http://127.0.0.1:{server.server_address[1]}/"
    yield urls
    for server in servers:
        server.shutdown()
        server.server_close()


def test_german_search_says_what_it_found_in_german(tab, word_urls) -> None:
    # the content is the shipped English: the words around the results are what is German
    tab.goto(word_urls["de"] + "search/?q=points")
    tab.locator("#search-results .search-hit").first.wait_for()
    count = tab.locator("#search-results .search-count").inner_text()
    assert count.endswith("für „points“") and "Ergebnis" in count, count
    tab.goto(word_urls["de"] + "search/?q=zzzqqq")
    empty = tab.locator("#search-results .search-empty")
    empty.wait_for()
    assert empty.locator("p").first.inner_text() == "Keine Ergebnisse für „zzzqqq“."
    assert "schreiben Sie uns an" in empty.inner_text()
    assert tab.locator("#search-page-status").inner_text() == "Keine Ergebnisse"


def test_german_suggestions_count_in_german(tab, word_urls) -> None:
    tab.goto(word_urls["de"])
    box = tab.locator("#home-search")
    box.click()
    box.press_sequentially("points")
    tab.locator("#home-search-suggest .search-hit").first.wait_for()
    assert tab.locator("#home-search-suggest .search-more a").inner_text() == "Alle Ergebnisse anzeigen"
    status = tab.locator("#home-search-status").inner_text()
    assert status.endswith(("Ergebnisse", "Ergebnis")), status


def test_german_track_page_answers_in_german(tab, word_urls) -> None:
    tab.goto(word_urls["de"] + "track/?number=QQ999")
    result = tab.locator("#track-result")
    result.locator("p").first.wait_for()
    assert result.locator("p").first.inner_text() == "Wir haben keinen Versanddienstleister für QQ999 gefunden."


def test_arabic_header_starts_on_the_right(browser, word_urls) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    try:
        tab.goto(word_urls["ar"] + "membership/benefits/")
        assert tab.evaluate("getComputedStyle(document.body).direction") == "rtl"
        brand = tab.locator(".site-header .brand").bounding_box()
        nav = tab.locator(".site-header .site-nav").bounding_box()
        assert brand["x"] + brand["width"] > 1280 * 0.75 > nav["x"] + nav["width"], (brand, nav)
        # the trail reads from the right: the home crumb stands right of the section
        crumbs = tab.locator(".breadcrumbs li").all()
        assert crumbs[0].bounding_box()["x"] > crumbs[1].bounding_box()["x"]
        chevron = tab.evaluate("getComputedStyle(document.querySelector('.breadcrumbs li + li'), '::before').content")
        assert chevron == '"‹"'
    finally:
        context.close()


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize(
    "path", ["", "membership/", "membership/benefits/", "search/?q=points", "track/", "nothing-here/"]
)
def test_axe_finds_nothing_serious(browser, word_urls, language: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812}, bypass_csp=True)
    tab = context.new_page()
    try:
        tab.goto(word_urls[language] + path)
        tab.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        found = tab.evaluate(RUN_AXE, ["tag", AXE_TAGS])
    finally:
        context.close()
    serious = [v for v in found if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
