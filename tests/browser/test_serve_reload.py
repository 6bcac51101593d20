"""In Chromium: the dev server reloads the open page on a change and shows the error overlay."""

from __future__ import annotations

from pathlib import Path

from kbgen.serve.server import DevServer
from tests.integration import test_serve
from tests.integration.test_serve import POINTS, POINTS_ERRORS, edit

site = test_serve.site  # the dev server over the shipped content, on change events or polling

STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; object-src 'none'"


def test_browser_reloads_on_change_and_shows_the_overlay(site: DevServer, tmp_path: Path, tab) -> None:
    violations: list[str] = []
    tab.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)

    def with_csp(route) -> None:
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": STRICT_CSP}
        route.fulfill(response=response, headers=headers)

    tab.route("**/membership/points-validity/", with_csp)
    # Playwright's own string evaluation would break the strict CSP: wait with locators only.
    tab.goto(site.url + "membership/points-validity/")
    assert tab.locator('script[src="/__kbgen__/reload.js"]').count() == 1
    tab.locator("main").get_by_text("365 days", exact=False).wait_for()
    tab.wait_for_timeout(300)  # let the event stream deliver the current state before editing

    edit(tmp_path / "content" / POINTS, "365 days", "400 days")
    tab.locator("main").get_by_text("400 days", exact=False).wait_for(timeout=10_000)

    edit(tmp_path / "content" / POINTS, "question:", "questoin:")
    overlay = tab.locator("#kbgen-overlay")
    overlay.wait_for(state="visible", timeout=10_000)
    assert overlay.get_attribute("role") == "alert"
    items = overlay.locator("li").all_inner_texts()
    assert items == POINTS_ERRORS  # the same `path:line: message` lines as in the terminal
    assert "400 days" in tab.locator("main").inner_text()  # the last good page stays underneath

    edit(tmp_path / "content" / POINTS, "questoin:", "question:")
    overlay.wait_for(state="detached", timeout=10_000)
    assert violations == []


def test_a_first_look_reloads_the_page_once(shipped_copy: Path, tmp_path: Path, monkeypatch, tab) -> None:
    """An edit's first look (kbgen/preview.py) reloads the tab; the whole build after it, having written the page
    as the first look showed it, does not reload it again."""
    monkeypatch.chdir(tmp_path)
    server = DevServer(Path("content"), Path("output"), port=0, interval=0.1)
    server.first_look_from = 1  # the shipped site is small: a first look only because this test asks
    assert server.rebuild().ok
    server.start()
    try:
        loads: list[str] = []
        tab.on("load", lambda page: loads.append(page.url))
        tab.goto(server.url + "membership/points-validity/")
        tab.locator("main").get_by_text("365 days", exact=False).wait_for()
        tab.wait_for_timeout(300)  # let the event stream deliver the current state before editing
        versions = [server.state().version]
        edit(tmp_path / "content" / POINTS, "365 days", "400 days")
        tab.locator("main").get_by_text("400 days", exact=False).wait_for(timeout=10_000)
        for _ in range(100):  # the whole build lands after the first look
            if server.state().as_json().find(b'"kept"') >= 0:
                break
            tab.wait_for_timeout(100)
        tab.wait_for_timeout(500)  # time for a second reload, were there one
        versions.append(server.state().version)
        assert versions[1] != versions[0] and b'"kept": ["/membership/points-validity/"]' in server.state().as_json()
        assert loads == [server.url + "membership/points-validity/"] * 2  # opened, then reloaded once
    finally:
        server.close()
