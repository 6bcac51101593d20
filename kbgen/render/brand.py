"""The site's brand as files: the stylesheet and web app manifest its colours make, and the default icons.

Owns the `brand.css` the theme links
(custom properties only, so a theme's CSS decides where they are used) and
`site.webmanifest`. Pure functions: nothing here reads or writes files.
"""

from __future__ import annotations

import json
import math
import struct
import zlib
from pathlib import PurePosixPath

from kbgen.model import HelpCenter, Site
from kbgen.util.colour import DEFAULT_BRAND, LIGHT_TEXT, on_dark


def brand_css(site: Site) -> bytes:
    """`css/brand.css`: the brand colours as custom properties, with tints for the dark scheme."""
    brand = site.brand_color or DEFAULT_BRAND
    accent = site.accent_color or brand
    return (
        "/* Made by kbgen from site.yaml's brand settings. */\n"
        f":root {{ --brand: {brand}; --brand-fg: {LIGHT_TEXT}; --accent: {brand}; --accent-2: {accent}; }}\n"
        "@media (prefers-color-scheme: dark) {\n"
        f"  :root {{ --accent: {on_dark(brand)}; --accent-2: {on_dark(accent)}; }}\n"
        "}\n"
    ).encode()


def web_manifest(site: Site, icons: list[tuple[str, str, str]]) -> bytes:
    """`site.webmanifest`: the site's name, colours and `(url, type, sizes)` icons, URLs relative to it."""
    data = {
        "name": site.title,
        "short_name": site.title if len(site.title) <= 12 else site.title.split()[0],
        "description": site.description,
        "lang": site.language,
        "start_url": "./",
        "scope": "./",
        "display": "browser",
        "theme_color": site.brand_color or DEFAULT_BRAND,
        "background_color": "#ffffff",
        "icons": [{"src": url, "type": kind, "sizes": sizes} for url, kind, sizes in icons],
    }
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _png(width: int, rows: list[bytes]) -> bytes:
    """An RGB PNG from rows of `width` pixels (3 bytes each)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, len(rows), 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\0" + row for row in rows), 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def default_touch_icon(color: str, size: int = 180) -> bytes:
    """A `size` px square PNG: a white speech-bubble ring on the brand colour (iOS rounds the corners)."""
    back = bytes(int(color[i : i + 2], 16) for i in (1, 3, 5))
    white = b"\xff\xff\xff"
    middle, outer, inner = size / 2, size * 0.32, size * 0.24
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            distance = math.hypot(x + 0.5 - middle, y + 0.5 - middle)
            row += white if inner <= distance <= outer else back
        rows.append(bytes(row))
    return _png(size, rows)


def default_favicon(color: str) -> bytes:
    """An SVG favicon: a white ring on a rounded square of the brand colour."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f'<rect width="32" height="32" rx="7" fill="{color}"/>'
        '<circle cx="16" cy="16" r="8.5" fill="none" stroke="#fff" stroke-width="3"/></svg>\n'
    ).encode()


def site_assets(hc: HelpCenter) -> dict[str, bytes]:
    """The assets a site makes from its content: brand.css, logo, favicon, touch icon, section icon files."""
    site = hc.site
    color = site.brand_color or DEFAULT_BRAND
    assets = {"css/brand.css": brand_css(site)}
    logo = site.logo_image
    if logo is not None:
        assets[f"brand/logo{PurePosixPath(logo.path).suffix}"] = logo.data
    svg_logo = logo is not None and logo.kind == "image/svg+xml"
    assets["brand/favicon.svg"] = logo.data if svg_logo else default_favicon(color)
    png_logo = logo is not None and logo.kind == "image/png"
    assets["brand/apple-touch-icon.png"] = logo.data if png_logo else default_touch_icon(color)
    for section in hc.sections:
        if section.icon_image is not None:
            assets[f"icons/content/{section.slug}{PurePosixPath(section.icon_image.path).suffix}"] = (
                section.icon_image.data
            )
    return assets


def logo_asset(site: Site) -> str:
    """The asset name of the site's logo, or "" without one."""
    return f"brand/logo{PurePosixPath(site.logo_image.path).suffix}" if site.logo_image else ""
