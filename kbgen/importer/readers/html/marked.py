"""Questions an HTML page marks up as such, read by the shape of their markup.

In the order they are trusted: `<details>` with its `<summary>`; `<dl>` terms
and their descriptions; a trigger that names its panel (`aria-controls`,
`data-target`, `data-bs-target`, the `href="#id"` of a collapse toggle);
repeated items (`repeated.py`); a trigger followed by its panel, repeated.
`structured_pairs` runs them all and keeps each element in the first reading
that claims it.
"""

from __future__ import annotations

from bs4 import Tag

from kbgen.importer.readers.html.convert import HEADINGS
from kbgen.importer.readers.html.questions import (
    MAX_QUESTION_CHARS,
    Found,
    node_text,
    question_text,
    shown_elements,
    source_line,
)
from kbgen.importer.readers.html.repeated import from_repeated


def _from_details(root: Tag) -> list[Found]:
    found = []
    for details in root.find_all("details"):
        summary = details.find("summary")
        if summary is None:
            continue
        rest = [c for c in details.contents if c is not summary]
        found.append(Found(question_text(summary), rest, source_line(summary), details, shape="details"))
    return found


def _from_dl(root: Tag) -> list[Found]:
    found = []
    for dl in root.find_all("dl"):
        terms = [t for t in dl.find_all(["dt", "dd"]) if t.find_parent("dl") is dl]
        current: Found | None = None
        for term in terms:
            if term.name == "dt":
                if current is not None and not current.answer_nodes and question_text(term):
                    current.phrasings.append(question_text(term))  # terms in a row: one entry, named by the first
                    current.consumed.append(term)
                    continue
                current = Found(question_text(term), [], source_line(term), term, shape="dl")
                found.append(current)
            elif current is not None:
                # a list nested in the description holds questions of its own, read after this one's answer
                nested = [c for c in term.children if isinstance(c, Tag) and c.name == "dl" and c.find("dt")]
                current.answer_nodes.extend(c for c in term.contents if not any(c is n for n in nested))
                if nested:
                    current.consumed.extend(
                        c for c in term.children if isinstance(c, Tag) and not any(c is n for n in nested)
                    )
                else:
                    current.consumed.append(term)
    return found


_TRIGGER_ATTRS = ("aria-controls", "data-target", "data-bs-target")


def _target_id(trigger: Tag) -> str:
    for attr in _TRIGGER_ATTRS:
        value = (trigger.get(attr) or "").strip()
        if value:
            return value.split()[0].lstrip("#")
    href = trigger.get("href") or ""
    toggle = trigger.get("data-toggle") or trigger.get("data-bs-toggle")
    if href.startswith("#") and len(href) > 1 and toggle:
        return href[1:]
    return ""


def _from_triggers(root: Tag) -> list[Found]:
    """A trigger that names the panel it opens."""
    found = []
    for trigger in root.find_all(True):
        target = _target_id(trigger)
        if not target:
            continue
        panel = root.find(id=target)
        if panel is None or panel is trigger or trigger in panel.parents or panel in trigger.parents:
            continue
        if not node_text(panel):
            continue
        head = trigger.parent if trigger.parent and trigger.parent.name in HEADINGS else trigger
        words = question_text(head)
        if not words or len(words) > MAX_QUESTION_CHARS:
            continue
        found.append(Found(words, [panel], source_line(head), head, [panel], shape="trigger and panel"))
    return found


def _is_trigger(tag: Tag) -> bool:
    return (
        tag.name in ("button", "a", "summary")
        or tag.has_attr("aria-expanded")
        or tag.has_attr(":aria-expanded")
        or (tag.get("role") or "") == "button"
        or any(tag.has_attr(a) for a in ("onclick", "@click", "x-on:click", "data-toggle", "data-bs-toggle"))
        or (tag.name in HEADINGS and any(_is_trigger(c) for c in shown_elements(tag)))
    )


def _from_alternation(root: Tag) -> list[Found]:
    """Trigger, panel, trigger, panel…: a toggle followed by the panel it opens, without a wrapper."""
    found = []
    for parent in [root, *root.find_all(True)]:
        children = shown_elements(parent)
        triggers = [c for c in children if _is_trigger(c)]
        if len(triggers) < 2:
            continue
        for index, child in enumerate(children[:-1]):
            panel = children[index + 1]
            if child in triggers and panel not in triggers and len(node_text(child)) <= MAX_QUESTION_CHARS:
                found.append(
                    Found(question_text(child), [panel], source_line(child), child, [panel], shape="trigger and panel")
                )
    return found


def structured_pairs(root: Tag, notes: list[str]) -> list[Found]:
    """Every question the page marks up as such, each once (the first, most trusted, reading wins)."""
    accepted: list[Found] = []
    taken: set[int] = set()  # ids of the elements already inside an accepted question or answer
    for reader in (_from_details, _from_dl, _from_triggers, from_repeated, _from_alternation):
        for item in reader(root):
            if not item.question:
                if node_text(item.item) or item.answer_nodes:
                    notes.append(f"line {item.line}: a {item.shape} question with no words (an icon only?): skipped")
                continue
            elements = [item.item, *item.consumed]
            if id(item.item) in taken or any(id(p) in taken for p in item.item.parents):
                continue  # read already, by a more trusted reader
            if item.shape == "trigger and panel" and any(id(e) in taken for e in item.consumed):
                # it opens a panel another trigger opens: the same answer under the same or another name
                taken.add(id(item.item))
                panel = item.consumed[0]
                twin = next((a for a in accepted if any(c is panel for c in [a.item, *a.consumed])), None)
                if twin is not None:
                    notes.append(
                        f"line {item.line}: {item.question!r} opens the same answer as {twin.question!r} "
                        f"(line {twin.line}): imported once"
                    )
                continue
            if any(id(e) in taken for e in elements) or any(id(p) in taken for e in elements for p in e.parents):
                continue
            if any(id(d) in taken for e in elements for d in e.find_all(True)):
                continue
            accepted.append(item)
            taken.update(id(e) for e in elements)
    return accepted
