"""Chromium finds the help center's OpenSearch description from the home page and its template searches.

The shipped site is built for the address it is served at (OpenSearch needs a base URL), then the
browser does what it does with `<link rel="search">`: resolves it against the page, fetches the
description, reads its text/html URL template and opens it with what was typed in place of
`{searchTerms}`. The search page then shows the answers.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from kbgen.pipeline import build_site
from kbgen.util.static_host import make_server
from tests.conftest import CONTENT

#: Read in the page as the browser's own OpenSearch support reads the description.
DISCOVER = """async () => {
  const link = document.querySelector('link[rel="search"][type="application/opensearchdescription+xml"]');
  if (!link) return null;
  const response = await fetch(link.href);
  const xml = new DOMParser().parseFromString(await response.text(), "application/xml");
  const url = [...xml.getElementsByTagName("Url")].find((u) => u.getAttribute("type") === "text/html");
  return {
    href: link.href,
    status: response.status,
    root: xml.documentElement.namespaceURI,
    shortName: xml.getElementsByTagName("ShortName")[0].textContent,
    template: url && url.getAttribute("template"),
  };
}"""


@pytest.fixture(scope="module")
def served_for_itself(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped site built with its base URL the local address it is served at."""
    output = tmp_path_factory.mktemp("opensearch") / "output"
    output.mkdir()
    server = make_server(output, port=0)
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    build_site(CONTENT, output, base_url=origin, cache=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield origin
    server.shutdown()
    server.server_close()


def test_chromium_discovers_the_opensearch_description_and_its_search_works(tab, served_for_itself: str) -> None:
    origin = served_for_itself
    tab.goto(origin)
    found = tab.evaluate(DISCOVER)
    assert found is not None, "no <link rel=search> on the home page"
    assert found["href"] == origin + "opensearch.xml" and found["status"] == 200
    assert found["root"] == "http://a9.com/-/spec/opensearch/1.1/"
    assert found["shortName"] == "POP MART Help"
    assert found["template"] == origin + "search/?q={searchTerms}"
    tab.goto(found["template"].replace("{searchTerms}", quote("money back")))
    results = tab.locator("#search-results .search-hit a")
    results.first.wait_for()
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert "../pop-now/refund-after-unboxing/" in hrefs
    assert tab.locator("#search-page").input_value() == "money back"
