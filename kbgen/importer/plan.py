"""Planning an import: every file a read FAQ adds to a content folder, decided in memory.

A plan names new section folders and question files (numbered and slugged as
`kbgen new` does), skips questions a section already has, marks answers the
page repeats, and points links between old help-center articles at their new
pages. Nothing is written here (see `write.py`).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kbgen.errors import KbgenError
from kbgen.importer.links import Link, leads_out, markdown_link, rewrite_links
from kbgen.importer.model import ImportedFaq, ImportedQuestion, ImportedSection
from kbgen.importer.naming import capped_slug, numbered, section_folders
from kbgen.load.checks import QuestionText, check_questions
from kbgen.load.folders import read_question
from kbgen.load.schema import Report
from kbgen.load.yamlio import yaml_scalar
from kbgen.urls import RESERVED_SLUGS, question_slug, slug_from_filename, slugify


@dataclass(frozen=True)
class Planned:
    """A file an import will create: where, what it holds, and the source line it comes from."""

    path: Path
    text: str
    what: str
    line: int = 0
    question: str = ""
    answer: str = ""


@dataclass
class ImportPlan:
    """Every file an import would write, and what it leaves out (nothing is written yet)."""

    content: Path
    files: list[Planned]
    skipped: list[str]
    notes: list[str]
    questions: int


def plan_faq(faq: ImportedFaq, content: Path, source: str = "") -> ImportPlan:
    """Decide every file `faq` adds to `content` (new sections and questions only), without writing any."""
    files: list[Planned] = []
    skipped: list[str] = []
    notes = list(faq.notes)
    if not (content / "site.yaml").exists():
        contact = f"contact:\n  email: {yaml_scalar(faq.email)}\n" if faq.email else ""
        language = f"language: {yaml_scalar(faq.language)}\n" if faq.language else ""
        files.append(Planned(content / "site.yaml", f"title: {yaml_scalar(faq.title)}\n{language}{contact}", "site"))
    folders = {slug_from_filename(f.name): f for f in section_folders(content)}
    names = [f.name for f in folders.values()]
    allowed = _repeated_answers(faq, notes)
    written: list[tuple[int, ImportedQuestion, list[str]]] = []  # planned question files and their items
    old_homes: dict = {}  # old site path -> the planned question file, or a new section URL
    for section in faq.sections:
        if section.intro:
            where = f"{source}:{section.line}" if source else f"line {section.line}"
            intro = _reachable_links(
                section.intro, content, set(folders), set(), f"{where}: section {section.title!r}", notes
            )
            section = replace(section, intro=intro)
        folder = _section_folder(section, content, folders, names, files)
        written += _plan_questions(section, folder, files, skipped, allowed, source)
        for alias in section.aliases:
            old_homes[alias.strip("/")] = f"/{slug_from_filename(folder.name)}/"
    for index, item, _allow in written:
        for alias in item.aliases:
            old_homes[alias.strip("/")] = files[index].path
    planned = {f.path for f in files}
    for index, item, allow in written:  # links between old articles now point at their new pages
        answer = _relink(item.answer, files[index].path, old_homes)
        where = f"{source}:{item.line}" if source else f"line {item.line}"
        answer = _reachable_links(
            answer, files[index].path, set(folders), planned, f"{where}: {item.question!r}", notes
        )
        if answer != item.answer:
            moved = replace(item, answer=answer)
            files[index] = replace(
                files[index], text=_question_text(files[index].question, moved, allow), answer=answer
            )
    return ImportPlan(content, files, skipped, notes, faq.question_count)


def _section_folder(
    section: ImportedSection, content: Path, folders: dict[str, Path], names: list[str], files: list[Planned]
) -> Path:
    """The folder `section` goes into: one of that slug already there, else a new one, planned in `files`."""
    slug = capped_slug(slugify(section.title, max_words=8)) or "questions"
    if slug in RESERVED_SLUGS:
        slug = f"{slug}-questions"
    folder = folders.get(slug)
    if folder is None:
        number, width = numbered(names)
        folder = content / "sections" / f"{number:0{width}d}-{slug}"
        folders[slug] = folder
        names.append(folder.name)
        files.append(Planned(folder / "_section.yaml", _section_text(section), "section", section.line))
    return folder


def _plan_questions(
    section: ImportedSection,
    folder: Path,
    files: list[Planned],
    skipped: list[str],
    allowed: dict[int, list[str]],
    source: str,
) -> list[tuple[int, ImportedQuestion, list[str]]]:
    """Plan a question file in `files` for each question of `section` that `folder` lacks; return them
    as (index in `files`, question, warnings it allows)."""
    existing = _existing_questions(folder) if folder.is_dir() else set()
    taken = {slug_from_filename(p.name) for p in folder.glob("*.md")} if folder.is_dir() else set()
    planned_here = [f.path.name for f in files if f.path.parent == folder and f.what == "question"]
    file_names = sorted(p.name for p in folder.glob("*.md")) if folder.is_dir() else []
    written = []
    for item in section.questions:
        question = " ".join(item.question.split())
        where = f"{source}:{item.line}" if source else f"line {item.line}"
        if not question:
            raise KbgenError(f"{where}: the question there has no words: nothing was written")
        if _key(question) in existing:
            skipped.append(f"{where}: {question!r} is already in {folder.name}")
            continue
        existing.add(_key(question))
        base_slug = capped_slug(question_slug(question)) or "question"
        candidate, n = base_slug, 2
        while candidate in taken:
            candidate, n = f"{base_slug}-{n}", n + 1
        taken.add(candidate)
        number, width = numbered(file_names + planned_here)
        name = f"{number:0{width}d}-{candidate}.md"
        planned_here.append(name)
        text = _question_text(question, item, allowed.get(id(item), []))
        files.append(Planned(folder / name, text, "question", item.line, question, item.answer))
        written.append((len(files) - 1, item, allowed.get(id(item), [])))
    return written


_MD_LINK = re.compile(r"\]\((https?://[^)\s]+)\)")


def _relink(answer: str, here: Path, old_homes: dict) -> str:
    """Links to an old help center address that this import keeps, made links to the new page."""
    if not old_homes:
        return answer

    def new_home(match: re.Match) -> str:
        parts = urlsplit(match.group(1))
        home = old_homes.get(unquote(parts.path).strip("/"))
        if home is None:
            return match.group()
        if isinstance(home, Path):  # a question file: a relative .md link, resolved by the build
            target = Path(os.path.relpath(home, here.parent)).as_posix()
        else:
            target = home
        return f"]({target}{'#' + parts.fragment if parts.fragment else ''})"

    return _MD_LINK.sub(new_home, answer)


def _reachable_links(
    answer: str, here: Path, sections: set[str], planned: set[Path], what: str, notes: list[str]
) -> str:
    """`answer` with every link that leads nowhere on the new site (a relative or site-rooted address of the
    old site, an unsafe scheme) dropped to its words, each with a note; images become links to the picture."""

    def reachable(target: str) -> bool:
        parts = urlsplit(target)
        if parts.scheme or target.startswith("//"):
            return leads_out(target)
        if target.startswith("/"):
            return unquote(parts.path).strip("/") in sections | {""}  # a section's page, or the home page
        if not parts.path.endswith(".md"):
            return False
        file = Path(os.path.normpath(here.parent / unquote(parts.path)))
        return file in planned or file.is_file()

    def keep(link: Link) -> str | None:
        if reachable(link.target):
            return markdown_link(link.text or "image", link.target) if link.image else None
        hint = "" if urlsplit(link.target).scheme else " (a relative address: give --base-url, the page's address)"
        notes.append(f"{what}: its link to {link.target!r} leads nowhere on the new site: kept its words only{hint}")
        return link.text

    return rewrite_links(answer, keep)


def _section_text(section: ImportedSection) -> str:
    lines = [f"title: {yaml_scalar(section.title)}"]
    if section.aliases:
        lines.append("aliases: [" + ", ".join(yaml_scalar(a) for a in section.aliases) + "]")
    if section.intro.strip():
        block = "\n".join(f"  {line}" if line.strip() else "" for line in section.intro.strip().split("\n"))
        lines.append(f"intro: |\n{block}")
    return "\n".join(lines) + "\n"


def _question_text(question: str, item: ImportedQuestion, allow: list[str]) -> str:
    front = [f"question: {yaml_scalar(question)}"]
    if item.updated:
        front.append(f"updated: {item.updated}")
    if item.tags:
        front.append("tags: [" + ", ".join(yaml_scalar(t) for t in item.tags) + "]")
    if item.aliases:
        front.append("aliases:")
        front.extend(f"  - {yaml_scalar(alias)}" for alias in item.aliases)
    if item.promoted:
        front.append("promoted: true")
    if allow:
        front.append(f"allow_warnings: [{', '.join(allow)}]")
    body = item.answer.strip() + "\n" if item.answer.strip() else ""
    return "---\n" + "\n".join(front) + "\n---\n" + body


def _repeated_answers(faq: ImportedFaq, notes: list[str]) -> dict[int, list[str]]:
    """Questions whose answer the page repeats word for word: they carry `allow_warnings: [duplicate-answer]`."""
    items = [q for s in faq.sections for q in s.questions]
    report = Report()
    texts = [QuestionText(str(i), q.question, q.line, q.answer, q.line) for i, q in enumerate(items)]
    check_questions(texts, report)
    allowed: dict[int, list[str]] = {}
    for problem in report.warnings:
        if problem.code == "duplicate-answer":
            item = items[int(problem.path)]
            allowed.setdefault(id(item), []).append("duplicate-answer")
            first = re.search(r" in (\d+):", problem.message)  # the first question's index, given as its "path"
            same = (
                f" as {items[int(first.group(1))].question!r} (line {items[int(first.group(1))].line})" if first else ""
            )
            notes.append(
                f"line {item.line}: {item.question!r} has the same answer{same}: "
                "kept, with allow_warnings: [duplicate-answer]"
            )
    return allowed


def _existing_questions(folder: Path) -> set[str]:
    """Questions already in `folder` (read by the content loader), so a second import adds nothing twice."""
    found = set()
    for path in sorted(folder.glob("*.md")):
        loaded = read_question(path, Report())
        if loaded is not None:
            found.add(_key(str(loaded.meta["question"])))
    return found


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", unicodedata.normalize("NFKC", text).casefold()).split())
