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
