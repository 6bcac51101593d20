"""What a question looks like in an HTML FAQ page, for the readers of `page.py`.

The record of one question found on the page (`Found`), the words of a question
element (icons and "Q2." numbering dropped), how much a line reads as a
question, a line that is one bold element, and the small facts about nodes the
readers share: their text, their source line, the elements that show something.
Pure functions over BeautifulSoup nodes; no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import Comment, NavigableString, Tag

from kbgen.importer.plaintext import clean_text

_NUMBERING = re.compile(
    r"^\s*(?:(?:q(?:uestion)?|f|frage|pregunta|вопрос)\s*\d+\s*[.:)\-–—]?|q\s*[:.)]|\d{1,3}\s*[.)]|\d{1,3}\s*[:\-–—](?=\s))\s*",
    re.IGNORECASE,
)
_INTERROGATIVE = re.compile(
    r"^(?:how|what|when|where|which|who|whom|whose|why|can|could|do|does|did|is|are|was|were|will|would|should|"
    r"shall|may|might|must|have|has|if|wie|was|wann|wo|warum|kann|gibt|est|comment|pourquoi|quand|où|que|qué|"
    r"cómo|cuándo|dónde|como|quando|onde|posso|как|что|где|когда|почему|зачем|можно|есть|сколько|какой|какие)\b",
    re.IGNORECASE,
)
MAX_QUESTION_CHARS = 300


@dataclass
class Found:
    """One question seen on the page: its words, its answer's nodes, where it is."""

    question: str
    answer_nodes: list
    line: int
    item: Tag
    consumed: list = field(default_factory=list)
    shape: str = ""
    phrasings: list[str] = field(default_factory=list)
    """Other phrasings the page gives the same question (terms in a row before one description)."""


def strip_numbering(text: str) -> str:
    """A question without its "Q2." / "1)" / "Q:" numbering prefix."""
    stripped = _NUMBERING.sub("", text, count=1).strip()
    return stripped or text


def question_text(tag: Tag) -> str:
    """The words of a question element: icons and symbol-only pieces ("+", "›") dropped, numbering stripped."""
    words = clean_text(tag.get_text(" "))
    words = re.sub(r"^(?:[^\w¿¡\"“'(]+\s+)+", "", words)
    words = re.sub(r"(?:\s+[^\w?!.)\"”']+)+$", "", words).strip()
    words = re.sub(r"\s+([?!.,:;])", r"\1", words)
    return strip_numbering(words)


def asks(text: str) -> bool:
    """True when `text`, without its numbering, reads as a question for sure (a "?" or an interrogative)."""
    return looks_like_question(strip_numbering(text)) == 1.0


def looks_like_question(text: str) -> float:
    """How much a line reads as a question: 1 for "…?" or an interrogative opening, 0.4 for a short statement."""
    if text.rstrip().endswith(("?", "？", "؟")) or _INTERROGATIVE.match(text):
        return 1.0
    return 0.4 if len(text.split()) <= 30 else 0.0


def question_key(text: str) -> str:
    """What two questions share when they are the same: letters and digits, numbering and case aside."""
    return "".join(ch for ch in strip_numbering(text).casefold() if ch.isalnum())


def source_line(tag) -> int:
    """The source line of `tag`, or of its nearest ancestor that has one (0 when none does)."""
    while tag is not None and getattr(tag, "sourceline", None) is None:
        tag = tag.parent
    return (tag.sourceline or 0) if tag is not None else 0


def node_text(node) -> str:
    """The text a node shows, white space collapsed."""
    return clean_text(node.get_text(" ") if isinstance(node, Tag) else str(node))


def _classes(tag: Tag) -> tuple:
    return tuple(sorted(tag.get("class") or ()))


def tag_signature(tag: Tag) -> tuple:
    """Tag name and classes: what repeated items of one pattern share."""
    return (tag.name, _classes(tag))


def shown_elements(tag: Tag) -> list[Tag]:
    """Element children that show something (text or an image)."""
    return [c for c in tag.children if isinstance(c, Tag) and (node_text(c) or c.find("img") or c.name == "img")]


def has_loose_text(tag: Tag) -> bool:
    """True when `tag` holds text directly, outside any child element."""
    return any(isinstance(c, NavigableString) and not isinstance(c, Comment) and c.strip() for c in tag.children)


def bold_line(nodes: list) -> Tag | None:
    """The one bold element a line consists of (possibly inside an anchor), else None."""
    shown = [n for n in nodes if (node_text(n) or (isinstance(n, Tag) and (n.name == "img" or n.find("img"))))]
    if len(shown) != 1 or not isinstance(shown[0], Tag):
        return None  # an empty anchor (<a name="x"></a>) beside the bold words does not count
    tag = shown[0]
    while tag.name in ("a", "span", "font", "p") and len(shown_elements(tag)) == 1 and not has_loose_text(tag):
        tag = shown_elements(tag)[0]
    if tag.name in ("b", "strong") and node_text(tag):
        return tag
    return None


_BOLD_NUMBER = re.compile(r"^\s*(?:q\s*)?\d{1,3}\s*[.):]?\s*$", re.IGNORECASE)


def question_line(nodes: list) -> tuple[str, Tag] | None:
    """A line that reads as a bold question: the words and the (first) bold element. One bold element, or a
    question split across bold pieces (`<b>Can I pay</b><b> by card?</b>`), or a bold number before the
    question (`<strong>1.</strong> How do I book?`, the question bold or not)."""
    bold = bold_line(nodes)
    if bold is not None:
        return node_text(bold), bold
    shown = [n for n in nodes if node_text(n)]
    first = bold_line(shown[:1]) if len(shown) >= 2 else None
    if first is None:
        return None
    words = clean_text(" ".join(node_text(n) for n in shown))
    if len(words) > MAX_QUESTION_CHARS or not asks(words):
        return None
    if _BOLD_NUMBER.match(node_text(first)) or all(bold_line([n]) is not None for n in shown):
        return words, first
    return None
