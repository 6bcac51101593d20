"""Links in the Markdown an import writes: found outside code, rewritten, or dropped with their words kept.

An answer's links come from the page's `<a>` tags and, on pages that were
written in Markdown and never rendered, from Markdown links typed into the
text. Both end up as Markdown links here, where two rules apply to them: the
HTML reader makes them absolute against the page's address (`convert.py`), and
the planner keeps only those that lead somewhere on the new site (an http,
https, mailto or tel address, or an imported question) and drops the rest to
their words, with a note (`plan.py`), so an import always builds. Pure text
functions; code spans and fenced code are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

KEPT_SCHEMES = ("http", "https", "mailto", "tel")
"""The addresses an imported answer may link to besides its own questions."""

_LINK = re.compile(
    r"(?<!\\)(?P<image>!?)\[(?P<text>(?:\\.|[^\[\]\\]|\[(?:\\.|[^\[\]\\])*\])*)\]"
    r"\(\s*(?P<target><[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)"
    r"(?P<title>\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
)
_CODE = re.compile(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1[ \t]*$|(`+)(?!`).+?(?<!`)\2(?!`)", re.MULTILINE | re.DOTALL)
_ESCAPED = re.compile(r"\\(.)")


@dataclass(frozen=True)
class Link:
    """A Markdown link or image: its words (Markdown) and its target (unescaped)."""

    image: bool
    text: str
    target: str


def rewrite_links(markdown: str, rewrite: Callable[[Link], str | None]) -> str:
    """`markdown` with every link and image outside code replaced by what `rewrite` returns (None: as it was)."""
    pieces = []
    position = 0
    for code in _CODE.finditer(markdown):
        pieces += [_rewrite_prose(markdown[position : code.start()], rewrite), code.group()]
        position = code.end()
    pieces.append(_rewrite_prose(markdown[position:], rewrite))
    return "".join(pieces)


def _rewrite_prose(text: str, rewrite: Callable[[Link], str | None]) -> str:
    def replace(match: re.Match) -> str:
        target = _ESCAPED.sub(r"\1", match.group("target").strip())
        if target.startswith("<") and target.endswith(">"):
            target = target[1:-1]
        new = rewrite(Link(bool(match.group("image")), match.group("text"), target))
        return match.group() if new is None else new

    return _LINK.sub(replace, text)


def markdown_link(text: str, target: str) -> str:
    """`[text](target)`, with the spaces and parentheses of the target percent-encoded."""
    target = target.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[{text}]({target})"


def leads_out(target: str) -> bool:
    """True for an address outside the site that an answer may link to (http, https, mailto, tel)."""
    return urlsplit(target).scheme.lower() in KEPT_SCHEMES
