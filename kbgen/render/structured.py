"""Machine-readable page data: meta descriptions and JSON-LD.

Owns what search engines and link previews read besides the visible page: the
one-line description of a page, its `BreadcrumbList` and, on section pages, the
`FAQPage` built from the rendered answers. Pure functions over the model and
rendered HTML; templates call them through `template_helpers()`.

The markup is for machines (previews, assistants, crawlers). Since 2023 Google
shows FAQ rich results only for well-known government and health sites, so it
is not a ranking trick. Each question is marked up once, on its section page,
as Google asks for content that repeats across pages.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser

from markupsafe import Markup

from kbgen.model import Section
from kbgen.render.outline import nest_headings
from kbgen.urls import relink
from kbgen.util import html_text
from kbgen.util.json_text import compact_json

DESCRIPTION_LIMIT = 160
#: Tags Google reads in an FAQ answer; others are dropped and their text kept.
ANSWER_TAGS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "br", "ol", "ul", "li", "a", "p", "div", "b", "strong", "i", "em"}
)
#: Elements whose end separates words when tags are dropped.
_BLOCKS = frozenset(
    {"p", "div", "li", "tr", "td", "th", "pre", "table", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"}
)
_BREAKS = _BLOCKS | {"br"}


#: A tag as Python-Markdown writes one: a name, then attributes whose values are quoted, ASCII spaces between
#: (HTMLParser reads any tag).
_TAG = re.compile(r"<[^<>]*>")
_START_TAG = re.compile(
    r"<([A-Za-z][A-Za-z0-9]*)((?:[ \t\n\r\f]+[A-Za-z_:][-A-Za-z0-9_:.]*(?:[ \t\n\r\f]*=[ \t\n\r\f]*(?:\"[^\"]*\"|'[^']*'))?)*)[ \t\n\r\f]*(/?)>"
)
_END_TAG = re.compile(r"</([A-Za-z][A-Za-z0-9]*)[ \t\n\r\f]*>")
_ATTRIBUTE = re.compile(
    r"[ \t\n\r\f]+([A-Za-z_:][-A-Za-z0-9_:.]*)(?:[ \t\n\r\f]*=[ \t\n\r\f]*(?:\"([^\"]*)\"|'([^']*)'))?"
)
#: Elements whose text HTMLParser reads raw, or may in another Python version: left to it.
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"})
#: A token of `_tokens`: ("text", decoded text), ("start", tag, href or None) or ("end", tag).
Token = tuple


@lru_cache(maxsize=256)  # a section's page reads its answers, then each of its question pages its own answer
def _tokens(html: str) -> tuple[Token, ...] | None:
    """The fragment as HTMLParser reports it, for the HTML Markdown writes (load/markdown.py escapes raw HTML, so
    it holds only tags, with `<` escaped elsewhere); None for anything else (a comment, a stray `<`), which is
    then read by HTMLParser. Several times faster than it, for a page's description and a section's JSON-LD."""
    tokens: list[Token] = []
    position = 0
    for match in _TAG.finditer(html):
        text = html[position : match.start()]
        if "<" in text:
            return None
        if text:
            tokens.append(("text", unescape(text)))
        position = match.end()
        tag = match.group()
        if tag.startswith("</"):
            end = _END_TAG.fullmatch(tag)
            if end is None:
                return None
            tokens.append(("end", end.group(1).lower()))
            continue
        start = _START_TAG.fullmatch(tag)
        if start is None or start.group(1).lower() in _RAW_TEXT:
            return None
        name, href = start.group(1).lower(), None
        for attribute in _ATTRIBUTE.finditer(start.group(2)):  # the last of the same name wins, as in dict(attrs)
            if attribute.group(1).lower() == "href":
                value = attribute.group(2) if attribute.group(2) is not None else attribute.group(3)
                href = unescape(value) if value else value
        tokens.append(("start", name, href))
        if start.group(3):  # <br />: a start and an end, as HTMLParser's handle_startendtag
            tokens.append(("end", name))
    text = html[position:]
    if "<" in text:
        return None
    if text:
        tokens.append(("text", unescape(text)))
    return tuple(tokens)


def text_of(html: str) -> str:
    """The text of an HTML fragment, whitespace collapsed; only blocks and line breaks separate words."""
    tokens = _tokens(html)
    if tokens is None:
        return html_text.text_of(html, _BREAKS)
    parts = [token[1] if token[0] == "text" else " " for token in tokens if token[0] == "text" or token[1] in _BREAKS]
    return " ".join("".join(parts).split())  # as \s+ → " " and strip(): both split at what str.isspace() says


@lru_cache(maxsize=1024)  # a page asks twice (description and og:description); pure, so safe to remember
def describe(html: str, fallback: str = "", limit: int = DESCRIPTION_LIMIT) -> str:
    """A meta description: the fragment's text cut at a word before `limit` characters."""
    text = text_of(html) or fallback
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.–—-")
    return cut + "…"


