"""The shipped site built for https://example.org/help/ and served under /help/, walked in Chromium.

The server stands in for a static host: it serves the output only under
/help/, answers anything else with 404, serves /help/404.html for missing
pages, and sends the headers the build wrote to `_headers` (so the
Content-Security-Policy is enforced while the pages run).
"""

from __future__ import annotations

import fnmatch
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar
from urllib.parse import urldefrag, urlsplit

import pytest

from kbgen.pipeline import build_site
from kbgen.util.static_host import StaticHandler
from tests.conftest import CONTENT
from tests.integration.test_publishing import parse_headers

PREFIX = "/help/"
BASE_URL = "https://example.org/help/"
ALIAS = "membership/member-benefits"
ALIASED_QUESTION = "sections/01-membership/01-benefits.md"


class SubPathHandler(StaticHandler):
    """Serves the site folder at /help/ only, with the `_headers` rules applied."""

    rules: ClassVar[dict[str, dict[str, str]]] = {}

    def translate_path(self, path: str) -> str:
        if not urlsplit(path).path.startswith(PREFIX):
            return str(Path(self.directory) / ".not-under-the-sub-path")
        return super().translate_path(path[len(PREFIX) - 1 :])

    def end_headers(self) -> None:
        path = urlsplit(self.path).path
        for pattern, headers in self.rules.items():
            if fnmatch.fnmatchcase(path, pattern):
                for name, value in headers.items():
                    self.send_header(name, value)
        super().end_headers()


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content plus one alias, built for a /help/ base URL."""
    root = tmp_path_factory.mktemp("subpath")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    question = content / ALIASED_QUESTION
    text = question.read_text(encoding="utf-8")
    question.write_text(text.replace("---\n", f"---\naliases: [{ALIAS}]\n", 1), encoding="utf-8")
    output = root / "output"
    build_site(content, output, base_url=BASE_URL)
    return output


@pytest.fixture(scope="module")
def origin(subpath_site: Path) -> Iterator[str]:
    """`http://127.0.0.1:PORT`, serving the site under /help/."""
    rules = parse_headers((subpath_site / "_headers").read_text(encoding="utf-8"))
    handler = type("Handler", (SubPathHandler,), {"rules": rules})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(subpath_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def watched(browser, origin: str):
    """A page that records every request, failed load and console error on the way.

    Chromium asks for /favicon.ico at the origin's root by itself when a page names
    no icon; that request is the browser's, not a link of the site, so it is ignored.
    """
    context = browser.new_context(viewport={"width": 375, "height": 812})
    tab = context.new_page()
    log = {"requests": [], "bad": [], "errors": []}
    tab.on("request", lambda request: log["requests"].append(request.url))
    tab.on(
        "requestfailed",
        lambda request: (
            # the icon's background load, cut short when the test moves on to the next page
            (request.failure == "net::ERR_ABORTED" and "/brand/favicon." in request.url)
            or log["bad"].append(f"{request.url} failed: {request.failure}")
        ),
    )
    tab.on(
        "response",
        lambda response: (
            response.status >= 400
            and response.request.resource_type != "document"
            and log["bad"].append(f"{response.url} answered {response.status}")
        ),
    )
    tab.on(
        "console",
        lambda message: (
            message.type == "error"
            and message.location.get("url") != f"{origin}/favicon.ico"
            and log["errors"].append(f"{message.text} ({message.location.get('url')})")
        ),
    )
    tab.on("pageerror", lambda exc: log["errors"].append(str(exc)))
    yield tab, log
    context.close()


def settled(url: str) -> str:
    """When to leave a page: the search page fetches its index at once, and leaving earlier would abort that."""
    return "networkidle" if url.rstrip("/").endswith("/search") else "load"


def test_every_link_works_under_the_sub_path(watched, origin: str) -> None:
    tab, log = watched
    site = origin + PREFIX
    queue, seen, stylesheets, scripts = [site], {site}, set(), set()
    while queue:
        url = queue.pop(0)
        response = tab.goto(url, wait_until=settled(url))
        assert response is not None and response.status == 200, f"{url} answered {response and response.status}"
        stylesheets.update(tab.eval_on_selector_all("link[rel=stylesheet]", "els => els.map(e => e.href)"))
        scripts.update(tab.eval_on_selector_all("script[src]", "els => els.map(e => e.src)"))
        applied = tab.evaluate("() => [...document.styleSheets].filter(s => s.cssRules.length > 0).length")
        assert applied >= 1, f"{url}: no stylesheet applied"
        for href in tab.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            target, _ = urldefrag(href)
            if not target.startswith(origin):
                continue
            assert target.startswith(site), f"{url} links outside the sub-path: {href}"
            if target not in seen:
                seen.add(target)
                queue.append(target)
    assert len(seen) >= 1 + 11 + 29 + 2
    assert stylesheets and scripts
    strays = [r for r in log["requests"] if r.startswith(origin) and not r.startswith(site)]
    assert not strays, f"requests outside /help/: {strays}"
    assert not log["bad"], log["bad"]
    assert not log["errors"], f"console errors (CSP?): {log['errors']}"


def test_missing_page_gets_the_404_page_with_working_links(watched, origin: str) -> None:
    tab, log = watched
    missing = origin + PREFIX + "no/such/page/"
    response = tab.goto(missing)
    assert response.status == 404
    assert tab.evaluate("() => [...document.styleSheets].filter(s => s.cssRules.length > 0).length") >= 1
    links = {urldefrag(h)[0] for h in tab.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")}
    local = sorted(h for h in links if h.startswith(origin) and h != missing)
    assert local and all(h.startswith(origin + PREFIX) for h in local), local
    for link in local:
        assert tab.goto(link, wait_until=settled(link)).status == 200, link
    errors = [e for e in log["errors"] if not e.endswith(f"({missing})")]  # the 404 itself, as asked
    assert not log["bad"] and not errors, (log["bad"], errors)


def test_outside_the_sub_path_is_not_served(watched, origin: str) -> None:
    tab, _ = watched
    assert tab.goto(origin + "/membership/").status == 404


def test_search_finds_an_answer_when_typing(watched, origin: str) -> None:
    tab, log = watched
    tab.goto(origin + PREFIX + "search/")
    tab.locator("#search-page").fill("points valid")
    result = tab.locator('#search-results a[href*="points-validity"]').first
    result.wait_for(timeout=10_000)
    href = result.evaluate("a => a.href")
    assert href.startswith(origin + PREFIX)
    result.click()
    tab.wait_for_url("**/help/membership/points-validity/")
    assert tab.locator("h1").inner_text() == "How long are the points valid for?"
    assert not log["bad"] and not log["errors"], (log["bad"], log["errors"])


def test_alias_redirects_in_the_browser(watched, origin: str) -> None:
    tab, log = watched
    tab.goto(origin + PREFIX + ALIAS + "/")
    tab.wait_for_url(origin + PREFIX + "membership/benefits/")
    assert tab.locator("h1").inner_text() == "What are the benefits of membership?"
    assert not log["bad"] and not log["errors"], (log["bad"], log["errors"])
