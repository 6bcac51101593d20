"""Read the questions and answers of an HTML FAQ page the way a reader finds them.

A reader skips the page's chrome (header, navigation, footer, share bars,
tables of contents) and looks for what repeats: the same kind of element over
and over, each with a short line on top (the question) and more below (the
answer). The shapes recognised, in the order they are trusted:

- `<details>` with its `<summary>`;
- `<dl>` terms and their descriptions (pairs may be wrapped in a `<div>`);
- a trigger that names its panel (`aria-controls`, `data-target`,
  `data-bs-target`, `href="#id"` of a collapse toggle);
- repeated siblings of the same tag and class, each a short head followed by
  its body (accordion items, `div.question`, a `<table>` or `<tr>` per entry,
  list items whose first paragraph is the question);
- a trigger (button, link, `aria-expanded`) followed by its panel, repeated;
- otherwise headings, bold or anchored lines (`<a name><b>Q</b></a><br>`) with
  the text that follows them, at the level that reads most like questions.

The heading (or short label) above a run of questions names its section.
Structured data (schema.org FAQPage in JSON-LD) is a witness: it fills an
empty visible answer and stands in when the visible page has no questions, but
never replaces or drops what the page shows.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from kbgen.commands.html_to_markdown import HEADINGS, clean_text, html_to_markdown

_REMOVE = ("script", "style", "noscript", "template", "svg", "iframe", "select", "input", "textarea", "link", "meta")
_CHROME_TAGS = ("nav", "footer", "aside")
_CHROME_ROLES = {"navigation", "contentinfo", "complementary", "search", "banner"}
_CHROME_WORDS = {
    "footer", "nav", "navbar", "navigation", "menu", "sidebar", "toc", "breadcrumb", "breadcrumbs", "share",
    "sharing", "social", "cookie", "cookies", "consent", "modal", "popup", "newsletter", "skip",
}  # fmt: skip
_CHROME_PREFIXES = {"site", "page", "global", "main", "top", "primary", "mobile", "js"}
_QA_CLASS = re.compile(r"faq|question|accordion|collapse|toggle|(?:^|[-_])qa(?:$|[-_])", re.IGNORECASE)
_Q_LABEL = re.compile(r"^\s*(?:q(?:uestion)?\s*\d*\s*[:.)]|q\d+\b)", re.IGNORECASE)
_BLOCKS = {
    "p", "div", "section", "article", "main", "header", "aside", "ul", "ol", "li", "dl", "dt", "dd",
    "details", "summary", "table", "thead", "tbody", "tr", "td", "th", "pre", "blockquote", "figure",
    "hr", "body", "html", "form", "fieldset", *HEADINGS,
}  # fmt: skip
_CONTAINERS = {"div", "section", "article", "main", "body", "html", "header", "span", "center", "font", "td", "form"}
_TRIGGER_ATTRS = ("aria-controls", "data-target", "data-bs-target")
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
_MAX_QUESTION_CHARS = 300


@dataclass
class Found:
    """One question seen on the page: its words, its answer's nodes, where it is."""

    question: str
    answer_nodes: list
    line: int
    item: Tag
    consumed: list = field(default_factory=list)
    shape: str = ""


@dataclass
class PageRead:
    """What one HTML page holds: title, sections of (question, answer Markdown, line), notes on what was left."""

    title: str
    text: str
    sections: list  # [(title, intro_markdown, line, [(question, answer_markdown, line)])]
    notes: list[str]


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


def _asks(text: str) -> bool:
    return looks_like_question(strip_numbering(text)) == 1.0


def looks_like_question(text: str) -> float:
    """How much a line reads as a question: 1 for "…?" or an interrogative opening, 0.4 for a short statement."""
    if text.rstrip().endswith(("?", "？", "؟")) or _INTERROGATIVE.match(text):
        return 1.0
    return 0.4 if len(text.split()) <= 30 else 0.0


def _line(tag) -> int:
    while tag is not None and getattr(tag, "sourceline", None) is None:
        tag = tag.parent
    return (tag.sourceline or 0) if tag is not None else 0


def _text(node) -> str:
    return clean_text(node.get_text(" ") if isinstance(node, Tag) else str(node))


def _classes(tag: Tag) -> tuple:
    return tuple(sorted(tag.get("class") or ()))


