"""A page's own index: links to its questions near the top, often grouped under topics.

A reader skips an index (it repeats the questions, it does not answer them)
but uses its topics: when the entries below carry no headings of their own,
each is filed under the topic the index lists it under. The shapes: lists of
in-page links (`<ul>`/`<ol>`, a table of contents) or of questions alone that
are asked again below, a run of two or more
topic labels each followed by such a list, a definition list whose terms are
topics and whose descriptions are links, and a block of lines that are each
one link or a short bold label (`<b>Topic</b><br><a href="#q1">…</a><br>`).
"""

from __future__ import annotations

from bs4 import Tag

from kbgen.importer.plaintext import clean_text
from kbgen.importer.readers.html.convert import HEADINGS
from kbgen.importer.readers.html.questions import (
    MAX_QUESTION_CHARS,
    Found,
    bold_line,
    looks_like_question,
    node_text,
    source_line,
    strip_numbering,
)

_LINE_BLOCKS = ("p", "div", "td", "center", "font")


def take_out_indexes(root: Tag, anchors: set[str], notes: list[str]) -> dict[str, str]:
    """Remove every index from `root`, with a note each; return the topic each in-page anchor is listed under."""
    topics: dict[str, str] = {}
    unlinked = {id(t) for t in root.find_all(["ul", "ol"]) if _lists_questions_asked_below(t)}
    lists = {id(t) for t in root.find_all(["ul", "ol"]) if is_table_of_contents(t, anchors)} | unlinked
    labelled = _labels_of_index_runs([t for t in root.find_all(["ul", "ol"]) if id(t) in lists])
    for tag in root.find_all(["ul", "ol", "dl", *_LINE_BLOCKS]):
        if tag.decomposed or tag.parent is None:
            continue
        if tag.name in ("ul", "ol"):
            if id(tag) not in lists:
                continue
            label = labelled.get(id(tag))
            if label is not None:
                _file(topics, node_text(label), tag.find_all("a", href=True))
                label.decompose()
        elif tag.name == "dl":
            if not _is_index_dl(tag, anchors):
                continue
            current = ""
            for part in (p for p in tag.find_all(["dt", "dd"]) if p.find_parent("dl") is tag):
                if part.name == "dt" and not part.find("a", href=True):
                    current = node_text(part)
                else:
                    _file(topics, current, part.find_all("a", href=True))
        elif not _index_lines(tag, anchors, topics):
            continue
        what = "a list of the questions asked below" if id(tag) in unlinked else "links to places on the page"
        notes.append(f"line {source_line(tag)}: a table of contents ({what}): left out")
        tag.decompose()
    return topics


def is_table_of_contents(tag: Tag, anchors: set[str]) -> bool:
    """A list whose every item is one link to a place on this page."""
    items = tag.find_all("li", recursive=False)
    if not items:
        return False
    targets = set()
    for item in items:
        nested = item.find_all(["ul", "ol"])
        own_links = [a for a in item.find_all("a", href=True) if not any(a in n.descendants for n in nested)]
        if not own_links or not all("#" in a["href"] for a in own_links):
            return False
        targets.update(a["href"].partition("#")[2] for a in own_links)
        own_text = clean_text(" ".join(node_text(c) for c in item.children if not (isinstance(c, Tag) and c in nested)))
        linked = clean_text(" ".join(node_text(a) for a in own_links))
        sub_lists = [n for n in nested if n.parent is item]
        if own_text != linked or not all(is_table_of_contents(sub, anchors) for sub in sub_lists):
            return False  # an item that says more than its links is content
    return len(items) >= 3 or targets <= anchors  # two links are a contents list when both places exist


def _lists_questions_asked_below(tag: Tag) -> bool:
    """A list of two or more questions alone (no answers, no links), each asked again further down the page:
    an index written without links."""
    items = tag.find_all("li", recursive=False)
    if len(items) < 2 or tag.find(["a", "p", "div", "ul", "ol", "br"]):
        return False
    questions = [strip_numbering(node_text(item)) for item in items]
    if not all(q and len(q) <= MAX_QUESTION_CHARS and looks_like_question(q) == 1.0 for q in questions):
        return False
    below = clean_text(" ".join(str(s) for s in tag.find_all_next(string=True)))
    return all(q in below for q in questions)


def _labels_of_index_runs(lists: list[Tag]) -> dict[int, Tag]:
    """The topic label of each contents list in a run of two or more (label, list) pairs. A lone label above
    a list is the heading of the section the list belongs to, and stays."""
    labels: dict[int, Tag] = {}  # id of a list -> the label right above it
    for tag in lists:
        label = _previous_element(tag)
        if label is not None and _is_label(label):
            labels[id(tag)] = label
    label_ids = {id(label) for label in labels.values()}
    in_runs: dict[int, Tag] = {}
    for tag in lists:
        label = labels.get(id(tag))
        if label is None:
            continue
        before, after = _previous_element(label), _next_element(tag)
        if (before is not None and id(before) in labels) or (after is not None and id(after) in label_ids):
            in_runs[id(tag)] = label
    return in_runs


