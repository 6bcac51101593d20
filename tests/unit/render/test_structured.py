"""Machine-readable page data: meta description, canonical URL, Open Graph,
BreadcrumbList and FAQPage JSON-LD (each question marked up once, on its section page)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from kbgen.load.loader import load_help_center
from kbgen.pipeline import build_site
from kbgen.render.outline import nest_headings
from kbgen.render.structured import answer_html, describe, script_json
from tests.conftest import CONTENT, page
from tests.integration.test_html_valid import html_pages

BASE = "https://help.example.com/faq/"


@pytest.fixture(scope="module")
def based_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("based-meta") / "output"
    build_site(CONTENT, output, base_url=BASE)
    return output


def json_ld(soup, kind: str) -> list[dict]:
    blocks = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    return [b for b in blocks if b["@type"] == kind]


def meta(soup, **attrs) -> str | None:
    tag = soup.find("meta", attrs=attrs)
    return tag["content"] if tag else None


def test_describe_cuts_at_a_word() -> None:
    assert describe("<p>Short.</p>") == "Short."
    text = describe("<p>" + "word " * 60 + "</p><ul><li>x</li></ul>")
    assert len(text) <= 160 and text.endswith("word…")
    assert describe("<ol><li>One</li><li>Two</li></ol>") == "One Two"
    assert describe("", "fallback") == "fallback"


def test_answer_html_keeps_only_what_google_reads() -> None:
    html = '<p>See <a href="https://x.org/" rel="noopener">x</a> <code>A1</code></p><table><tr><td>a</td><td>b</td></tr></table>'
    assert answer_html(html) == '<p>See <a href="https://x.org/">x</a> A1</p> a b'


def test_script_json_cannot_close_its_script() -> None:
    assert str(script_json({"a": "</script><b>&"})) == '{"a":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}'


def test_nest_headings() -> None:
    assert nest_headings("<h3>a</h3><p>x</p><h4 id=b>b</h4>", 1) == "<h2>a</h2><p>x</p><h3 id=b>b</h3>"
    assert nest_headings("<h1>a</h1>", 2) == "<h3>a</h3>"
    assert nest_headings("<h5>a</h5><h6>b</h6>", 4) == "<h5>a</h5><h6>b</h6>"
    assert nest_headings("<p><hr></p>", 1) == "<p><hr></p>"


def test_every_page_has_description_and_open_graph(built_site: Path) -> None:
    for path in html_pages(built_site):
        soup = page(built_site, "/" + path.relative_to(built_site).as_posix())
        description = meta(soup, name="description")
        assert description and len(description) <= 200, path
        assert meta(soup, property="og:description") == description, path
        assert meta(soup, property="og:title"), path
        assert meta(soup, property="og:site_name") == "POP MART Help Center", path
        assert meta(soup, property="og:type") in ("website", "article"), path
        assert soup.find("link", rel="canonical") is None, "no canonical URL without a base URL"
        assert meta(soup, property="og:url") is None


def test_descriptions_differ_per_page(built_site: Path) -> None:
    question = page(built_site, "/membership/points-validity/")
    assert meta(question, name="description") == "Points are valid for 365 days and cannot be restored once expired."
    assert meta(question, property="og:title") == "How long are the points valid for?"
    assert meta(question, property="og:type") == "article"
    section = page(built_site, "/membership/")
    assert meta(section, name="description") == "Member benefits, free shipping, points and managing your account."
    home = page(built_site, "/")
    assert home.title.get_text() == "POP MART Help Center"
    assert meta(home, property="og:title") == "POP MART Help Center"
    assert "carrier" in meta(page(built_site, "/track/"), name="description")


def test_canonical_and_og_url_with_base_url(based_site: Path) -> None:
    for url in ("/", "/membership/", "/membership/points-validity/", "/track/", "/search/"):
        soup = page(based_site, url)
        expected = BASE + url.lstrip("/")
        assert soup.find("link", rel="canonical")["href"] == expected
        assert meta(soup, property="og:url") == expected


def test_breadcrumb_list(built_site: Path, based_site: Path) -> None:
    [crumbs] = json_ld(page(based_site, "/membership/points-validity/"), "BreadcrumbList")
    assert [(i["position"], i["name"], i["item"]) for i in crumbs["itemListElement"]] == [
        (1, "Help Center", BASE),
        (2, "POP MART Membership", BASE + "membership/"),
        (3, "How long are the points valid for?", BASE + "membership/points-validity/"),
    ]
    [crumbs] = json_ld(page(built_site, "/membership/"), "BreadcrumbList")
    assert [i["item"] for i in crumbs["itemListElement"]] == ["../", "../membership/"]
    assert json_ld(page(built_site, "/"), "BreadcrumbList") == []


def test_faq_page_marks_each_question_once(built_site: Path, based_site: Path) -> None:
    hc, _ = load_help_center(CONTENT)
    seen: Counter[str] = Counter()
    for path in html_pages(based_site):
        for faq in json_ld(page(based_site, "/" + path.relative_to(based_site).as_posix()), "FAQPage"):
            assert path.parent.parent == based_site, f"FAQPage outside a section page: {path}"
            seen.update(q["url"] for q in faq["mainEntity"])
    expected = {f"{BASE}{s.slug}/{q.slug}/" for s in hc.sections for q in s.questions}
    assert set(seen) == expected and set(seen.values()) == {1}

    [faq] = json_ld(page(based_site, "/membership/"), "FAQPage")
    first = faq["mainEntity"][0]
    assert first["name"] == "What are the benefits of membership?"
    assert first["acceptedAnswer"]["text"].startswith("<p>As a POP member, you enjoy several exclusive benefits:</p>")
    assert "<li>For Orders in Canada: Free shipping on orders over 259 CAD.</li>" in first["acceptedAnswer"]["text"]
    [faq] = json_ld(page(based_site, "/order-inquiry/"), "FAQPage")
    texts = " ".join(q["acceptedAnswer"]["text"] for q in faq["mainEntity"])
    assert f'href="{BASE}common-logistics-providers/contact-your-carrier/"' in texts
    [faq] = json_ld(page(built_site, "/order-inquiry/"), "FAQPage")
    texts = " ".join(q["acceptedAnswer"]["text"] for q in faq["mainEntity"])
    assert 'href="../common-logistics-providers/contact-your-carrier/"' in texts
