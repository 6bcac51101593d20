"""Python-Markdown with kbgen's policy (load/markdown.py says it): raw HTML escaped, links and images checked.

Holds the Markdown extension and its tree processors, and the one `Markdown` instance a process renders with.
Imported only when a document must be rendered (load/markdown.py's `_renderer`): loading Python-Markdown costs
a build whose bodies all come from the cache more than it then does.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from kbgen.urls import ROOT_MARK

LinkResolver = Callable[[str], "str | None"]
"""Maps a relative `.md` link target to a root-relative URL, or None if it is missing (load/markdown.py's)."""


class _LinkRewriter(Treeprocessor):
    def __init__(self, md: markdown.Markdown, resolve: LinkResolver, broken: list[str], safe: frozenset[str]):
        super().__init__(md)
        self.resolve = resolve
        self.broken = broken
        self.safe = safe

    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "a":
                    self._rewrite(parent, child)
                elif child.tag == "img":
                    self._rewrite_image(parent, child)

    def _rewrite_image(self, parent: ET.Element, image: ET.Element) -> None:
        # Only images the site itself serves pass: a site-rooted path. Anything
        # else (another origin, data:, javascript:) would be blocked by the
        # page's Content-Security-Policy or is hostile, so it becomes its alt text.
        src = (image.get("src") or "").strip()
        if src.startswith("/") and not src.startswith("//"):
            image.set("src", ROOT_MARK + src.lstrip("/"))
            return
        image.text = image.get("alt") or ""
        _unwrap(parent, image)

    def _rewrite(self, parent: ET.Element, link: ET.Element) -> None:
        href = (link.get("href") or "").strip()
        parts = urlsplit(href)
        if parts.scheme:
            if parts.scheme.lower() not in self.safe:
                _unwrap(parent, link)
                self.broken.append(href)
                return
            if parts.scheme in ("http", "https"):
                link.set("rel", "noopener")
            return
        if href.startswith("#") or not href:
            return
        if href.startswith("/"):
            link.set("href", ROOT_MARK + href.lstrip("/"))
            return
        target = self.resolve(parts.path) if parts.path.endswith(".md") else None
        if target is None:
            self.broken.append(href)
            return
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        link.set("href", ROOT_MARK + target + fragment)


def _unwrap(parent: ET.Element, link: ET.Element) -> None:
    """Replace a link element by its text, keeping what follows it."""
    index = list(parent).index(link)
    text = "".join(link.itertext()) + (link.tail or "")
    parent.remove(link)
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text


class _ScrollableTables(Treeprocessor):
    """Tables scroll sideways when wider than the page (the theme's CSS): each is a tab stop, so that a
    keyboard can scroll it too."""

    def run(self, root: ET.Element) -> None:
        for table in root.iter("table"):
            table.set("tabindex", "0")


class _KbgenExtension(Extension):
    def __init__(self, resolve: LinkResolver, broken: list[str], safe: frozenset[str]):
        super().__init__()
        self.resolve = resolve
        self.broken = broken
        self.safe = safe

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # Markdown's API name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_LinkRewriter(md, self.resolve, self.broken, self.safe), "kbgen_links", 1)
        md.treeprocessors.register(_ScrollableTables(md), "kbgen_tables", 0)


class Renderer:
    """One Markdown instance, built once and reset per document: building one costs more than a short answer.

    Links with a scheme not in `safe_schemes` are dropped to their text and reported."""

    def __init__(self, safe_schemes: frozenset[str]) -> None:
        self.resolve: LinkResolver = lambda target: None
        self.broken: list[str] = []
        self.md = markdown.Markdown(
            extensions=[
                "sane_lists",
                "tables",
                "fenced_code",
                _KbgenExtension(self._resolve, self.broken, safe_schemes),
            ],
            output_format="html",
        )

    def _resolve(self, target: str) -> str | None:
        return self.resolve(target)

    def render(self, text: str, resolve: LinkResolver) -> tuple[str, list[str]]:
        self.resolve = resolve
        self.broken.clear()
        try:
            html = self.md.reset().convert(text).strip()
            return html, list(self.broken)
        finally:
            self.md.reset()
            self.resolve = lambda target: None
