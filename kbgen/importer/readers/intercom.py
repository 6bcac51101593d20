"""Read an Intercom Articles export: the Intercom API's JSON lists of help center collections and articles.

An export is a folder of JSON files (or one file) as the API answers
`GET /help_center/collections` and `GET /articles`: `{"type": "list", "data": [...]}` with
objects of `"type": "collection"` and `"type": "article"`. A collection becomes a section
(in its `order`; a nested collection too), an article a question of its parent
collection. Each locale (the `default_locale`, and every language in
`translated_content`) becomes one `ImportedFaq`. Drafts are left out. An article's and a
collection's `url` path, with and without the slug after the numeric id, become aliases.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

from kbgen.errors import KbgenError
from kbgen.importer.model import ImportedFaq, ImportedQuestion, ImportedSection
from kbgen.importer.plaintext import clean_text, counted
from kbgen.importer.readers.exports import article_markdown, json_files, old_paths
from kbgen.importer.readers.html import missing_extra


def _lists(path: Path):
    for file, data in json_files(path):
        if isinstance(data, dict) and data.get("type") == "list" and isinstance(data.get("data"), list):
            yield file, data["data"]


def detect(path: Path) -> bool:
    """True when the JSON at `path` (a folder of JSON files, or one) holds Intercom lists of articles or collections."""
    if not (path.is_dir() or path.suffix.lower() == ".json"):
        return False
    try:
        return any(
            any(isinstance(r, dict) and r.get("type") in ("article", "collection") for r in records)
            for _file, records in _lists(path)
        )
    except KbgenError:
        return False


def _content(record: dict, locale: str) -> dict | None:
    """The record's content in `locale`: its own fields for the default locale, else its translation."""
    if locale == (record.get("default_locale") or "en"):
        return record
    translated = (record.get("translated_content") or {}).get(locale)
    return translated if isinstance(translated, dict) and (translated.get("title") or translated.get("name")) else None


def read(path: Path, base_url: str = "") -> list[ImportedFaq]:
    """One `ImportedFaq` per locale of the Intercom export at `path` (links resolve against each article's own address)."""
    articles, collections = [], []
    for _file, records in _lists(path):
        for record in records:
            if isinstance(record, dict) and record.get("type") == "article":
                articles.append(record)
            elif isinstance(record, dict) and record.get("type") == "collection":
                collections.append(record)
    if not articles:
        raise KbgenError(f"{path}: no Intercom articles in this export")
    locales: list[str] = []
    for record in articles:
        for locale in [record.get("default_locale") or "en", *(record.get("translated_content") or {})]:
            if locale != "type" and locale not in locales and _content(record, locale) is not None:
                locales.append(locale)
    return [_read_locale(articles, collections, locale) for locale in locales]


def _read_locale(articles: list[dict], collections: list[dict], locale: str) -> ImportedFaq:
    # BeautifulSoup only once an export is read, so asking this reader about a page loads none of it
    try:
        from kbgen.importer.readers.html import convert  # noqa: F401 (loaded here for its error: article_markdown uses it)
    except ImportError as err:
        raise missing_extra(err) from None

    notes: list[str] = []
    by_parent: dict = {}
    for record in sorted(articles, key=lambda r: (r.get("created_at") or 0, str(r["id"]))):
        content = _content(record, locale)
        if content is None:
            continue
        title = clean_text(str(content.get("title") or ""))
        if content.get("state", record.get("state")) != "published":
            notes.append(f"article {record['id']} ({title!r}, {locale}) is a draft: left out")
            continue
        url = str(content.get("url") or "")
        what = f"article {record['id']} ({title!r}, {locale})"
        answer = article_markdown(str(content.get("body") or ""), url, what, notes)
        if not title or not answer:
            notes.append(f"article {record['id']} ({locale}) has no title or no body: left out")
            continue
        updated = content.get("updated_at") or record.get("updated_at")
        day = datetime.fromtimestamp(updated, tz=timezone.utc).strftime("%Y-%m-%d") if isinstance(updated, int) else ""
        question = ImportedQuestion(title, answer, 0, aliases=old_paths(url), updated=day)
        by_parent.setdefault(str(record.get("parent_id")), []).append(question)
    sections = []
    for collection in sorted(collections, key=lambda c: (c.get("order") or 0, str(c["id"]))):
        content = _content(collection, locale) or collection
        questions = by_parent.pop(str(collection["id"]), [])
        if not questions:
            continue
        name = clean_text(str(content.get("name") or "")) or "Questions"
        intro = clean_text(str(content.get("description") or ""))
        sections.append(ImportedSection(name, intro, questions, 0, old_paths(str(content.get("url") or ""))))
    for parent, questions in by_parent.items():
        if parent != "None":
            notes.append(
                f"{counted(len(questions), 'article')} ({locale}) {'names' if len(questions) == 1 else 'name'} collection {parent}, which the export lacks"
            )
        sections.append(ImportedSection("More questions", "", questions))
    return ImportedFaq("Help Center", "", sections, notes, re.sub(r"[^A-Za-z0-9-]", "-", locale))
