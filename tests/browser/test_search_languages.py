"""Search per language in Chromium: a German, a Japanese and a Chinese help center (tests/support/language_sites.py)
built and served; the search page finds the question by a stemmed German form and by two or three characters from
the middle of a Japanese or Chinese sentence, with the language's scripts loaded by the page."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from kbgen.pipeline import build_site
from kbgen.util.static_host import make_server
from tests.support.language_sites import write_language_site


@pytest.fixture(scope="module")
def language_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Per language, the URL its built site is served at."""
    urls, servers = {}, []
    for language in ("de", "ja", "zh"):
        folder = tmp_path_factory.mktemp(language)
        output = folder / "output"
        build_site(write_language_site(language, folder / "content"), output, cache=False, workers=1)
        server = make_server(output, port=0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        urls[language] = f"http://127.0.0.1:{server.server_address[1]}/"
    yield urls
    for server in servers:
        server.shutdown()
        server.server_close()


def first_hit(tab, url: str, query: str) -> tuple[str, str]:
    """The first result's link and title on the search page for `query`."""
    tab.goto(url + "search/?q=" + quote(query))
    hit = tab.locator("#search-results .search-hit a").first
    hit.wait_for()
    return hit.get_attribute("href"), hit.locator(".search-hit-title").inner_text()


@pytest.mark.parametrize(
    ("language", "query", "href", "title"),
    [
        ("de", "Rückerstattungen", "../ruckgabe-und-erstattung/wie-bekomme-ich-eine-ruckerstattung/", "Wie bekomme ich eine Rückerstattung?"),
        ("de", "Stornierung", "../ruckgabe-und-erstattung/kann-ich-eine-bestellung-stornieren/", "Kann ich eine Bestellung stornieren?"),
        ("ja", "営業日", "../配送について/商品はいつ届きますか/", "商品はいつ届きますか？"),
        ("ja", "お届け", "../配送について/商品はいつ届きますか/", "商品はいつ届きますか？"),
        ("zh", "工作日", "../配送与物流/我的订单什么时候发货/", "我的订单什么时候发货？"),
        ("zh", "单号", "../配送与物流/如何查询物流信息/", "如何查询物流信息？"),
    ],
)  # fmt: skip
def test_search_page_finds_the_question_in_its_language(tab, language_urls, language, query, href, title) -> None:
    assert first_hit(tab, language_urls[language], query) == (href, title)


def test_typing_in_german_uses_german_stemming(tab, language_urls) -> None:
    tab.goto(language_urls["de"] + "search/")
    box = tab.locator("#search-page")
    box.click()
    box.press_sequentially("Lieferungen")  # Lieferung → liefer, only German stemming joins them
    hit = tab.locator("#search-results .search-hit a .search-hit-title").first
    hit.wait_for()
    assert hit.inner_text() == "Wie lange dauert der Versand?"
    assert tab.evaluate("typeof window.lunr.de.stemmer") == "function"
    assert tab.evaluate("typeof window.lunr.TinySegmenter") == "undefined"  # only the site's language is loaded


def test_an_english_site_loads_no_language_scripts(tab, site_url: str) -> None:
    tab.goto(site_url + "search/?q=refund")
    tab.locator("#search-results .search-hit").first.wait_for()
    assert tab.evaluate("typeof window.lunr.de") == "undefined"
    assert tab.evaluate("typeof window.kbgenSearchLanguage") == "undefined"


def test_an_iri_slug_result_opens_its_page(tab, language_urls) -> None:
    first_hit(tab, language_urls["ja"], "送料")
    tab.locator("#search-results .search-hit a").first.click()
    tab.wait_for_load_state()
    assert tab.url == language_urls["ja"] + quote("配送について/送料はいくらですか/")  # sent percent-encoded
    assert tab.locator("h1").inner_text() == "送料はいくらですか？"
