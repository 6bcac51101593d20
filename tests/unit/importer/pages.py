"""What the importer tests share: the fixture pages and a folder's files as bytes."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REPO

DATA = REPO / "tests" / "data"


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder`, by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


BOOTSTRAP_ACCORDION = """<html><head><title>Shop help</title></head><body>
<div class="accordion" id="faq">
  <h2>Orders</h2>
  <h3 class="accordion-header"><button class="accordion-button" type="button">How do I cancel?</button></h3>
  <div class="accordion-collapse collapse"><div class="accordion-body">Write to us within <b>24 hours</b>.</div></div>
  <h3 class="accordion-header"><button class="accordion-button" type="button">Where is my parcel?</button></h3>
  <div class="accordion-collapse collapse"><div class="accordion-body">See <a href="/track">tracking</a>.</div></div>
</div></body></html>
"""
