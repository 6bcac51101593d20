"""Machine-readable page data: meta description, canonical URL, Open Graph,
BreadcrumbList and FAQPage JSON-LD (each question marked up once, on its section page)."""

from __future__ import annotations

import random

from jinja2.filters import do_urlencode
from markupsafe import Markup

from kbgen.render.outline import nest_headings
from kbgen.render.structured import _BLOCKS, _AnswerHtml, answer_html, describe, script_json, text_of
from kbgen.render.theme import urlencode
from kbgen.util import html_text


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


#: Pieces of HTML, as Markdown writes it and otherwise (comments, raw-text elements, stray `<`, unquoted values).
PIECES = [
    "<p>",
    "</p>",
    '<a href="x&amp;y">',
    "<a HREF='q'>",
    "</a>",
    "<br>",
    "<br />",
    "<em>",
    "</em>",
    "&amp;",
    "&lt;",
    "&#39;",
    "&rsquo;",
    "&amp",
    "&",
    "<",
    ">",
    "x",
    " ",
    "\n",
    '<h2 id="a">',
    "</h2>",
    "<!-- c -->",
    "<script>a<b</script>",
    '<img src="a" alt="b">',
    "<a href>",
    '<a href="">',
    "<td>",
    "<P>",
    "</P >",
    "<p\xa0x>",
    '<a href="a" href="b">',
    "<hr/>",
    "<li>",
    "</li>",
    "<div class=x>",
    "é",
]


def test_the_fast_reading_of_markdown_html_is_htmlparsers() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        html = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 10)))
        parser = _AnswerHtml()
        parser.feed(html)
        parser.close()
        assert answer_html(html) == " ".join("".join(parser.parts).split()), html
        assert text_of(html) == html_text.text_of(html, _BLOCKS | {"br"}), html


def test_the_themes_urlencode_is_jinjas() -> None:
    rng = random.Random(3)
    alphabet = "aZ09_.-~/ ?&=+%#“”é中\n\r\t'\"<>@:;,"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        assert urlencode(text) == do_urlencode(text), text
        assert urlencode(Markup(text)) == do_urlencode(Markup(text))
    assert urlencode({"a b": "c/d"}) == do_urlencode({"a b": "c/d"}) == "a+b=c%2Fd"
    assert urlencode(12) == "12"
