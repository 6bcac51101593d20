"""URL pieces: the site's own paths, slugs and their rules, base URLs, content-hashed names, root marks.

Pure string functions shared by loading (slug rules, links in Markdown), rendering
(pointing marked links at a page's root, hashed asset names), search (hashed part
names), publishing, `kbgen new` and `kbgen import`; and what counts as a site's
public address (`--base-url`, `base_url:` in site.yaml), checked alike by the CLI
(a usage error) and the loader (a content error at its line). No I/O.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import PurePosixPath
from urllib.parse import quote, urlsplit

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
#: What `uri_of` leaves as it is: every ASCII character a URL may hold (reserved, unreserved, `%`).
_URI_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
#: The slugs kbgen makes stop at the last whole word within this many characters (a URL to read, a file name to
#: fit: `NN-slug` folders and `NN-slug.md` files stay far below any file system's limit).
MAX_SLUG_CHARS = 60
#: The longest file or folder name most file systems take (bytes): a slug is a folder of the output.
MAX_NAME_BYTES = 255
_APOSTROPHES = (("'", ""), ("’", ""), ("`", ""))
_APOSTROPHE_RE = re.compile("[" + "".join(old for old, _ in _APOSTROPHES) + "]")

# Words that carry no meaning in a question's URL ("how-do-i-..."); dropped unless nothing is left.
STOP_WORDS = frozenset(
    {"a", "an", "the", "i", "me", "my", "we", "our", "you", "your", "it", "its", "is", "are", "am", "be"}
    | {"was", "were", "do", "does", "did", "can", "could", "will", "would", "should", "shall", "may", "might"}
    | {"what", "how", "why", "when", "where", "which", "who", "whom", "to", "of", "for", "in", "on", "at"}
    | {"by", "with", "from", "and", "or", "if", "that", "this", "there", "about"}
)


def slug_words(text: str) -> list[str]:
    """Lower-case words of `text` for a URL, apostrophes dropped, anything but letters, marks and digits a separator.

    Text in the Latin script (or none) gives ASCII words, transliterated by python-slugify as always ("Café" →
    "cafe"). Text with letters of another script keeps that script (an IRI slug, as Wikipedia and Zendesk make
    them): 配送について → 配送について, Arabic stays Arabic, lower-cased where the script has case (Cyrillic, Greek);
    its Latin words, if any, are still transliterated. A reader can read the URL in their own script, and
    browsers show it as written (they send it percent-encoded, as UTF-8).
    """
    text = _APOSTROPHE_RE.sub("", unicodedata.normalize("NFC", text))
    if not any(char.isalpha() and not _is_latin(char) for char in text):
        return _ascii_words(text)
    # letters, marks (Devanagari's vowel signs, Thai's) and decimal digits make words; anything else parts them
    kept = "".join(char if unicodedata.category(char)[0] in "LM" or char.isdecimal() else " " for char in text)
    words = []
    for word in kept.lower().split():
        if any(not _is_latin(char) for char in word if char.isalpha()):
            words.append(word)
        else:
            words.extend(_ascii_words(word))
    return words


def _ascii_words(text: str) -> list[str]:
    # imported here: a build whose slugs are all ASCII never needs it (`is_slug`), and it costs every start 10 ms
    from slugify import slugify as transliterated_slug

    return [word for word in transliterated_slug(text, replacements=_APOSTROPHES).split("-") if word]


def _is_latin(char: str) -> bool:
    return char.isascii() or unicodedata.name(char, "").startswith("LATIN ")


def is_slug(slug: str) -> bool:
    """Whether `slug` is URL-clean: words joined by single hyphens, of lower-case ASCII letters and digits, or of
    another script's letters (lower case where it has case) and marks (what `slug_words` makes)."""
    if SLUG_RE.match(slug):
        return True
    for word in slug.split("-"):
        if not word or not all(_is_iri_slug_char(char) for char in word):
            return False
    return slug_words(slug) == slug.split("-")


def _is_iri_slug_char(char: str) -> bool:
    category = unicodedata.category(char)
    if char.isascii():
        return char.isdigit() or "a" <= char <= "z"
    return category in ("Ll", "Lm", "Lo", "Mn", "Mc", "Me", "Nd") and not _is_latin(char)


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


def uri_of(iri: str) -> str:
    """An IRI as a URI: every non-ASCII character percent-encoded as UTF-8 (what a browser sends for an IRI slug,
    and what a sitemap must list); an ASCII URL stays as it is."""
    return iri if iri.isascii() else quote(iri, safe=_URI_SAFE)


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