def _signature(tag: Tag) -> tuple:
    return (tag.name, _classes(tag))


def _elements(tag: Tag) -> list[Tag]:
    """Element children that show something (text or an image)."""
    return [c for c in tag.children if isinstance(c, Tag) and (_text(c) or c.find("img") or c.name == "img")]


def _loose_text(tag: Tag) -> bool:
    return any(isinstance(c, NavigableString) and not isinstance(c, Comment) and c.strip() for c in tag.children)


# --- the page's main content ----------------------------------------------------------------------


def page_base(soup: BeautifulSoup, base_url: str) -> str:
    """The address relative links are read against, as a browser does: the page's address (--base-url,
    else its canonical link) with the page's own `<base href>` applied on top."""
    address = base_url
    if not address:
        canonical = soup.find("link", rel="canonical", href=True)
        href = canonical["href"].strip() if canonical else ""
        if href.startswith(("http://", "https://")) and not _LOCAL.match(urlsplit(href).hostname or ""):
            address = href  # a canonical left pointing at a developer's machine says nothing
    base = soup.find("base", href=True)
    if base is not None:
        joined = urljoin(address, base["href"].strip())
        if joined.startswith(("http://", "https://")):
            return joined
    return address


_LOCAL = re.compile(r"^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[?::1\]?)$|\.local$", re.IGNORECASE)


def _is_chrome(tag: Tag, in_main: bool) -> bool:
    if tag.name in _CHROME_TAGS or (tag.name == "header" and not in_main):
        return True
    if (tag.get("role") or "").lower() in _CHROME_ROLES:
        return True
    if tag.get("aria-hidden") == "true" and not _text(tag):
        return True
    for token in [*(tag.get("class") or ()), tag.get("id") or ""]:
        parts = [p for p in re.split(r"[-_]+", token.lower()) if p]
        while len(parts) > 1 and parts[0] in _CHROME_PREFIXES:
            parts = parts[1:]
        if parts and parts[0] in _CHROME_WORDS:  # footer, site-footer, footer-widgets, share-bar, toc-wrapper
            return True
    return False


def _is_table_of_contents(tag: Tag, anchors: set[str]) -> bool:
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
        own_text = clean_text(" ".join(_text(c) for c in item.children if not (isinstance(c, Tag) and c in nested)))
        linked = clean_text(" ".join(_text(a) for a in own_links))
        sub_lists = [n for n in nested if n.parent is item]
        if own_text != linked or not all(_is_table_of_contents(sub, anchors) for sub in sub_lists):
            return False  # an item that says more than its links is content
    return len(items) >= 3 or targets <= anchors  # two links are a contents list when both places exist


def main_content(soup: BeautifulSoup, use_main: bool = True) -> tuple[Tag, list[str]]:
    """The part of the page a reader reads, with its chrome taken out; notes on what was removed."""
    notes: list[str] = []
    for tag in soup.find_all(_REMOVE):  # structured data has been read by now
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    mains = [m for m in soup.find_all(["main"]) + soup.find_all(attrs={"role": "main"}) if _text(m) and use_main]
    root = mains[0] if mains else (soup.body or soup)
    in_main = bool(mains)
    removed = 0
    for tag in list(root.find_all(True)):
        if tag.decomposed or tag.parent is None:
            continue
        if _is_chrome(tag, in_main or tag.find_parent(["article", "main"]) is not None):
            removed += 1
            tag.decompose()
    anchors = {t.get("id") for t in soup.find_all(id=True)} | {
        t.get("name") for t in soup.find_all("a", attrs={"name": True})
    }
    for tag in list(root.find_all(["ul", "ol"])):
        if tag.parent is not None and _is_table_of_contents(tag, anchors):
            notes.append(f"line {_line(tag)}: a table of contents (links to places on the page): left out")
            tag.decompose()
    if removed:
        notes.append(f"{removed} parts of page chrome (navigation, header, footer, share bars) left out")
    return root, notes


# --- structured pairs -----------------------------------------------------------------------------


def _from_details(root: Tag) -> list[Found]:
    found = []
    for details in root.find_all("details"):
        summary = details.find("summary")
        if summary is None:
            continue
        rest = [c for c in details.contents if c is not summary]
        found.append(Found(question_text(summary), rest, _line(summary), details, shape="details"))
    return found


