"""Structured data on built pages: descriptions and Open Graph on every page, breadcrumbs and FAQ JSON-LD."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from kbgen.load.loader import load_help_center
from kbgen.pipeline import build_site
from tests.conftest import CONTENT, page
from tests.integration.test_html_valid import html_pages


def json_ld(soup, kind: str) -> list[dict]:
    blocks = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    return [b for b in blocks if b["@type"] == kind]


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


BASE = "https://help.example.com/faq/"


@pytest.fixture(scope="module")
def based_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("based-meta") / "output"
    build_site(CONTENT, output, base_url=BASE)
    return output


def meta(soup, **attrs) -> str | None:
    tag = soup.find("meta", attrs=attrs)
    return tag["content"] if tag else None


def test_canonical_and_og_url_with_base_url(based_site: Path) -> None:
    for url in ("/", "/membership/", "/membership/points-validity/", "/track/", "/search/"):
        soup = page(based_site, url)
        expected = BASE + url.lstrip("/")
        assert soup.find("link", rel="canonical")["href"] == expected
        assert meta(soup, property="og:url") == expected
