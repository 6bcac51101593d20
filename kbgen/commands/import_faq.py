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

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from kbgen.commands.html_to_markdown import (
    BLOCKS,
    EMAIL_RE,
    HEADINGS,
    clean_text,
    escape_markdown,
    guard_block_start,
    link_emails,
    nodes_to_markdown,
)
from kbgen.commands.new import Created, new_question, new_section, section_folders, write_new, yaml_scalar
from kbgen.errors import KbgenError
from kbgen.load.folders import read_question
from kbgen.load.schema import Report
from kbgen.urls import question_slug, slug_from_filename, slugify


@dataclass
class ImportedQuestion:
    """One question and its answer in Markdown."""

    question: str
    answer: str


@dataclass
class ImportedSection:
    """A titled group of questions, with an optional Markdown intro."""

    title: str
    intro: str = ""
    questions: list[ImportedQuestion] = field(default_factory=list)


@dataclass
class ImportedFaq:
    """Everything read from one FAQ page."""

    title: str
    email: str
    sections: list[ImportedSection]

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

    for line in lines:
        heading = _SECTION_RE.match(line)
        if heading and int(heading.group(1)) == len(sections) + 1:
            finish()
            sections.append(ImportedSection(clean_text(heading.group(2))))
            continue
        question = _QUESTION_RE.match(line)
        if question and (line[1:2].isspace() or question.group(1) or line.endswith("?")):
            finish()
            if not sections:
                sections.append(ImportedSection("General"))
            sections[-1].questions.append(ImportedQuestion(clean_text(question.group(2)), ""))
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
_SKIP = {"script", "style", "noscript", "template", "nav", "footer", "form", "button", "svg", "iframe"}
_QUESTION_OPENERS = {"strong", "b", "summary", "h2", "h3", "h4", "h5", "h6", "dt"}


def parse_html(text: str, base_url: str = "") -> ImportedFaq:
    """Read an HTML FAQ page: JSON-LD FAQPage, details/summary, dl, bold-question lists or headings."""
    soup = BeautifulSoup(text, "html.parser")
    page_title = clean_text(soup.title.get_text()) if soup.title else ""
    from_json_ld = _parse_json_ld(soup, base_url)
    for tag in soup.find_all(_SKIP):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    h1 = soup.find("h1")
    title = page_title or (clean_text(h1.get_text()) if h1 else "") or "Help Center"
    events: list[tuple] = []
    _walk(soup.body or soup, events)
    structured = _group(events, title, base_url)
    email = _first_email(soup.get_text(" "))
    best = structured
    if from_json_ld and sum(len(s.questions) for s in from_json_ld) > sum(len(s.questions) for s in structured):
        best = [ImportedSection(title, "", [q for s in from_json_ld for q in s.questions])]
    return ImportedFaq(title, email, best)


def _parse_json_ld(soup: BeautifulSoup, base_url: str) -> list[ImportedSection]:
    questions = []
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
                fragment = BeautifulSoup(str(html), "html.parser")
                questions.append(
                    ImportedQuestion(clean_text(str(entity["name"])), nodes_to_markdown(fragment.contents, base_url))
                )
    return [ImportedSection("FAQ", "", questions)] if questions else []


