"""Markdown to HTML for answers, intros and pages.

Policy for raw HTML in content: it is not rendered. Editors write Markdown; any
HTML tags they type are escaped and show as text, so an answer can never smuggle
a script or an event handler into a page. Links with a scheme other than
http, https, mailto or tel (a carrier's phone number) are dropped to plain text
and returned with the broken links, for the loader to warn about: javascript:,
data:, vbscript: and file: are unsafe, and any other (ftp:, an app's own scheme)
is one a shopper's browser may not open.

Images are kept only when they are site-rooted (`/images/x.png`); any other
source becomes the image's alt text, since the page's Content-Security-Policy
allows images from the site alone.

Internal links are rewritten here: a relative link to another `.md` file becomes
that page's URL, and a site-rooted link (`/track/`) becomes root-relative. Both
come out prefixed with `ROOT_MARK`, which the renderer replaces with the page's
relative path to the site root, so one rendered answer serves pages at any depth.

A whole help center's Markdown is rendered in one call (`render_all`), shared out
between forked worker processes when there is enough of it; the results, the
broken links and the cache entries are exactly those of rendering one document
after the other.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from kbgen.urls import ROOT_MARK
from kbgen.util.processes import can_fork, fork_map

#: The schemes a link in content may have; links with any other are dropped, their text kept.
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: Schemes that run code or read the shopper's files: dropped like any other, and named unsafe in the warning.
UNSAFE_SCHEMES = frozenset({"javascript", "data", "vbscript", "file"})

LinkResolver = Callable[[str], "str | None"]
"""Maps a relative `.md` link target to a root-relative URL, or None if it is missing."""
Recorded = tuple[str, list[str], list[tuple[str, "str | None"]]]
"""A render: its HTML, the links it dropped, and every `(target, url)` resolution it made, in order."""
Rendered = tuple[str, list[str]]
"""HTML and the links dropped: relative links that did not resolve, and links with a scheme not in SAFE_SCHEMES."""


class _LinkRewriter(Treeprocessor):
    def __init__(self, md: markdown.Markdown, resolve: LinkResolver, broken: list[str]):
        super().__init__(md)
        self.resolve = resolve
        self.broken = broken

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
            if parts.scheme.lower() not in SAFE_SCHEMES:
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
    def __init__(self, resolve: LinkResolver, broken: list[str]):
        super().__init__()
        self.resolve = resolve
        self.broken = broken

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # Markdown's API name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_LinkRewriter(md, self.resolve, self.broken), "kbgen_links", 1)
        md.treeprocessors.register(_ScrollableTables(md), "kbgen_tables", 0)


class _Renderer:
    """One Markdown instance, built once and reset per document: building one costs more than a short answer."""

    def __init__(self) -> None:
        self.resolve: LinkResolver = lambda target: None
        self.broken: list[str] = []
        self.md = markdown.Markdown(
            extensions=["sane_lists", "tables", "fenced_code", _KbgenExtension(self._resolve, self.broken)],
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


_RENDERER: _Renderer | None = None


class RenderCache(Protocol):
    """Renders remembered between builds (load/cache.py's `MarkdownCache`)."""

    def render(self, text: str, resolve: LinkResolver, render: Callable[[str, LinkResolver], Recorded]) -> Rendered: ...

    def render_all(
        self, jobs: Sequence[tuple[str, LinkResolver]], render: Callable[[list], list[Recorded]]
    ) -> list[Rendered]: ...


def render_markdown(text: str, resolve: LinkResolver, cache: RenderCache | None = None) -> Rendered:
    """Render Markdown to HTML; also return the relative links that did not resolve. `cache` remembers."""
    if cache is not None:
        return cache.render(text, resolve, render_recorded_one)
    return render_markdown_uncached(text, resolve)


def render_markdown_uncached(text: str, resolve: LinkResolver) -> tuple[str, list[str]]:
    """`render_markdown` without the cache."""
    return _renderer().render(text, resolve)


def _renderer() -> _Renderer:
    global _RENDERER
    if _RENDERER is None:
        _RENDERER = _Renderer()
    return _RENDERER


@dataclass(frozen=True)
class Sharing:
    """When rendering is shared out between processes, and in what chunks."""

    min_documents: int = 500
    """Below this many documents to render, starting processes costs more than it saves."""
    chunk: int = 100


#: What a build uses.
SHARING = Sharing()


def render_all(
    jobs: Sequence[tuple[str, LinkResolver]],
    workers: int = 1,
    cache: RenderCache | None = None,
    sharing: Sharing = SHARING,
) -> list[Rendered]:
    """`render_markdown` of every `(text, resolve)` job, in order; many renders are shared out between `workers`
    processes, with the same results, cache entries and order as one after the other."""
    if cache is not None:
        return cache.render_all(jobs, lambda misses: render_recorded(misses, workers, sharing))
    return [(html, broken) for html, broken, _ in render_recorded(jobs, workers, sharing)]


def render_recorded(
    jobs: Sequence[tuple[str, LinkResolver]], workers: int = 1, sharing: Sharing = SHARING
) -> list[Recorded]:
    """Render every `(text, resolve)` job without the cache, in order, recording the link resolutions each made;
    in forked processes when there are many (util/processes.py: workers inherit the jobs, resolvers included)."""
    if len(jobs) >= sharing.min_documents and can_fork(workers):
        _renderer()  # built once here rather than once in every worker
    return fork_map(_render_job, jobs, workers, sharing.min_documents, sharing.chunk)


def _render_job(job: tuple[str, LinkResolver]) -> Recorded:
    return render_recorded_one(*job)


def render_recorded_one(text: str, resolve: LinkResolver) -> Recorded:
    """Render without the cache, recording every `(target, url)` link resolution made."""
    calls: list[tuple[str, str | None]] = []

    def recording(target: str) -> str | None:
        url = resolve(target)
        calls.append((target, url))
        return url

    html, broken = render_markdown_uncached(text, recording)
    return html, broken, calls
