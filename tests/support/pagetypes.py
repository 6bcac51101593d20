"""The page types the browser tests visit, each brought to a settled state.

Shared by tests/browser/test_a11y.py and tests/browser/test_frontend.py: a page type is a URL
plus what to wait for before the page is judged (search results rendered, the
carrier result shown).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# What the browser tests leave to look at (axe reports, screenshot diffs, the page budget): outside the
# repository, in the system's temporary folder, unless KBGEN_TEST_ARTIFACTS names a folder (a CI job keeping them).
ARTIFACTS = Path(os.environ.get("KBGEN_TEST_ARTIFACTS") or Path(tempfile.gettempdir()) / "kbgen-test-artifacts")
SCREENSHOTS = ARTIFACTS / "screenshots"

#: Any polite live region inside main has text: search results or the carrier result arrived.
LIVE_REGION_FILLED = """() => [...document.querySelectorAll('main [aria-live], main [role=status]')]
  .some(el => el.textContent.trim().length > 0)"""


@dataclass(frozen=True)
class PageType:
    name: str
    url: str
    ready: str = ""
    """A selector to wait for, or a JS predicate (starting with `(`) to wait on."""

    def open(self, tab, site_url: str) -> None:
        """Go to the page and wait until it shows what it is for."""
        tab.goto(site_url + self.url)
        if self.ready.startswith("("):
            tab.wait_for_function(self.ready, timeout=10_000)
        elif self.ready:
            tab.locator(self.ready).first.wait_for(timeout=10_000)


SEARCH_HAS_RESULTS = """() => document.querySelectorAll('main a[href*="points-validity"]').length > 0"""

PAGE_TYPES: list[PageType] = [
    PageType("home", ""),
    PageType("section", "membership/"),
    PageType("question", "common-logistics-providers/contact-your-carrier/"),
    PageType("search-results", "search/?q=points", SEARCH_HAS_RESULTS),
    PageType("search-empty", "search/?q=xylophone", LIVE_REGION_FILLED),
    PageType("track-match", "track/?number=1Z999AA10123456784", "#track-result .track-match"),
    PageType("track-nomatch", "track/?number=ZZ0000000", "#track-result .track-nomatch"),
    PageType("404", "no/such/page/", ""),
]


def by_name(name: str) -> PageType:
    return next(p for p in PAGE_TYPES if p.name == name)
