"""The look of the default theme, measured: what a shopper sees first on a phone,
the header's height, answers that open in place, the brand settings of site.yaml
and the icons, favicon and web app manifest they make.

Sideways scrolling at 320 px, 24 px targets and the home page's weight are
tests/test_frontend.py's; axe and the HTML checker run in test_a11y.py and
test_html_valid.py; the pictures themselves are compared in test_screenshots.py.
"""

from __future__ import annotations

import json
import re

import pytest

from kbgen.errors import ContentError
from kbgen.load.loader import load_help_center
from kbgen.pipeline import build_site
from kbgen.util.colour import contrast, on_dark, parse_color
from tests.conftest import page
from tests.support.pagetypes import PAGE_TYPES, REPO, by_name

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


def test_no_inline_styles_or_scripts_in_any_page(built_site) -> None:
    for path in sorted(built_site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        assert " style=" not in html, path
        for script in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in script or 'type="application/ld+json"' in script, (path, script)


# --- brand settings, icons, favicon and manifest ---


def test_brand_colour_reaches_the_page_and_manifest(built_site) -> None:
    home = page(built_site, "/")
    css = next(built_site.glob("assets/css/brand.*.css")).read_text()
    assert "--brand: #e60012" in css
    assert home.select_one('meta[name="theme-color"]')["content"] == "#e60012"
    icon = home.select_one('link[rel="icon"]')["href"]
    touch = home.select_one('link[rel="apple-touch-icon"]')["href"]
    assert (built_site / icon).is_file() and (built_site / touch).read_bytes().startswith(b"\x89PNG")
    manifest = json.loads((built_site / home.select_one('link[rel="manifest"]')["href"]).read_text())
    assert manifest["name"] == "POP MART Help Center" and manifest["theme_color"] == "#e60012"
    assert [i["sizes"] for i in manifest["icons"]] == ["any", "180x180"]
    for item in manifest["icons"]:
        assert (built_site / item["src"]).is_file()


def test_topic_cards_carry_their_icons(built_site) -> None:
    cards = page(built_site, "/").select(".topic-card")
    assert len(cards) == 11 and all(card.select_one("svg.icon[aria-hidden=true]") for card in cards)


@pytest.mark.parametrize(
    ("brand", "message"),
    [
        (
            '  color: "#ffcc00"\n',
            "site.yaml:3: 'color' #ffcc00 has a contrast of 1.51:1 with the white text it carries",
        ),
        ('  color: "#e60012"\n  accent: "#7fbfff"\n', "site.yaml:4: 'accent' #7fbfff has a contrast of"),
        ("  color: #c8102e\n", "site.yaml:3: 'color' is empty: put the colour in quotes"),
        ('  color: "red"\n', "site.yaml:3: 'color' must be a colour like \"#c8102e\", not 'red'"),
        ('  colour: "#c8102e"\n', "site.yaml:3: unknown key 'colour' (did you mean 'color'?)"),
    ],
)
def test_brand_colour_is_refused_at_its_line(make_project, brand: str, message: str) -> None:
    content = make_project({"site.yaml": "title: Test Help\nbrand:\n" + brand})
    with pytest.raises(ContentError) as caught:
        load_help_center(content)
    assert message in "\n".join(str(p) for p in caught.value.problems)


def test_logo_and_icon_files_from_the_content_folder(tmp_path, make_project) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>\n'
    content = make_project(
        {
            "site.yaml": 'title: Test Help\nlogo: images/logo.svg\nbrand:\n  color: "#0b57d0"\n',
            "images/logo.svg": svg,
            "images/orders.svg": svg,
            "sections/01-orders/_section.yaml": "title: Orders\nicon: images/orders.svg\n",
        }
    )
    output = tmp_path / "out"
    build_site(content, output)
    home = page(output, "/")
    logo = home.select_one(".brand img.brand-logo")["src"]
    assert (output / logo).read_text() == svg
    assert (output / home.select_one('link[rel="icon"]')["href"]).read_text() == svg  # the favicon is the logo
    icon = home.select_one(".topic-card img.icon")
    assert icon["alt"] == "" and (output / icon["src"]).read_text() == svg


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"sections/01-orders/_section.yaml": "title: Orders\nicon: rocket\n"},
            ":2: unknown icon 'rocket'; shipped icons: bag,",
        ),
        (
            {"sections/01-orders/_section.yaml": "title: Orders\nicon: x.gif\n"},
            ":2: 'icon' must be an .svg or .png file",
        ),
        (
            {"site.yaml": "title: T\nlogo: missing.png\n"},
            "site.yaml:2: 'logo' names 'missing.png', which is not a file",
        ),
        ({"site.yaml": "title: T\nlogo: ../up.svg\n"}, "site.yaml:2: 'logo' must be a path inside the content folder"),
        (
            {"site.yaml": "title: T\nlogo: fake.png\n", "fake.png": "not a png"},
            "site.yaml:2: 'logo' file 'fake.png' is not a PNG",
        ),
    ],
)
def test_bad_logo_or_icon_is_refused_at_its_line(make_project, files: dict, message: str) -> None:
    with pytest.raises(ContentError) as caught:
        load_help_center(make_project(files))
    assert message in "\n".join(str(p) for p in caught.value.problems)


def test_contrast_arithmetic() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert parse_color("#ABC") == "#aabbcc" and parse_color("abc") is None
    # The dark scheme's link colour is a tint of the brand that still reads on the dark page.
    assert contrast(on_dark("#e60012"), "#141417") >= 4.5


def test_a_theme_restyles_with_a_few_lines_of_css(tmp_path, make_project) -> None:
    """docs/theming.md's recipe: a theme folder holding only static/css/custom.css, linked last on every page."""
    theme = tmp_path / "my-theme"
    (theme / "static" / "css").mkdir(parents=True)
    rules = ":root { --radius: 4px; --font-sans: Georgia, serif; }\n.site-header { background: #1b1b1f; }\n"
    (theme / "static" / "css" / "custom.css").write_text(rules)
    output = tmp_path / "out"
    build_site(make_project(), output, theme_dir=theme)
    for url in ("/", "/orders/", "/orders/cancel/", "/search/"):  # the minimal project has no carriers: no /track/
        sheets = [link["href"] for link in page(output, url).select('link[rel="stylesheet"]')]
        assert "custom." in sheets[-1], (url, sheets)
        assert (output / url.lstrip("/") / sheets[-1]).resolve().read_text() == rules


def test_a_theme_base_head_reaches_pages_with_their_own_head(tmp_path) -> None:
    """docs/theming.md's template recipe: what a theme's base.html puts in `head` stays on the search and
    track pages, which add their own lines to that block."""
    theme = tmp_path / "my-theme"
    (theme / "templates").mkdir(parents=True)
    (theme / "templates" / "base.html").write_text(
        '{% extends "default/base.html" %}\n{% block head %}<meta name="x-theme" content="mine">{% endblock %}\n'
    )
    output = tmp_path / "out"
    build_site(REPO / "content", output, theme_dir=theme)
    for url in ("/", "/membership/", "/search/", "/track/"):
        assert page(output, url).select_one('meta[name="x-theme"]'), url
    assert page(output, "/search/").select_one('link[rel="preload"][as="fetch"]')
    assert any("track." in link["href"] for link in page(output, "/track/").select('link[rel="stylesheet"]'))


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
