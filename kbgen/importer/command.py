"""`kbgen import`: turn an existing FAQ (a page in plain text or HTML, or a help-center export) into content files.

The dispatcher of the importer. Every reader (`kbgen/importer/readers/`)
produces the same plain structure (`model.ImportedFaq`: sections of
question/answer pairs, answers already in Markdown); this module asks each
reader in turn whether a source is its own, then plans (`plan.py`) the import:
numbered section folders and question files, never overwriting a file,
skipping questions a section already has. `write.py` writes the plans, all
files or none.
"""

from __future__ import annotations

from pathlib import Path

from kbgen.errors import KbgenError
from kbgen.importer.model import ImportedFaq
from kbgen.importer.plan import ImportPlan, plan_faq
from kbgen.importer.readers import READERS


def read_source(source: Path, base_url: str = "") -> list[ImportedFaq]:
    """The FAQs of `source`, read by the first reader that knows it."""
    for reader in READERS:
        if reader.detect(source):
            return reader.read(source, base_url)
    raise KbgenError(
        f"{source}: neither a Zendesk Help Center export (categories, sections, articles lists) "
        "nor an Intercom Articles export (lists of collections and articles)"
    )


def plan_import(source: Path, content: Path, base_url: str = "") -> list[ImportPlan]:
    """Plan the import of `source` (a FAQ page, a Zendesk or an Intercom export) into `content`.

    An export holds one help center per locale: each gets a content folder of
    its own, `content/<locale>`, until kbgen builds several locales from one folder.
    """
    # a page's FAQ has no language: `content / ""` is the content folder itself
    return [plan_faq(faq, content / faq.language, str(source)) for faq in read_source(source, base_url)]
