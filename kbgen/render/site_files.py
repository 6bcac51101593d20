"""The files every site has beside its pages: the sitemap (with each page's alternates in the other locales),
robots.txt and the web manifest. Pure: bytes out, nothing read or written."""

from __future__ import annotations

import html
import struct
from datetime import date

from kbgen.model import HelpCenter
from kbgen.render.brand import web_manifest
from kbgen.render.locales import Alternate
from kbgen.urls import uri_of

NO_SITEMAP_NOTE = (
    "no sitemap.xml: a sitemap must list absolute URLs and this build has no base URL; "
    "build with --base-url https://example.org/help/ (your site's address) or set base_url in site.yaml to get one"
)


def render_manifest(hc: HelpCenter, names: dict[str, str], assets: dict[str, bytes]) -> bytes:
    """site.webmanifest at the root: the name, colours and icons of the site."""
    touch = assets["brand/apple-touch-icon.png"]
    width, height = struct.unpack(">II", touch[16:24])  # the PNG header's size
    icons = [
        (f"assets/{names['brand/favicon.svg']}", "image/svg+xml", "any"),
        (f"assets/{names['brand/apple-touch-icon.png']}", "image/png", f"{width}x{height}"),
    ]
    return web_manifest(hc.site, icons)


def render_sitemap(
    urls: list[str],
    base_url: str,
    lastmod: dict[str, date] | None = None,
    alternates: dict[str, tuple[Alternate, ...]] | None = None,
) -> bytes:
    """sitemap.xml listing every page by its absolute URL under `base_url`, with lastmod where known, and its
    `alternates` in the other locales as `xhtml:link`s."""
    if not base_url:
        raise ValueError("a sitemap lists absolute URLs: it needs the base URL")
    prefix = base_url
    lastmod = lastmod or {}
    alternates = alternates or {}
    # html.escape, not xml.sax.saxutils.escape (the same &, <, >): that module imports urllib.request and ssl.
    rows = "".join(
        f"  <url><loc>{html.escape(uri_of(prefix + url), quote=False)}</loc>"
        + (f"<lastmod>{lastmod[url].isoformat()}</lastmod>" if url in lastmod else "")
        + "".join(
            f'<xhtml:link rel="alternate" hreflang="{alt.tag}" href="{html.escape(prefix + alt.path, quote=False)}"/>'
            for alt in alternates.get(url, ())
        )
        + "</url>\n"
        for url in sorted(urls)
    )
    namespaces = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    if any(alternates.values()):
        namespaces += ' xmlns:xhtml="http://www.w3.org/1999/xhtml"'
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {namespaces}>\n{rows}</urlset>\n'.encode()


def render_robots(base_url: str) -> bytes:
    """robots.txt allowing everything and pointing at the sitemap (there is one only with a base URL)."""
    lines = ["User-agent: *", "Allow: /"]
    if base_url:
        lines.append(f"Sitemap: {base_url}sitemap.xml")
    return ("\n".join(lines) + "\n").encode("utf-8")


def page_dates(hc: HelpCenter, pages: list[tuple[str, dict]], home: str = "") -> dict[str, date]:
    """Last-changed date of each page URL that has one, from `(url, context)` pairs: a question's own, else its
    newest question's (`home`: the URL of the locale's home, its folder)."""
    dates = {}
    for url, context in pages:
        if "question" in context:
            found = [context["question"].updated]
        elif "section" in context:
            found = [q.updated for q in context["section"].questions]
        elif url == home:
            found = [q.updated for s in hc.sections for q in s.questions]
        else:
            continue
        known = [day for day in found if day is not None]
        if known:
            dates[url] = max(known)
    return dates