def _json_objects(data):
    if isinstance(data, list):
        for item in data:
            yield from _json_objects(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _json_objects(data["@graph"])


def _has_blocks(tag: Tag) -> bool:
    return any(isinstance(child, Tag) and child.name in BLOCKS for child in tag.children)


def _walk(node: Tag, events: list[tuple]) -> None:
    """Flatten the page into ("heading", level, text), ("qa", question, nodes) and ("content", node) events."""
    for child in node.children:
        if isinstance(child, NavigableString):
            if child.strip():
                events.append(("content", child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name in HEADINGS:
            events.append(("heading", HEADINGS[name], clean_text(child.get_text(" "))))
        elif name == "details" and child.find("summary"):
            summary = child.find("summary")
            events.append(("qa", clean_text(summary.get_text(" ")), [c for c in child.contents if c is not summary]))
        elif name == "dl":
            _walk_dl(child, events)
        elif name in ("ul", "ol") and _is_qa_list(child):
            for item in child.find_all("li", recursive=False):
                opener = _opener(item)
                rest = [c for c in item.contents if c is not opener]
                events.append(("qa", clean_text(opener.get_text(" ")), rest))
        elif name in BLOCKS and name not in ("ul", "ol", "table", "pre", "blockquote", "p") and _has_blocks(child):
            _walk(child, events)
        else:
            events.append(("content", child))


def _walk_dl(dl: Tag, events: list[tuple]) -> None:
    question, answer = None, []
    for child in dl.find_all(["dt", "dd"]):
        if child.find_parent("dl") is not dl:
            continue
        if child.name == "dt":
            if question:
                events.append(("qa", question, answer))
            question, answer = clean_text(child.get_text(" ")), []
        else:
            answer.append(child)
    if question:
        events.append(("qa", question, answer))


def _opener(item: Tag) -> Tag | None:
    for child in item.children:
        if isinstance(child, NavigableString):
            if child.strip():
                return None
            continue
        if isinstance(child, Tag):
            if child.name in _QUESTION_OPENERS:
                return child
            if (
                child.name == "p"
                and len(child.contents) == 1
                and getattr(child.contents[0], "name", "") in ("strong", "b")
            ):
                return child
            return None
    return None


def _is_qa_list(tag: Tag) -> bool:
    items = tag.find_all("li", recursive=False)
    if not items:
        return False
    for item in items:
        opener = _opener(item)
        if opener is None or not clean_text(opener.get_text(" ")):
            return False
        if not clean_text(
            "".join(c.get_text(" ") if isinstance(c, Tag) else str(c) for c in item.contents if c is not opener)
        ):
            return False
    return True


def _group(events: list[tuple], title: str, base_url: str) -> list[ImportedSection]:
    if any(event[0] == "qa" for event in events):
        return _group_pairs(events, title, base_url)
    return _group_headings(events, title, base_url)


def _group_pairs(events: list[tuple], title: str, base_url: str) -> list[ImportedSection]:
    """Question/answer pairs found in markup; the heading before each run of them names its section."""
    sections = [ImportedSection(title)]
    intro: list = []
    for event in events:
        if event[0] == "heading":
            sections.append(ImportedSection(event[2]))
            intro = []
        elif event[0] == "qa":
            if not sections[-1].questions and intro:
                sections[-1].intro = nodes_to_markdown(intro, base_url)
            sections[-1].questions.append(ImportedQuestion(event[1], nodes_to_markdown(event[2], base_url)))
        elif not sections[-1].questions:
            intro.append(event[1])
    return [s for s in sections if s.questions]


def _group_headings(events: list[tuple], title: str, base_url: str) -> list[ImportedSection]:
    """Headings followed by content are questions (the deepest such level); higher headings are sections."""
    levels = [
        event[1]
        for index, event in enumerate(events)
        if event[0] == "heading" and index + 1 < len(events) and events[index + 1][0] == "content"
    ]
    if not levels:
        return []
    question_level = max(levels)
    sections = [ImportedSection(title)]
    current: ImportedQuestion | None = None
    answer: list = []
    intro: list = []

    def finish() -> None:
        if current is not None:
            current.answer = nodes_to_markdown(answer, base_url)
            if current.answer:
                sections[-1].questions.append(current)
        elif intro and not sections[-1].questions:
            sections[-1].intro = nodes_to_markdown(intro, base_url)

    for event in events:
        if event[0] == "heading" and event[1] < question_level:
            finish()
            sections.append(ImportedSection(event[2]))
            current, answer, intro = None, [], []
        elif event[0] == "heading" and event[1] == question_level:
            finish()
            current, answer, intro = ImportedQuestion(event[2], ""), [], []
        elif current is not None:
            answer.append(event[1] if event[0] == "content" else _heading_node(event))
        else:
            intro.append(event[1] if event[0] == "content" else _heading_node(event))
    finish()
    return [s for s in sections if s.questions]


def _heading_node(event: tuple) -> Tag:
    tag = BeautifulSoup("", "html.parser").new_tag("h4")
    tag.string = event[2]
    return tag


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
