"""The page around the answer (issue 21): on a phone the answer starts in the first screen of
every question, the header's search opens without breaking its row, lists of questions are
44 px rows in the text colour, and the track page's box comes first and says what to type.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kbgen.pipeline import build_site
from kbgen.util.static_host import make_server
from tests.conftest import CONTENT, page

PHONE = {"width": 375, "height": 812}
#: How far down a 375 x 812 screen the answer of any question may start.
ANSWER_TOP = 220


def question_urls(site: Path) -> list[str]:
    """Every question page of the built site, as site URLs."""
    urls = []
    for index in sorted(site.glob("*/*/index.html")):
        url = index.parent.relative_to(site).as_posix() + "/"
        if page(site, url).select_one("article.qa-page"):
            urls.append(url)
    return urls


def test_the_answer_starts_in_the_first_screen_of_every_question(browser, built_site: Path, site_url: str) -> None:
    urls = question_urls(built_site)
    assert len(urls) >= 20
    longest = max(urls, key=lambda url: len(page(built_site, url).h1.get_text()))
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    tops = {}
    try:
        for url in urls:
            tab.goto(site_url + url)
            tops[url] = tab.evaluate(
                "document.querySelector('.qa-page .prose').getBoundingClientRect().top + window.scrollY"
            )
        # on a phone the trail is one link back to the section
        tab.goto(site_url + longest)
        shown = tab.locator(".breadcrumbs a:visible, .breadcrumbs [aria-current]:visible")
        assert shown.count() == 1
        assert shown.first.get_attribute("href").endswith(longest.split("/")[0] + "/")
        arrow = tab.evaluate(
            "getComputedStyle(document.querySelector('.breadcrumbs li:nth-last-child(2)'), '::before').content"
        )
        assert arrow == '"‹"', arrow
        size = tab.evaluate("parseFloat(getComputedStyle(document.querySelector('.qa-page h1')).fontSize)")
        assert size <= 24
    finally:
        context.close()
    late = {url: top for url, top in tops.items() if top > ANSWER_TOP}
    assert not late, f"answers starting below {ANSWER_TOP} px: {late}"
    assert tops[longest] <= ANSWER_TOP


def test_the_full_trail_stays_on_wide_screens(browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    try:
        tab.goto(site_url + "common-logistics-providers/contact-your-carrier/")
        assert tab.locator(".breadcrumbs li:visible").count() == 3
    finally:
        context.close()


def row_of(tab, selector: str) -> list[tuple[float, float]]:
    """(top, bottom) of each element matching `selector` that takes room."""
    return tab.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
             .map(el => el.getBoundingClientRect()).filter(box => box.width > 0)
             .map(box => [box.top, box.bottom])""",
        selector,
    )


@pytest.mark.parametrize("url", ["product-inquiry/blind-box/", "membership/", "track/"])
def test_the_phone_search_opens_without_breaking_the_header(tab, site_url: str, url: str) -> None:
    tab.goto(site_url + url)
    header = tab.locator(".site-header")
    closed = header.bounding_box()["height"]
    tab.locator(".header-search-link").click()
    field = tab.locator(".site-header .search-input")
    field.wait_for(state="visible")
    assert tab.evaluate("document.activeElement.classList.contains('search-input')")
    # the brand, the search link and the icon links keep one row; the field takes the row under it
    row = row_of(tab, ".site-header .brand, .header-search-link, .site-nav a")
    assert len(row) >= 3
    middles = [(top + bottom) / 2 for top, bottom in row]
    assert max(middles) - min(middles) < 4, row
    assert field.bounding_box()["y"] >= max(bottom for _, bottom in row) - 1
    assert field.bounding_box()["width"] > 375 * 0.6
    # a filled button that stands out from the header it sits on
    colours = tab.evaluate(
        """() => [getComputedStyle(document.querySelector('.site-header')).backgroundColor,
                  getComputedStyle(document.querySelector('.site-header .search-submit')).backgroundColor]"""
    )
    assert colours[1] not in (colours[0], "rgba(0, 0, 0, 0)"), colours
    # closed again with Escape, the header is its old height
    tab.keyboard.press("Escape")
    assert abs(header.bounding_box()["height"] - closed) < 1


def test_lists_of_questions_are_44px_rows_in_the_text_colour(tab, site_url: str) -> None:
    tab.goto(site_url)
    rows = tab.locator(".link-list a")
    assert rows.count() > 3
    heights = tab.evaluate("[...document.querySelectorAll('.link-list a')].map(a => a.getBoundingClientRect().height)")
    assert min(heights) >= 44
    colours = tab.evaluate(
        """() => [getComputedStyle(document.body).color,
                  getComputedStyle(document.querySelector('.link-list a')).color]"""
    )
    assert colours[0] == colours[1]


