"""The help center as data, built from the shipped content: llms.txt, llms-full.txt, the Markdown twins,
the JSON API against its schemas, the Atom feed read by feedparser, OpenSearch, the manifest, `_headers`,
`kbgen serve`'s content types, byte-identical rebuilds and site.yaml's `data:` switches.

The producers themselves, on hand-made help centers, are tested in tests/unit/publish/test_data.py.
"""

from __future__ import annotations

import json
import shutil
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import jsonschema
import pytest

from kbgen.load.loader import load_help_center
from kbgen.pipeline import build_site
from kbgen.publish.feed import NO_BASE_URL_NOTE
from kbgen.serve.server import DevServer
from tests.conftest import CONTENT, REPO, page
from tests.integration.test_build import tree_digest

BASE = "https://help.example.org/faq/"
SCHEMAS = REPO / "docs" / "api" / "v1"


@pytest.fixture(scope="module")
def data_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content built for a base URL, so every data file is written."""
    output = tmp_path_factory.mktemp("data-site") / "output"
    build_site(CONTENT, output, base_url=BASE)
    return output


def questions() -> list[tuple[str, str]]:
    """Every question of the shipped content: (its page's URL under BASE, its question)."""
    hc, _ = load_help_center(CONTENT)
    return [(f"{BASE}{s.slug}/{q.slug}/", q.question) for s in hc.sections for q in s.questions]


def page_of(site: Path, url: str):
    return page(site, "/" + url.removeprefix(BASE))


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def test_every_question_is_in_llms_txt_and_llms_full_with_its_page_title_and_url(data_site: Path) -> None:
    llms = (data_site / "llms.txt").read_text(encoding="utf-8")
    full = (data_site / "llms-full.txt").read_text(encoding="utf-8")
    assert llms.startswith("# POP MART Help Center\n\n> Answers to common questions")
    for url, question in questions():
        html = page_of(data_site, url)
        assert html.select_one("link[rel=canonical]")["href"] == url
        assert html.h1.get_text(" ", strip=True) == question
        escaped = question.replace("[", "\\[").replace("]", "\\]")
        assert f"- [{escaped}]({url}): " in llms
        assert f"### {question}\n\nURL: {url}\n" in full


def test_every_question_has_a_markdown_twin_linked_from_its_page(data_site: Path) -> None:
    for url, question in questions():
        link = page_of(data_site, url).select_one('link[rel=alternate][type="text/markdown"]')
        assert link["href"] == "index.md"
        twin = (data_site / url.removeprefix(BASE) / "index.md").read_text(encoding="utf-8")
        assert twin.startswith(f"# {question}\n\n")
        assert f"\nPage: {url}\n" in twin
        assert "kbroot:" not in twin and "](../" not in twin  # links made absolute
    cancel = (data_site / "order-inquiry" / "cancel-order" / "index.md").read_text(encoding="utf-8")
    assert f"]({BASE}common-logistics-providers/contact-your-carrier/)" in cancel
    assert "Section: [Order Inquiry](https://help.example.org/faq/order-inquiry/)" in cancel


def test_the_json_api_validates_and_lists_every_question_as_its_page_does(data_site: Path) -> None:
    site = json.loads((data_site / "api/v1/site.json").read_bytes())
    jsonschema.validate(site, schema("site.schema.json"))
    jsonschema.validate(json.loads((data_site / "api/v1/carriers.json").read_bytes()), schema("carriers.schema.json"))
    listed = {}
    for section in site["sections"]:
        path = data_site / section["api"].removeprefix(BASE)
        data = json.loads(path.read_bytes())
        jsonschema.validate(data, schema("section.schema.json"))
        assert len(data["questions"]) == section["questions"]
        for item in data["questions"]:
            listed[item["url"]] = item
            assert "kbroot:" not in item["answer_html"]
            for related in item["related"]:
                assert (data_site / related.removeprefix(BASE) / "index.html").is_file()
    assert {url: item["title"] for url, item in listed.items()} == dict(questions())
    assert site["questions"] == len(listed)


def test_the_feed_parses_newest_first_and_its_links_are_built_pages(data_site: Path) -> None:
    feed = feedparser.parse((data_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "POP MART Help Center"
    assert 0 < len(feed.entries) <= 20
    dates = [entry.updated for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)
    titles = dict(questions())
    for entry in feed.entries:
        assert (data_site / entry.link.removeprefix(BASE) / "index.html").is_file()
        assert entry.id == entry.link and titles[entry.link] == entry.title
    home = page(data_site, "/")
    assert home.select_one('link[rel=alternate][type="application/atom+xml"]')["href"] == "feed.xml"
    assert home.select_one('link[rel=search][type="application/opensearchdescription+xml"]')["href"] == "opensearch.xml"


def test_opensearch_points_at_the_search_page(data_site: Path) -> None:
    text = (data_site / "opensearch.xml").read_text(encoding="utf-8")
    assert f'template="{BASE}search/?q={{searchTerms}}"' in text
    assert (data_site / "search" / "index.html").is_file()


def test_the_manifest_and_headers_list_the_data_files(data_site: Path) -> None:
    urls = json.loads((data_site / "manifest.json").read_bytes())["urls"]
    data = {url for url, entry in urls.items() if entry["kind"] == "data"}
    assert {"llms.txt", "llms-full.txt", "feed.xml", "opensearch.xml", "api/v1/site.json"} <= data
    assert {url + "index.md" for url, _ in [(u.removeprefix(BASE), q) for u, q in questions()]} <= data
    headers = (data_site / "_headers").read_text(encoding="utf-8")
    assert "/faq/feed.xml\n  Content-Type: application/atom+xml\n" in headers
    assert "/faq/:section/:question/index.md\n  Content-Type: text/markdown; charset=utf-8\n" in headers


def test_rebuilds_are_byte_identical(data_site: Path, tmp_path: Path) -> None:
    build_site(CONTENT, tmp_path / "again", base_url=BASE, cache=False)
    assert tree_digest(tmp_path / "again") == tree_digest(data_site)


def test_without_a_base_url_no_feed_nor_opensearch_and_the_build_says_why(tmp_path: Path) -> None:
    result = build_site(CONTENT, tmp_path / "out")
    assert NO_BASE_URL_NOTE in result.notes
    assert not (tmp_path / "out" / "feed.xml").exists() and not (tmp_path / "out" / "opensearch.xml").exists()
    assert not page(tmp_path / "out", "/").select("link[rel=search]")
    llms = (tmp_path / "out" / "llms.txt").read_text(encoding="utf-8")
    assert "(/membership/benefits/): " in llms  # root-relative links


def test_each_item_switches_off_in_site_yaml(shipped_copy: Path, tmp_path: Path) -> None:
    site = shipped_copy / "site.yaml"
    site.write_text(
        site.read_text(encoding="utf-8")
        + "data:\n  llms: false\n  markdown: false\n  api: false\n  feed: false\n  opensearch: false\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = build_site(shipped_copy, out, base_url=BASE)
    assert NO_BASE_URL_NOTE not in result.notes
    names = {p.relative_to(out).as_posix() for p in out.rglob("*")}
    assert not names & {"llms.txt", "llms-full.txt", "feed.xml", "opensearch.xml", "api"}
    assert not any(name.endswith(".md") for name in names)
    head = page(out, "/order-inquiry/cancel-order/").head
    assert not head.select("link[rel=search]") and not head.select("link[rel=alternate]")
    assert "  Content-Type:" not in (out / "_headers").read_text(encoding="utf-8")


def test_a_data_file_switched_off_is_called_lost(shipped_copy: Path, tmp_path: Path) -> None:
    build_site(shipped_copy, tmp_path / "live", base_url=BASE)
    previous = tmp_path / "previous.json"
    shutil.copy(tmp_path / "live" / "manifest.json", previous)
    site = shipped_copy / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "data:\n  feed: false\n", encoding="utf-8")
    result = build_site(shipped_copy, tmp_path / "out", base_url=BASE, previous=previous)
    lost = [w.message for w in result.warnings if "published before" in w.message]
    gone = (
        "'/feed.xml' was published before but is gone: apps, feed readers or assistants may read it; "
        "site.yaml's `data:` settings say which data files are published"
    )
    assert lost == [gone]


def test_serve_gives_the_data_files_their_content_types(tmp_path: Path) -> None:
    server = DevServer(CONTENT, tmp_path / "out", port=0, base_url=BASE, interval=0.1)
    assert server.rebuild().ok
    server.start()
    try:
        root = server.url
        expected = {
            "llms.txt": "text/plain; charset=utf-8",
            "membership/benefits/index.md": "text/markdown; charset=utf-8",
            "api/v1/site.json": "application/json",
            "feed.xml": "application/atom+xml",
            "opensearch.xml": "application/opensearchdescription+xml",
        }
        for path, kind in expected.items():
            with urllib.request.urlopen(root + path) as response:
                assert response.headers["Content-Type"] == kind, path
    finally:
        server.close()
    assert urlsplit(root).hostname == "127.0.0.1"
