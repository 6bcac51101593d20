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

import contextlib
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kbgen.commands.html_to_markdown import EMAIL_RE, clean_text, escape_markdown, guard_block_start, link_emails
from kbgen.commands.new import Created, numbered, section_folders, yaml_scalar
from kbgen.errors import KbgenError
from kbgen.load.checks import QuestionText, check_questions
from kbgen.load.folders import read_question
from kbgen.load.schema import Report
from kbgen.urls import RESERVED_SLUGS, question_slug, slug_from_filename, slugify


@dataclass
class ImportedQuestion:
    """One question and its answer in Markdown."""

    question: str
    answer: str
    line: int = 0
    aliases: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    updated: str = ""


@dataclass
class ImportedSection:
    """A titled group of questions, with an optional Markdown intro."""

    title: str
    intro: str = ""
    questions: list[ImportedQuestion] = field(default_factory=list)
    line: int = 0
    aliases: list[str] = field(default_factory=list)


@dataclass
class ImportedFaq:
    """Everything read from one FAQ page."""

    title: str
    email: str
    sections: list[ImportedSection]
    notes: list[str] = field(default_factory=list)
    language: str = ""

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
    from kbgen.commands.import_html import read_page

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
    text = _decode(data)
    looks_html = path.suffix.lower() in (".html", ".htm") or re.search(
        r"<(html|body|h[1-6]|dl|details|p)\b", text, re.IGNORECASE
    )
    faq = parse_html(text, base_url) if looks_html else parse_text(text)
    if not faq.question_count:
        why = "".join(f"\n  {note}" for note in faq.notes)
        raise KbgenError(f"{path}: no questions found (see 'kbgen import --help' for the shapes it reads){why}")
    return faq


def _decode(data: bytes) -> str:
    """Page bytes as text: UTF-8, else the charset the page declares, else Latin-1."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        declared = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", data[:4096])
        try:
            return data.decode(declared.group(1).decode() if declared else "latin-1")
        except (LookupError, UnicodeDecodeError):
            return data.decode("latin-1")


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
        slug = slugify(section.title, max_words=8) or "questions"
        if slug in RESERVED_SLUGS:
            slug = f"{slug}-questions"
        folder = folders.get(slug)
        if folder is None:
            number, width = numbered(names)
            folder = content / "sections" / f"{number:0{width}d}-{slug}"
            folders[slug] = folder
            names.append(folder.name)
            files.append(Planned(folder / "_section.yaml", _section_text(section), "section", section.line))
        existing = _existing_questions(folder) if folder.is_dir() else set()
        taken = {slug_from_filename(p.name) for p in folder.glob("*.md")} if folder.is_dir() else set()
        planned_here = [f.path.name for f in files if f.path.parent == folder and f.what == "question"]
        file_names = sorted(p.name for p in folder.glob("*.md")) if folder.is_dir() else []
        for item in section.questions:
            question = " ".join(item.question.split())
            where = f"{source}:{item.line}" if source else f"line {item.line}"
            if not question:
                raise KbgenError(f"{where}: the question there has no words: nothing was written")
            if _key(question) in existing:
                skipped.append(f"{where}: {question!r} is already in {folder.name}")
                continue
            existing.add(_key(question))
            base_slug = question_slug(question) or "question"
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
        for alias in section.aliases:
            old_homes[alias.strip("/")] = f"/{slug_from_filename(folder.name)}/"
    for index, item, allow in written:
        for alias in item.aliases:
            old_homes[alias.strip("/")] = files[index].path
    for index, item, allow in written:  # links between old articles now point at their new pages
        answer = _relink(item.answer, files[index].path, old_homes)
        if answer != item.answer:
            moved = ImportedQuestion(item.question, answer, item.line, item.aliases, item.tags, item.updated)
            files[index] = replace(
                files[index], text=_question_text(files[index].question, moved, allow), answer=answer
            )
    return ImportPlan(content, files, skipped, notes, faq.question_count)


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


def write_plan(plan: ImportPlan) -> list[Created]:
    """Write every planned file or none (see `write_plans`)."""
    return write_plans([plan])


def write_plans(plans: list[ImportPlan]) -> list[Created]:
    """Write every file of every plan or none: each staged in a folder beside its content, then moved in;
    on any failure everything already moved in is taken out again."""
    undo: list = []  # what to do, newest first, to take the import out again
    created: list[Created] = []
    try:
        for plan in plans:
            if plan.files:
                _write_one(plan, undo)
                created.extend(Created(f.path, f.what) for f in plan.files)
    except BaseException as err:
        for step in reversed(undo):
            with contextlib.suppress(OSError):
                step()
        if isinstance(err, OSError):
            where = err.filename or plans[0].content
            raise KbgenError(f"cannot write the import into {where}: {err.strerror}; nothing was imported") from None
        raise
    return created


def _write_one(plan: ImportPlan, undo: list) -> None:
    content = plan.content
    missing = [p for p in (content, *content.parents) if not p.exists()]
    for folder in reversed(missing[1:]):  # the folders above a new content folder
        folder.mkdir()
        undo.append(folder.rmdir)
    anchor = content if content.is_dir() else content.parent
    staging = Path(tempfile.mkdtemp(prefix=".kbgen-import-", dir=anchor))
    try:
        for item in plan.files:
            target = staging / item.path.relative_to(content)
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(item.text)
        if not content.exists():
            staging.rename(content)  # a new content folder arrives whole, in one rename
            undo.append(lambda: shutil.rmtree(content))
            return
        for item in plan.files:
            for parent in reversed(item.path.relative_to(content).parents[:-1]):
                folder = content / parent
                if not folder.exists():
                    folder.mkdir()
                    undo.append(folder.rmdir)
            if item.path.exists():
                raise KbgenError(f"{item.path} appeared while importing: not overwriting it; nothing was imported")
            os.link(staging / item.path.relative_to(content), item.path)  # fails rather than replace a file
            undo.append(item.path.unlink)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


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


def write_faq(faq: ImportedFaq, content: Path) -> ImportReport:
    """Write `faq` into `content`: new sections and questions only, all of them or none."""
    plan = plan_faq(faq, content)
    created = write_plan(plan)
    return ImportReport(created, plan.skipped, faq.question_count)


def import_faq(source: Path, content: Path, base_url: str = "") -> ImportReport:
    """Read the FAQ page at `source` and write its sections and questions into `content`."""
    plans = plan_import(source, content, base_url)
    created = write_plans(plans)
    return ImportReport(created, [s for p in plans for s in p.skipped], sum(p.questions for p in plans))


def plan_import(source: Path, content: Path, base_url: str = "") -> list[ImportPlan]:
    """Plan the import of `source` (a FAQ page, a Zendesk or an Intercom export) into `content`.

    An export holds one help center per locale: each gets a content folder of
    its own, `content/<locale>`, until kbgen builds several locales from one folder.
    """
    from kbgen.commands import import_intercom, import_zendesk

    if source.is_dir() or source.suffix.lower() == ".json":
        if import_zendesk.looks_like_export(source):
            faqs = import_zendesk.read_zendesk(source)
        elif import_intercom.looks_like_export(source):
            faqs = import_intercom.read_intercom(source)
        else:
            raise KbgenError(
                f"{source}: neither a Zendesk Help Center export (categories, sections, articles lists) "
                "nor an Intercom Articles export (lists of collections and articles)"
            )
        return [plan_faq(faq, content / faq.language, str(source)) for faq in faqs]
    faq = read_faq(source, base_url)
    return [plan_faq(faq, content, str(source))]