class _AnswerHtml(HTMLParser):
    """Keeps only the tags Google reads in an answer (links keep `href` alone)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ANSWER_TAGS:
            if tag in _BLOCKS:
                self.parts.append(" ")
            return
        href = dict(attrs).get("href") if tag == "a" else None
        self.parts.append(f'<a href="{_escape(href)}">' if href else f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in ANSWER_TAGS and tag != "br":
            self.parts.append(f"</{tag}>")
        elif tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(_escape(data))


def _escape(text: str | None) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def answer_html(html: str) -> str:
    """A rendered answer reduced to the HTML Google accepts in `acceptedAnswer.text`."""
    tokens = _tokens(html)
    if tokens is None:
        parser = _AnswerHtml()
        parser.feed(html)
        parser.close()
        parts = parser.parts
    else:
        parts = []
        for kind, tag, *href in tokens:  # as _AnswerHtml's handlers do
            if kind == "text":
                parts.append(_escape(tag))
            elif tag not in ANSWER_TAGS:
                if tag in _BLOCKS:
                    parts.append(" ")
            elif kind == "start":
                parts.append(f'<a href="{_escape(href[0])}">' if tag == "a" and href[0] else f"<{tag}>")
            elif tag != "br":
                parts.append(f"</{tag}>")
    return " ".join("".join(parts).split())  # as \s+ → " " and strip(): both split at what str.isspace() says


def script_json(data: object) -> Markup:
    """JSON for a `<script type="application/ld+json">` block: `<`, `>` and `&` escaped so no tag can close it."""
    # three replaces: str.translate with a table of strings reads a section's JSON character by character
    text = compact_json(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _url(base_url: str, root: str, path: str) -> str:
    """Absolute when the site has a base URL, else relative to the current page."""
    if base_url:
        return base_url + path
    return root + path or "./"


def breadcrumb_jsonld(
    trail: list[tuple[str, str]], base_url: str, root: str, page_url: str, home_title: str = "Help Center"
) -> Markup:
    """`BreadcrumbList` for a trail of `(name, root-relative URL)` ending at the current page."""
    items = [(home_title, ""), *[(name, url or page_url) for name, url in trail]]
    return script_json(
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": number, "name": name, "item": _url(base_url, root, url)}
                for number, (name, url) in enumerate(items, start=1)
            ],
        }
    )


def faq_jsonld(section: Section, base_url: str, root: str) -> Markup:
    """`FAQPage` listing every question of a section with its rendered answer."""
    link_root = base_url or root
    return script_json(
        {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": question.question,
                    "url": _url(base_url, root, f"{section.slug}/{question.slug}/"),
                    "acceptedAnswer": {"@type": "Answer", "text": answer_html(relink(question.answer_html, link_root))},
                }
                for question in section.questions
            ],
        }
    )


def template_helpers() -> dict:
    """The functions templates use for meta tags, JSON-LD and heading levels."""
    return {
        "describe": describe,
        "breadcrumb_jsonld": breadcrumb_jsonld,
        "faq_jsonld": faq_jsonld,
        "nest_headings": nest_headings,
    }