def _from_dl(root: Tag) -> list[Found]:
    found = []
    for dl in root.find_all("dl"):
        terms = [t for t in dl.find_all(["dt", "dd"]) if t.find_parent("dl") is dl]
        current: Found | None = None
        for term in terms:
            if term.name == "dt":
                current = Found(question_text(term), [], _line(term), term, shape="dl")
                found.append(current)
            elif current is not None:
                current.answer_nodes.extend(term.contents)
                current.consumed.append(term)
    return found


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
        if not _text(panel):
            continue
        head = trigger.parent if trigger.parent and trigger.parent.name in HEADINGS else trigger
        words = question_text(head)
        if not words or len(words) > _MAX_QUESTION_CHARS:
            continue
        found.append(Found(words, [panel], _line(head), head, [panel], shape="trigger and panel"))
    return found


_LABEL = re.compile(r"^(?:q|a|question|answer|frage|antwort|réponse|вопрос|ответ)\s*[:.]?$", re.IGNORECASE)


def _unlabelled(nodes: list) -> list:
    """Table rows of an answer as their cells' contents, without a label cell ("A:")."""
    out = []
    for node in nodes:
        if isinstance(node, Tag) and node.name == "tr":
            for cell in node.find_all(["td", "th"], recursive=False):
                if not _LABEL.match(_text(cell)):
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
    bold = head if head.name in ("strong", "b") else _bold_line(list(head.children)) if head.name == "p" else None
    if bold is None or not _text(bold) or len(_text(bold)) > _MAX_QUESTION_CHARS:
        return None
    rest = [c for c in item.contents if c is not head]
    if not clean_text("".join(_text(c) for c in rest)):
        return None
    return head, rest


def _head_and_body(item: Tag) -> tuple[Tag, list] | None:
    opener = _bold_opener(item)
    if opener is not None and looks_like_question(question_text(opener[0])) == 1.0:
        return opener
    if _loose_text(item) or item.name == "p":
        return None
    children = _elements(item)
    if len(children) == 1 and children[0].name in ("tbody", "thead"):
        item = children[0]
        children = _elements(item)
    if len(children) < 2:
        return None
    head = children[0]
    if _LABEL.match(_text(head)):
        return None
    if head.name in ("ul", "ol", "table", "img", "pre", "blockquote"):
        return None
    words = _text(head)
    if not words or len(words) > _MAX_QUESTION_CHARS or head.find(["p", "ul", "ol", "table"]) and head.name != "tr":
        return None
    body = _unlabelled([c for c in item.contents if c is not head])
    if not any(_text(c) or (isinstance(c, Tag) and c.find("img")) for c in body):
        return None
    return head, body


def _reads_as_questions(good: list) -> bool:
    """A run of items is a run of questions when most heads read as questions, carry a "Q" label,
    or the markup says so (faq, question, accordion, collapse, toggle in its classes)."""
    heads = [hb[0] for _, hb in good]
    asked = sum(looks_like_question(question_text(h)) == 1.0 or bool(_Q_LABEL.match(_text(h))) for h in heads)
    if asked * 2 >= len(heads):
        return True
    names = " ".join(" ".join(t.get("class") or ()) + " " + (t.get("id") or "") for m, hb in good for t in (m, hb[0]))
    return bool(_QA_CLASS.search(names))


