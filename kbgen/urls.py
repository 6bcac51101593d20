"""URL pieces: the site's own paths, slugs and their rules, base URLs, content-hashed names, root marks.

Pure string functions shared by loading (slug rules, links in Markdown), rendering
(pointing marked links at a page's root, hashed asset names), search (hashed part
names), publishing, `kbgen new` and `kbgen import`; and what counts as a site's
public address (`--base-url`, `base_url:` in site.yaml), checked alike by the CLI
(a usage error) and the loader (a content error at its line). No I/O.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Mapping
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from slugify import slugify as transliterated_slug

#: Paths every built site has besides its sections and pages ("" is the home page).
SITE_OWN_PATHS = frozenset({"", "search/", "track/", "404.html", "sitemap.xml", "robots.txt"})
#: Slugs a section or page cannot take: the site's own paths and the assets folder.
RESERVED_SLUGS = frozenset({path.strip("/") for path in SITE_OWN_PATHS if path} | {"assets"})
#: What a slug may be: lower-case letters and digits in words joined by single hyphens.
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: One part of an old URL kept as an alias: letters of any case and script, digits, `-`, `_`, `.`, `~`
#: (old help centers used capitals and their own slugs; a host serves the path as written).
ALIAS_PART_RE = re.compile(r"^[^\W_][\w.~-]*$")
#: The `NN-` that orders a section folder or question file; not part of its slug.
ORDER_PREFIX_RE = re.compile(r"^(\d+)-")

ROOT_MARK = "kbroot:"
"""Prefix of a site-rooted link in rendered Markdown, until a page's depth says what the root is."""

MAX_SLUG_WORDS = 6
#: The slugs kbgen makes stop at the last whole word within this many characters (a URL to read, a file name to
#: fit: `NN-slug` folders and `NN-slug.md` files stay far below any file system's limit).
MAX_SLUG_CHARS = 60
#: The longest file or folder name most file systems take (bytes): a slug is a folder of the output.
MAX_NAME_BYTES = 255
_APOSTROPHES = (("'", ""), ("’", ""), ("`", ""))

# Words that carry no meaning in a question's URL ("how-do-i-..."); dropped unless nothing is left.
STOP_WORDS = frozenset(
    {"a", "an", "the", "i", "me", "my", "we", "our", "you", "your", "it", "its", "is", "are", "am", "be"}
    | {"was", "were", "do", "does", "did", "can", "could", "will", "would", "should", "shall", "may", "might"}
    | {"what", "how", "why", "when", "where", "which", "who", "whom", "to", "of", "for", "in", "on", "at"}
    | {"by", "with", "from", "and", "or", "if", "that", "this", "there", "about"}
)


def slug_words(text: str) -> list[str]:
    """Lower-case ASCII words of `text`: transliterated (accents folded, other scripts spelled in Latin letters,
    by python-slugify), apostrophes dropped, anything else a separator."""
    return [word for word in transliterated_slug(text, replacements=_APOSTROPHES).split("-") if word]


def capped(words: list[str], limit: int = MAX_SLUG_CHARS) -> str:
    """`words` joined by hyphens, as many whole words as fit in `limit` characters (a first word longer than that is
    cut at `limit`)."""
    slug = ""
    for word in words:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > limit:
            return slug or word[:limit]
        slug = longer
    return slug


def slugify(text: str, max_words: int | None = None) -> str:
    """`"Buy From Store"` -> `"buy-from-store"`; "" when the text has no letters or digits; at most MAX_SLUG_CHARS
    characters, ending at a word."""
    words = slug_words(text)
    return capped(words[:max_words] if max_words else words)


def question_slug(question: str) -> str:
    """A short slug for a question: its meaningful words, at most MAX_SLUG_WORDS of them and MAX_SLUG_CHARS
    characters."""
    words = slug_words(question)
    meaningful = [w for w in words if w not in STOP_WORDS] or words
    return capped(meaningful[:MAX_SLUG_WORDS])


def relink(html: str, root: str) -> str:
    """Point marked internal links at `root`, the page's relative path to the site root."""
    return html.replace(f'="{ROOT_MARK}', f'="{root}')


def slug_from_filename(name: str) -> str:
    """`01-free-shipping.md` -> `free-shipping`: the file name without its order prefix and `.md`."""
    return ORDER_PREFIX_RE.sub("", name.removesuffix(".md"))


def with_slash(url: str) -> str:
    """A base URL or path ending in `/` (`https://example.org/help` -> `https://example.org/help/`); "" stays ""."""
    return url if not url or url.endswith("/") else url + "/"


def content_hash(data: bytes) -> str:
    """Ten hex digits of the bytes' SHA-256: names that change whenever the bytes do."""
    return hashlib.sha256(data).hexdigest()[:10]


def hashed_name(name: str, data: bytes) -> str:
    """`css/site.css` -> `css/site.<hash>.css`."""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.{content_hash(data)}{path.suffix}"))


_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'"()\s]+)\1\s*\)""")


def hashed_asset_names(assets: Mapping[str, bytes]) -> tuple[dict[str, bytes], dict[str, str]]:
    """Every asset's hashed name (`hashed_name`), and the assets with each stylesheet's relative `url(...)` of
    another asset (`url(../icons/search.svg)` in `css/site.css`) turned into that asset's hashed name, so a
    theme's own icons and images follow into the CSS that draws them. A stylesheet is named after the change;
    a URL that names no asset (or another stylesheet) stays as written."""
    drawn = {name: hashed_name(name, data) for name, data in assets.items() if not name.endswith(".css")}
    names = dict(drawn)
    linked = dict(assets)
    for name, data in assets.items():
        if name.endswith(".css"):
            folder = posixpath.dirname(name)

            def hashed(match: re.Match, folder: str = folder) -> str:
                quote, url = match.groups()
                target = posixpath.normpath(posixpath.join(folder, url))
                if ":" in url or url.startswith(("/", "#")) or target not in drawn:
                    return match.group(0)
                return f"url({quote}{posixpath.relpath(drawn[target], folder or '.')}{quote})"

            linked[name] = _CSS_URL.sub(hashed, data.decode("utf-8")).encode("utf-8")
            names[name] = hashed_name(name, linked[name])
    return linked, names


BASE_URL_SCHEMES = ("https", "http")


def base_url_problem(url: str) -> str:
    """Why `url` cannot be a site's public address, or "" when it can (an empty `url` means none is set)."""
    if not url:
        return ""
    example = "such as https://example.org/help/"
    if any(char.isspace() for char in url):
        return f"'{url}' contains spaces: the base URL must be an absolute http(s) URL {example}"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return f"'{url}' is not a URL: the base URL must be an absolute http(s) URL {example}"
    if parts.scheme.lower() not in BASE_URL_SCHEMES or not parts.hostname or "://" not in url:
        return f"'{url}' is not an absolute http(s) URL: the base URL must start with https:// (or http://) and a host, {example}"
    if parts.query or parts.fragment or url.rstrip("/").endswith(("?", "#")):
        return f"'{url}' has a query or fragment: the base URL is the site's folder, {example}"
    return ""
