"""The sections of an HTML FAQ page: which heading or label titles each run of questions.

Walks the page in order: headings, and short labels right above a run of marked-up
questions, open sections; a section's text before its first question is its intro.
"""

from __future__ import annotations

from bs4 import Tag

from kbgen.importer.readers.html.convert import HEADINGS, html_to_markdown
from kbgen.importer.readers.html.questions import Found, asks, looks_like_question, node_text, question_key, source_line


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


def headings_beside(pairs: list[Found], headed: list[Found]) -> list[Found]:
    """Heading questions in another part of the page than the marked-up ones (a page that mixes two layouts:
    headings and their text under one section, an accordion under another), each owning its answer's nodes.
    Only runs of two or more count: a lone question heading beside an accordion is a call to action
    ("Still have a question?"), not an entry."""
    marked = {id(e) for p in pairs for top in (p.item, *p.consumed) for e in (top, *top.find_all(True))}
    holders = {id(a) for p in pairs for a in p.item.parents}
    runs: list[list[Found]] = [[]]
    for item in headed:
        tags = [item.item, *(n for n in item.answer_nodes if isinstance(n, Tag))]
        if item.shape != "heading" or any(id(t) in marked or id(t) in holders for t in tags):
            runs.append([])  # a section heading or the marked-up part ends a run
        elif item.answer_nodes and asks(item.question):
            runs[-1].append(Found(item.question, item.answer_nodes, item.line, item.item, tags[1:], item.shape))
    return [found for run in runs if len(run) >= 2 for found in run]


def pairs_beside(headed: list[Found], pairs: list[Found]) -> list[Found]:
    """Marked-up questions in another part of the page than the heading questions and their answers: two or
    more questions side by side in one element that holds no heading question (an accordion under its own
    section), none of them a heading question again (an index of links to the headings is not an accordion)."""
    questions = [h for h in headed if h.shape == "heading" and h.answer_nodes]
    answers = {id(e) for h in questions for top in _tags([h.item, *h.answer_nodes]) for e in (top, *top.find_all(True))}
    asked = {question_key(h.question) for h in questions}
    groups: dict[int, list[Found]] = {}
    for p in pairs:
        if any(id(t) in answers for t in _tags([p.item, *p.consumed, *p.answer_nodes])):
            continue
        if asks(p.question) and question_key(p.question) not in asked and p.item.parent is not None:
            groups.setdefault(id(p.item.parent), []).append(p)
    headings = {id(h.item) for h in questions}
    return [
        p
        for group in groups.values()
        if len(group) >= 2 and not any(id(e) in headings for e in group[0].item.parent.find_all(True))
        for p in group
    ]


def _tags(nodes: list) -> list[Tag]:
    return [n for n in nodes if isinstance(n, Tag)]


def page_sections(root: Tag, pairs: list[Found], headed: list[Found], base: str) -> list:
    """The page's sections as (title, intro Markdown, line, [Found]): from the marked-up questions, unless
    headings hold far more, else from the headings."""
    structured_score = sum(looks_like_question(p.question) for p in pairs)
    heading_score = sum(looks_like_question(p.question) for p in headed if p.shape == "heading" and p.answer_nodes)
    sections: list = []
    if pairs and structured_score >= 0.6 * heading_score:  # marked-up questions, unless headings hold far more
        pairs = pairs + headings_beside(pairs, headed)
        for title_text, intro_nodes, line, found in arrange_sections(root, pairs, base):
            sections.append((title_text, intro_nodes, line, found))
    elif headed and len(beside := pairs_beside(headed, pairs)) >= 2:  # headings first, an accordion elsewhere
        questions = [h for h in headed if h.shape == "heading" and h.answer_nodes]
        owned = [Found(h.question, h.answer_nodes, h.line, h.item, _tags(h.answer_nodes), h.shape) for h in questions]
        sections = list(arrange_sections(root, owned + beside, base))
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
