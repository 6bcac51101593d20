"""Markdown written from plain text, for every reader of `kbgen import`.

Pure string functions, without BeautifulSoup (so reading a plain-text FAQ does
not load it): escape text so Markdown reads it literally, keep a paragraph from
reading as a heading or list, link bare e-mail addresses, collapse whitespace.
"""

from __future__ import annotations

import re

URL_RE = re.compile(r"https?://[^\s<>\"]+")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_ESCAPE_RE = re.compile(r"([\\`*_\[\]])")
_BLOCK_START_RE = re.compile(r"^(#|>|[-+*]\s|\d+[.)]\s)")


def escape_markdown(text: str) -> str:
    """Escape the characters Markdown would read as formatting, keep bare URLs as autolinks."""
    parts = []
    position = 0
    for match in URL_RE.finditer(text):
        url = match.group().rstrip(".,;:!?)’”")
        parts.append(_ESCAPE_RE.sub(r"\\\1", text[position : match.start()]))
        parts.append(f"<{url}>")
        position = match.start() + len(url)
    parts.append(_ESCAPE_RE.sub(r"\\\1", text[position:]))
    return "".join(parts)


def guard_block_start(text: str) -> str:
    """Keep a paragraph from being read as a heading, quote or list because of its first characters."""
    match = _BLOCK_START_RE.match(text)
    if not match:
        return text
    if match.group()[0].isdigit():
        digits = re.match(r"\d+", text).group()
        return digits + "\\" + text[len(digits) :]
    return "\\" + text


def link_emails(markdown: str) -> str:
    """Make bare e-mail addresses mailto links (outside existing links and autolinks)."""
    pieces = re.split(r"(<[^>]*>|\[[^\]]*\]\([^)]*\))", markdown)
    for index in range(0, len(pieces), 2):
        pieces[index] = EMAIL_RE.sub(lambda m: f"[{m.group()}](mailto:{m.group()})", pieces[index])
    return "".join(pieces)


def first_email(text: str) -> str:
    """The first e-mail address in `text` (the site's contact), or ""."""
    match = EMAIL_RE.search(text)
    return match.group() if match else ""


def clean_text(text: str) -> str:
    """Collapse every run of whitespace (non-breaking spaces too) to one space."""
    return " ".join(text.replace("\u00a0", " ").split())


def counted(number: int, noun: str, plural: str = "") -> str:
    """`1 question`, `2 questions`: a count with its noun in the right number (`plural` when not noun + "s")."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
