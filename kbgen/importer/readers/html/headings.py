"""Questions as headings, bold or anchored lines, each followed by its text.

The page is flattened into heading and content events, line by line (lines
broken by `<br>` too); the heading level whose headings read most like
questions is the question level, a higher one opens a section. Two questions in
a row may share the answer after them.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from kbgen.importer.readers.html.convert import HEADINGS
from kbgen.importer.readers.html.questions import (
    MAX_QUESTION_CHARS,
    Found,
    asks,
    looks_like_question,
    node_text,
    question_line,
    source_line,
    strip_numbering,
)

_BLOCKS = {
    "p", "div", "section", "article", "main", "header", "aside", "ul", "ol", "li", "dl", "dt", "dd",
    "details", "summary", "table", "thead", "tbody", "tr", "td", "th", "pre", "blockquote", "figure",
    "hr", "body", "html", "form", "fieldset", *HEADINGS,
}  # fmt: skip
_CONTAINERS = {"div", "section", "article", "main", "body", "html", "header", "span", "center", "font", "td", "form"}
_LEVEL_BOLD = 7


def _stream(node: Tag, events: list, skip: set) -> None:
    """Flatten `node` into ("heading", level, text, element) and ("content", [nodes]) events, line by line."""
    line: list = []

    def flush() -> None:
        if not any(node_text(n) or (isinstance(n, Tag) and n.find("img")) for n in line):
            line.clear()
            return
        bold = question_line(line)
        if bold is not None and len(bold[0]) <= MAX_QUESTION_CHARS:
            events.append(("heading", _LEVEL_BOLD, bold[0], bold[1]))
        else:
            events.append(("content", list(line)))
        line.clear()

    for child in list(node.children):
        if isinstance(child, NavigableString):
            if not isinstance(child, Comment):
                line.append(child)
            continue
        if not isinstance(child, Tag) or id(child) in skip:
            continue
        if child.name == "br":
            flush()
        elif child.name in HEADINGS:
            flush()
            if node_text(child):
                events.append(("heading", HEADINGS[child.name], node_text(child), child))
        elif (child.name in _CONTAINERS or child.name == "p") and (
            any(isinstance(c, Tag) and (c.name in _BLOCKS or c.name == "br") for c in child.children)
        ):  # lines broken by <br> are read one by one, in a paragraph too
            flush()
            _stream(child, events, skip)
        elif child.name in _BLOCKS:
            flush()
            if child.name == "p" and question_line(list(child.children)) is not None:
                line.extend(child.children)
                flush()
            elif node_text(child) or child.find("img"):
                events.append(("content", [child]))
        else:
            line.append(child)
    flush()


def heading_pairs(root: Tag) -> tuple[list[Found], list, int]:
    """Questions as headings or bold lines followed by their text; returns them, the events and the level."""
    events: list = []
    _stream(root, events, set())
    scores: dict[int, float] = {}
    for index, event in enumerate(events):
        if event[0] == "heading":
            following = events[index + 1] if index + 1 < len(events) else None
            answered = following is not None and (
                following[0] == "content"
                or (following[1] == event[1] and asks(event[2]) and asks(following[2]))  # sharing an answer
            )
            if answered:
                scores[event[1]] = scores.get(event[1], 0.0) + looks_like_question(strip_numbering(event[2]))
    if not scores:
        return [], events, 0
    level = max(scores, key=lambda lv: (scores[lv], lv))
    found: list[Found] = []
    waiting: list[Found] = []  # questions with no text of their own yet: they share the next answer
    for event in events:
        if event[0] == "heading" and event[1] < level:
            waiting = []
            found.append(Found("", [], source_line(event[3]), event[3], shape="section"))
        elif event[0] == "heading" and event[1] == level:
            item = Found(strip_numbering(event[2]), [], source_line(event[3]), event[3], shape="heading")
            if waiting and (waiting[-1].answer_nodes or not (asks(waiting[-1].question) and asks(item.question))):
                waiting = []  # only two questions in a row share the answer after them
            waiting.append(item)
            found.append(item)
        elif waiting or (found and found[-1].shape == "section"):
            holder = BeautifulSoup("", "html.parser").new_tag("p")
            if event[0] == "heading":  # a deeper heading inside an answer: a bold line of it
                strong = BeautifulSoup("", "html.parser").new_tag("strong")
                strong.string = event[2]
                holder.append(strong)
                nodes = [holder]
            elif len(event[1]) == 1 and isinstance(event[1][0], Tag) and event[1][0].name in _BLOCKS:
                nodes = event[1]
            else:  # one line of inline text: a paragraph of its own
                for node in event[1]:
                    holder.append(node.__copy__() if isinstance(node, Tag) else NavigableString(str(node)))
                nodes = [holder]
            for item in waiting or [found[-1]]:  # a section's own text before its questions is its intro
                item.answer_nodes.extend(nodes)
    return found, events, level
