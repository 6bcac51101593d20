"""The HTML page reader of `kbgen import`: a page of questions and answers, read as a person reads it.

`detect` looks at the file name and the first tags without BeautifulSoup;
`read` loads the page reader (`page.py`, which puts together `chrome`,
`marked`, `repeated`, `headings`, `sections`, `index`, `jsonld` and `convert`) only when
a page is HTML, so a plain-text import never loads BeautifulSoup.
"""

from __future__ import annotations

import re
from pathlib import Path

from kbgen.errors import KbgenError
from kbgen.importer.model import ImportedFaq
from kbgen.importer.readers.source import is_page, page_text, with_questions

_HTML_TAG = re.compile(r"<(html|body|h[1-6]|dl|details|p)\b", re.IGNORECASE)


def detect(path: Path) -> bool:
    """True for an `.html`/`.htm` file, or a page file whose text holds HTML tags."""
    if not is_page(path):
        return False
    if path.suffix.lower() in (".html", ".htm"):
        return True
    return path.is_file() and bool(_HTML_TAG.search(page_text(path)))


def read(path: Path, base_url: str = "") -> list[ImportedFaq]:
    """The FAQ of the HTML page at `path`, links resolved against `base_url` (or the page's own base)."""
    try:
        from kbgen.importer.readers.html.page import read_page  # BeautifulSoup, only for an HTML page
    except ImportError as err:
        raise missing_extra(err) from None
    return with_questions(read_page(page_text(path), base_url), path)


def missing_extra(err: ImportError) -> KbgenError:
    """The error for reading HTML without the 'import' extra (BeautifulSoup, markdownify, html5lib)."""
    return KbgenError(f"kbgen import needs the 'import' extra ({err.name} is missing): pip install 'kbgen[import]'")
