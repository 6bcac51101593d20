"""Read a Zendesk Help Center export: the Help Center API's JSON for categories, sections and articles.

An export is a folder of JSON files (or one file) as the API's list endpoints
answer them: objects with a `categories`, `sections` or `articles` list (one
page each, any number of pages, any file names). Each locale becomes one
`ImportedFaq`: sections in the order of their category's and their own
`position`, articles in theirs. Drafts are left out. Every old address stays
reachable: an article's `html_url` path, with and without the slug after its
numeric id, becomes an alias of its question; a section's and a category's, of
the section.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from kbgen.errors import KbgenError
from kbgen.importer.model import ImportedFaq, ImportedQuestion, ImportedSection
from kbgen.importer.plaintext import clean_text, counted
from kbgen.importer.readers.exports import article_markdown, json_files, old_paths
from kbgen.importer.readers.html import missing_extra

KINDS = ("categories", "sections", "articles")


@dataclass(frozen=True)
class Export:
    """The records of an export, by kind, each with the file it came from."""

    records: dict[str, list[tuple[dict, str]]]


def detect(path: Path) -> bool:
    """True for a folder holding JSON files, or a JSON file, with Help Center lists in them."""
    files = sorted(path.rglob("*.json")) if path.is_dir() else [path] if path.suffix.lower() == ".json" else []
    for file in files[:20]:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        if isinstance(data, dict) and any(isinstance(data.get(kind), list) for kind in KINDS):
            return True
    return False


def read_export(path: Path) -> Export:
    """Every category, section and article record of the export at `path`; one without articles is an error."""
    records: dict[str, list[tuple[dict, str]]] = {kind: [] for kind in KINDS}
    for file, data in json_files(path):
        if not isinstance(data, dict):
            continue
        for kind in KINDS:
            for index, record in enumerate(data.get(kind) or []):
                if not isinstance(record, dict) or "id" not in record:
                    raise KbgenError(f"{file}: {kind}[{index}] has no 'id'")
                records[kind].append((record, file.name))
    if not records["articles"]:
        raise KbgenError(f"{path}: no Help Center articles in this export")
    return Export(records)


def _position(record: dict) -> tuple:
    position = record.get("position")
    return (position if isinstance(position, int) else 0, str(record.get("created_at") or ""), record["id"])


def read(path: Path, base_url: str = "") -> list[ImportedFaq]:
    """One `ImportedFaq` per locale of the export at `path` (links resolve against each article's own address)."""
    export = read_export(path)
    locales: list[str] = []
    for record, _file in export.records["articles"]:
        locale = str(record.get("locale") or "").strip()
        if locale and locale not in locales:
            locales.append(locale)
    if not locales:
        raise KbgenError(f"{path}: the articles have no 'locale'")
    return [_read_locale(export, locale, path) for locale in locales]


def _read_locale(export: Export, locale: str, path: Path) -> ImportedFaq:
    # BeautifulSoup only once an export is read, so asking this reader about a page loads none of it
    try:
        from kbgen.importer.readers.html.convert import markdown_from_html
    except ImportError as err:
        raise missing_extra(err) from None

    def of_locale(kind: str) -> list[dict]:
        return [r for r, _ in export.records[kind] if str(r.get("locale") or locale) == locale]

    categories = {c["id"]: c for c in of_locale("categories")}
    sections = sorted(
        of_locale("sections"),
        key=lambda s: (_position(categories.get(s.get("category_id"), {"id": 0})), _position(s)),
    )
    notes: list[str] = []
    by_section: dict = {}
    for article in sorted(of_locale("articles"), key=_position):
        title = clean_text(str(article.get("title") or ""))
        if article.get("draft"):
            notes.append(f"article {article['id']} ({title!r}, {locale}) is a draft: left out")
            continue
        if not title:
            notes.append(f"article {article['id']} ({locale}) has no title: left out")
            continue
        html_url = str(article.get("html_url") or "")
        what = f"article {article['id']} ({title!r}, {locale})"
        answer = article_markdown(str(article.get("body") or ""), html_url, what, notes)
        if not answer:
            notes.append(f"article {article['id']} ({title!r}, {locale}) has an empty body: left out")
            continue
        updated = str(article.get("edited_at") or article.get("updated_at") or "")[:10]
        question = ImportedQuestion(
            title,
            answer,
            0,
            aliases=old_paths(html_url),
            tags=[clean_text(str(label)) for label in article.get("label_names") or [] if clean_text(str(label))],
            updated=updated if re.match(r"^\d{4}-\d{2}-\d{2}$", updated) else "",
            promoted=article.get("promoted") is True,
        )
        by_section.setdefault(article.get("section_id"), []).append(question)
    out: list[ImportedSection] = []
    first_of_category: set = set()
    for section in sections:
        questions = by_section.pop(section["id"], [])
        if not questions:
            continue
        aliases = old_paths(str(section.get("html_url") or ""))
        category = categories.get(section.get("category_id"))
        if category is not None and category["id"] not in first_of_category:
            first_of_category.add(category["id"])
            aliases += old_paths(str(category.get("html_url") or ""))
        intro = markdown_from_html(str(section.get("description") or ""))
        out.append(
            ImportedSection(clean_text(str(section.get("name") or "")) or "Questions", intro, questions, 0, aliases)
        )
    for section_id, questions in by_section.items():
        notes.append(
            f"{counted(len(questions), 'article')} ({locale}) {'names' if len(questions) == 1 else 'name'} section {section_id}, which the export lacks"
        )
        out.append(ImportedSection("More questions", "", questions))
    title = "Help Center"
    return ImportedFaq(title, "", out, notes, locale)
