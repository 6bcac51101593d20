"""A help center in en, fr and ar, in Chromium: the switcher goes to the same question, a fallback page shows its
notice, ar renders right to left, and the French search page finds the French answer in its own index."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kbgen.load.locales import source_hash
from kbgen.pipeline import build_site
from kbgen.util.static_host import make_server

REFUND = "---\nquestion: How do I get a refund?\n---\nStart a return from your order page; the money goes back to your card.\n"
POINTS = "---\nquestion: When do my points expire?\n---\nPoints last twelve months.\n"
FILES = {
    "site.yaml": "title: Help\nlanguage: en\ncontact:\n  email: help@example.org\nlocales:\n"
    "  - tag: fr\n    title: Aide\n  - tag: ar\n",
    "sections/01-orders/_section.yaml": "title: Orders\n",
    "sections/01-orders/_section.fr.yaml": "title: Commandes\n",
    "sections/01-orders/01-refund.md": REFUND,
    "sections/01-orders/01-refund.fr.md": "---\nquestion: Comment obtenir un remboursement ?\nslug: remboursement\n"
    f'source_hash: "{source_hash(REFUND.encode())}"\n---\n'
    "Demandez le remboursement depuis la page de votre commande ; l'argent revient sur votre carte.\n",
    "sections/01-orders/02-points.md": POINTS,
    "sections/01-orders/02-points.ar.md": "---\nquestion: متى تنتهي صلاحية نقاطي؟\n"
    f'source_hash: "{source_hash(POINTS.encode())}"\n---\nتبقى النقاط صالحة لمدة اثني عشر شهرًا.\n',
}


@pytest.fixture(scope="module")
def locales_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("locales")
    for name, text in FILES.items():
        (root / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / name).write_text(text, encoding="utf-8")
    build_site(root / "content", root / "out", cache=False)
    server = make_server(Path(root / "out"), port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_the_switcher_goes_to_the_same_question(tab, locales_url: str) -> None:
    tab.goto(locales_url + "orders/refund/")
    tab.locator("nav.locales summary").click()  # the switcher opens in place
    tab.locator("nav.locales a[hreflang=fr]").click()
    tab.wait_for_url("**/fr/orders/remboursement/")
    assert tab.locator("h1").inner_text() == "Comment obtenir un remboursement ?"
    assert tab.locator("html").get_attribute("lang") == "fr"
    assert tab.locator("nav.locales summary").inner_text() == "français"
    tab.locator("nav.locales summary").click()
    tab.locator("nav.locales a[hreflang=en]").click()
    tab.wait_for_url("**/orders/refund/")
    assert tab.locator("h1").inner_text() == "How do I get a refund?"


def test_a_fallback_page_shows_its_notice(tab, locales_url: str) -> None:
    tab.goto(locales_url + "fr/orders/points/")
    notice = tab.locator(".fallback-notice")
    assert notice.is_visible()
    assert "pas encore traduite" in notice.inner_text()  # in the locale's own words
    assert tab.locator("article").get_attribute("lang") == "en"
    tab.goto(locales_url + "fr/orders/remboursement/")
    assert tab.locator(".fallback-notice").count() == 0


def test_arabic_renders_right_to_left(tab, locales_url: str) -> None:
    tab.goto(locales_url + "ar/orders/refund/")  # shown from English: the answer keeps its own direction
    assert tab.evaluate("getComputedStyle(document.querySelector('article')).direction") == "ltr"
    assert tab.evaluate("getComputedStyle(document.querySelector('.fallback-notice')).direction") == "rtl"
    tab.goto(locales_url + "ar/orders/points/")
    assert tab.evaluate("getComputedStyle(document.querySelector('h1')).direction") == "rtl"
    assert tab.evaluate("getComputedStyle(document.body).direction") == "rtl"
    heading = tab.locator("h1").bounding_box()
    main = tab.locator("main").bounding_box()
    # right to left: the heading's text starts at the right edge of the main column
    assert heading is not None and main is not None
    assert abs((heading["x"] + heading["width"]) - (main["x"] + main["width"])) < 40
    tab.goto(locales_url + "orders/points/")
    assert tab.evaluate("getComputedStyle(document.body).direction") == "ltr"


def test_a_french_query_finds_the_french_answer(tab, locales_url: str) -> None:
    tab.goto(locales_url + "fr/search/?q=remboursement")
    hits = tab.locator("#search-results .search-hit a")
    hits.first.wait_for()
    assert hits.first.inner_text().startswith("Comment obtenir un remboursement ?")
    assert hits.first.get_attribute("href").endswith("orders/remboursement/")
    tab.goto(locales_url + "search/?q=remboursement")  # the English page searches the English index only
    tab.locator("#search-results .search-empty").wait_for()


def test_a_fallback_result_is_marked_with_its_language(tab, locales_url: str) -> None:
    tab.goto(locales_url + "fr/search/?q=points")
    hit = tab.locator("#search-results .search-hit a").first
    hit.wait_for()
    assert hit.get_attribute("href").endswith("orders/points/")
    assert "search-hit-fallback" in (hit.get_attribute("class") or "")
    assert hit.locator(".search-hit-lang").inner_text().lower() == "en"
    assert hit.locator(".search-hit-title").get_attribute("lang") == "en"
    tab.goto(locales_url + "fr/search/?q=remboursement")  # a translated question carries no mark
    tab.locator("#search-results .search-hit a").first.wait_for()
    assert tab.locator("#search-results .search-hit-lang").count() == 0


@pytest.mark.parametrize("url", ["fr/orders/points/", "ar/orders/points/", "fr/search/?q=points", "orders/refund/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_on_a_locales_pages(browser, locales_url: str, url: str, scheme: str) -> None:
    from tests.browser.test_a11y import AXE, AXE_TAGS, DARK_RULES, RUN_AXE

    # bypass_csp lets the test inject axe, as tests/browser/test_a11y.py does
    context = browser.new_context(viewport={"width": 375, "height": 812}, color_scheme=scheme, bypass_csp=True)
    tab = context.new_page()
    try:
        tab.goto(locales_url + url)
        if "search" in url:
            tab.locator("#search-results .search-hit-lang").first.wait_for()
        tab.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        found = tab.evaluate(RUN_AXE, ["tag", AXE_TAGS] if scheme == "light" else ["rule", DARK_RULES])
    finally:
        context.close()
    assert [f for f in found if f["impact"] in ("serious", "critical")] == [], found