def _previous_element(tag: Tag) -> Tag | None:
    previous = tag.find_previous_sibling(True)
    while previous is not None and not node_text(previous) and previous.name != "hr":
        previous = previous.find_previous_sibling(True)
    return previous


def _next_element(tag: Tag) -> Tag | None:
    following = tag.find_next_sibling(True)
    while following is not None and not node_text(following) and following.name != "hr":
        following = following.find_next_sibling(True)
    return following


def _is_label(tag: Tag) -> bool:
    """A short heading or bold line, without links: a topic's name."""
    words = node_text(tag)
    if not words or len(words) > 80 or tag.find("a", href=True):
        return False
    return tag.name in HEADINGS or bold_line([tag]) is not None


def _is_index_dl(tag: Tag, anchors: set[str]) -> bool:
    """A definition list whose descriptions (and terms, unless they are topic names) are in-page links only."""
    parts = [p for p in tag.find_all(["dt", "dd"]) if p.find_parent("dl") is tag]
    links = [a for p in parts for a in p.find_all("a", href=True)]
    for part in parts:
        own = part.find_all("a", href=True)
        if part.name == "dd" or own:
            if not own or not all("#" in a["href"] for a in own):
                return False
            if node_text(part) != clean_text(" ".join(node_text(a) for a in own)):
                return False
    targets = {a["href"].partition("#")[2] for a in links}
    return bool(links) and (len(links) >= 3 or targets <= anchors)


def _index_lines(tag: Tag, anchors: set[str], topics: dict[str, str]) -> bool:
    """For a block of lines (broken by `<br>`) that are each one in-page link or a short bold topic label, with
    two links at least: file the links under their labels in `topics` and return True."""
    if any(
        isinstance(c, Tag) and c.name not in ("a", "b", "strong", "br", "span", "font", "i", "em") for c in tag.children
    ):
        return False
    lines: list[list] = [[]]
    for child in tag.children:
        if isinstance(child, Tag) and child.name == "br":
            lines.append([])
        else:
            lines[-1].append(child)
    entries: list[tuple[str, list[Tag]]] = []  # (label, links) per line
    for line in (ln for ln in lines if any(node_text(n) for n in ln)):
        links = [a for n in line if isinstance(n, Tag) for a in ([n] if n.name == "a" else n.find_all("a"))]
        links = [a for a in links if a.get("href")]
        words = clean_text(" ".join(node_text(n) for n in line))
        if (
            links
            and all("#" in a["href"] for a in links)
            and words == clean_text(" ".join(node_text(a) for a in links))
        ):
            entries.append(("", links))
        elif not links and bold_line(line) is not None and len(words) <= 80:
            entries.append((words, []))
        else:
            return False
    links = [a for _, found in entries for a in found]
    if len(links) < 2 or not (len(links) >= 3 or {a["href"].partition("#")[2] for a in links} <= anchors):
        return False
    current = ""
    for label, found in entries:
        current = label or current
        _file(topics, current, found)
    return True


def _file(topics: dict[str, str], topic: str, links: list[Tag]) -> None:
    if not topic:
        return
    for a in links:
        target = a["href"].partition("#")[2]
        if target:
            topics.setdefault(target, topic)


def anchor_of(item: Found) -> str:
    """The in-page anchor (`id`, or `<a name>`) a question's element carries, in itself, around it or inside."""
    tag: Tag | None = item.item
    for _ in range(3):
        if tag is None:
            break
        name = tag.get("id") or (tag.get("name") if tag.name == "a" else None)
        if name:
            return str(name)
        tag = tag.parent
    inner = item.item.find(lambda t: t.get("id") or (t.name == "a" and t.get("name")))
    if inner is not None:
        return str(inner.get("id") or inner.get("name"))
    return ""


def file_by_index(sections: list, topics: dict[str, str]) -> list:
    """When the page's entries carry no section headings of their own (one section at most), file each under
    the topic its index lists it under; questions the index does not list stay in their section."""
    if not topics or len(sections) != 1:
        return sections
    title, intro, _line, found = sections[0]
    if not any(anchor_of(item) in topics for item in found):
        return sections
    out: list = []
    for item in found:
        topic = topics.get(anchor_of(item), title)
        if not out or out[-1][0] != topic:
            out.append((topic, intro if not out else "", item.line, []))
        out[-1][3].append(item)
    return out
