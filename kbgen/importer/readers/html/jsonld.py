"""A page's structured data (schema.org FAQPage in JSON-LD) as a witness of its questions.

It fills an empty visible answer (`page.py`) and stands in when the visible
page shows no questions, or far fewer than it and agrees with it; it never
replaces or drops what the page shows.
"""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from kbgen.importer.model import ImportedQuestion, ImportedSection
from kbgen.importer.plaintext import clean_text, counted
from kbgen.importer.readers.html.convert import markdown_from_html
from kbgen.importer.readers.html.questions import question_key


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


def fill_from_structured_data(
    out: list[ImportedSection], witness: list, title: str, base: str, notes: list[str]
) -> list[ImportedSection]:
    """The page's sections, with the structured data's questions added where the visible page lacks them:
    all of them when it shows none, the missing ones when it shows less than half and agrees with the rest."""
    visible = {question_key(q.question) for s in out for q in s.questions}
    missing = [(q, a, line) for q, a, line in witness if question_key(q) not in visible]
    if not out and witness:
        unique = _answered(witness, base)
        out = [ImportedSection(title, "", [v for v in unique.values() if v.answer], witness[0][2])]
        notes.append(f"the page shows no questions: {len(unique)} read from its structured data (JSON-LD)")
    elif (
        missing
        and len(visible) + len({question_key(q) for q, _, _ in missing}) > 2 * len(visible)
        and (len(visible & {question_key(q) for q, _, _ in witness}) * 2 >= len(visible))
    ):
        # the page agrees with its structured data and shows less than half of it (the rest is drawn
        # by script): the structured data fills in what the visible page lacks
        unique = _answered(missing, base)
        out.append(ImportedSection("More questions", "", [v for v in unique.values() if v.answer], missing[0][2]))
        notes.append(
            f"{counted(len(unique), 'question')} read from the page's structured data (JSON-LD), which agrees with the "
            "visible page and holds more than twice as many"
        )
    elif missing:
        notes.append(
            f"{counted(len(missing), 'question')} in the page's structured data (JSON-LD) {'is' if len(missing) == 1 else 'are'} not on the visible page: "
            f"not imported (first: {missing[0][0]!r}, line {missing[0][2]})"
        )
    return out


def _answered(witness: list, base: str) -> dict[str, ImportedQuestion]:
    """Each question of `witness` once (the first), with its answer in Markdown."""
    unique: dict[str, ImportedQuestion] = {}
    for q, a, line in witness:
        unique.setdefault(question_key(q), ImportedQuestion(q, markdown_from_html(a, base), line))
    return unique
