"""Building the shipped content: every page there, every link resolving, deterministic, atomic."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from kbgen.errors import ContentError, KbgenError
from kbgen.load.loader import load_help_center
from kbgen.pipeline import build_site
from tests.conftest import CONTENT, page


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_every_question_has_a_page(built_site: Path) -> None:
    hc, _ = load_help_center(CONTENT)
    assert len(hc.sections) == 11
    assert sum(len(s.questions) for s in hc.sections) == 29
    for section in hc.sections:
        soup = page(built_site, f"/{section.slug}/")
        assert soup.h1.get_text(strip=True) == section.title
        for question in section.questions:
            assert soup.find(id=question.slug) is not None
            q_page = page(built_site, f"/{section.slug}/{question.slug}/")
            assert q_page.h1.get_text(strip=True) == question.question
            crumbs = [a.get_text(strip=True) for a in q_page.select(".breadcrumbs li")]
            assert crumbs == ["Help Center", section.title, question.question]


def test_home_lists_sections_with_counts(built_site: Path) -> None:
    soup = page(built_site, "/")
    cards = soup.select(".topic-grid .topic-card")
    titles = [c.h3.get_text(strip=True) for c in cards]
    assert titles[0] == "POP MART Membership"
    assert "8 questions" in cards[0].get_text()
    assert soup.select_one("form[role=search] input[name=q]") is not None
    assert soup.select_one('a[href="track/"]') is not None
    assert soup.select_one('a[href="mailto:na.support@popmart.com"]') is not None


def test_every_internal_link_resolves(built_site: Path) -> None:
    pages = [p for p in built_site.rglob("*.html") if p.name != "404.html"]
    assert len(pages) >= 29 + 11 + 3
    checked = 0
    for html in pages:
        rel = html.relative_to(built_site).as_posix()
        soup = page(built_site, "/" + rel)
        base = "http://site/" + rel
        for tag in soup.find_all(["a", "link", "script"]):
            ref = tag.get("href") or tag.get("src")
            if not ref or ref.startswith(("mailto:", "tel:", "http://", "https://")):
                continue
            target = urlsplit(urljoin(base, ref))
            path = built_site / target.path.lstrip("/")
            if target.path.endswith("/"):
                path = path / "index.html"
            assert path.is_file(), f"{rel}: broken link {ref}"
            if target.fragment:
                assert page(built_site, target.path).find(id=target.fragment), f"{rel}: missing anchor {ref}"
            checked += 1
    assert checked > 500


def test_seed_details_survive(built_site: Path) -> None:
    membership = page(built_site, "/membership/")
    assert "Apple Wallet" in membership.select_one(".notice").get_text()
    authenticity = page(built_site, "/product-inquiry/authenticity/")
    text = authenticity.select_one(".prose").get_text()
    assert "👉" in text and "✅" in text
    assert authenticity.select_one('.prose a[href="https://m-gss.popmart.com/1117#/pages/country"]')
    assert len(authenticity.select(".prose ol > li")) == 4
    address = page(built_site, "/order-inquiry/change-address/")
    link = address.select_one('.prose a[href="../../common-logistics-providers/contact-your-carrier/"]')
    assert link is not None


def test_sitemap_and_robots(built_site: Path, tmp_path: Path) -> None:
    assert not (built_site / "sitemap.xml").exists()  # no base URL: a sitemap of relative URLs is not allowed
    assert (built_site / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    build_site(CONTENT, tmp_path / "out", base_url="https://example.org/help/")
    sitemap = (tmp_path / "out" / "sitemap.xml").read_text()
    assert sitemap.count("<url>") == sitemap.count("<loc>https://example.org/help/") == 1 + 11 + 29 + 2
    assert "Sitemap: https://example.org/help/sitemap.xml" in (tmp_path / "out" / "robots.txt").read_text()
    assert (built_site / "404.html").is_file()


def test_search_index_covers_every_question(built_site: Path) -> None:
    index_file = built_site / "search" / "index.json"
    data = json.loads(index_file.read_text(encoding="utf-8"))
    hc, _ = load_help_center(CONTENT)
    titles = {doc[2] for doc in data["docs"]}
    for section in hc.sections:
        for question in section.questions:
            assert question.question in titles
    home = page(built_site, "/")
    assert home.body["data-search-index"] == "search/index.json"  # a stable URL: pages do not change with the index
    assert home.body["data-search-parts"] == "assets/search/"


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    build_site(CONTENT, tmp_path / "a")
    build_site(CONTENT, tmp_path / "b")
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")


def test_failed_build_leaves_output_untouched(shipped_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    build_site(shipped_copy, output)
    before = tree_digest(output)
    question = shipped_copy / "sections" / "01-membership" / "01-benefits.md"
    question.write_text("---\nquestion: [unclosed\n---\nText\n", encoding="utf-8")
    with pytest.raises(ContentError):
        build_site(shipped_copy, output)
    assert tree_digest(output) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".kbgen-cache") == ["content", "out"]


def test_refuses_to_overwrite_content(shipped_copy: Path) -> None:
    with pytest.raises(KbgenError, match="refusing"):
        build_site(shipped_copy, shipped_copy)
    with pytest.raises(KbgenError, match="refusing"):
        build_site(shipped_copy, shipped_copy.parent)


def test_sub_path_base_url(tmp_path: Path) -> None:
    build_site(CONTENT, tmp_path / "out", base_url="https://example.org/help")
    soup = page(tmp_path / "out", "/membership/")
    assert soup.select_one("link[rel=canonical]")["href"] == "https://example.org/help/membership/"
    assert "https://example.org/help/membership/" in (tmp_path / "out" / "sitemap.xml").read_text()
    not_found = page(tmp_path / "out", "/404.html")
    assert not_found.select_one('a[href="/help/track/"]') is not None


def test_nav_site_paths_work_from_every_depth(make_project, tmp_path: Path) -> None:
    site = (
        "title: Test Help\nnav:\n  - title: Track a parcel\n    url: /track/\n"
        "  - title: Shop\n    url: https://shop.example.org/\n"
    )
    carriers = "carriers:\n  - name: X\n    prefix: X\n    website: https://x.org/\n    example: X1\n"
    build_site(make_project({"site.yaml": site, "carriers.yaml": carriers}), tmp_path / "out")
    for url, root in [("/", ""), ("/orders/", "../"), ("/orders/cancel/", "../../")]:
        links = [a["href"] for a in page(tmp_path / "out", url).select("header nav.site-nav a")]
        assert links[:2] == [f"{root}track/", "https://shop.example.org/"], url


def test_track_page_links_the_carrier_help_page_site_yaml_names(built_site: Path, make_project, tmp_path: Path) -> None:
    shipped = page(built_site, "/track/")
    assert shipped.select_one('a[href="../common-logistics-providers/contact-your-carrier/"]') is not None
    carriers = "carriers:\n  - name: X\n    prefix: X\n    website: https://x.org/\n    example: X1\n"
    content = make_project(
        {"site.yaml": "title: Test Help\ncarrier_help: /orders/cancel/\n", "carriers.yaml": carriers}
    )
    build_site(content, tmp_path / "named")
    assert page(tmp_path / "named", "/track/").select_one('a[href="../orders/cancel/"]') is not None
    content = make_project({"site.yaml": "title: Test Help\n", "carriers.yaml": carriers})
    build_site(content, tmp_path / "unnamed")
    assert "contact your delivery carrier" not in (tmp_path / "unnamed" / "track" / "index.html").read_text()
