"""Plain text of HTML fragments: the one HTML-to-text reader (search documents, meta descriptions).

Pure; knows nothing of help centers. Entities are decoded, whitespace collapsed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SPACES = re.compile(r"\s+")


class _Text(HTMLParser):
    """Collects text; a space at every tag, or only at the tags in `breaks`."""

    def __init__(self, breaks: frozenset[str] | None) -> None:
        super().__init__(convert_charrefs=True)
        self.breaks = breaks
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.breaks is None or tag in self.breaks:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.breaks is None or tag in self.breaks:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_of(html: str, breaks: frozenset[str] | None = None) -> str:
    """The text of an HTML fragment, whitespace collapsed. Words are split at every tag, or, with `breaks`,
    only at those elements (so `un<em>believ</em>able` stays one word)."""
    parser = _Text(breaks)
    parser.feed(html)
    parser.close()
    return _SPACES.sub(" ", "".join(parser.parts)).strip()
