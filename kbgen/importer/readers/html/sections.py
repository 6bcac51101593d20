"""The sections of an HTML FAQ page: which heading or label titles each run of questions.

Walks the page in order: headings, and short labels right above a run of marked-up
questions, open sections; a section's text before its first question is its intro.
"""

from __future__ import annotations

from bs4 import Tag

from kbgen.importer.readers.html.convert import HEADINGS, html_to_markdown
from kbgen.importer.readers.html.questions import Found, looks_like_question, node_text, source_line


def _section_label(tag: Tag) -> str:
    """The text of a short label that titles the run of questions after it (a heading or a heading-like div)."""
    if tag.name in HEADINGS or (tag.get("role") or "") == "heading":
        return node_text(tag)
    words = node_text(tag)
    short = 0 < len(words) <= 60 and len(words.split()) <= 8 and not words.endswith(("?", ".", ":"))
    if tag.name in ("div", "span", "p", "strong", "b") and short and not tag.find("a"):
        return words
    return ""


def arrange_sections(root: Tag, pairs: list[Found], base_url: str):
    """Walk the page in order: headings (and labels right above a run of questions) open sections."""
    items = {id(p.item): p for p in pairs}
    consumed = {id(e) for p in pairs for e in p.consumed}
    first_items = set()
    for p in pairs:
        previous = p.item.find_previous_sibling(True)
        while previous is not None and not node_text(previous):
            previous = previous.find_previous_sibling(True)
        if previous is not None and id(previous) not in items:
            first_items.add(id(previous))
    holding = {id(a) for p in pairs for a in p.item.parents}
    sections: list = []
    intro: list = []

    def open_section(title: str, line: int) -> None:
        nonlocal intro
        if sections and not sections[-1][3]:
            sections.pop()
        sections.append([title, "", line, []])
        intro = []

    def visit(node: Tag) -> None:
        nonlocal intro
        for child in node.children:
            if not isinstance(child, Tag) or id(child) in consumed:
                continue
            if id(child) in items:
                if not sections:
                    open_section("", source_line(child))
                if intro and not sections[-1][3]:
                    sections[-1][1] = html_to_markdown(intro, base_url)
                pair = items[id(child)]
                sections[-1][3].append(pair)
                continue
            label = _section_label(child) if (child.name in HEADINGS or id(child) in first_items) else ""
            if label and id(child) not in holding:
                open_section(label, source_line(child))
            elif id(child) in holding:
                visit(child)
            elif sections and not sections[-1][3] and node_text(child) and child.name not in ("tr", "thead", "th"):
                intro.append(child)

    visit(root)
    return [s for s in sections if s[3]]


def page_sections(root: Tag, pairs: list[Found], headed: list[Found], base: str) -> list:
    """The page's sections as (title, intro Markdown, line, [Found]): from the marked-up questions, unless
    headings hold far more, else from the headings."""
    structured_score = sum(looks_like_question(p.question) for p in pairs)
    heading_score = sum(looks_like_question(p.question) for p in headed if p.shape == "heading" and p.answer_nodes)
    sections: list = []
    if pairs and structured_score >= 0.6 * heading_score:  # marked-up questions, unless headings hold far more
        for title_text, intro_nodes, line, found in arrange_sections(root, pairs, base):
            sections.append((title_text, intro_nodes, line, found))
    elif headed:
        current = None
        for item in headed:
            if item.shape == "section":
                current = (node_text(item.item), html_to_markdown(item.answer_nodes, base), item.line, [])
                sections.append(current)
            else:
                if current is None:
                    current = ("", "", item.line, [])
                    sections.append(current)
                current[3].append(item)
        sections = [s for s in sections if s[3]]
    return sections
