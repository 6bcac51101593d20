"""The multilingual example (examples/multilingual/) in Chromium: the switcher, search in French and Japanese,
a fallback page's notice and Arabic right to left."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from kbgen.pipeline import build_site
from kbgen.util.static_host import make_server
from tests.conftest import REPO

CONTENT = REPO / "examples" / "multilingual" / "content"


@pytest.fixture(scope="module")
def example_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example, built once and served on a free loopback port."""
    output = tmp_path_factory.mktemp("multilingual") / "output"
    build_site(CONTENT, output, cache=False)
    server = make_server(output, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def search_hits(tab, url: str) -> list[tuple[str, str]]:
    """The search page's results for the query in `url`: (title, href) of each hit."""
    tab.goto(url)
    tab.locator("#search-results .search-empty, #search-results .search-hit").first.wait_for()
    links = tab.locator("#search-results .search-hit a")
    return [(links.nth(i).inner_text(), links.nth(i).get_attribute("href")) for i in range(links.count())]


def test_the_switcher_goes_to_the_same_question_in_each_locale(tab, example_url: str):
    tab.goto(example_url + "membership/benefits/")
    for tag, path, heading in [
        ("fr", "fr/membership/benefits/", "Quels sont les avantages de l’adhésion\u202f?"),
        ("ja", "ja/membership/benefits/", "会員にはどのような特典がありますか？"),
        ("en-CA", "en-ca/membership/benefits/", "What are the benefits of membership?"),
        ("en", "membership/benefits/", "What are the benefits of membership?"),
    ]:
        tab.locator("nav.locales summary").click()  # the switcher is a disclosure in the header
        tab.locator(f"nav.locales a[hreflang={tag}]").click()
        tab.wait_for_url(example_url + path)
        assert tab.locator("h1").inner_text() == heading
        assert tab.locator("html").get_attribute("lang") == tag
    tab.goto(example_url + "en-ca/membership/benefits/")
    assert "259 CAD" in tab.locator("main").inner_text()


def test_remboursement_finds_the_refund_question_on_the_french_search_page(tab, example_url: str):
    hits = search_hits(tab, example_url + "fr/search/?q=remboursement")
    title, href = hits[0]
    assert title.startswith("Puis-je obtenir un remboursement")
    assert href.endswith("pop-now/refund-after-unboxing/")
    assert tab.locator("html").get_attribute("lang") == "fr"


def test_a_french_query_finds_its_answer_through_the_french_shop_vocabulary(tab, example_url: str):
    # no French text of the example says « faux »: kbgen/data/shop_vocabulary.fr.yaml joins it to contrefaçon
    hits = search_hits(tab, example_url + "fr/search/?q=faux")
    title, href = hits[0]
    assert title.startswith("Comment vérifier l’authenticité")
    assert href.endswith("product-inquiry/authenticity/")


def test_an_arabic_query_without_the_article_finds_the_question_with_it(tab, example_url: str):
    # the question says النقاط (the points); lunr-languages' Arabic stemmer, repeated by the build, joins نقاط to it
    hits = search_hits(tab, example_url + "ar/search/?q=" + quote("نقاط"))
    title, href = hits[0]
    assert title.startswith("ما مدة صلاحية النقاط؟")
    assert href.endswith("membership/points-validity/")
    assert tab.evaluate("typeof window.lunr.ar.stemmer") == "function"


def test_a_two_character_japanese_query_finds_its_question(tab, example_url: str):
    # 配送 (delivery) stands inside 配送状況 and 配送情報 in the answer of "when will my order arrive?"
    hits = search_hits(tab, example_url + "ja/search/?q=" + quote("配送"))
    assert any(href.endswith("order-inquiry/order-arrival/") for _, href in hits[:3]), hits


def test_an_untranslated_question_shows_the_fallback_notice(tab, example_url: str):
    tab.goto(example_url + "ja/pre-order/identify-pre-order/")
    assert tab.locator(".fallback-notice").is_visible()
    assert tab.locator("h1").inner_text() == "How can I identify pre-order products?"
    tab.goto(example_url + "ja/membership/points-validity/")
    assert tab.locator(".fallback-notice").count() == 0


def test_arabic_pages_render_right_to_left(tab, example_url: str):
    tab.goto(example_url + "ar/membership/points-validity/")
    assert tab.locator("h1").inner_text() == "ما مدة صلاحية النقاط؟"
    assert tab.evaluate("getComputedStyle(document.body).direction") == "rtl"
    heading, main = tab.locator("h1").bounding_box(), tab.locator("main").bounding_box()
    assert heading is not None and main is not None
    assert abs((heading["x"] + heading["width"]) - (main["x"] + main["width"])) < 40  # starts at the right edge