def _from_repeated(root: Tag) -> list[Found]:
    """Siblings of the same tag and class, each a short head and a body: the commonest accordion shape."""
    groups = []
    singles = []  # one item alone: taken when the same pattern repeats elsewhere on the page
    for parent in [root, *root.find_all(True)]:
        children = [c for c in parent.children if isinstance(c, Tag)]
        by_signature: dict = {}
        for child in children:
            by_signature.setdefault(_signature(child), []).append(child)
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
            heads = {_signature(hb[0]) for _, hb in good}
            if len(heads) > max(1, len(good) // 3):
                continue  # the heads differ from item to item: not one repeated pattern
            if not _reads_as_questions(good):
                continue  # cards, teasers, columns: repeated, but not questions
            groups.append((depth, good))
    patterns = {_signature(m) for _, good in groups for m, _hb in good}
    groups += [(d, good) for d, good in singles if _signature(good[0][0]) in patterns]
    found = []
    for _depth, good in sorted(groups, key=lambda g: -g[0]):  # the innermost pattern is the question level
        for member, (head, body) in good:
            found.append(Found(question_text(head), body, _line(head), member, shape="repeated items"))
    return found


def _is_trigger(tag: Tag) -> bool:
    return (
        tag.name in ("button", "a", "summary")
        or tag.has_attr("aria-expanded")
        or tag.has_attr(":aria-expanded")
        or (tag.get("role") or "") == "button"
        or any(tag.has_attr(a) for a in ("onclick", "@click", "x-on:click", "data-toggle", "data-bs-toggle"))
        or (tag.name in HEADINGS and any(_is_trigger(c) for c in _elements(tag)))
    )


def _from_alternation(root: Tag) -> list[Found]:
    """Trigger, panel, trigger, panel…: a toggle followed by the panel it opens, without a wrapper."""
    found = []
    for parent in [root, *root.find_all(True)]:
        children = _elements(parent)
        triggers = [c for c in children if _is_trigger(c)]
        if len(triggers) < 2:
            continue
        for index, child in enumerate(children[:-1]):
            panel = children[index + 1]
            if child in triggers and panel not in triggers and len(_text(child)) <= _MAX_QUESTION_CHARS:
                found.append(
                    Found(question_text(child), [panel], _line(child), child, [panel], shape="trigger and panel")
                )
    return found


def structured_pairs(root: Tag, notes: list[str]) -> list[Found]:
    """Every question the page marks up as such, each once (the first, most trusted, reading wins)."""
    accepted: list[Found] = []
    taken: set[int] = set()  # ids of the elements already inside an accepted question or answer
    for reader in (_from_details, _from_dl, _from_triggers, _from_repeated, _from_alternation):
        for item in reader(root):
            if not item.question:
                if _text(item.item) or item.answer_nodes:
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


# --- headings, bold and anchored lines ------------------------------------------------------------

_LEVEL_BOLD = 7


def _bold_line(nodes: list) -> Tag | None:
    """The one bold element a line consists of (possibly inside an anchor), else None."""
    shown = [n for n in nodes if (_text(n) or (isinstance(n, Tag) and (n.name == "img" or n.find("img"))))]
    if len(shown) != 1 or not isinstance(shown[0], Tag):
        return None  # an empty anchor (<a name="x"></a>) beside the bold words does not count
    tag = shown[0]
    while tag.name in ("a", "span", "font", "p") and len(_elements(tag)) == 1 and not _loose_text(tag):
        tag = _elements(tag)[0]
    if tag.name in ("b", "strong") and _text(tag):
        return tag
    return None


def _stream(node: Tag, events: list, skip: set) -> None:
    """Flatten `node` into ("heading", level, text, element) and ("content", [nodes]) events, line by line."""
    line: list = []

    def flush() -> None:
        if not any(_text(n) or (isinstance(n, Tag) and n.find("img")) for n in line):
            line.clear()
            return
        bold = _bold_line(line)
        if bold is not None and len(_text(bold)) <= _MAX_QUESTION_CHARS:
            events.append(("heading", _LEVEL_BOLD, _text(bold), bold))
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
            if _text(child):
                events.append(("heading", HEADINGS[child.name], _text(child), child))
        elif (child.name in _CONTAINERS or child.name == "p") and (
            any(isinstance(c, Tag) and (c.name in _BLOCKS or c.name == "br") for c in child.children)
        ):  # lines broken by <br> are read one by one, in a paragraph too
            flush()
            _stream(child, events, skip)
        elif child.name in _BLOCKS:
            flush()
            if child.name == "p" and _bold_line(list(child.children)) is not None:
                line.extend(child.children)
                flush()
            elif _text(child) or child.find("img"):
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
                or (following[1] == event[1] and _asks(event[2]) and _asks(following[2]))  # sharing an answer
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
            found.append(Found("", [], _line(event[3]), event[3], shape="section"))
        elif event[0] == "heading" and event[1] == level:
            item = Found(strip_numbering(event[2]), [], _line(event[3]), event[3], shape="heading")
            if waiting and (waiting[-1].answer_nodes or not (_asks(waiting[-1].question) and _asks(item.question))):
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


# --- JSON-LD --------------------------------------------------------------------------------------


def json_ld_questions(soup: BeautifulSoup) -> list[tuple[str, str, int]]:
    """(question, answer HTML, line) of every schema.org FAQPage on the page."""
    found = []
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.string or "")
        except json.JSONDecodeError:
            continue
        for item in _json_objects(data):
            types = item.get("@type")
            if "FAQPage" not in (types if isinstance(types, list) else [types]):
                continue
            entities = item.get("mainEntity") or []
            for entity in entities if isinstance(entities, list) else [entities]:
                if not isinstance(entity, dict) or not entity.get("name"):
                    continue
                answer = entity.get("acceptedAnswer") or {}
                answer = answer[0] if isinstance(answer, list) and answer else answer
                html = answer.get("text", "") if isinstance(answer, dict) else ""
                found.append((clean_text(str(entity["name"])), str(html), script.sourceline or 0))
    return found


