"""The data producers on hand-made help centers (nothing built): llms.txt, the Markdown twins' links and
headings, the JSON API against its schemas, the feed's order and ids, OpenSearch, a locale's prefix,
`_headers` rules, site.yaml's `data:` mapping and the lost-URL rule for data files.

What a build publishes from the shipped content is tested in tests/integration/test_data_files.py.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import feedparser
import jsonschema
import pytest

from kbgen.errors import ContentError
from kbgen.load.loader import load_help_center
from kbgen.model import Carrier, DataOutputs, HelpCenter, Question, Section, Site
from kbgen.publish.api import api_files
from kbgen.publish.data import DataSite, absolute_markdown, plain_text, render_llms, render_twin, shift_headings
from kbgen.publish.feed import feed_files, render_feed, render_opensearch, short_name
from kbgen.publish.files import data_files
from kbgen.publish.hosting import render_headers
from kbgen.publish.manifest import Entry, Manifest, lost_urls, page_followed
from kbgen.render.structured import text_of
from kbgen.urls import ROOT_MARK

SCHEMAS = Path(__file__).resolve().parents[3] / "docs" / "api" / "v1"
BASE = "https://example.org/help/"


def question(
    slug: str, text: str, updated: date | None, answer_md: str = "Email us.", answer_html: str = ""
) -> Question:
    return Question(slug, text, answer_md, answer_html or f"<p>{answer_md}</p>", tags=("t",), updated=updated)


def help_center(**site: object) -> HelpCenter:
    orders = Section(
        "orders",
        "Orders",
        "About orders",
        questions=(
            question("cancel", "How do I [cancel]?", date(2025, 1, 2)),
            question("late", "Where is my order?", date(2025, 3, 4)),
            question("undated", "Can I pay later?", None),
        ),
    )
    returns = Section("returns", "Returns", questions=(question("refund", "When is my refund?", date(2025, 3, 4)),))
    carrier = Carrier("Post", ("LX",), "https://post.example", "LX123")
    return HelpCenter(Site("Shop Help", **site), (orders, returns), carriers=(carrier,))


def test_links_to_the_site_are_made_absolute_as_the_page_resolved_them() -> None:
    data = DataSite(help_center(), BASE)
    markdown = (
        "See [cancel](../01-orders/01-cancel.md#how), ![map](/img/map.png), [us](https://x.example) and [top](#a)."
    )
    html = f'<p><a href="{ROOT_MARK}orders/cancel/#how">cancel</a> <img src="{ROOT_MARK}img/map.png"> <a href="https://x.example">'
    assert absolute_markdown(data, markdown, html) == (
        f"See [cancel]({BASE}orders/cancel/#how), ![map]({BASE}img/map.png), [us](https://x.example) and [top](#a)."
    )
    # a link the Markdown's targets cannot be paired with: left as the editor wrote it
    assert absolute_markdown(data, "[a](a.md) `[b](b.md)`", f'<a href="{ROOT_MARK}x/">a</a>') == "[a](a.md) `[b](b.md)`"
    assert absolute_markdown(DataSite(help_center()), "[a](/track/)", f'<a href="{ROOT_MARK}track/">a</a>') == (
        "[a](/track/)"
    )


def test_answer_headings_go_below_the_title_but_code_is_kept() -> None:
    text = "# Steps\n\n```\n# not a heading\n```\n\n## More\n"
    assert shift_headings(text, 1) == "## Steps\n\n```\n# not a heading\n```\n\n### More\n"
    assert shift_headings("### Already low\n", 1) == "### Already low\n"
    assert shift_headings("# A\n###### B\n", 3) == "#### A\n###### B\n"


def test_llms_txt_has_the_llmstxt_shape() -> None:
    text = render_llms(DataSite(help_center(description="All about the shop."), BASE)).decode()
    assert text.startswith("# Shop Help\n\n> All about the shop.\n\n")
    assert (
        "\n## Orders\n\nAbout orders\n\n- [How do I \\[cancel\\]?](https://example.org/help/orders/cancel/): Email us.\n"
        in text
    )
    assert "\n## Returns\n\n- [When is my refund?](https://example.org/help/returns/refund/): Email us.\n" in text


def test_a_twin_has_the_question_the_answer_the_section_and_the_date() -> None:
    hc = help_center()
    section = hc.sections[0]
    twin = render_twin(DataSite(hc, BASE), section, section.questions[0]).decode()
    assert twin == (
        "# How do I [cancel]?\n\nEmail us.\n\n---\n\nSection: [Orders](https://example.org/help/orders/)\n"
        "Updated: 2025-01-02\nPage: https://example.org/help/orders/cancel/\n"
    )


def test_the_api_validates_against_its_schemas_and_names_the_related_questions() -> None:
    data = DataSite(help_center(), BASE, related={"orders/cancel/": ("returns/refund/",)})
    files = dict(api_files(data))
    assert sorted(files) == [
        "api/v1/carriers.json",
        "api/v1/sections/orders.json",
        "api/v1/sections/returns.json",
        "api/v1/site.json",
    ]
    for path, name in [("site.json", "site"), ("carriers.json", "carriers"), ("sections/orders.json", "section")]:
        schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
        jsonschema.validate(json.loads(files["api/v1/" + path]), schema)
    orders = json.loads(files["api/v1/sections/orders.json"])
    assert orders["questions"][0]["related"] == [BASE + "returns/refund/"]
    assert orders["questions"][2]["updated"] is None
    site = json.loads(files["api/v1/site.json"])
    assert [(s["slug"], s["questions"]) for s in site["sections"]] == [("orders", 3), ("returns", 1)]
    no_carriers = DataSite(replace(help_center(), carriers=()), BASE)
    assert json.loads(dict(api_files(no_carriers))["api/v1/site.json"])["carriers"] is None


def test_the_feed_lists_the_newest_first_with_stable_ids() -> None:
    hc = help_center(data=DataOutputs(feed_count=2))
    feed = feedparser.parse(render_feed(DataSite(hc, BASE)))
    assert not feed.bozo
    # equal dates keep content order; the undated question is left out; feed_count cuts
    assert [e.link for e in feed.entries] == [BASE + "orders/late/", BASE + "returns/refund/"]
    assert [e.id for e in feed.entries] == [e.link for e in feed.entries]
    assert feed.feed.updated == "2025-03-04T00:00:00Z"
    assert render_feed(DataSite(hc, BASE)) == render_feed(DataSite(hc, BASE))


def test_opensearch_fills_the_search_pages_q() -> None:
    text = render_opensearch(DataSite(help_center(), BASE)).decode()
    assert '<Url type="text/html" method="get" template="https://example.org/help/search/?q={searchTerms}"/>' in text
    assert short_name("POP MART Help Center") == "POP MART Help"
    assert short_name("Averyveryverylongname") == "Averyveryverylon"


def test_without_a_base_url_there_is_no_feed_nor_opensearch() -> None:
    assert feed_files(DataSite(help_center())) == []
    assert [p for p, _ in feed_files(DataSite(help_center(), BASE))] == ["feed.xml", "opensearch.xml"]


def test_a_locale_writes_under_its_prefix_and_links_there() -> None:
    files = dict(data_files(DataSite(help_center(), BASE, "fr/")))
    assert all(path.startswith("fr/") for path in files)
    assert "fr/orders/cancel/index.md" in files and "fr/api/v1/site.json" in files
    assert b"(https://example.org/help/fr/orders/cancel/)" in files["fr/llms.txt"]


def test_each_item_switches_off() -> None:
    off = DataOutputs(llms=False, markdown=False, api=False, feed=False, opensearch=False)
    assert data_files(DataSite(help_center(data=off), BASE)) == []
    only_api = DataOutputs(llms=False, markdown=False, feed=False, opensearch=False)
    assert {p.split("/")[0] for p, _ in data_files(DataSite(help_center(data=only_api), BASE))} == {"api"}


def test_headers_type_only_the_data_files_built() -> None:
    headers = render_headers(BASE, data=DataOutputs(markdown=False)).decode()
    assert "/help/llms.txt\n  Content-Type: text/plain; charset=utf-8\n" in headers
    assert "/help/api/v1/*\n  Content-Type: application/json\n" in headers
    assert "index.md" not in headers
    assert "feed.xml" not in render_headers("", data=DataOutputs()).decode()  # no base URL, no feed


def test_site_yaml_data_mapping_is_checked(make_project, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    site = "title: Test Help\ncontact:\n  email: help@example.org\ndata:\n  feeds: false\n  feed_count: 0\n"
    with pytest.raises(ContentError) as err:
        load_help_center(make_project({"site.yaml": site}))
    shown = str(err.value)
    assert "content/site.yaml:5: unknown key 'feeds' (did you mean 'feed'?)" in shown
    assert "content/site.yaml:6: 'feed_count' must be 1 or more, not 0" in shown
    hc, _ = load_help_center(make_project({"site.yaml": "title: T\ncontact:\n  email: a@b.org\ndata: {api: false}\n"}))
    assert hc.site.data == DataOutputs(api=False)


def test_a_lost_twin_or_section_file_is_its_pages_to_report() -> None:
    previous = Manifest(
        "",
        {
            url: Entry(url, kind)
            for url, kind in [
                ("orders/cancel/", "question"),
                ("orders/cancel/index.md", "data"),
                ("api/v1/sections/orders.json", "data"),
                ("llms.txt", "data"),
            ]
        },
        "previous.json",
    )
    moved = Manifest("", {"orders/cancel/": Entry("orders/cancel/", "redirect", to="orders/stop/")})
    assert [p.message.split(" was ")[0] for p in lost_urls(previous, moved)] == ["'/llms.txt'"]
    kept = Manifest("", {"orders/cancel/": Entry("orders/cancel/", "question"), "orders/": Entry("orders/", "section")})
    lost = [p.message.split(" was ")[0] for p in lost_urls(previous, kept)]
    assert lost == ["'/api/v1/sections/orders.json'", "'/llms.txt'", "'/orders/cancel/index.md'"]


def test_answer_text_reads_as_meta_descriptions_do() -> None:
    hc, _ = load_help_center(Path(__file__).resolve().parents[3] / "content")
    answers = [q.answer_html for s in hc.sections for q in s.questions]
    answers += ["<p>un<em>believ</em>able &amp; <a href='x'>so</a>.</p><ul><li>a</li><li>b</li></ul>", "<p>1 < 2</p>"]
    for html in answers:
        assert plain_text(html) == text_of(html)


def test_the_page_a_data_file_goes_with() -> None:
    assert page_followed("orders/cancel/index.md") == "orders/cancel/"
    assert page_followed("api/v1/sections/orders.json") == "orders/"
    assert page_followed("fr/api/v1/sections/commandes.json") == "fr/commandes/"
    assert page_followed("api/v1/site.json") is None and page_followed("llms.txt") is None
