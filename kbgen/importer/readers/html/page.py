"""Read the questions and answers of an HTML FAQ page the way a reader finds them.

A reader skips the page's chrome (header, navigation, footer, share bars,
tables of contents: `chrome.py`) and looks for what repeats: the same kind of
element over and over, each with a short line on top (the question) and more
below (the answer). The shapes recognised, in the order they are trusted:

- `<details>` with its `<summary>`;
- `<dl>` terms and their descriptions (pairs may be wrapped in a `<div>`);
- a trigger that names its panel (`aria-controls`, `data-target`,
  `data-bs-target`, `href="#id"` of a collapse toggle);
- repeated siblings of the same tag and class, each a short head followed by
  its body (accordion items, `div.question`, a `<table>` or `<tr>` per entry,
  list items whose first paragraph is the question: `repeated.py`);
- a trigger (button, link, `aria-expanded`) followed by its panel, repeated
  (these and the first three: `marked.py`);
- otherwise headings, bold or anchored lines (`<a name><b>Q</b></a><br>`) with
  the text that follows them, at the level that reads most like questions
  (`headings.py`).

The heading (or short label) above a run of questions names its section
(`sections.py`). Structured data (schema.org FAQPage in JSON-LD) is a
witness (`jsonld.py`): it fills an empty visible answer and stands in when
the visible page has no questions, but never replaces or drops what the page
shows. This module puts the readings together: it chooses where to read
(`<main>` or the whole page), turns answers into Markdown without their "A:"
labels, skips empty and repeated questions, and notes links that lost their
address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag

from kbgen.importer.model import ImportedFaq, ImportedQuestion, ImportedSection
from kbgen.importer.plaintext import clean_text, counted, first_email
from kbgen.importer.readers.html.chrome import main_content, page_base
from kbgen.importer.readers.html.convert import absolute_url, html_to_markdown
from kbgen.importer.readers.html.headings import heading_pairs
from kbgen.importer.readers.html.index import file_by_index
from kbgen.importer.readers.html.jsonld import fill_from_structured_data, json_ld_questions
from kbgen.importer.readers.html.marked import structured_pairs
from kbgen.importer.readers.html.questions import Found, asks, node_text, question_key, source_line
from kbgen.importer.readers.html.sections import page_sections

_ANSWER_LABEL = re.compile(r"^\**(?:a|answer|r|réponse|antwort|ответ)\**\s*[:.]\**\s*", re.IGNORECASE)


@dataclass
class _Reading:
    """The questions read from one part of a page: marked-up pairs and heading pairs."""

    soup: BeautifulSoup
    root: Tag
    notes: list[str]
    pairs: list[Found]
    headed: list[Found]
    topics: dict[str, str]

    @property
    def count(self) -> int:
        return max(len(self.pairs), sum(1 for p in self.headed if p.shape == "heading" and p.answer_nodes))


def _read(soup: BeautifulSoup, use_main: bool = True) -> _Reading:
    root, notes, topics = main_content(soup, use_main)
    pairs = structured_pairs(root, notes)
    headed, _events, _level = heading_pairs(root)
    return _Reading(soup, root, notes, pairs, headed, topics)


def _reading(text: str, soup: BeautifulSoup) -> _Reading:
    """The page read from its `<main>`, or from the whole page when that holds far more questions."""
    reading = _read(soup)
    if reading.root.name == "main" or reading.root.get("role") == "main":
        # <main> is a hint, not a wall: when the whole page holds far more questions, the FAQ is outside it
        whole = _read(BeautifulSoup(text, "html5lib"), use_main=False)
        if whole.count > reading.count and whole.count >= 2 * reading.count:
            return whole
    return reading


def read_page(text: str, base_url: str = "") -> ImportedFaq:
    """Read an HTML FAQ page into sections of questions with Markdown answers."""
    soup = BeautifulSoup(text, "html5lib")
    title = clean_text(soup.title.get_text()) if soup.title else ""
    base = page_base(soup, base_url)
    witness = json_ld_questions(soup)
    reading = _reading(text, soup)
    root, notes = reading.root, reading.notes
    h1 = root.find("h1") or reading.soup.find("h1")
    title = title or (node_text(h1) if h1 else "") or "Help Center"
    sections = file_by_index(page_sections(root, reading.pairs, reading.headed, base), reading.topics)
    out = _answered(sections, witness, title, base, notes)
    _note_dropped_links(sections, base, notes)
    out = fill_from_structured_data(out, witness, title, base, notes)
    return ImportedFaq(title, first_email(root.get_text(" ")), out, notes)


def _answered(sections: list, witness: list, title: str, base: str, notes: list[str]) -> list[ImportedSection]:
    """Sections with their answers in Markdown; questions without an answer, or repeating one, left out."""
    out = []
    seen: dict[str, tuple[str, int]] = {}
    witness_answers = {question_key(q): a for q, a, _line in witness}
    for title_text, intro, line, found in sections:
        questions = []
        for item in found:
            answer = _answer(item, base, witness_answers)
            if not answer:
                if item.shape != "heading" or asks(item.question):
                    notes.append(f"line {item.line}: {item.question!r} has no answer on the page: skipped")
                continue
            key = question_key(item.question)
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
            if item.phrasings:
                also = ", ".join(repr(p) for p in item.phrasings)
                notes.append(f"line {item.line}: {item.question!r} is also asked as {also}: kept as its tags")
            questions.append(ImportedQuestion(item.question, answer, item.line, tags=list(item.phrasings)))
        if questions:
            out.append(ImportedSection(title_text or title, intro, questions, line))
    return out


def _answer(item: Found, base: str, witness_answers: dict[str, str]) -> str:
    """A question's answer in Markdown, without an "A:" label; the structured data's when the page shows none."""
    answer = _ANSWER_LABEL.sub("", html_to_markdown(item.answer_nodes, base))
    if not answer and question_key(item.question) in witness_answers:
        html = witness_answers[question_key(item.question)]
        answer = html_to_markdown(BeautifulSoup(html, "html.parser").contents, base)
    return answer


def _note_dropped_links(sections: list, base: str, notes: list[str]) -> None:
    """Say once for each kind which of the answers' links were kept as words only: relative links without
    the page's address, links to places on the old page, and addresses of other schemes than the site keeps."""
    links = [
        a
        for _, _, _, found in sections
        for item in found
        for node in item.answer_nodes
        if isinstance(node, Tag)
        for a in ([node] if node.name == "a" and node.get("href") else node.find_all("a", href=True))
    ]
    kinds: dict[str, list[Tag]] = {}
    for a in links:
        href = a["href"].strip()
        if not href or absolute_url(href, base):
            continue
        if href.startswith("#"):
            kinds.setdefault("anchor", []).append(a)
        elif re.match(r"^[a-z][a-z0-9+.-]*:", href, re.IGNORECASE):
            kinds.setdefault("scheme", []).append(a)
        else:
            kinds.setdefault("relative", []).append(a)
    for kind, found in kinds.items():
        first = f"first on line {source_line(found[0])}"
        if kind == "relative":
            its = "its" if len(found) == 1 else "their"
            notes.append(f"{counted(len(found), 'relative link')} ({first}) lost {its} address: give --base-url")
        elif kind == "anchor":
            notes.append(f"{counted(len(found), 'link')} to places on the old page ({first}): kept as words only")
        else:
            schemes = sorted({a["href"].strip().split(":", 1)[0].lower() + ":" for a in found})
            notes.append(
                f"{counted(len(found), 'link')} to {', '.join(schemes)} addresses ({first}): kept as words only "
                "(an answer links to http, https, mailto and tel addresses)"
            )
