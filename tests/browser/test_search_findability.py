"""Findability in Chromium: on a sample of tests/data/findability.yaml, the search page loaded with `?q=` and
typing into its box show the same outcome, and the same one the node scorer (tests/js/support/findability.js) gives."""

from __future__ import annotations

import json
import subprocess
from urllib.parse import quote

import yaml

from tests.conftest import REPO

QUERIES = yaml.safe_load((REPO / "tests" / "data" / "findability.yaml").read_text(encoding="utf-8"))
#: Every fifth query: both halves, every kind.
SAMPLE = QUERIES[::5]

NODE = """
const F = require(process.argv[1] + "/tests/js/support/findability.js");
const queries = JSON.parse(process.argv[2]);
(async () => {
  const { payload } = F.load();
  const engine = F.engineFor(payload);
  const out = [];
  for (const q of queries) out.push(await F.answer(engine, q));
  console.log(JSON.stringify(out));
})();
"""


def node_outcomes(queries: list[str]) -> list[list[str]]:
    run = subprocess.run(
        ["node", "-e", NODE, str(REPO), json.dumps(queries)], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def page_outcome(tab) -> list[str]:
    """The first three result URLs, or [] when the page says "no results"."""
    tab.locator("#search-results .search-empty, #search-results .search-hit").first.wait_for()
    if tab.locator("#search-results .search-empty").count():
        assert tab.locator("#search-page-status").inner_text() == "No results"
        return []
    links = tab.locator("#search-results .search-hit a")
    return [links.nth(i).get_attribute("href").removeprefix("../") for i in range(min(3, links.count()))]


def test_typing_and_query_url_agree_with_the_node_scorer(tab, site_url: str) -> None:
    assert {q["kind"] for q in SAMPLE} >= {"keyword", "typo", "synonym", "compound", "none"}
    assert {q["half"] for q in SAMPLE} == {"tune", "held"}
    expected = node_outcomes([q["query"] for q in SAMPLE])
    for q, want in zip(SAMPLE, expected):
        tab.goto(site_url + "search/?q=" + quote(q["query"]))
        from_url = page_outcome(tab)
        tab.goto(site_url + "search/")
        box = tab.locator("#search-page")
        box.click()
        box.press_sequentially(q["query"])
        tab.wait_for_url("**/search/?q=" + quote(q["query"]).replace("%20", "%20"))
        tab.wait_for_timeout(150)
        typed = page_outcome(tab)
        assert from_url == typed == want, (q["query"], from_url, typed, want)


def test_a_weak_match_says_no_results_first(tab, site_url: str) -> None:
    tab.goto(site_url + "search/?q=" + quote("bulk order"))
    empty = tab.locator("#search-results .search-empty")
    empty.wait_for()
    assert "No results for \u201cbulk order\u201d" in empty.inner_text()
    assert empty.locator('a[href="mailto:na.support@popmart.com"]').count() == 1
    assert empty.locator("ul a").count() >= 3
    # the partial matches follow, named as such
    assert tab.locator("#search-results .search-weak").inner_text() == "Answers that share some of your words:"
