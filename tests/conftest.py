"""Shared fixtures: project factory, one built copy of the shipped site, a browser."""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kbgen.pipeline import build_site
from kbgen.util.static_host import make_server
from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.support.gitrepo import make_repo_project

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"

MINIMAL_SITE = {
    "site.yaml": "title: Test Help\ncontact:\n  email: help@example.org\n",
    "sections/01-orders/_section.yaml": "title: Orders\ndescription: About orders\n",
    "sections/01-orders/01-cancel.md": "---\nquestion: How do I cancel?\ntags: [cancel]\n---\nEmail us.\n",
}


TESTS = Path(__file__).resolve().parent
REPOSITORY_BEFORE = pytest.StashKey[set[str]]()
# What each folder's tests may use: the folder says what a test needs.
FOLDER_MARKERS = {"unit": "unit", "integration": "integration", "browser": "browser"}
BROWSER_FIXTURES = {"browser", "tab"}
BUILT_FIXTURES = {"built_site", "site_url"}


def misplaced(folder: str, fixtures: set[str]) -> str | None:
    """Why a test that uses `fixtures` does not belong in tests/<folder>/, or None when it does."""
    drives_chromium = bool(fixtures & BROWSER_FIXTURES)
    if folder == "browser" and not drives_chromium:
        return "starts no browser: move it to tests/unit/ or tests/integration/"
    if folder != "browser" and drives_chromium:
        return "drives Chromium: move it to tests/browser/"
    if folder == "unit" and fixtures & BUILT_FIXTURES:
        return "uses a built site: move it to tests/integration/"
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by its folder (unit, integration, browser) and refuse a test in the wrong folder."""
    wrong = []
    for item in items:
        parts = Path(item.fspath).relative_to(TESTS).parts
        folder = parts[0] if len(parts) > 1 else ""
        if folder not in FOLDER_MARKERS:
            continue
        item.add_marker(getattr(pytest.mark, FOLDER_MARKERS[folder]))
        reason = misplaced(folder, set(getattr(item, "fixturenames", ())))
        if reason:
            wrong.append(f"{item.nodeid} {reason}")
    if wrong:
        raise pytest.UsageError("tests in the wrong folder:\n" + "\n".join(wrong))


def repository_files() -> set[str]:
    """What `git status` sees in the repository, ignored files included (folders collapsed)."""
    run = subprocess.run(
        ["git", "status", "--porcelain", "--ignored", "--untracked-files=normal"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    return set(run.stdout.splitlines()) if run.returncode == 0 else set()


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[REPOSITORY_BEFORE] = repository_files()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """No test writes outside its temporary folders: the repository holds nothing new after the run."""
    before = session.config.stash.get(REPOSITORY_BEFORE, None)
    if before is None or not before:
        return
    new = sorted(
        entry for entry in repository_files() - before if not entry.endswith(" .pytest_cache/")
    )  # pytest's own
    if new:
        session.config.get_terminal_writer().line(
            "tests wrote into the repository (write under tmp_path instead):\n" + "\n".join(new), red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session", autouse=True)
def session_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Session and module fixtures (one built site for many tests) also build away from the repository."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path_factory.mktemp("working-folder"))
        yield


@pytest.fixture(autouse=True)
def in_a_temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs in its own temporary folder, so what a build keeps in its working folder (the cache) stays there."""
    monkeypatch.chdir(tmp_path)


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
def repo_project(make_project, tmp_path: Path) -> Path:
    """A minimal project in a git repository: all committed on 6 January 2025, the cancel answer edited later."""
    return make_repo_project(make_project, tmp_path)


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
