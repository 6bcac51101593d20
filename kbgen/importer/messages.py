"""What `kbgen import` tells its user: the command's help, what a dry run lists, the closing summary.

Text only, built from a plan's fields; cli.py prints it. Imports nothing of the
importer itself, so the CLI can read the help text at start without loading
BeautifulSoup.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kbgen.importer.plan import ImportPlan

IMPORT_HELP = """Import SOURCE, an existing FAQ, as content files (never overwriting any).

\b
SOURCE may be:
- a plain-text FAQ page: numbered section headings ("1. Orders"), "•" questions;
- an HTML FAQ page: <details>/<summary>, <dl> terms, accordions (a trigger with
  aria-controls / data-target and its panel, or a button followed by its panel),
  repeated items of the same tag and class (a short head, then the answer;
  a <table> or <tr> per entry, list items whose first line is the question),
  headings, bold or anchored lines (<a name><b>Q</b></a><br>) with their text;
  the heading above a run of questions names its section; page chrome (header,
  nav, footer, share bars, tables of contents) is left out; schema.org FAQPage
  JSON-LD fills in only what the visible page lacks;
- a Zendesk Help Center export: a folder (or JSON file) with the Help Center
  API's categories, sections and articles; one content folder per locale
  (CONTENT/<locale>), every old html_url kept as an alias (redirect);
- an Intercom Articles export: the API's lists of collections and articles,
  likewise one content folder per locale, every old url kept as an alias.

An import writes all of its files or none. --dry-run shows what it would write.
"""


def plan_outline(plan: ImportPlan) -> list[str]:
    """What a dry run prints: each section and question it would write, with the first words of each answer."""
    lines = []
    for item in plan.files:
        if item.what == "site":
            lines.append(f"{item.path}")
        elif item.what == "section":
            lines.append(f"{item.path.parent}/")
        else:
            words = " ".join(item.answer.split()[:12])
            lines.append(f"  {item.path.name}: {item.question}")
            lines.append(f"      {words}{' …' if len(item.answer.split()) > 12 else ''}")
    return lines


def plan_remarks(plan: ImportPlan) -> list[str]:
    """What an import says on stderr about a plan: the questions it skipped, and its notes."""
    return [f"Skipped (already there): {why}" for why in plan.skipped] + [f"Note: {note}" for note in plan.notes]


def plan_summary(plan: ImportPlan, source: Path, dry_run: bool) -> str:
    """The closing line for a plan: how many questions it (would) import, and the check to run next."""
    written = sum(1 for f in plan.files if f.what == "question")
    verb = "Would import" if dry_run else "Imported"
    left = f" ({len(plan.skipped)} already there)" if plan.skipped else ""
    return (
        f"{verb} {written} of {plan.questions} questions{left} from {source}; "
        f"next: kbgen check --content {plan.content}"
    )