def _json_objects(data):
    if isinstance(data, list):
        for item in data:
            yield from _json_objects(item)
    elif isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, (list, dict)):
                yield from _json_objects(value)


# --- putting it together --------------------------------------------------------------------------


def _key(text: str) -> str:
    return "".join(ch for ch in strip_numbering(text).casefold() if ch.isalnum())


def _section_label(tag: Tag) -> str:
    """The text of a short label that titles the run of questions after it (a heading or a heading-like div)."""
    if tag.name in HEADINGS or (tag.get("role") or "") == "heading":
        return _text(tag)
    words = _text(tag)
    short = 0 < len(words) <= 60 and len(words.split()) <= 8 and not words.endswith(("?", ".", ":"))
    if tag.name in ("div", "span", "p", "strong", "b") and short and not tag.find("a"):
        return words
    return ""


def _arrange(root: Tag, pairs: list[Found], base_url: str):
    """Walk the page in order: headings (and labels right above a run of questions) open sections."""
    items = {id(p.item): p for p in pairs}
    consumed = {id(e) for p in pairs for e in p.consumed}
    first_items = set()
    for p in pairs:
        previous = p.item.find_previous_sibling(True)
        while previous is not None and not _text(previous):
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
                    open_section("", _line(child))
                if intro and not sections[-1][3]:
                    sections[-1][1] = html_to_markdown(intro, base_url)
                pair = items[id(child)]
                sections[-1][3].append(pair)
                continue
            label = _section_label(child) if (child.name in HEADINGS or id(child) in first_items) else ""
            if label and id(child) not in holding:
                open_section(label, _line(child))
            elif id(child) in holding:
                visit(child)
            elif sections and not sections[-1][3] and _text(child) and child.name not in ("tr", "thead", "th"):
                intro.append(child)

    visit(root)
    return [s for s in sections if s[3]]


def _count(pairs: list[Found], headed: list[Found]) -> int:
    return max(len(pairs), sum(1 for p in headed if p.shape == "heading" and p.answer_nodes))


