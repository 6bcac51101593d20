"""`kbgen import`: the seed FAQ text and HTML pages in every supported shape become valid content files."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.commands.import_faq import parse_html, parse_text, text_to_markdown
from kbgen.load.loader import load_help_center
from kbgen.pipeline import build_site
from tests.conftest import CONTENT

SEED = Path(__file__).parents[2] / "data" / "popmart-faq.txt"
"""A copy of `../shared/seed/popmart-faq.txt`, the page the shipped content was written from."""

# The editors reworded these two seed headings ("1. If you see any of the following error messages:")
# into questions, moving the heading text into the answer's first line.
REWORDED = {
    "What should I do if I see a “High risk detected” or “Unusual account activity” error?",
    (
        "What should I do if I see an “Unusual activity detected”, “Potential risk identified” or “Unable to process "
        "your order” error?"
    ),
}


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    return " ".join(re.sub(r"[^\w']+", " ", folded).split())


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_seed_import_finds_every_shipped_question(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["import", str(SEED), "--content", "imported"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        f"Imported 29 of 29 questions from {SEED}; next: kbgen check --content imported"
    )
    imported, warnings = load_help_center(tmp_path / "imported")
    shipped, _ = load_help_center(CONTENT)
    assert [s.title for s in imported.sections] == [s.title for s in shipped.sections]
    assert [len(s.questions) for s in imported.sections] == [len(s.questions) for s in shipped.sections]
    assert [w.message.split(" in ")[0] for w in warnings] == ["the answer repeats the answer"]
    for ours, theirs in zip(shipped.sections, imported.sections):
        for question, found in zip(ours.questions, theirs.questions):
            if question.question in REWORDED:
                assert normalise(question.answer_md).startswith(normalise(found.question))
            else:
                assert normalise(question.question) == normalise(found.question)
    # The intros come along, and the imported content builds.
    assert imported.sections[0].intro_md.startswith("Dear POP Members,")
    build_site(tmp_path / "imported", tmp_path / "out")
    assert (tmp_path / "out" / "pop-mart-membership" / "index.html").is_file()


def test_seed_copy_matches_the_shared_seed() -> None:
    shared = CONTENT.parent.parent / "shared" / "seed" / "popmart-faq.txt"
    if shared.is_file():  # only next to the shared folder; CI has the copy alone
        assert SEED.read_bytes() == shared.read_bytes()


def test_seed_answers_become_markdown(tmp_path: Path) -> None:
    faq = parse_text(SEED.read_text(encoding="utf-8"))
    answers = {q.question: q.answer for s in faq.sections for q in s.questions}
    assert faq.title == "FAQ" and faq.email == "na.support@popmart.com"
    assert (
        "\n\n- For Orders in the U.S.: Free shipping on orders over 199 USD.\n- For Orders in Canada:"
        in (answers["What are the benefits of membership?"])
    )
    authenticity = answers["How can I verify the authenticity of my POP MART product?"]
    assert "website: 👉 <https://m-gss.popmart.com/1117#/pages/country>\n\n1. Click on" in authenticity
    assert "\n4. If the number is valid" in authenticity
    troubleshooting = answers["If you see one of these error messages:"]
    assert "Please try:\n\n1. Switch to a Secure Network" in troubleshooting
    assert (
        "[na.support@popmart.com](mailto:na.support@popmart.com)"
        in (answers["If you see any of the following error messages:"])
    )


def test_import_twice_adds_nothing(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["import", str(SEED), "--content", "c"]).exit_code == 0
    before = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "c").rglob("*"))
    again = runner.invoke(main, ["import", str(SEED), "--content", "c"])
    assert again.exit_code == 0
    assert again.stdout.splitlines()[-1].startswith("Imported 0 of 29 questions")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "c").rglob("*")) == before


def test_import_into_existing_content_appends(shipped_copy: Path) -> None:
    page = Path("more.html")
    page.write_text(
        "<h2>Order Inquiry</h2><h3>Can I split my order?</h3><p>No, orders ship together.</p>"
        "<h2>Gift cards</h2><h3>Do gift cards expire?</h3><p>They never expire.</p>",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["import", "more.html"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:3] == [
        "Created content/sections/04-order-inquiry/04-split-order.md",
        "Created content/sections/12-gift-cards/_section.yaml",
        "Created content/sections/12-gift-cards/01-gift-cards-expire.md",
    ]
    hc, _ = load_help_center(shipped_copy)
    assert hc.sections[3].questions[-1].question == "Can I split my order?"


HTML_SHAPES = {
    "headings": """
        <html><head><title>Shop help</title></head><body>
        <nav><h2>Menu</h2><p>not content</p></nav>
        <h1>Help</h1>
        <h2>Orders</h2>
        <p>All about orders.</p>
        <h3>How do I cancel?</h3>
        <p>Write to <a href="mailto:help@example.org">help@example.org</a> within <strong>24 hours</strong>.</p>
        <h3>Where is my parcel?</h3>
        <ol><li>Open <a href="https://example.org/orders">your orders</a>.</li><li>Click <em>Track</em>.</li></ol>
        <h2>Returns</h2>
        <h3>Can I return a blind box?</h3>
        <div><p>Only if it is unopened.</p><ul><li>Keep the seal</li><li>Keep the receipt<ul><li>paper or e-mail</li></ul></li></ul></div>
        </body></html>""",
    "details": """
        <h1>Help</h1>
        <h2>Orders</h2><p>All about orders.</p>
        <details><summary>How do I cancel?</summary><p>Write to <a href="mailto:help@example.org">help@example.org</a> within <b>24 hours</b>.</p></details>
        <details><summary>Where is my parcel?</summary><ol><li>Open <a href="https://example.org/orders">your orders</a>.</li><li>Click <i>Track</i>.</li></ol></details>
        <h2>Returns</h2>
        <details><summary>Can I return a blind box?</summary><p>Only if it is unopened.</p><ul><li>Keep the seal</li><li>Keep the receipt<ul><li>paper or e-mail</li></ul></li></ul></details>
        """,
    "dl": """
        <title>Shop help</title>
        <h2>Orders</h2><p>All about orders.</p>
        <dl><dt>How do I cancel?</dt><dd>Write to <a href="mailto:help@example.org">help@example.org</a> within <strong>24 hours</strong>.</dd>
        <dt>Where is my parcel?</dt><dd><ol><li>Open <a href="https://example.org/orders">your orders</a>.</li><li>Click <em>Track</em>.</li></ol></dd></dl>
        <h2>Returns</h2>
        <dl><dt>Can I return a blind box?</dt><dd><p>Only if it is unopened.</p><ul><li>Keep the seal</li><li>Keep the receipt<ul><li>paper or e-mail</li></ul></li></ul></dd></dl>
        """,
    "bold list": """
        <h2>Orders</h2><p>All about orders.</p>
        <ul>
          <li><strong>How do I cancel?</strong> Write to <a href="mailto:help@example.org">help@example.org</a> within <strong>24 hours</strong>.</li>
          <li><strong>Where is my parcel?</strong><ol><li>Open <a href="https://example.org/orders">your orders</a>.</li><li>Click <em>Track</em>.</li></ol></li>
        </ul>
        <h2>Returns</h2>
        <ul><li><p><b>Can I return a blind box?</b></p><p>Only if it is unopened.</p><ul><li>Keep the seal</li><li>Keep the receipt<ul><li>paper or e-mail</li></ul></li></ul></li></ul>
        """,
}
EXPECTED = [
    (
        "Orders",
        "All about orders.",
        [
            ("How do I cancel?", "Write to [help@example.org](mailto:help@example.org) within **24 hours**."),
            ("Where is my parcel?", "1. Open [your orders](https://example.org/orders).\n2. Click *Track*."),
        ],
    ),
    (
        "Returns",
        "",
        [
            (
                "Can I return a blind box?",
                "Only if it is unopened.\n\n- Keep the seal\n- Keep the receipt\n    - paper or e-mail",
            )
        ],
    ),
]


@pytest.mark.parametrize("html", HTML_SHAPES.values(), ids=HTML_SHAPES.keys())
def test_html_shapes(html: str) -> None:
    faq = parse_html(html)
    got = [(s.title, s.intro, [(q.question, q.answer) for q in s.questions]) for s in faq.sections]
    assert got == EXPECTED


def test_json_ld_faq_page() -> None:
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "name": "Help"},
            {
                "@type": "FAQPage",
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": "How do I cancel?",
                        "acceptedAnswer": {"@type": "Answer", "text": "<p>Email us <b>today</b>.</p>"},
                    },
                    {
                        "@type": "Question",
                        "name": "Do you ship abroad?",
                        "acceptedAnswer": {"text": "Yes, to 40 countries."},
                    },
                ],
            },
        ],
    }
    html = f'<title>Help</title><script type="application/ld+json">{json.dumps(data)}</script><p>Nothing else</p>'
    faq = parse_html(html)
    assert [(s.title, [(q.question, q.answer) for q in s.questions]) for s in faq.sections] == [
        ("Help", [("How do I cancel?", "Email us **today**."), ("Do you ship abroad?", "Yes, to 40 countries.")])
    ]


def test_html_round_trip_of_a_built_section(built_site: Path) -> None:
    faq = parse_html((built_site / "membership" / "index.html").read_text(encoding="utf-8"))
    shipped, _ = load_help_center(CONTENT)
    [section] = faq.sections
    assert section.title == shipped.sections[0].title
    assert [q.question for q in section.questions] == [q.question for q in shipped.sections[0].questions]


def test_html_import_writes_valid_content(tmp_path: Path) -> None:
    Path("faq.html").write_text(HTML_SHAPES["details"], encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "faq.html", "--content", "site"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "site.yaml").read_text(encoding="utf-8") == (
        "title: Help\ncontact:\n  email: help@example.org\n"
    )
    hc, warnings = load_help_center(tmp_path / "site")
    assert warnings == []
    assert [q.slug for s in hc.sections for q in s.questions] == ["cancel", "parcel", "return-blind-box"]
    assert '<a href="mailto:help@example.org">' in hc.sections[0].questions[0].answer_html


def test_markdown_is_escaped_and_relative_links_dropped() -> None:
    assert text_to_markdown(["Use *stars* and [brackets]", "# not a heading", "1. not a list"]) == (
        "Use \\*stars\\* and \\[brackets\\]\n\n\\# not a heading\n\n1\\. not a list"
    )
    faq = parse_html('<h2>Q?</h2><p>See <a href="/other">our page</a> or <a href="javascript:x()">this</a>.</p>')
    assert faq.sections[0].questions[0].answer == "See our page or this."
    faq = parse_html('<h2>Q?</h2><p>See <a href="/other">our page</a>.</p>', base_url="https://shop.example/help/")
    assert faq.sections[0].questions[0].answer == "See [our page](https://shop.example/other)."


def test_nothing_to_import(tmp_path: Path) -> None:
    Path("empty.txt").write_text("Just some text.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "empty.txt"])
    assert result.exit_code == 1
    assert "empty.txt: no questions found" in result.stderr
    assert not (tmp_path / "content").exists()
