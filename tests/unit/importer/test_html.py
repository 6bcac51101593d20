"""Reading HTML FAQ pages: every shape the reader knows, links, structured data, repeats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.importer.readers.html.page import read_page
from kbgen.importer.readers.text import text_to_markdown
from kbgen.load.loader import load_help_center
from tests.conftest import CONTENT
from tests.unit.importer.pages import BOOTSTRAP_ACCORDION, DATA

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
    faq = read_page(html)
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
    faq = read_page(html)
    assert [(s.title, [(q.question, q.answer) for q in s.questions]) for s in faq.sections] == [
        ("Help", [("How do I cancel?", "Email us **today**."), ("Do you ship abroad?", "Yes, to 40 countries.")])
    ]


def test_html_round_trip_of_a_built_section(built_site: Path) -> None:
    faq = read_page((built_site / "membership" / "index.html").read_text(encoding="utf-8"))
    shipped, _ = load_help_center(CONTENT)
    [section] = faq.sections
    assert section.title == shipped.sections[0].title
    # the page lists the promoted questions first (section.html), then the others in content order
    questions = shipped.sections[0].questions
    in_page_order = [q for q in questions if q.promoted] + [q for q in questions if not q.promoted]
    assert [q.question for q in section.questions] == [q.question for q in in_page_order]


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
    faq = read_page('<h2>Q?</h2><p>See <a href="/other">our page</a> or <a href="javascript:x()">this</a>.</p>')
    assert faq.sections[0].questions[0].answer == "See our page or this."
    faq = read_page('<h2>Q?</h2><p>See <a href="/other">our page</a>.</p>', base_url="https://shop.example/help/")
    assert faq.sections[0].questions[0].answer == "See [our page](https://shop.example/other)."


def test_an_unreadable_question_is_reported_with_its_line(tmp_path: Path) -> None:
    Path("faq.html").write_text(
        "<h2>Orders</h2>\n<details><summary><img src=x.svg></summary><p>An answer to nothing.</p></details>\n"
        "<details><summary>Real question?</summary><p>Real answer.</p></details>\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["import", "faq.html", "--content", "site"])
    assert result.exit_code == 0, result.output
    assert "Note: line 2: a details question with no words (an icon only?): skipped" in result.stderr
    assert result.stdout.splitlines()[-1].startswith("Imported 1 of 1 questions")


def test_bootstrap_accordion_with_buttons_in_headings_is_read(tmp_path: Path) -> None:
    faq = read_page(BOOTSTRAP_ACCORDION, base_url="https://shop.example/help/")
    assert [(s.title, [(q.question, q.answer) for q in s.questions]) for s in faq.sections] == [
        (
            "Orders",
            [
                ("How do I cancel?", "Write to us within **24 hours**."),
                ("Where is my parcel?", "See [tracking](https://shop.example/track)."),
            ],
        )
    ]
    assert [q.line for q in faq.sections[0].questions] == [4, 6]  # the question's line in the page


# --- reading pages the way a reader does ---------------------------------------------------------

READER_SHAPES = {
    "collapse triggers naming their panels, a footer menu of the same kind": (
        """<title>App FAQ</title><base href="https://app.example/faq/">
        <main><h1>FAQ</h1>
        <section><h3>General</h3>
          <div class="item"><a href="#" data-toggle="collapse" data-target="#q1" aria-controls="q1">What is it? <img src="arrow.svg"></a>
            <div id="q1" class="collapse">A <a href="/chat">chat app</a>.</div></div>
          <div class="item"><a href="#" data-toggle="collapse" data-target="#q2">Is it free?</a>
            <div id="q2" class="collapse">Yes, always.</div></div>
        </section>
        <section><h3>Wallet</h3>
          <div class="item"><a href="#" data-toggle="collapse" data-target="#q3">How do I send money?</a>
            <div id="q3" class="collapse"><ol><li>Open the wallet.</li><li>Choose <em>Send</em>.</li></ol></div></div>
        </section></main>
        <footer><div class="item"><a href="#" data-toggle="collapse" data-target="#f1">Company</a>
          <div id="f1" class="collapse"><a href="/about">About</a></div></div></footer>""",
        [
            ("General", [("What is it?", "A [chat app](https://app.example/chat)."), ("Is it free?", "Yes, always.")]),
            ("Wallet", [("How do I send money?", "1. Open the wallet.\n2. Choose *Send*.")]),
        ],
    ),
    "button and panel items, structured data holding fewer questions in other words": (
        """<title>Training FAQ</title>
        <script type="application/ld+json">{"@type": "FAQPage", "mainEntity": [
          {"@type": "Question", "name": "Who needs training?", "acceptedAnswer": {"text": "Workers."}}]}</script>
        <nav class="jumpnav"><a href="#basics">Basics</a></nav>
        <h2 id="basics">Basics</h2>
        <div class="faq-item"><button class="faq-question">Who needs 40-hour training? <span>+</span></button>
          <div class="faq-answer"><p>Workers at cleanup sites.</p></div></div>
        <div class="faq-item"><button class="faq-question">How long is the course?</button>
          <div class="faq-answer"><p>Forty hours.</p></div></div>
        <h2>Refreshers</h2>
        <div class="faq-item"><button class="faq-question">What if my refresher lapses?</button>
          <div class="faq-answer"><p>Take it as soon as you can.</p></div></div>""",
        [
            (
                "Basics",
                [
                    ("Who needs 40-hour training?", "Workers at cleanup sites."),
                    ("How long is the course?", "Forty hours."),
                ],
            ),
            ("Refreshers", [("What if my refresher lapses?", "Take it as soon as you can.")]),
        ],
    ),
    "a trigger followed by its panel, no wrapper": (
        """<h1>Help</h1>
        <button class="accordion">Can I pay later?</button><div class="panel"><p>Yes, within 30 days.</p></div>
        <button class="accordion">Do you ship abroad?</button><div class="panel"><p>To 40 countries.</p></div>""",
        [("Help", [("Can I pay later?", "Yes, within 30 days."), ("Do you ship abroad?", "To 40 countries.")])],
    ),
    "named divs: a category label, question-name and answer": (
        """<div class="categories"><a href="/faqs#general">General</a><a href="/faqs#teams">Teams</a></div>
        <div class="list">
          <div class="category-name">General</div>
          <div class="question"><div class="question-name">Who can attend?</div><div class="answer"><p>Anyone.</p></div></div>
          <div class="question"><div class="question-name">Is there food?</div><div class="answer"><p>Yes.</p></div></div>
          <div class="category-name">Teams</div>
          <div class="question"><div class="question-name">How big can a team be?</div><div class="answer"><p>Five people.</p></div></div>
        </div>""",
        [
            ("General", [("Who can attend?", "Anyone."), ("Is there food?", "Yes.")]),
            ("Teams", [("How big can a team be?", "Five people.")]),
        ],
    ),
    "one table per entry with Q: and A: rows": (
        """<title>Tool FAQ</title>
        <table><tr><td><a href="index.html">Home</a></td><td><a href="faq.html">FAQ</a></td></tr></table>
        <table><tr><td><b>Q:</b></td><td>I see a warning at startup.</td></tr>
          <tr><td><b>A:</b></td><td>It is harmless; see <code>--quiet</code>.</td></tr></table>
        <table><tr><td><b>Q:</b></td><td>What is the status option for?</td></tr>
          <tr><td><b>A:</b></td><td>Querying settings at runtime.</td></tr></table>""",
        [
            (
                "Tool FAQ",
                [
                    ("I see a warning at startup.", "It is harmless; see `--quiet`."),
                    ("What is the status option for?", "Querying settings at runtime."),
                ],
            )
        ],
    ),
    "anchored bold lines with <br> text, a contents list, two questions sharing one answer": (
        """<title>Codec FAQ</title>
        <ul><li><a href="#what"><b>What is it?</b></a></li><li><a href="#play"><b>How do I play a file?</b></a></li></ul>
        <h2><b>General</b></h2>
        <a name="what"><b>What is it?</b></a><br><br>A lossless codec.<br>It is free.<br><br>
        <a name="play"><b>How do I play a file?</b></a><br><b>How do I make a file?</b><br><br>
        See <a href="http://codec.example/tools">the tools</a>.<br><br>""",
        [
            (
                "General",
                [
                    ("What is it?", "A lossless codec.\n\nIt is free."),
                    ("How do I play a file?", "See [the tools](http://codec.example/tools)."),
                    ("How do I make a file?", "See [the tools](http://codec.example/tools)."),
                ],
            )
        ],
    ),
    "bold lines in paragraphs, with <br> lines and empty anchors": (
        """<h2>General</h2>
        <p><a name="a1"></a><b>What is it?</b><br>A tool for <i>sound</i>.<br>It is free.</p>
        <p><a name="a2"></a><b>Where do I get it?</b><br>From the downloads page.</p>""",
        [
            (
                "General",
                [
                    ("What is it?", "A tool for *sound*.\n\nIt is free."),
                    ("Where do I get it?", "From the downloads page."),
                ],
            )
        ],
    ),
    "list items whose first paragraph is the question, a contents sidebar": (
        """<aside class="sidebar"><h4>On This Page</h4><ul><li><a href="#py">Python</a></li></ul></aside>
        <h1 id="py">Python</h1>
        <ol><li><p>Can I script it in Python?</p><p>Yes, since 1.0.</p></li>
            <li><p>What is an "engine"?</p><p>A renderer.</p><p>There are several.</p></li></ol>""",
        [
            (
                "Python",
                [
                    ("Can I script it in Python?", "Yes, since 1.0."),
                    ('What is an "engine"?', "A renderer.\n\nThere are several."),
                ],
            )
        ],
    ),
    "numbered headings, footer widgets": (
        """<title>Mesh FAQ</title><h1>FAQ</h1>
        <h2>Q1 Is this an internet provider?</h2><p>No, a community network.</p>
        <h2>Q2. Where do you meet?</h2><p>At the library.</p>
        <footer><h4>Contact</h4><p>mail us</p></footer>""",
        [
            (
                "FAQ",
                [
                    ("Is this an internet provider?", "No, a community network."),
                    ("Where do you meet?", "At the library."),
                ],
            )
        ],
    ),
    "h5 questions, footer sections with h5 headings outside the main content": (
        """<header class="site-header"><h5>Menu</h5><p>links</p></header>
        <main class="markdown"><h5>How does it work?</h5><p>Through <a href="https://gw.example/docs">pipelines</a>.</p>
        <h5>Where can I get help?</h5><p>In the chat.</p></main>
        <section class="footer"><section><h5>Contact</h5><p>Email us</p></section></section>""",
        [
            (
                "Help Center",
                [
                    ("How does it work?", "Through [pipelines](https://gw.example/docs)."),
                    ("Where can I get help?", "In the chat."),
                ],
            )
        ],
    ),
    "card accordion: a button in a heading in a card header, section headings of the same level": (
        """<div class="navbar"><a href="/">Home</a><a href="/faq">FAQ</a></div>
        <h1>Frequently asked questions</h1><h2>Accounts</h2>
        <div class="accordion">
          <div class="card"><div class="card-header"><h2><button data-toggle="collapse" data-target="#c1">How do I open an account?</button></h2></div>
            <div id="c1" class="collapse"><div class="card-body">Visit any branch.</div></div></div>
          <div class="card"><div class="card-header"><h2><button data-toggle="collapse" data-target="#c2">Is there a monthly fee?</button></h2></div>
            <div id="c2" class="collapse"><div class="card-body">No fee for students.</div></div></div></div>
        <h2>Cards</h2>
        <div class="accordion"><div class="card"><div class="card-header"><h2><button data-bs-toggle="collapse" data-bs-target="#c3">I lost my card</button></h2></div>
            <div id="c3" class="collapse"><div class="card-body">Call us at once.</div></div></div></div>""",
        [
            (
                "Accounts",
                [
                    ("How do I open an account?", "Visit any branch."),
                    ("Is there a monthly fee?", "No fee for students."),
                ],
            ),
            ("Cards", [("I lost my card", "Call us at once.")]),
        ],
    ),
    "a table with a question and an answer cell per row": (
        """<h1>Library FAQ</h1><table class="faq"><tr><th>Question</th><th>Answer</th></tr>
        <tr><td>How many books can I borrow?</td><td>Up to 20.</td></tr>
        <tr><td>How long is the loan?</td><td>Three weeks.</td></tr></table>""",
        [("Library FAQ", [("How many books can I borrow?", "Up to 20."), ("How long is the loan?", "Three weeks.")])],
    ),
    "the questions after <main>, which holds only a banner": (
        """<title>Club</title><main><section class="hero"><h1>Questions?</h1><p>We have answers.</p></section></main>
        <div class="faq"><h2>How do I join?</h2><p>Fill in the form.</p><h2>What does it cost?</h2><p>Ten euros.</p></div>
        <footer><h2>Contact</h2><p>mail</p></footer>""",
        [("Questions?", [("How do I join?", "Fill in the form."), ("What does it cost?", "Ten euros.")])],
    ),
    "teaser cards, a share bar and footer widgets around the questions": (
        """<title>Movers</title>
        <div class="share-bar"><h3>Share this page</h3><p><a href="https://social.example/">Post</a></p></div>
        <div class="faq"><div class="faq-card"><button>How far ahead should I book?</button><div><p>Four weeks.</p></div></div>
        <div class="faq-card"><button>Do you pack for me?</button><div><p>If you like.</p></div></div></div>
        <div class="blog"><div class="card"><h3>Moving with pets</h3><p>Our tips for a calm day.</p></div>
        <div class="card"><h3>Ten packing hacks</h3><p>Boxes, tape and labels.</p></div></div>
        <div class="footer-widgets"><div class="col"><h4>Contact us</h4><p>01473 000000</p></div>
        <div class="col"><h4>Opening hours</h4><p>Mon-Fri</p></div></div>""",
        [("Movers", [("How far ahead should I book?", "Four weeks."), ("Do you pack for me?", "If you like.")])],
    ),
}


@pytest.mark.parametrize("html,expected", READER_SHAPES.values(), ids=READER_SHAPES.keys())
def test_reader_shapes(html: str, expected: list) -> None:
    faq = read_page(html)
    assert [(s.title, [(q.question, q.answer) for q in s.questions]) for s in faq.sections] == expected


def test_structured_data_stands_in_only_when_the_page_shows_nothing() -> None:
    data = {
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": "Shown?", "acceptedAnswer": {"text": "Short version."}},
            {"@type": "Question", "name": "Not shown?", "acceptedAnswer": {"text": "Only in the data."}},
        ],
    }
    script = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    faq = read_page(
        f"{script}<details><summary>Shown?</summary><p>The <a href='https://x.example/'>long</a> one.</p></details>"
    )
    assert [(q.question, q.answer) for s in faq.sections for q in s.questions] == [
        ("Shown?", "The [long](https://x.example/) one.")
    ]
    assert any("1 question in the page's structured data (JSON-LD) is not on the visible page" in n for n in faq.notes)
    faq = read_page(f"<title>Help</title>{script}<div id='app'></div>")
    assert [q.question for s in faq.sections for q in s.questions] == ["Shown?", "Not shown?"]
    more = {**data, "mainEntity": data["mainEntity"] + [{"name": "Third?", "acceptedAnswer": {"text": "Also data."}}]}
    script = f'<script type="application/ld+json">{json.dumps(more)}</script>'
    faq = read_page(f"{script}<h2>Help</h2><details><summary>Shown?</summary><p>The long one.</p></details>")
    assert [(s.title, [q.question for q in s.questions]) for s in faq.sections] == [
        ("Help", ["Shown?"]),
        ("More questions", ["Not shown?", "Third?"]),  # the data agrees with the page and holds far more
    ]


def test_links_resolve_like_a_browser_resolves_them() -> None:
    page = '<link rel="canonical" href="{}"><h2>Q?</h2><p><a href="more">More</a></p>'
    answer = "[More](https://shop.example/help/more)"
    assert read_page(page.format("https://shop.example/help/")).sections[0].questions[0].answer == answer
    assert read_page(page.format("http://localhost:4000/help/")).sections[0].questions[0].answer == "More"
    based = '<base href="/"><h2>Q?</h2><p><a href="faqs#x">Them</a></p>'
    assert read_page(based, base_url="https://event.example/faqs/").sections[0].questions[0].answer == (
        "[Them](https://event.example/faqs#x)"
    )


def test_duplicates_in_one_page_are_reported() -> None:
    faq = read_page(
        "<h2>A</h2><details><summary>Why use it?</summary><p>Because it is private.</p></details>"
        "<h2>B</h2><details><summary>Why use it?</summary><p>Because it is private.</p></details>"
        "<details><summary>Other?</summary><p>Yes.</p></details>"
    )
    assert [q.question for s in faq.sections for q in s.questions] == ["Why use it?", "Other?"]
    assert any("repeats the question and answer of line 1: imported once" in n for n in faq.notes)


def test_counts_in_notes_agree_with_their_number() -> None:
    one = read_page("<nav><a href='/'>Home</a></nav><h2>Q?</h2><p>An answer.</p>")
    assert "1 part of page chrome (navigation, header, footer, share bars) left out" in one.notes
    two = read_page("<nav><a href='/'>Home</a></nav><footer>Shop</footer><h2>Q?</h2><p>An answer.</p>")
    assert "2 parts of page chrome (navigation, header, footer, share bars) left out" in two.notes


MIXED = {
    "accordion-first-by-count": (
        "mixed-layouts.html",
        [
            ("Shipping", ["How long does delivery take?", "Do you ship abroad?"]),
            ("Returns", ["Can I return a sale item?", "Who pays for the return?"]),
        ],
    ),
    "headings-first-by-count": (
        "mixed-layouts-headings-first.html",
        [
            ("Ordering", [f"How does step {i} of an order work?" for i in range(1, 6)]),
            ("Returns", ["Can I return a sale item?", "Who pays for the return?"]),
        ],
    ),
}


@pytest.mark.parametrize("page,expected", MIXED.values(), ids=MIXED.keys())
def test_a_page_mixing_headings_and_an_accordion_imports_both(page: str, expected: list, tmp_path: Path) -> None:
    path = DATA / "import" / page
    faq = read_page(path.read_text(encoding="utf-8"))
    assert [(s.title, [q.question for q in s.questions]) for s in faq.sections] == expected
    assert all(q.answer for s in faq.sections for q in s.questions)
    result = CliRunner().invoke(main, ["import", str(path), "--content", "site"])
    count = sum(len(questions) for _, questions in expected)
    assert result.stdout.splitlines()[-1].startswith(f"Imported {count} of {count} questions")
