"""The readers of `kbgen import`: one per kind of source, all with the same two functions.

Each reader module has `detect(path) -> bool` (is this source mine?) and
`read(path, base_url) -> list[ImportedFaq]` (one FAQ for a page, one per locale
for an export). `READERS` lists them in the order they are asked: the exports
(`zendesk`, `intercom`), then the pages (`html`, then `text`, which takes any
other page). No reader loads BeautifulSoup before it reads HTML.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from kbgen.importer.model import ImportedFaq
from kbgen.importer.readers import html, intercom, text, zendesk


class Reader(Protocol):
    """What every reader module offers."""

    def detect(self, path: Path) -> bool:
        """True when this reader reads the source at `path`."""
        ...

    def read(self, path: Path, base_url: str = "") -> list[ImportedFaq]:
        """The FAQs the source at `path` holds; relative links resolved against `base_url`."""
        ...


READERS: tuple[Reader, ...] = (zendesk, intercom, html, text)
