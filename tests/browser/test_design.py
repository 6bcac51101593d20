"""The look of the default theme, measured: what a shopper sees first on a phone,
the header's height, answers that open in place, the brand settings of site.yaml
and the icons, favicon and web app manifest they make.

Sideways scrolling at 320 px, 24 px targets and the home page's weight are
tests/browser/test_frontend.py's; axe and the HTML checker run in test_a11y.py and
test_html_valid.py; the pictures themselves are compared in test_screenshots.py.
"""

from __future__ import annotations

import pytest

from kbgen.pipeline import build_site
from tests.support.pagetypes import PAGE_TYPES, by_name

PHONE = {"width": 375, "height": 812}
#: How far down a phone's screen "right away" reaches.
TOP = 300


def open_phone(browser, site_url: str, url: str, javascript: bool = True, width: int = 375):
    context = browser.new_context(viewport={**PHONE, "width": width}, java_script_enabled=javascript)
    tab = context.new_page()
    tab.goto(site_url + url)
    return context, tab


def boxes(tab, selector: str) -> list[dict]:
    return tab.evaluate(
        """(selector) => [...document.querySelectorAll(selector)].map(el => {
             const box = el.getBoundingClientRect();
             return {top: box.top, bottom: box.bottom, height: box.height, width: box.width};
           })""",
        selector,
    )


# --- what a shopper sees without scrolling, at 375 x 812 ---


def test_home_shows_the_search_and_four_topics_first(browser, site_url: str) -> None:
    context, tab = open_phone(browser, site_url, "")
    search = boxes(tab, "#home-search")[0]
    assert search["top"] < TOP and search["bottom"] <= TOP + 60, search
    whole = [card for card in boxes(tab, ".topic-card") if card["bottom"] <= PHONE["height"]]
    assert len(whole) >= 4, f"{len(whole)} topic cards fully on the first screen"
    # The header names the site; the page's one h1 asks the shopper's question instead.
    title = tab.locator(".brand-name").inner_text()
    assert [h.strip() for h in tab.locator("h1").all_inner_texts()] == ["How can we help?"]
    assert title not in tab.locator("main").inner_text().split("\n")[0]
    context.close()


def test_section_page_lists_six_questions_first(browser, site_url: str) -> None:
    context, tab = open_phone(browser, site_url, "membership/")
    titles = [box for box in boxes(tab, "article.qa summary") if box["bottom"] <= PHONE["height"]]
    assert len(titles) >= 6, f"only {len(titles)} question titles on the first screen"
    # The section's notice (its former introduction) is a few lines, whole.
    assert tab.get_by_role("note").bounding_box()["height"] < 200
    context.close()


def test_question_page_shows_the_answer_first(browser, site_url: str) -> None:
    context, tab = open_phone(browser, site_url, by_name("question").url)
    first = tab.evaluate(
        """() => {
             const range = document.createRange();
             range.selectNodeContents(document.querySelector('.qa-page .prose'));
             return range.getClientRects()[0].top;
           }"""
    )
    assert first < TOP, f"the answer's first line starts at {first}px"
    context.close()


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda p: p.name)
def test_header_is_one_compact_row_on_a_phone(browser, site_url: str, page_type) -> None:
    for width in (320, PHONE["width"]):
        context = browser.new_context(viewport={**PHONE, "width": width})
        tab = context.new_page()
        page_type.open(tab, site_url)
        header = tab.locator(".site-header").bounding_box()
        assert header["height"] <= 64, f"{page_type.name} at {width}px: header {header['height']}px"
        # The site's name is whole (on two lines if need be), not cut off by an ellipsis.
        name = tab.locator(".brand-name").evaluate(
            "n => [n.scrollWidth, n.clientWidth, n.scrollHeight, n.clientHeight]"
        )
        assert name[0] <= name[1] and name[2] <= name[3], f"{page_type.name} at {width}px: the name is cut: {name}"
        # Search is one tap away: the search page from the header (its own box on the home and search pages).
        link = tab.locator(".header-search-link")
        assert link.is_visible() and link.get_attribute("href").endswith("search/")
        context.close()


