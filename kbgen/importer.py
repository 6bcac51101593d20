"""`kbgen import`: turn an existing FAQ page (plain text or HTML) into content files.

Two readers produce the same plain structure (`ImportedFaq`: sections of
question/answer pairs, answers already in Markdown); one writer turns it into
numbered section folders and question files through `scaffold`, never
overwriting a file and skipping questions a section already has.

Plain text is read in the shape of a copied FAQ page: numbered section headings
(`1. Membership`, numbered in order), `•` bullets for questions, `-` and `•`
lines for list items, circled numbers (①②③) for steps. HTML is read with
BeautifulSoup: schema.org FAQPage JSON-LD, `<details>/<summary>`, `<dl>`, lists
whose items open with a bold question, and headings followed by their answers.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .content import read_question, slug_from_filename
from .errors import KbgenError
from .markdown_writer import EMAIL_RE, clean_text, escape_markdown, guard_block_start, link_emails
from .scaffold import Created, new_question, new_section, section_folders, write_new, yaml_scalar
from .schema import Report
from .slugs import question_slug, slugify


@dataclass
class ImportedQuestion:
    """One question and its answer in Markdown."""

    question: str
    answer: str
    line: int = 0


@dataclass
class ImportedSection:
    """A titled group of questions, with an optional Markdown intro."""

    title: str
    intro: str = ""
    questions: list[ImportedQuestion] = field(default_factory=list)
    line: int = 0


@dataclass
class ImportedFaq:
    """Everything read from one FAQ page."""

    title: str
    email: str
    sections: list[ImportedSection]
    notes: list[str] = field(default_factory=list)
    allow_warnings: dict[str, list[str]] = field(default_factory=dict)

    @property
    def question_count(self) -> int:
        return sum(len(s.questions) for s in self.sections)


@dataclass(frozen=True)
class ImportReport:
    """What an import wrote, and the questions it skipped because they were already there."""

    created: list[Created]
    skipped: list[str]
    questions: int


# --- plain text ----------------------------------------------------------------------------------

_SECTION_RE = re.compile(r"^(\d+)\.\s+(\S.*)$")
_QUESTION_RE = re.compile(r"^[•●▪·]\s*(?:(\d+)\.\s*)?(\S.*)$")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_SPLIT_RE = re.compile(rf"\s*(?=[{_CIRCLED}•])")


def parse_text(text: str) -> ImportedFaq:
    """Read a plain-text FAQ page (numbered section headings, `•` questions)."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    sections: list[ImportedSection] = []
    prelude: list[str] = []
    body: list[str] = []  # lines of the current question's answer, or of the section intro

    def finish() -> None:
        if not sections:
            return
        section = sections[-1]
        if section.questions:
            section.questions[-1].answer = text_to_markdown(body)
        else:
            section.intro = text_to_markdown(body)
        body.clear()

    for number, line in enumerate(lines, start=1):
        heading = _SECTION_RE.match(line)
        if heading and int(heading.group(1)) == len(sections) + 1:
            finish()
            sections.append(ImportedSection(clean_text(heading.group(2)), line=number))
            continue
        question = _QUESTION_RE.match(line)
        if question and (line[1:2].isspace() or question.group(1) or line.endswith("?")):
            finish()
            if not sections:
                sections.append(ImportedSection("General", line=number))
            sections[-1].questions.append(ImportedQuestion(clean_text(question.group(2)), "", number))
            continue
        (body if sections else prelude).append(line)
    finish()
    title = next((clean_text(line) for line in prelude if line), "") or "Help Center"
    return ImportedFaq(title, _first_email(text), [s for s in sections if s.questions])


