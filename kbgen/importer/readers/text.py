"""Reading a plain-text FAQ page, in the shape of one copied from a web page.

Numbered section headings (`1. Membership`, numbered in order), `•` bullets
for questions, `-` and `•` lines for list items, circled numbers (①②③) for
steps. Owns the text reader and its answer-to-Markdown rules; reads the file
through `source.py`. The last reader asked: any page that is not HTML.
"""

from __future__ import annotations

import re
from pathlib import Path

from kbgen.importer.model import ImportedFaq, ImportedQuestion, ImportedSection
from kbgen.importer.plaintext import clean_text, escape_markdown, first_email, guard_block_start, link_emails
from kbgen.importer.readers.source import is_page, page_text, with_questions

_SECTION_RE = re.compile(r"^(\d+)\.\s+(\S.*)$")
_QUESTION_RE = re.compile(r"^[•●▪·]\s*(?:(\d+)\.\s*)?(\S.*)$")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_SPLIT_RE = re.compile(rf"\s*(?=[{_CIRCLED}•])")


def detect(path: Path) -> bool:
    """True for any page file (the HTML reader is asked first)."""
    return is_page(path)


def read(path: Path, base_url: str = "") -> list[ImportedFaq]:
    """The FAQ of the plain-text page at `path` (`base_url` is not needed: plain text has no links to resolve)."""
    return with_questions(parse_text(page_text(path)), path)


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
    return ImportedFaq(title, first_email(text), [s for s in sections if s.questions])


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
