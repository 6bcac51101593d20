"""The part of an HTML page a reader reads, and the address its links are read against.

Takes out what is not content: scripts and styles, the page's chrome (header,
navigation, footer, sidebars, share bars, cookie banners, by tag, role, or
class and id words) and the page's indexes (lists of links to places on the
page: `index.py`). `<main>` is where reading starts when the page has one.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Comment, Tag

from kbgen.importer.plaintext import counted
from kbgen.importer.readers.html.index import take_out_indexes
from kbgen.importer.readers.html.questions import node_text

_REMOVE = ("script", "style", "noscript", "template", "svg", "iframe", "select", "input", "textarea", "link", "meta")
_CHROME_TAGS = ("nav", "footer", "aside")
_CHROME_ROLES = {"navigation", "contentinfo", "complementary", "search", "banner"}
_CHROME_WORDS = {
    "footer", "nav", "navbar", "navigation", "menu", "sidebar", "toc", "breadcrumb", "breadcrumbs", "share",
    "sharing", "social", "cookie", "cookies", "consent", "modal", "popup", "newsletter", "skip",
}  # fmt: skip
_CHROME_PREFIXES = {"site", "page", "global", "main", "top", "primary", "mobile", "js"}


def page_base(soup: BeautifulSoup, base_url: str) -> str:
    """The address relative links are read against, as a browser does: the page's address (--base-url,
    else its canonical link) with the page's own `<base href>` applied on top."""
    address = base_url
    if not address:
        canonical = soup.find("link", rel="canonical", href=True)
        href = canonical["href"].strip() if canonical else ""
        if href.startswith(("http://", "https://")) and not _LOCAL.match(urlsplit(href).hostname or ""):
            address = href  # a canonical left pointing at a developer's machine says nothing
    base = soup.find("base", href=True)
    if base is not None:
        joined = urljoin(address, base["href"].strip())
        if joined.startswith(("http://", "https://")):
            return joined
    return address


_LOCAL = re.compile(r"^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[?::1\]?)$|\.local$", re.IGNORECASE)


def _is_chrome(tag: Tag, in_main: bool) -> bool:
    if tag.name in _CHROME_TAGS or (tag.name == "header" and not in_main):
        return True
    if (tag.get("role") or "").lower() in _CHROME_ROLES:
        return True
    if tag.get("aria-hidden") == "true" and not node_text(tag):
        return True
    for token in [*(tag.get("class") or ()), tag.get("id") or ""]:
        parts = [p for p in re.split(r"[-_]+", token.lower()) if p]
        while len(parts) > 1 and parts[0] in _CHROME_PREFIXES:
            parts = parts[1:]
        if parts and parts[0] in _CHROME_WORDS:  # footer, site-footer, footer-widgets, share-bar, toc-wrapper
            return True
    return False


def main_content(soup: BeautifulSoup, use_main: bool = True) -> tuple[Tag, list[str], dict[str, str]]:
    """The part of the page a reader reads, with its chrome and indexes taken out; notes on what was removed, and
    the topic the page's index files each in-page anchor under (`index.py`)."""
    notes: list[str] = []
    for tag in soup.find_all(_REMOVE):  # structured data has been read by now
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    mains = [m for m in soup.find_all(["main"]) + soup.find_all(attrs={"role": "main"}) if node_text(m) and use_main]
    root = mains[0] if mains else (soup.body or soup)
    in_main = bool(mains)
    removed = 0
    for tag in list(root.find_all(True)):
        if tag.decomposed or tag.parent is None:
            continue
        if _is_chrome(tag, in_main or tag.find_parent(["article", "main"]) is not None):
            removed += 1
            tag.decompose()
    anchors = {t.get("id") for t in soup.find_all(id=True)} | {
        t.get("name") for t in soup.find_all("a", attrs={"name": True})
    }
    topics = take_out_indexes(root, anchors, notes)
    if removed:
        notes.append(f"{counted(removed, 'part')} of page chrome (navigation, header, footer, share bars) left out")
    return root, notes, topics
