"""`kbgen import`: turn an existing FAQ (a page in plain text or HTML, or a help-center export) into content files.

Every reader produces the same plain structure (`import_model.ImportedFaq`:
sections of question/answer pairs, answers already in Markdown): plain text
(`import_text`), HTML (`import_html`), Zendesk and Intercom exports. This
module picks the reader for a source, then plans (`import_plan`) and writes
(`import_write`) the import: numbered section folders and question files,
never overwriting a file, skipping questions a section already has, all files
or none.
"""

from __future__ import annotations

import re
from pathlib import Path

from kbgen.commands.html_to_markdown import first_email
from kbgen.commands.import_model import ImportedFaq, ImportedQuestion, ImportedSection
from kbgen.commands.import_plan import ImportPlan, plan_faq
from kbgen.commands.import_text import parse_text
from kbgen.errors import KbgenError


def parse_html(text: str, base_url: str = "") -> ImportedFaq:
    """Read an HTML FAQ page (see `import_html` for the shapes it finds)."""
    from kbgen.commands.import_html import read_page

    page = read_page(text, base_url)
    sections = [
        ImportedSection(title, intro, [ImportedQuestion(q, a, line) for q, a, line in questions], line)
        for title, intro, line, questions in page.sections
    ]
    return ImportedFaq(page.title, first_email(page.text), sections, page.notes)


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
