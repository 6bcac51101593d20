"""Reading `sections/` and `pages/`: each question and page file's front matter, body and slug.

Part of the loader (load/loader.py calls it): what a file holds before any
Markdown is rendered. Reports every problem into the load's `Report`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kbgen.config import PAGE_KEYS, QUESTION_KEYS, SECTION_KEYS
from kbgen.load.files import Tree, display_path, is_dir, is_file, join, load_yaml_file, read_text
from kbgen.load.layout import skipped, warn_not_shown
from kbgen.load.schema import Report, check_keys, readable_part, string_list
from kbgen.load.yamlio import (
    FrontMatterDoc,
    FrontMatterError,
    MarkedDict,
    ParseCache,
    YamlSyntaxError,
    split_front_matter,
)
from kbgen.urls import MAX_NAME_BYTES, is_slug, slug_from_filename, slugify


@dataclass
class MarkdownFile:
    """A question or page file after its front matter is read, before its Markdown is rendered."""

    path: str
    shown: str
    meta: MarkedDict
    body: str
    body_line: int
    slug: str
    aliases: tuple[str, ...] = ()
    """The `aliases:` entries as written, read once for the collision checks and the model."""
    usable: bool = True
    """False when the front matter has a mistake: `meta` then holds what could be read, for the checks
    across files, and the file is left out of the model."""


@dataclass
class SectionDir:
    path: str
    shown: str
    slug: str
    meta: MarkedDict
    questions: list[MarkdownFile]
    aliases: tuple[str, ...] = ()
    folder_shown: str = ""
    """The folder as messages name it: problems with its name (the slug) are reported there, without a line."""
    usable: bool = True
    """False when `_section.yaml` is missing or has a mistake: its questions are still checked against the
    others (`meta` holds what could be read), but the section is left out of the model."""


def read_front_matter(path: str, shown: str, report: Report, cache: ParseCache | None = None) -> FrontMatterDoc | None:
    """Read a Markdown file and split its front matter from its body; None (reported) when it cannot."""
    text = read_text(path, shown, report)
    if text is None:
        return None
    try:
        return split_front_matter(text, cache)
    except (FrontMatterError, YamlSyntaxError) as err:
        report.error(shown, err.line, str(err))
        return None


def read_question(
    path: Path | str, report: Report, shown: str = "", cache: ParseCache | None = None
) -> MarkdownFile | None:
    """Read a question file's front matter and body; None when either has a mistake."""
    question = _read_question_file(path, report, shown, cache)
    return question if question is not None and question.usable else None


def _read_question_file(
    path: Path | str, report: Report, shown: str = "", cache: ParseCache | None = None
) -> MarkdownFile | None:
    """`read_question`, but a file whose front matter has a mistake comes back too, `usable` False."""
    path = str(path)
    shown = shown or display_path(Path(path))
    doc = read_front_matter(path, shown, report, cache)
    if doc is None:
        return None
    if not doc.body.strip():
        report.error(shown, doc.body_line, "the answer is empty: write it below the front matter")
    if not isinstance(doc.meta, MarkedDict):
        report.error(shown, 2, "front matter must be a mapping with at least 'question'")
        return None
    meta, usable = doc.meta, check_keys(doc.meta, QUESTION_KEYS, shown, report)
    if not usable:
        meta = readable_part(meta, QUESTION_KEYS)
    slug = meta.get("slug") or slug_from_filename(os.path.basename(path))
    aliases = string_list(meta, "aliases", shown, report)
    return MarkdownFile(path, shown, meta, doc.body, doc.body_line, slug, aliases, usable)


def check_slug(slug: str, shown: str, line: int, what: str, report: Report) -> bool:
    """Report a slug that is not URL-clean, or too long to be a folder of the output."""
    too_long = len(slug.encode("utf-8")) > MAX_NAME_BYTES
    if is_slug(slug) and not too_long:
        return True
    suggestion = slugify(slug)
    hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
    if too_long:
        problem = f"is {len(slug)} characters long: a folder name holds at most {MAX_NAME_BYTES}"
    else:
        problem = f"'{slug}' is not URL-clean: use lower-case letters, digits and single hyphens"
    report.error(shown, line, f"{what} {problem}{hint}")
    return False


