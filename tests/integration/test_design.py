"""The design without a browser: brand colours and their contrast checked at their line, logo and icon files, a theme's own CSS and head, no inline styles or scripts."""

from __future__ import annotations

import json
import re

import pytest

from kbgen.errors import ContentError
from kbgen.load.loader import load_help_center
from kbgen.pipeline import build_site
from kbgen.util.colour import contrast, on_dark, parse_color
from tests.conftest import page
from tests.support.pagetypes import REPO


def test_no_inline_styles_or_scripts_in_any_page(built_site) -> None:
    for path in sorted(built_site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        assert " style=" not in html, path
        for script in re.findall(r"<script\b[^>]*>", html):
            # JSON blocks are data the browser never runs: structured data, and the scripts' words (partials/words.html)
            data = 'type="application/ld+json"' in script or script == '<script type="application/json" id="kb-words">'
            assert "src=" in script or data, (path, script)


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
