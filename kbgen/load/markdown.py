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
after the other. Python-Markdown itself, with kbgen's extension (`markdown_engine.py`), and the
worker processes are loaded only when a document is not in the cache: a rebuild whose bodies are all
cached never imports them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from kbgen.load.markdown_engine import Renderer

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


_RENDERER: Renderer | None = None


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


def _renderer() -> Renderer:
    global _RENDERER
    if _RENDERER is None:
        from kbgen.load.markdown_engine import Renderer

        _RENDERER = Renderer(SAFE_SCHEMES)
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
    from kbgen.util.processes import can_fork, fork_map

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
