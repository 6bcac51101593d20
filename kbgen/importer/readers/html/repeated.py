"""Questions as repeated items: siblings of one tag and class, each a short head and its body.

The commonest accordion shape: `div.question` items, a `<table>` or `<tr>` per
entry, list items whose first (bold) line is the question. A run counts when
its heads share one pattern and read as questions (or the markup calls them
faq, question, accordion…); label cells ("Q:", "A:") are left out of the answer.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from kbgen.importer.plaintext import clean_text
from kbgen.importer.readers.html.convert import HEADINGS
from kbgen.importer.readers.html.questions import (
    MAX_QUESTION_CHARS,
    Found,
    bold_line,
    has_loose_text,
    looks_like_question,
    node_text,
    question_text,
    shown_elements,
    source_line,
    tag_signature,
)

_QA_CLASS = re.compile(r"faq|question|accordion|collapse|toggle|(?:^|[-_])qa(?:$|[-_])", re.IGNORECASE)
_Q_LABEL = re.compile(r"^\s*(?:q(?:uestion)?\s*\d*\s*[:.)]|q\d+\b)", re.IGNORECASE)
_LABEL = re.compile(r"^(?:q|a|question|answer|frage|antwort|réponse|вопрос|ответ)\s*[:.]?$", re.IGNORECASE)


def _unlabelled(nodes: list) -> list:
    """Table rows of an answer as their cells' contents, without a label cell ("A:")."""
    out = []
    for node in nodes:
        if isinstance(node, Tag) and node.name == "tr":
            for cell in node.find_all(["td", "th"], recursive=False):
                if not _LABEL.match(node_text(cell)):
                    out.extend(cell.contents)
        elif isinstance(node, Tag) and node.name in ("td", "th"):
            out.extend(node.contents)
        else:
            out.append(node)
    return out


def _bold_opener(item: Tag) -> tuple[Tag, list] | None:
    """`<li><strong>Question?</strong> answer…</li>`: a bold lead-in, then its text."""
    shown = [c for c in item.contents if not (isinstance(c, NavigableString) and not c.strip())]
    if len(shown) < 2 or not isinstance(shown[0], Tag):
        return None
    head = shown[0]
    bold = head if head.name in ("strong", "b") else bold_line(list(head.children)) if head.name == "p" else None
    if bold is None or not node_text(bold) or len(node_text(bold)) > MAX_QUESTION_CHARS:
        return None
    rest = [c for c in item.contents if c is not head]
    if not clean_text("".join(node_text(c) for c in rest)):
        return None
    return head, rest


def _first_line_opener(item: Tag) -> tuple[Tag, list] | None:
    """`<li>How do I…?<br>answer…` or `<li><a name=1>How do I…?</a><p>answer…`: a list item whose first line,
    plain, asks a question, and whose text goes on below it. The head is a detached copy of that line."""
    if item.name != "li":
        return None
    head_nodes: list = []
    rest: list = []
    for child in item.contents:
        if not rest and not (isinstance(child, Tag) and (child.name == "br" or child.name in _LINE_ENDS)):
            head_nodes.append(child)
        else:
            rest.append(child)
    words = clean_text(" ".join(node_text(n) for n in head_nodes))
    if not words or len(words) > MAX_QUESTION_CHARS or looks_like_question(words) != 1.0:
        return None
    if not clean_text(" ".join(node_text(n) for n in rest)):
        return None
    head = BeautifulSoup("", "html.parser").new_tag("span")
    for node in head_nodes:
        head.append(node.__copy__() if isinstance(node, Tag) else NavigableString(str(node)))
    return head, rest[1:] if isinstance(rest[0], Tag) and rest[0].name == "br" else rest


_LINE_ENDS = {"p", "div", "ul", "ol", "dl", "table", "pre", "blockquote"}


