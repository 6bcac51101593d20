"""Search text: the folding rule shared with the browser, HTML answers read as text, JavaScript string order.

Owns `fold_text` (the rule the browser's search scripts in theme/static/js/
mirror, reading the apostrophe set from the index file), `html_to_text` (answers and intros as
plain text for the index and snippets) and `utf16_key` (sorting as JavaScript
sorts). Pure string work: knows nothing of help centers, indexes or lunr.
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape

from kbgen.util.html_text import text_of

__all__ = ["APOSTROPHES", "fold_text", "fold_words", "html_to_text", "split_elisions", "utf16_key"]

#: Deleted inside words before splitting, so "don’t" and "don't" both index "dont".
APOSTROPHES = "'`´ʹʻʼʽ‘’‛′"
_APOSTROPHES_TO_SPACES = str.maketrans(dict.fromkeys(APOSTROPHES, " "))

_APOSTROPHE_SET = frozenset(APOSTROPHES)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_SEPARATORS = re.compile(r"[^0-9a-z\x80-\U0010ffff]+")
#: fold_text on ASCII as a byte table: upper case to lower, other non-alphanumerics to spaces.
_ASCII_FOLD = bytes(
    code + 32 if 65 <= code <= 90 else code if 48 <= code <= 57 or 97 <= code <= 122 else 32 for code in range(256)
)
_ASCII_APOSTROPHES = "".join(char for char in APOSTROPHES if char.isascii()).encode("ascii")
#: A start or end tag with no "<" or ">" inside (what Python-Markdown writes: it escapes both in attributes).
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
#: Elements whose text HTMLParser keeps raw (entities not decoded): left to the parser.
_RAW_TEXT_ELEMENT = re.compile(r"<(?:script|style)\b", re.IGNORECASE)


def fold_text(text: str) -> str:
    """Normalise text to lunr-ready words: the rule the browser mirrors.

    NFKD, lower case, combining marks dropped, apostrophes deleted, every run of
    characters that are not letters or numbers (Unicode L*/N*) turned into one
    space. So "Don’t" → "dont", "Café" → "cafe", "👉 YT123" → "yt123".
    """
    if text.isascii():
        return " ".join(fold_words(text))
    text = unicodedata.normalize("NFKD", text).lower()
    text = _NON_ASCII.sub(_fold_char, text)
    text = text.replace("'", "").replace("`", "")
    return _ASCII_SEPARATORS.sub(" ", text).strip()


def fold_words(text: str) -> list[str]:
    """`fold_text(text).split()`; for ASCII text (most of it) one byte-table pass."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_FOLD, _ASCII_APOSTROPHES).decode("ascii").split()
    return fold_text(text).split()


def split_elisions(text: str) -> str:
    """`text` with every apostrophe a space, for a language that elides ("l’adhésion" → "l adhésion", French and
    Italian): its index says so with an empty apostrophe set, and the browser folds them into separators too."""
    return text.translate(_APOSTROPHES_TO_SPACES)


def _fold_char(match: re.Match[str]) -> str:
    char = match.group()
    if char in _APOSTROPHE_SET:
        return ""
    category = unicodedata.category(char)[0]
    if category == "M":
        return ""
    return char if category in "LN" else " "


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment, whitespace collapsed.

    Markdown's HTML (load/markdown.py escapes raw HTML, so it holds only the
    tags Python-Markdown writes, with "<" and ">" escaped everywhere else) is
    read with one regex: every tag becomes a space, then entities are decoded,
    which is what HTMLParser does, five times faster. Anything else (a comment,
    a script, a stray "<") goes through HTMLParser (`util/html_text.py`, which
    meta descriptions read with too).
    """
    stripped = _TAG.sub(" ", html)
    if "<" in stripped or ">" in stripped or _RAW_TEXT_ELEMENT.search(html):
        return text_of(html)
    return " ".join(unescape(stripped).split())


def utf16_key(text: str) -> bytes:
    """Sort key matching JavaScript's string order (UTF-16 code units)."""
    return text.encode("utf-16-be")
