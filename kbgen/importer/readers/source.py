"""A FAQ page's file as text, for the page readers (HTML and plain text) of `kbgen import`.

Reads the bytes and decodes them the way a browser would settle on: UTF-8,
else the charset the page declares, else Latin-1. Also the one rule a page
reader applies after reading: a page without questions is an error that says
what the reader noticed.
"""

from __future__ import annotations

import re
from pathlib import Path

from kbgen.errors import KbgenError
from kbgen.importer.model import ImportedFaq

EXPORT_SUFFIXES = (".json",)


def is_page(path: Path) -> bool:
    """True for a file a page reader may read (a folder or a `.json` file is an export)."""
    return not path.is_dir() and path.suffix.lower() not in EXPORT_SUFFIXES


def page_text(path: Path) -> str:
    """The text of the page at `path`; a `KbgenError` when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise KbgenError(f"cannot read {path}: {err.strerror}") from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        declared = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", data[:4096])
        try:
            return data.decode(declared.group(1).decode() if declared else "latin-1")
        except (LookupError, UnicodeDecodeError):
            return data.decode("latin-1")


def with_questions(faq: ImportedFaq, path: Path) -> list[ImportedFaq]:
    """`faq` as a reader's result; a page without questions is an error listing the reader's notes."""
    if not faq.question_count:
        why = "".join(f"\n  {note}" for note in faq.notes)
        raise KbgenError(f"{path}: no questions found (see 'kbgen import --help' for the shapes it reads){why}")
    return [faq]
