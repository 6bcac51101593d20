"""Shared fixtures: project factory, one built copy of the shipped site, a browser."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kbgen.pipeline import build_site
from kbgen.util.static_host import make_server
from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"

MINIMAL_SITE = {
    "site.yaml": "title: Test Help\ncontact:\n  email: help@example.org\n",
    "sections/01-orders/_section.yaml": "title: Orders\ndescription: About orders\n",
    "sections/01-orders/01-cancel.md": "---\nquestion: How do I cancel?\ntags: [cancel]\n---\nEmail us.\n",
}


BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `browser` every test under tests/browser/ and every test that drives Chromium elsewhere."""
    for item in items:
        if BROWSER_TESTS in Path(item.fspath).parents or "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def make_project(tmp_path: Path):
    """Write `{relative path: text}` (text None deletes) over a minimal valid project; return its content dir."""

    def make(files: dict[str, str | bytes | None] | None = None, base: dict | None = None) -> Path:
        content = tmp_path / "content"
        merged = {**(MINIMAL_SITE if base is None else base), **(files or {})}
        for name, text in merged.items():
            path = content / name
            if text is None:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
        return content

    return make


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped content."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content, built once for the whole session."""
    output = tmp_path_factory.mktemp("site") / "output"
    build_site(CONTENT, output)
    return output


def page(site: Path, url: str) -> BeautifulSoup:
    """Parsed HTML of the page at a site URL such as `/membership/`."""
    path = site / url.lstrip("/")
    if url.endswith("/"):
        path = path / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built shipped site served over HTTP on a free loopback port."""
    server = make_server(built_site, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Fails (never skips) when Chromium is missing."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package (see .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def tab(browser):
    """A fresh phone-sized page that fails the test on any JavaScript error."""
    context = browser.new_context(viewport={"width": 375, "height": 812})
    new_page = context.new_page()
    errors: list[str] = []
    new_page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield new_page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"