def text_to_markdown(lines: list[str]) -> str:
    """Plain answer lines to Markdown: each line a paragraph, `-`/`•` lines a list, ①② lines numbered steps."""
    blocks: list[tuple[str, list[str]]] = []  # (kind, lines): kind is "p", "ul" or "ol"
    for line in lines:
        if not line:
            blocks.append(("break", []))
            continue
        for piece in (p for p in _SPLIT_RE.split(line) if p.strip()):
            piece = piece.strip()
            if piece[0] in _CIRCLED:
                kind, item = "ol", f"{_CIRCLED.index(piece[0]) + 1}. {escape_markdown(piece[1:].strip())}"
            elif piece[0] == "•" or (piece[0] == "-" and len(piece) > 1 and not piece[1].isdigit()):
                kind, item = "ul", f"- {escape_markdown(piece[1:].strip())}"
            else:
                kind, item = "p", guard_block_start(escape_markdown(piece))
            if kind != "p" and blocks and blocks[-1][0] == kind:
                blocks[-1][1].append(item)
            else:
                blocks.append((kind, [item]))
    text = "\n\n".join("\n".join(rows) for kind, rows in blocks if kind != "break")
    return link_emails(text).strip()


def _first_email(text: str) -> str:
    match = EMAIL_RE.search(text)
    return match.group() if match else ""


# --- HTML ----------------------------------------------------------------------------------------


def parse_html(text: str, base_url: str = "") -> ImportedFaq:
    """Read an HTML FAQ page (see `import_html` for the shapes it finds)."""
    from .import_html import read_page

    page = read_page(text, base_url)
    sections = [
        ImportedSection(title, intro, [ImportedQuestion(q, a, line) for q, a, line in questions], line)
        for title, intro, line, questions in page.sections
    ]
    return ImportedFaq(page.title, _first_email(page.text), sections, page.notes)


# --- writing -------------------------------------------------------------------------------------


def read_faq(path: Path, base_url: str = "") -> ImportedFaq:
    """Read a FAQ page from `path`: HTML when it looks like HTML, else plain text."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise KbgenError(f"cannot read {path}: {err.strerror}") from None
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    looks_html = path.suffix.lower() in (".html", ".htm") or re.search(
        r"<(html|body|h[1-6]|dl|details|p)\b", text, re.IGNORECASE
    )
    faq = parse_html(text, base_url) if looks_html else parse_text(text)
    if not faq.question_count:
        raise KbgenError(f"{path}: no questions found (see 'kbgen import --help' for the shapes it reads)")
    return faq


def write_faq(faq: ImportedFaq, content: Path) -> ImportReport:
    """Write `faq` into `content`: new sections and questions only; existing files are never touched."""
    created: list[Created] = []
    skipped: list[str] = []
    site = content / "site.yaml"
    if not site.exists():
        contact = f"contact:\n  email: {yaml_scalar(faq.email)}\n" if faq.email else ""
        write_new(site, f"title: {yaml_scalar(faq.title)}\n{contact}")
        created.append(Created(site, "site"))
    for section in faq.sections:
        folder = _section_folder(content, section, created)
        existing = _existing_questions(folder)
        for item in section.questions:
            if _key(item.question) in existing:
                skipped.append(item.question)
                continue
            existing.add(_key(item.question))
            slug = _free_slug(folder, question_slug(item.question) or "question")
            created.append(new_question(content, folder.name, item.question, slug=slug, answer=item.answer))
    return ImportReport(created, skipped, faq.question_count)


def _section_folder(content: Path, section: ImportedSection, created: list[Created]) -> Path:
    slug = slugify(section.title, max_words=8) or "questions"
    for folder in section_folders(content):
        if slug_from_filename(folder.name) == slug:
            return folder
    made = new_section(content, section.title, slug=slug, intro=section.intro)
    created.append(made)
    return made.path.parent


def _free_slug(folder: Path, slug: str) -> str:
    taken = {slug_from_filename(p.name) for p in folder.glob("*.md")}
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


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


def import_faq(source: Path, content: Path, base_url: str = "") -> ImportReport:
    """Read the FAQ page at `source` and write its sections and questions into `content`."""
    return write_faq(read_faq(source, base_url), content)