def read_sections(
    content_dir: Path, report: Report, tree: Tree | None = None, cache: ParseCache | None = None
) -> list[SectionDir]:
    """Read every section folder and its question files' front matter."""
    tree = tree or Tree()
    sections_dir = content_dir / "sections"
    if not sections_dir.is_dir():
        report.error(display_path(sections_dir), 0, "missing sections/ folder: questions live in sections/NN-name/")
        return []
    root = str(sections_dir)
    sections = []
    for folder_entry in tree.entries(root):
        if not is_dir(folder_entry):
            name = folder_entry.name
            if not skipped(name, tree.shown(root, name), report):
                why = "a question belongs in a section folder (sections/NN-name/) beside its _section.yaml"
                warn_not_shown(tree.shown(root, name), False, why, report)
            continue
        folder = join(root, folder_entry.name)
        entries = tree.entries(folder)
        tree.note_markdown(folder, entries)
        shown = tree.shown(folder, "_section.yaml")
        folder_shown = tree.shown(root, folder_entry.name)
        # A broken _section.yaml keeps the section out of the model, but its questions are still checked, against
        # each other and the rest: all errors at once.
        present = any(entry.name == "_section.yaml" and is_file(entry) for entry in entries)
        if not present:
            report.error(shown, 0, "missing _section.yaml: every section folder needs one")
        meta = load_yaml_file(join(folder, "_section.yaml"), shown, report, cache) if present else None
        usable = meta is not None and check_keys(meta, SECTION_KEYS, shown, report)
        if not usable:
            meta = readable_part(meta, SECTION_KEYS)
        slug = slug_from_filename(folder_entry.name)
        usable = check_slug(slug, folder_shown, 0, "section folder name gives slug", report) and usable
        questions = _read_section_questions(folder, entries, tree, report, cache)
        aliases = string_list(meta, "aliases", shown, report)
        sections.append(SectionDir(folder, shown, slug, meta, questions, aliases, folder_shown, usable))
    return sections


def _read_section_questions(
    folder: str, entries: list, tree: Tree, report: Report, cache: ParseCache | None
) -> list[MarkdownFile]:
    """The question files of one section folder, those with a mistake in their front matter too."""
    questions = []
    for entry in entries:
        name = entry.name
        if name == "_section.yaml" or skipped(name, tree.shown(folder, name), report):
            continue
        if not name.endswith(".md") or not is_file(entry):
            kind = "folder" if is_dir(entry) else "file"
            report.error(
                tree.shown(folder, name),
                0,  # about the file as a whole, or a folder: no line
                f"unexpected {kind}: a section holds _section.yaml and .md questions",
            )
            continue
        question = _read_question_file(join(folder, name), report, tree.shown(folder, name), cache)
        if question is not None:
            questions.append(question)
    return questions


def read_pages(
    content_dir: Path, report: Report, tree: Tree | None = None, cache: ParseCache | None = None
) -> list[MarkdownFile]:
    """Read the front matter of the free-standing pages in `pages/` (optional)."""
    tree = tree or Tree()
    folder = content_dir / "pages"
    if not folder.is_dir():
        return []
    root = str(folder)
    entries = tree.entries(root)
    tree.note_markdown(root, entries)
    pages = []
    for entry in entries:
        path, shown = join(root, entry.name), tree.shown(root, entry.name)
        if skipped(entry.name, shown, report):
            continue
        if not entry.name.endswith(".md") or not is_file(entry):
            warn_not_shown(shown, is_dir(entry), "pages/ holds .md pages only, no other files or folders", report)
            continue
        doc = read_front_matter(path, shown, report, cache)
        if doc is None:
            continue
        if not isinstance(doc.meta, MarkedDict):
            report.error(shown, 2, "front matter must be a mapping with at least 'title'")
            continue
        meta, usable = doc.meta, check_keys(doc.meta, PAGE_KEYS, shown, report)
        if not usable:
            meta = readable_part(meta, PAGE_KEYS)  # still checked against the other URLs
        slug = meta.get("slug") or slug_from_filename(entry.name)
        if not check_slug(slug, shown, meta.line_of("slug"), "slug", report):
            continue
        pages.append(MarkdownFile(path, shown, meta, doc.body, doc.body_line, slug, usable=usable))
    return pages
