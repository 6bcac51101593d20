"""HTML converted to Markdown, for the HTML page reader and the export readers of `kbgen import`.

Pure functions (plain text is escaped by `kbgen/importer/plaintext.py`): convert HTML
nodes to Markdown with markdownify (paragraphs, lists, tables, emphasis, code),
adapted to what the renderer reads: links made absolute against the page's
address and kept only for http, https, mailto and tel targets, images kept as
links to the picture, nested lists indented by four spaces, a paragraph never
read as a heading or list because of its first characters. No I/O.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Comment, Tag
from markdownify import MarkdownConverter

from kbgen.importer.links import Link, markdown_link, rewrite_links
from kbgen.importer.plaintext import clean_text, escape_markdown, guard_block_start, link_emails

LINK_SCHEMES = ("http", "https", "mailto", "tel")
HEADINGS = {f"h{n}": n for n in range(1, 7)}


def absolute_url(href: str, base_url: str) -> str:
    """`href` resolved against `base_url`; empty when it cannot point anywhere in the new site."""
    href = (href or "").strip()
    if base_url and not urlsplit(href).scheme:
        href = urljoin(base_url, href)
    if urlsplit(href).scheme.lower() not in LINK_SCHEMES:
        return ""
    return href.replace(" ", "%20").replace(")", "%29").replace("(", "%28")


class _Converter(MarkdownConverter):
    """markdownify, told where the page lives and what the renderer keeps."""

    def __init__(self, base_url: str, dropped: list[str] | None = None) -> None:
        super().__init__(heading_style="ATX", bullets="-", escape_misc=False, newline_style="spaces")
        self.base_url = base_url
        self.dropped = dropped

    def convert_a(self, el, text, parent_tags):
        href = absolute_url(el.get("href"), self.base_url)
        if not href:
            if self.dropped is not None and (el.get("href") or "").strip():
                self.dropped.append(el["href"].strip())
            return text  # relative without a base, javascript: or a page anchor: keep the words
        plain = text.strip().replace("\\_", "_")
        if not plain or plain in (href, href.removeprefix("mailto:"), href.removeprefix("tel:")):
            if plain and href.startswith(("mailto:", "tel:")):
                return f"[{text.strip()}]({href})"
            return f"<{href}>"
        el = el.__copy__()
        el["href"] = href
        el.attrs.pop("title", None)
        return super().convert_a(el, text, parent_tags)

    def convert_tt(self, el, text, parent_tags):
        return self.convert_code(el, text, parent_tags)  # the teletype text of older pages is code

    def convert_img(self, el, text, parent_tags):
        src = absolute_url(el.get("src"), self.base_url)
        alt = clean_text(el.get("alt") or "")
        if not src:
            return escape_markdown(alt)
        return f"[{escape_markdown(alt) or 'image'}]({src})"  # an image in an answer is a link to it

    def convert_li(self, el, text, parent_tags):
        # Python-Markdown nests a list only under four spaces of indentation.
        converted = super().convert_li(el, text, parent_tags)
        ending = "\n" if converted.endswith("\n") else ""
        first, _, rest = converted.removesuffix("\n").partition("\n")
        width = len(first) - len(first.lstrip(" ")) + (first.lstrip(" ").find(" ") + 1)
        if rest and width < 4:
            pad = " " * (4 - width)
            rest = "\n".join(pad + line if line.strip() else line for line in rest.split("\n"))
        return first + ("\n" + rest if rest else "") + ending

    def convert_hn(self, n, el, text, parent_tags):
        if "_inline" in parent_tags:
            return text
        return f"\n\n#### {clean_text(text)}\n\n" if clean_text(text) else ""  # a heading inside an answer

    def convert_p(self, el, text, parent_tags):
        converted = super().convert_p(el, text, parent_tags)
        if "_inline" in parent_tags:
            return converted
        return "\n\n" + guard_block_start(converted.strip()) + "\n\n" if converted.strip() else ""


def html_to_markdown(nodes, base_url: str = "", dropped: list[str] | None = None) -> str:
    """Convert HTML nodes (block or inline, from one page) to Markdown; the address of each link kept as words
    only (it cannot lead anywhere on the new site) is added to `dropped`."""
    holder = BeautifulSoup("<div></div>", "html.parser")
    box = holder.div
    for node in nodes:
        if isinstance(node, Comment):
            continue
        box.append(node.__copy__() if isinstance(node, Tag) else type(node)(str(node)))
    markdown = _Converter(base_url, dropped).convert_soup(holder)
    lines = []
    for line in markdown.split("\n"):
        hard_break = line.endswith("  ") and line.strip()
        lines.append(line.rstrip() + ("  " if hard_break else ""))
    paragraphs = [p.strip("\n") for p in re.split(r"\n(?:[ \t]*\n)+", "\n".join(lines))]
    paragraphs = [re.sub(r"  $", "", p) for p in paragraphs if p.strip()]  # no hard break ends a paragraph
    markdown = "\n\n".join(paragraphs)
    return link_emails(rewrite_links(markdown, lambda link: _typed_link(link, base_url))).strip()


def _typed_link(link: Link, base_url: str) -> str | None:
    """A Markdown link typed into the page's text (never rendered there), made absolute like the page's own
    links; an image becomes a link to the picture, as `convert_img` does. None leaves it for the planner."""
    href = absolute_url(link.target, base_url)
    if not href or (href == link.target and not link.image):
        return None
    return markdown_link(link.text or "image", href)


def markdown_from_html(html: str, base_url: str = "", dropped: list[str] | None = None) -> str:
    """Convert an HTML fragment (an export's article body, a JSON-LD answer) to Markdown (see `html_to_markdown`)."""
    return html_to_markdown(BeautifulSoup(html, "html.parser").contents, base_url, dropped)