def _head_and_body(item: Tag) -> tuple[Tag, list] | None:
    opener = _bold_opener(item)
    if opener is not None and looks_like_question(question_text(opener[0])) == 1.0:
        return opener
    opener = _first_line_opener(item)
    if opener is not None:
        return opener
    if has_loose_text(item) or item.name == "p":
        return None
    children = shown_elements(item)
    if len(children) == 1 and children[0].name in ("tbody", "thead"):
        item = children[0]
        children = shown_elements(item)
    if len(children) < 2:
        return None
    head = children[0]
    if _LABEL.match(node_text(head)):
        return None
    if head.name in ("ul", "ol", "table", "img", "pre", "blockquote"):
        return None
    words = node_text(head)
    if not words or len(words) > MAX_QUESTION_CHARS or head.find(["p", "ul", "ol", "table"]) and head.name != "tr":
        return None
    body = _unlabelled([c for c in item.contents if c is not head])
    if not any(node_text(c) or (isinstance(c, Tag) and c.find("img")) for c in body):
        return None
    return head, body


def _reads_as_questions(good: list) -> bool:
    """A run of items is a run of questions when most heads read as questions, carry a "Q" label,
    or the markup says so (faq, question, accordion, collapse, toggle in its classes)."""
    heads = [hb[0] for _, hb in good]
    asked = sum(looks_like_question(question_text(h)) == 1.0 or bool(_Q_LABEL.match(node_text(h))) for h in heads)
    if asked * 2 >= len(heads):
        return True
    names = " ".join(" ".join(t.get("class") or ()) + " " + (t.get("id") or "") for m, hb in good for t in (m, hb[0]))
    return bool(_QA_CLASS.search(names))


def from_repeated(root: Tag) -> list[Found]:
    """Siblings of the same tag and class, each a short head and a body: the commonest accordion shape."""
    groups = []
    singles = []  # one item alone: taken when the same pattern repeats elsewhere on the page
    for parent in [root, *root.find_all(True)]:
        children = [c for c in parent.children if isinstance(c, Tag)]
        by_signature: dict = {}
        for child in children:
            by_signature.setdefault(tag_signature(child), []).append(child)
        for signature, members in by_signature.items():
            if signature[0] in HEADINGS or signature[0] in ("span", "a", "b", "strong"):
                continue
            split = [(m, _head_and_body(m)) for m in members]
            good = [(m, hb) for m, hb in split if hb]
            depth = len(list(members[0].parents))
            if len(members) == 1 and good:
                singles.append((depth, good))
                continue
            if len(good) < 2 or len(good) < 0.6 * len(members):
                continue
            heads = {tag_signature(hb[0]) for _, hb in good}
            if len(heads) > max(1, len(good) // 3):
                continue  # the heads differ from item to item: not one repeated pattern
            if not _reads_as_questions(good):
                continue  # cards, teasers, columns: repeated, but not questions
            groups.append((depth, good))
    patterns = {tag_signature(m) for _, good in groups for m, _hb in good}
    groups += [(d, good) for d, good in singles if tag_signature(good[0][0]) in patterns]
    found = []
    for _depth, good in sorted(groups, key=lambda g: -g[0]):  # the innermost pattern is the question level
        starts = {id(m) for m, _hb in good}
        for member, (head, body) in good:
            more = _paragraph_answer_rest(member, starts)
            line = source_line(head) or source_line(member)  # a first line's head is a detached copy
            found.append(Found(question_text(head), body + more, line, member, _tags(more), "repeated items"))
    return found


def _paragraph_answer_rest(member: Tag, starts: set[int]) -> list:
    """A bold-headed paragraph's answer goes on past its own paragraph (a code block, more paragraphs, a list)
    up to the next question, a heading or a rule, as a reader reads it."""
    if member.name != "p":
        return []
    rest = []
    for sibling in member.next_siblings:
        if isinstance(sibling, Tag) and (id(sibling) in starts or sibling.name in HEADINGS or sibling.name == "hr"):
            break
        rest.append(sibling)
    return rest if any(node_text(n) for n in rest) else []


def _tags(nodes: list) -> list[Tag]:
    return [n for n in nodes if isinstance(n, Tag)]
