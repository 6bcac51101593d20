"""Markdown written from plain text and HTML, for `kbgen import`.

Pure functions: escape text so Markdown reads it literally, and convert HTML
nodes (paragraphs, lists, headings, links, emphasis, tables) to Markdown. Links
keep only http, https and mailto targets, as the renderer does. No I/O.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from bs4 import Comment, NavigableString, Tag

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


def clean_text(text: str) -> str:
    """Collapse every run of whitespace (non-breaking spaces too) to one space."""
    return " ".join(text.replace("\u00a0", " ").split())


HEADINGS = {f"h{n}": n for n in range(1, 7)}
BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "aside",
    "ul",
    "ol",
    "dl",
    "details",
    "table",
    "pre",
    "blockquote",
    "figure",
    "hr",
    "body",
    "html",
    *HEADINGS,
}


def nodes_to_markdown(nodes, base_url: str = "") -> str:
    """Convert HTML nodes (block or inline) to Markdown paragraphs, lists, headings and links."""
    blocks: list[str] = []
    inline: list[str] = []

    def flush() -> None:
        text = clean_text("".join(inline))
        if text:
            blocks.append(guard_block_start(text))
        inline.clear()

    for node in nodes:
        if isinstance(node, Comment):
            continue
        if isinstance(node, NavigableString):
            inline.append(escape_markdown(str(node)))
        elif isinstance(node, Tag) and (node.name in BLOCKS or node.name in ("li", "dd", "dt", "summary")):
            flush()
            block = _block(node, base_url)
            if block:
                blocks.append(block)
        elif isinstance(node, Tag):
            inline.append(_inline(node, base_url))
    flush()
    return "\n\n".join(blocks).strip()


def _block(tag: Tag, base_url: str) -> str:
    name = tag.name
    if name in HEADINGS:
        text = clean_text(_inline_children(tag, base_url))
        return f"### {text}" if text else ""
    if name in ("ul", "ol"):
        return _list(tag, base_url, 0)
    if name == "pre":
        return "```\n" + tag.get_text().strip("\n") + "\n```"
    if name == "blockquote":
        inner = nodes_to_markdown(tag.contents, base_url)
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
    if name == "table":
        return _table(tag, base_url)
    if name == "hr":
        return ""
    if name == "p":
        return guard_block_start(clean_text(_inline_children(tag, base_url)))
    return nodes_to_markdown(tag.contents, base_url)


def _list(tag: Tag, base_url: str, depth: int) -> str:
    rows = []
    for number, item in enumerate(tag.find_all("li", recursive=False), start=1):
        marker = f"{number}. " if tag.name == "ol" else "- "
        text_parts, nested = [], []
        for child in item.children:
            if isinstance(child, Tag) and child.name in ("ul", "ol"):
                nested.append(_list(child, base_url, depth + 1))
            elif isinstance(child, Tag) and child.name in BLOCKS:
                text_parts.append(" " + _inline_children(child, base_url) + " ")
            elif isinstance(child, Tag):
                text_parts.append(_inline(child, base_url))
            elif isinstance(child, NavigableString) and not isinstance(child, Comment):
                text_parts.append(escape_markdown(str(child)))
        rows.append("    " * depth + marker + clean_text("".join(text_parts)))
        rows.extend(nested)
    return "\n".join(rows)


def _table(tag: Tag, base_url: str) -> str:
    rows = [
        [clean_text(_inline_children(cell, base_url)).replace("|", "\\|") for cell in row.find_all(["th", "td"])]
        for row in tag.find_all("tr")
    ]
    rows = [row for row in rows if row]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    lines.extend("| " + " | ".join(row) + " |" for row in rows[1:])
    return "\n".join(lines)


def _inline_children(tag: Tag, base_url: str) -> str:
    parts = []
    for child in tag.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            parts.append(escape_markdown(str(child)))
        elif isinstance(child, Tag):
            parts.append(_inline(child, base_url))
    return "".join(parts)


def _inline(tag: Tag, base_url: str) -> str:
    name = tag.name
    if name == "br":
        return " "
    if name == "img":
        return escape_markdown(tag.get("alt") or "")
    inner = _inline_children(tag, base_url)
    if name in ("strong", "b") and inner.strip():
        return f"**{inner.strip()}**"
    if name in ("em", "i") and inner.strip():
        return f"*{inner.strip()}*"
    if name == "code":
        return f"`{tag.get_text()}`"
    if name == "a":
        return _link(tag, inner, base_url)
    return inner


def _link(tag: Tag, inner: str, base_url: str) -> str:
    href = (tag.get("href") or "").strip()
    if base_url and not urlsplit(href).scheme:
        href = urljoin(base_url, href)
    scheme = urlsplit(href).scheme.lower()
    if scheme not in ("http", "https", "mailto"):
        return inner  # relative or script links cannot point anywhere in the new site
    text = inner.strip()
    if not text or text == escape_markdown(href) or f"<{href}>" == text:
        return f"<{href}>"
    return f"[{text}]({href.replace(' ', '%20').replace(')', '%29')})"