def test_header_search_box_on_a_desktop(browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.goto(site_url + "membership/")
    assert tab.locator("#site-search").is_visible()
    assert not tab.locator(".header-search-link").is_visible()
    assert tab.locator(".site-header").bounding_box()["height"] <= 72
    context.close()


# --- answers in place, anchors, the small layout promises ---


def test_a_linked_question_opens_on_its_section_page(browser, site_url: str) -> None:
    context, tab = open_phone(browser, site_url, "membership/#points-validity")
    answer = tab.locator("#points-validity .prose")
    answer.wait_for(state="visible")
    assert "365 days" in answer.inner_text()
    box = tab.locator("#points-validity").bounding_box()
    assert 0 <= box["y"] < TOP, "the linked question is scrolled into view"
    # The other answers stay closed.
    assert not tab.locator("#benefits .prose").is_visible()
    tab.evaluate("location.hash = '#benefits'")
    tab.locator("#benefits .prose").wait_for(state="visible")
    context.close()


def test_footer_sits_at_the_bottom_of_a_short_page(browser, tmp_path, make_project) -> None:
    output = tmp_path / "out"
    build_site(make_project(), output)
    context = browser.new_context(viewport={"width": 1280, "height": 1100})
    tab = context.new_page()
    tab.goto((output / "orders" / "cancel" / "index.html").as_uri())
    assert tab.evaluate("document.documentElement.scrollHeight") <= 1100  # a short page: no scrolling
    bottom = tab.evaluate("document.querySelector('.site-footer').getBoundingClientRect().bottom")
    assert bottom == pytest.approx(1100, abs=1)
    context.close()


def test_carrier_table_reads_as_cards_at_320(browser, site_url: str) -> None:
    context, tab = open_phone(browser, site_url, "track/", width=320)
    cells = boxes(tab, ".track-table td, .track-table tbody th")
    assert cells and all(cell["width"] > 0 for cell in cells)
    right = tab.evaluate(
        "Math.max(...[...document.querySelectorAll('.track-table td')].map(td => td.getBoundingClientRect().right))"
    )
    assert right <= 320
    label = tab.evaluate("getComputedStyle(document.querySelector('.track-table td'), '::before').content")
    assert label == '"Starts with"'
    context.close()


def test_carrier_result_action_is_a_button_and_apostrophes_curl(browser, site_url: str) -> None:
    context, tab = open_phone(browser, site_url, by_name("track-match").url)
    action = tab.locator("#track-result a.button")
    action.wait_for()
    assert action.inner_text() == "Track on UPS" and action.bounding_box()["height"] >= 44
    tab.goto(site_url + by_name("track-nomatch").url)
    text = tab.locator("#track-result .track-nomatch").inner_text()
    assert "We couldn’t find" in text and "'" not in text
    context.close()


def test_popular_question_bullets_sit_on_the_first_line(browser, site_url: str) -> None:
    context, tab = open_phone(browser, site_url, "search/?q=xylophone", width=320)
    tab.locator(".search-empty li a").first.wait_for()
    lines = tab.evaluate(
        """() => [...document.querySelectorAll('.search-empty li')].map(li => ({
             rects: li.querySelector('a').getClientRects().length,
             tall: li.getBoundingClientRect().height > 30,
             display: getComputedStyle(li.querySelector('a')).display}))"""
    )
    # A wrapped title flows as text (one box per line), so the marker stays on its first line.
    assert any(line["tall"] for line in lines), "no title wraps at 320px: the check would prove nothing"
    assert all(line["rects"] > 1 for line in lines if line["tall"]), lines
    context.close()


def test_long_urls_wrap_in_answers(tmp_path, browser, make_project) -> None:
    url = "https://example.org/" + "a-very-long-path-segment-without-any-break" * 3
    content = make_project({"sections/01-orders/01-cancel.md": f"---\nquestion: How do I cancel?\n---\nSee {url}.\n"})
    output = tmp_path / "out"
    build_site(content, output)
    context = browser.new_context(viewport={"width": 320, "height": 700})
    tab = context.new_page()
    tab.goto((output / "orders" / "cancel" / "index.html").as_uri())
    assert tab.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


# --- brand settings, icons, favicon and manifest ---


def test_print_opens_every_answer(browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 800, "height": 1000})
    tab = context.new_page()
    tab.goto(site_url + "membership/")
    assert not tab.locator("#points-validity .prose").is_visible()
    tab.emulate_media(media="print")
    answers = tab.locator("article.qa .prose")
    assert all(answers.nth(i).is_visible() for i in range(answers.count()))
    assert tab.get_by_role("note").is_visible()  # the section's notice
    context.close()
