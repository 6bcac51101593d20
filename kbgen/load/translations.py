"""Translations beside their sources: the help center in each locale `site.yaml` declares.

Part of the loader (load/loader.py calls `load_translations` once the default
locale's help center is built). A translation is a file beside its source,
named with the locale's tag (`01-benefits.fr.md`, `_section.fr.yaml`,
`pages/about.fr.md`, load/locales.py). Each locale's help center takes, for
every question, section and page, the nearest translation along its fallback
chain; without one it shows the default's text (marked `fallback` when in
another language, for the page's notice) or, with `untranslated: omit`, leaves
the question out. A translation of a file that does not exist, or into a tag
site.yaml does not declare, is an error at its path; missing, outdated (the
recorded `source_hash` is not the source's) and unknown (none recorded) ones
are counted per locale and warned about (errors under `--strict` for a locale
marked `complete: true`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from kbgen.config import TRANSLATED_PAGE_KEYS, TRANSLATED_QUESTION_KEYS, TRANSLATED_SECTION_KEYS
from kbgen.load.files import Tree, is_file, join, load_yaml_file, read_bytes
from kbgen.load.folders import MarkdownFile, SectionDir, check_slug, read_front_matter, read_question
from kbgen.load.gitdates import GitDates
from kbgen.load.locales import source_hash, translation_name
from kbgen.load.schema import Report, check_keys, string_list
from kbgen.load.vocabulary import language_vocabulary
from kbgen.load.yamlio import MarkedDict, ParseCache
from kbgen.model import HelpCenter, Locale, Page, Question, Section, Site, Source, Translation, TranslationStatus
from kbgen.urls import SITE_OWN_PATHS

#: Renders Markdown bodies, each (text, file path, file as shown, first line), with links to the extra files
#: (a translation's real path to its source's URL) resolved too; returns the HTML of each, in order.
Renderer = Callable[[list[tuple[str, str, str, int]], dict[str, str]], list[str]]


@dataclass
class _File:
    """One translation file, read."""

    tag: str
    path: str
    shown: str
    meta: MarkedDict
    body: str = ""
    body_line: int = 1
    html: str = ""
    state: str = "current"
    """current, outdated or unknown (no `source_hash`)."""


def load_translations(
    hc: HelpCenter,
    sections: list[SectionDir],
    pages: list[MarkdownFile],
    content_dir: Path,
    tree: Tree,
    report: Report,
    render: Renderer,
    dates: GitDates | None = None,
    cache: ParseCache | None = None,
) -> tuple[Translation, ...]:
    """The help center in each of `hc.site.locales`, from the translation files beside the sources."""
    locales = hc.site.locales
    declared = {locale.tag.lower() for locale in locales}
    found: dict[str, dict[str, _File]] = {}  # a source's path: its translations by lower-case tag
    folders = [section.path for section in sections]
    if (content_dir / "pages").is_dir():
        folders.append(str(content_dir / "pages"))
    for folder in folders:
        for path, shown, tag, source in _translation_files(folder, tree, declared, report):
            read = _read(path, shown, tag, source, report, cache)
            if read is not None:
                found.setdefault(source, {})[tag.lower()] = read
    files = [file for by_tag in found.values() for file in by_tag.values()]
    bodies = [(file.body, file.path, file.shown, file.body_line) for file in files]
    extra = {tree.real(file.path): "" for file in files}  # a link to a translation: to its source's page
    for section in sections:
        for question in section.questions:
            for file in found.get(question.path, {}).values():
                extra[tree.real(file.path)] = f"{section.slug}/{question.slug}/"
    for file, html in zip(files, render(bodies, extra), strict=True):
        file.html = html
    for source, by_tag in found.items():
        for file in by_tag.values():
            _check_hash(file, source, locales, report)
    return tuple(_translate(hc, locale, sections, pages, found, report, dates) for locale in locales)


def _translation_files(folder: str, tree: Tree, declared: set[str], report: Report) -> list[tuple[str, str, str, str]]:
    """Each translation file of `folder` as (path, shown, tag, source path); strays reported."""
    entries = tree.entries(folder)
    names = {entry.name for entry in entries if is_file(entry)}
    result = []
    for entry in entries:
        named = translation_name(entry.name)
        if named is None or not is_file(entry):
            continue
        source, tag = named
        shown = tree.shown(folder, entry.name)
        if tag.lower() not in declared:
            report.error(
                shown,
                1,
                f"a translation into '{tag}', which is not a locale of the site: declare it under "
                "'locales:' in site.yaml",
            )
        elif source not in names:
            report.error(
                shown,
                1,
                f"a translation of '{source}', which does not exist: a translation sits beside "
                "its source, named after it",
            )
        else:
            result.append((join(folder, entry.name), shown, tag, join(folder, source)))
    return result


def _read(path: str, shown: str, tag: str, source: str, report: Report, cache: ParseCache | None) -> _File | None:
    """A translation file's front matter or YAML, checked against its source's keys; None when unusable."""
    if path.endswith(".yaml"):
        meta = load_yaml_file(path, shown, report, cache)
        if meta is None or not check_keys(meta, TRANSLATED_SECTION_KEYS, shown, report):
            return None
        return _File(tag, path, shown, meta, meta.get("intro") or "", meta.line_of("intro") + 1)
    if os.path.basename(os.path.dirname(path)) == "pages":
        doc = read_front_matter(path, shown, report, cache)
        if (
            doc is None
            or not isinstance(doc.meta, MarkedDict)
            or not check_keys(doc.meta, TRANSLATED_PAGE_KEYS, shown, report)
        ):
            return None
        return _File(tag, path, shown, doc.meta, doc.body, doc.body_line)
    question = read_question(path, report, shown, cache, TRANSLATED_QUESTION_KEYS)
    if question is None:
        return None
    slug = question.meta.get("slug")
    if slug and not check_slug(slug, shown, question.meta.line_of("slug"), "slug", report):
        return None
    return _File(tag, path, shown, question.meta, question.body, question.body_line)


def _check_hash(file: _File, source: str, locales: tuple[Locale, ...], report: Report) -> None:
    """Date a translation against its source by the hash it records; warn when outdated or unknown."""
    current = source_hash(read_bytes(source))
    recorded = str(file.meta.get("source_hash") or "").strip()
    # Errors under --strict only for a locale marked complete that shows this file.
    strict = any(loc.complete for loc in locales if file.tag.lower() in {loc.tag.lower(), *map(str.lower, loc.chain)})
    line = file.meta.line_of("source_hash") or 1
    name = os.path.basename(source)
    if not recorded:
        file.state = "unknown"
        report.warn(
            file.shown,
            1,
            f"no source_hash: once the text says what {name} says, add 'source_hash: {current}' "
            "(kbgen new translation writes it)",
            "translation-unknown",
            allowed=not strict,
        )
    elif recorded != current:
        file.state = "outdated"
        report.warn(
            file.shown,
            line,
            f"outdated: {name} changed since it was translated (source_hash {recorded}, now "
            f"{current}); update the text, then 'source_hash: {current}'",
            "translation-outdated",
            allowed=not strict,
        )


def _language(tag: str) -> str:
    return tag.split("-")[0].lower()


def _translate(
    hc: HelpCenter,
    locale: Locale,
    sections: list[SectionDir],
    pages: list[MarkdownFile],
    found: dict[str, dict[str, _File]],
    report: Report,
    dates: GitDates | None,
) -> Translation:
    """The help center in `locale`: each text from the nearest translation along its chain."""
    default = locale.chain[-1]
    chain = [locale.tag.lower(), *(tag.lower() for tag in locale.chain[:-1])]

    def nearest(source: str) -> tuple[_File | None, str]:
        """The translation shown for `source`, and the tag of a text in another language ("" when none is)."""
        by_tag = found.get(source, {})
        tag = next((t for t in chain if t in by_tag), "")
        shown = by_tag[tag].tag if tag else default
        return (by_tag[tag] if tag else None), ("" if _language(shown) == _language(locale.tag) else shown)

    urls = {path: path for path in SITE_OWN_PATHS if path.endswith("/") or not path}
    dirs = {section.slug: section for section in sections if section.usable}
    translated, missing, outdated, unknown = 0, [], [], []
    out_sections = []
    for section in hc.sections:
        folder = dirs[section.slug]
        by_slug = {q.slug: q for q in folder.questions}
        questions, slugs = [], set()
        for question in section.questions:
            source = by_slug[question.slug]
            file, fallback = nearest(source.path)
            if fallback:
                missing.append(question.source)
                if locale.untranslated == "omit":
                    continue
            else:
                translated += 1
            if file is not None and file.state != "current":
                (outdated if file.state == "outdated" else unknown).append(Source(file.shown, 1))
            shown = _question(question, file, fallback, report, dates)
            if shown.slug in slugs:
                report.error(
                    shown.source.path,
                    1,
                    f"slug '{shown.slug}' is already used in this section in locale '{locale.tag}'",
                )
                continue
            slugs.add(shown.slug)
            urls[f"{section.slug}/{question.slug}/"] = f"{section.slug}/{shown.slug}/"
            questions.append(shown)
        if not questions:
            continue
        file, _ = nearest(join(folder.path, "_section.yaml"))
        urls[f"{section.slug}/"] = f"{section.slug}/"
        out_sections.append(_section(section, file, tuple(questions)))
    page_files = {page.slug: page for page in pages}
    out_pages = []
    for page in hc.pages:
        file, fallback = nearest(page_files[page.slug].path)
        if fallback and locale.untranslated == "omit":
            continue
        urls[f"{page.slug}/"] = f"{page.slug}/"
        if file is None:
            out_pages.append(replace(page, fallback=fallback))
        else:
            out_pages.append(Page(page.slug, str(file.meta["title"]).strip(), file.html, Source(file.shown, 1)))
    if missing and not locale.complete:
        what = "left out" if locale.untranslated == "omit" else f"shown from '{default}' with a notice"
        report.warn(
            locale.source.path,
            locale.source.line,
            f"locale '{locale.tag}': {len(missing)} of "
            f"{translated + len(missing)} questions not translated yet ({what}; kbgen check --verbose lists them)",
            "translation-missing",
            allowed=True,
        )
    if locale.complete:
        for where in missing:
            report.warn(
                where.path,
                where.line,
                f"not translated into '{locale.tag}', a locale marked complete",
                "translation-missing",
            )
    site = replace(
        hc.site,
        language=locale.tag,
        title=locale.title or hc.site.title,
        description=locale.description or hc.site.description,
        synonyms=locale.synonyms,
        synonym_sources=locale.synonym_sources,
        inherited_synonyms=_inherited_synonyms(hc.site, locale),
        vocabulary=language_vocabulary(locale.tag) if hc.site.vocabulary is not None else None,
    )
    local = replace(hc, site=site, sections=tuple(out_sections), pages=tuple(out_pages), translations=())
    status = TranslationStatus(translated, tuple(missing), tuple(outdated), tuple(unknown))
    return Translation(locale, local, urls, status)


def _inherited_synonyms(site: Site, locale: Locale) -> tuple[tuple[str, ...], ...]:
    """The synonym groups of the locales of `locale`'s language along its chain, nearest first: the words of
    one language (`fr-CA` searches with `fr`'s groups, `en-CA` with the default `en`'s)."""
    declared = {other.tag.lower(): other.synonyms for other in site.locales}
    declared[site.language.lower()] = site.synonyms
    same = [tag for tag in locale.chain if _language(tag) == _language(locale.tag)]
    return tuple(group for tag in same for group in declared.get(tag.lower(), ()))


def _question(
    question: Question, file: _File | None, fallback: str, report: Report, dates: GitDates | None
) -> Question:
    """A question as a locale shows it: its translation's text, or its source's (marked when a fallback)."""
    if file is None:
        return replace(question, aliases=(), fallback=fallback)
    meta = file.meta
    return replace(
        question,
        slug=str(meta.get("slug") or question.slug),
        question=str(meta["question"]).strip(),
        answer_md=file.body.strip(),
        answer_html=file.html,
        tags=string_list(meta, "tags", file.shown, report),
        updated=meta.get("updated") or (dates.date_of(file.path) if dates else None) or question.updated,
        aliases=tuple(a.strip("/") + "/" for a in string_list(meta, "aliases", file.shown, report)),
        source=Source(file.shown, meta.line),
        fallback=fallback,
    )


def _section(section: Section, file: _File | None, questions: tuple[Question, ...]) -> Section:
    """A section as a locale shows it: its translated title, description and intro where it has them."""
    if file is None:
        return replace(section, questions=questions, aliases=())
    meta = file.meta
    return replace(
        section,
        title=str(meta["title"]).strip(),
        description=str(meta.get("description") or "").strip(),
        intro_md=file.body.strip(),
        intro_html=file.html if file.body.strip() else section.intro_html,
        questions=questions,
        aliases=tuple(a.strip("/") + "/" for a in string_list(meta, "aliases", file.shown, report=Report())),
        source=Source(file.shown, 1),
    )