def read_page(text: str, base_url: str = "") -> PageRead:
    """Read an HTML FAQ page into sections of questions with Markdown answers."""
    soup = BeautifulSoup(text, "html5lib")
    title = clean_text(soup.title.get_text()) if soup.title else ""
    base = page_base(soup, base_url)
    witness = json_ld_questions(soup)
    root, notes = main_content(soup)
    pairs = structured_pairs(root, notes)
    headed, _events, _level = heading_pairs(root)
    if root.name == "main" or root.get("role") == "main":
        # <main> is a hint, not a wall: when the whole page holds far more questions, the FAQ is outside it
        whole_soup = BeautifulSoup(text, "html5lib")
        whole, whole_notes = main_content(whole_soup, use_main=False)
        whole_pairs = structured_pairs(whole, whole_notes)
        whole_headed, _events, _level = heading_pairs(whole)
        in_main, on_page = _count(pairs, headed), _count(whole_pairs, whole_headed)
        if on_page > in_main and on_page >= 2 * in_main:
            soup, root, notes, pairs, headed = whole_soup, whole, whole_notes, whole_pairs, whole_headed
    h1 = root.find("h1") or soup.find("h1")
    title = title or (_text(h1) if h1 else "") or "Help Center"
    structured_score = sum(looks_like_question(p.question) for p in pairs)
    heading_score = sum(looks_like_question(p.question) for p in headed if p.shape == "heading" and p.answer_nodes)
    sections: list = []
    if pairs and structured_score >= 0.6 * heading_score:  # marked-up questions, unless headings hold far more
        for title_text, intro_nodes, line, found in _arrange(root, pairs, base):
            sections.append((title_text, intro_nodes, line, found))
    elif headed:
        current = None
        for item in headed:
            if item.shape == "section":
                current = (_text(item.item), html_to_markdown(item.answer_nodes, base), item.line, [])
                sections.append(current)
            else:
                if current is None:
                    current = ("", "", item.line, [])
                    sections.append(current)
                current[3].append(item)
        sections = [s for s in sections if s[3]]

    # answers to Markdown; numbering, empties and duplicates
    out = []
    seen: dict[str, tuple[str, int]] = {}
    witness_answers = {_key(q): (a, line) for q, a, line in witness}
    for title_text, intro, line, found in sections:
        questions = []
        for item in found:
            answer = html_to_markdown(item.answer_nodes, base)
            answer = re.sub(
                r"^\**(?:a|answer|r|réponse|antwort|ответ)\**\s*[:.]\**\s*", "", answer, flags=re.IGNORECASE
            )
            if not answer and _key(item.question) in witness_answers:
                answer = html_to_markdown(
                    BeautifulSoup(witness_answers[_key(item.question)][0], "html.parser").contents, base
                )
            if not answer:
                if item.shape != "heading" or _asks(item.question):
                    notes.append(f"line {item.line}: {item.question!r} has no answer on the page: skipped")
                continue
            key = _key(item.question)
            if key in seen:
                previous_answer, previous_line = seen[key]
                if previous_answer == answer:
                    notes.append(
                        f"line {item.line}: {item.question!r} repeats the question and answer of line "
                        f"{previous_line}: imported once"
                    )
                    continue
                notes.append(f"line {item.line}: {item.question!r} is asked again (first on line {previous_line})")
            seen[key] = (answer, item.line)
            questions.append((item.question, answer, item.line))
        if questions:
            section_title = title_text or title
            intro_md = intro if isinstance(intro, str) else html_to_markdown(intro, base)
            out.append((section_title, intro_md, line, questions))

    if not base:
        relative = [
            a
            for _, _, _, found in sections
            for item in found
            for node in item.answer_nodes
            if isinstance(node, Tag)
            for a in ([node] if node.name == "a" else node.find_all("a", href=True))
            if a.get("href") and not re.match(r"^(?:[a-z][a-z0-9+.-]*:|#)", a["href"], re.IGNORECASE)
        ]
        if relative:
            notes.append(
                f"{len(relative)} relative links (first on line {_line(relative[0])}) lost their address: give --base-url"
            )
    visible = {_key(q) for s in out for q, _, _ in s[3]}
    missing = [(q, a, line) for q, a, line in witness if _key(q) not in visible]
    if not out and witness:
        unique = {}
        for q, a, line in witness:
            unique.setdefault(_key(q), (q, html_to_markdown(BeautifulSoup(a, "html.parser").contents, base), line))
        out = [(title, "", witness[0][2], [v for v in unique.values() if v[1]])]
        notes.append(f"the page shows no questions: {len(unique)} read from its structured data (JSON-LD)")
    elif (
        missing
        and len(visible) + len({_key(q) for q, _, _ in missing}) > 2 * len(visible)
        and (len(visible & {_key(q) for q, _, _ in witness}) * 2 >= len(visible))
    ):
        # the page agrees with its structured data and shows less than half of it (the rest is drawn
        # by script): the structured data fills in what the visible page lacks
        unique = {}
        for q, a, line in missing:
            unique.setdefault(_key(q), (q, html_to_markdown(BeautifulSoup(a, "html.parser").contents, base), line))
        out.append(("More questions", "", missing[0][2], [v for v in unique.values() if v[1]]))
        notes.append(
            f"{len(unique)} questions read from the page's structured data (JSON-LD), which agrees with the "
            "visible page and holds more than twice as many"
        )
    elif missing:
        notes.append(
            f"{len(missing)} questions in the page's structured data (JSON-LD) are not on the visible page: "
            f"not imported (first: {missing[0][0]!r}, line {missing[0][2]})"
        )
    return PageRead(title, root.get_text(" "), out, notes)