def test_the_track_box_comes_first_and_an_empty_submit_says_what_to_type(browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    try:
        tab.goto(site_url + "track/")
        box = tab.locator("#tracking-number").bounding_box()
        assert box["y"] + box["height"] < 320
        # no placeholder box before there is a result
        assert tab.locator("#track-result").bounding_box()["height"] == 0
        message = tab.locator("#tracking-number-empty")
        assert message.is_hidden()
        tab.locator(".track-button").click()
        message.wait_for(state="visible")
        assert "tracking number" in message.inner_text()
        assert tab.locator("#tracking-number").get_attribute("aria-invalid") == "true"
        assert "tracking-number-empty" in tab.locator("#tracking-number").get_attribute("aria-describedby")
        assert tab.evaluate("document.activeElement.id") == "tracking-number"
        tab.locator("#tracking-number").fill("1Z999AA10123456784")
        assert message.is_hidden()
        assert tab.locator("#tracking-number").get_attribute("aria-invalid") is None
        tab.locator("#track-result .track-match").wait_for()
    finally:
        context.close()


#: The partials as their owners fill them, reduced to the markup contract of the brief.
FILLED_PARTIALS = {
    "feedback.html": '<section class="card feedback" aria-labelledby="fb"><h2 id="fb">Was this helpful?</h2>'
    '<p><button type="button">Yes</button> <button type="button">No</button></p></section>',
    "related.html": '<section class="related" aria-labelledby="rel"><h2 id="rel">Related questions</h2><ul class="link-list">'
    "{% for other in section.questions[:4] if other.slug != question.slug %}"
    '<li><a href="../{{ other.slug }}/">{{ other.question }}</a></li>{% endfor %}</ul></section>',
    "help.html": '<section class="card help" aria-labelledby="help"><h2 id="help">Still need help?</h2>'
    '<p><a class="button" href="mailto:help@example.org">Email us</a></p></section>',
    "in_section.html": '{% if question is defined %}<nav class="in-section" aria-labelledby="ins"><h2 id="ins">In this section</h2>'
    '<ul class="link-list">{% for other in section.questions if other.slug != question.slug %}'
    '<li><a href="../{{ other.slug }}/">{{ other.question }}</a></li>{% endfor %}</ul></nav>{% endif %}',
}


@pytest.fixture(scope="module")
def filled_site_url(tmp_path_factory: pytest.TempPathFactory):
    """The shipped site built with the journeys' partials filled as the contract says."""
    root = tmp_path_factory.mktemp("filled")
    partials = root / "theme" / "templates" / "partials"
    partials.mkdir(parents=True)
    for name, text in FILLED_PARTIALS.items():
        (partials / name).write_text(text, encoding="utf-8")
    build_site(CONTENT, root / "site", theme_dir=root / "theme")
    server = make_server(root / "site", port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


QUESTION = "product-inquiry/blind-box/"


def tops(tab, *selectors: str) -> list[float]:
    return [tab.locator(selector).bounding_box()["y"] for selector in selectors]


def test_after_the_answer_come_feedback_related_and_help_once_on_a_phone(browser, filled_site_url: str) -> None:
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    try:
        tab.goto(filled_site_url + QUESTION)
        order = tops(tab, ".qa-page .prose", ".feedback", ".related", ".help")
        assert order == sorted(order), order
        assert tab.locator(".help").count() == 1
        assert tab.locator(".qa-page .prose").bounding_box()["y"] <= ANSWER_TOP
        heights = tab.evaluate(
            "[...document.querySelectorAll('.related .link-list a')].map(a => a.getBoundingClientRect().height)"
        )
        assert heights and min(heights) >= 44
    finally:
        context.close()


def test_at_1280px_the_right_third_holds_a_sticky_aside(browser, filled_site_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    try:
        tab.goto(filled_site_url + QUESTION)
        answer = tab.locator(".qa-page").bounding_box()
        aside = tab.locator(".qa-aside").bounding_box()
        assert aside["x"] >= answer["x"] + answer["width"]
        assert aside["x"] >= 1280 * 0.6 and aside["x"] + aside["width"] <= 1280
        assert aside["y"] < answer["y"] + 100  # beside the answer, not under it
        in_section, help_card = tops(tab, ".qa-aside .in-section", ".qa-aside .help")
        assert in_section < help_card
        assert tab.evaluate("getComputedStyle(document.querySelector('.qa-aside')).position") == "sticky"
        # it stays in view as the page scrolls
        tab.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        assert tab.locator(".qa-aside").bounding_box()["y"] >= 0
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_the_filled_layout_passes_axe(browser, filled_site_url: str, width: int, scheme: str) -> None:
    from tests.browser.test_a11y import AXE, AXE_TAGS, RUN_AXE

    # bypass_csp lets the test inject axe (as in test_a11y.py)
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme, bypass_csp=True)
    tab = context.new_page()
    try:
        for url in (QUESTION, "", "track/?number=1Z999AA10123456784"):
            tab.goto(filled_site_url + url)
            tab.add_script_tag(content=AXE.read_text(encoding="utf-8"))
            found = tab.evaluate(RUN_AXE, ["tag", AXE_TAGS])
            serious = [v for v in found if v["impact"] in ("serious", "critical")]
            assert not serious, f"{url or 'home'} at {width} px ({scheme}): {serious}"
    finally:
        context.close()
