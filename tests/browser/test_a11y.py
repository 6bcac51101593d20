"""WCAG 2.2 AA in the browser: axe-core on every page type in both colour
schemes, a keyboard-only walk, reflow at 320 px and 200 % zoom, reduced motion.

axe-core comes from npm (theme/package.json). Its findings for every page type
are written to the artifacts folder (tests/support/pagetypes.py) and printed; serious or critical ones fail.
"""

from __future__ import annotations

import itertools
import json

import pytest

from kbgen.pipeline import build_site
from tests.support.pagetypes import ARTIFACTS, PAGE_TYPES, REPO, PageType, by_name

AXE = REPO / "theme" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
#: The dark scheme changes colours only: the colour rules are what can differ there.
DARK_RULES = ["color-contrast", "link-in-text-block"]
RUN_AXE = """async ([kind, values]) => {
  const result = await axe.run(document, {runOnly: {type: kind, values}, resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5), count: v.nodes.length}));
}"""
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, cls: el.className,
    text: (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 50),
    href: el.getAttribute('href') || '',
    ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none',
    inView: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight,
    order: [...document.querySelectorAll('*')].indexOf(el),
    top: box.top + scrollY,
    live: !!el.closest('[aria-live]'),
    // WCAG 2.4.11: some of the focused element is drawn, not entirely covered. Probes the
    // middle and corners of its first line box (a link that wraps has a wider bounding box).
    obscured: (([part]) => ![[0.5, 0.5], [0.1, 0.2], [0.9, 0.2], [0.1, 0.8], [0.9, 0.8]].some(([x, y]) =>
      el.contains(document.elementFromPoint(part.left + part.width * x, part.top + part.height * y)))
    )([...el.getClientRects(), box]),
  };
}"""

WIDE_ELEMENTS = """(width) => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > width + 0.5)
  .map(el => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)}px)`)
  .slice(0, 8)"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} missing: run 'npm ci --prefix theme'")
    return AXE.read_text(encoding="utf-8")


def axe_findings(browser, site_url: str, page_type: PageType, scheme: str, axe_source: str) -> list[dict]:
    # bypass_csp lets the test inject axe; tests/browser/test_frontend.py checks the CSP itself.
    context = browser.new_context(viewport={"width": 375, "height": 812}, color_scheme=scheme, bypass_csp=True)
    tab = context.new_page()
    try:
        page_type.open(tab, site_url)
        tab.add_script_tag(content=axe_source)
        return tab.evaluate(RUN_AXE, ["tag", AXE_TAGS] if scheme == "light" else ["rule", DARK_RULES])
    finally:
        context.close()


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda p: p.name)
def test_axe_finds_nothing_serious(browser, site_url: str, page_type: PageType, axe_source: str) -> None:
    report = {scheme: axe_findings(browser, site_url, page_type, scheme, axe_source) for scheme in ("light", "dark")}
    folder = ARTIFACTS / "axe"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{page_type.name}.json").write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    for scheme, findings in report.items():
        summary = ", ".join(f"{f['id']} ({f['impact']}, {f['count']})" for f in findings) or "none"
        print(f"\naxe {page_type.name} [{scheme}]: {summary}")
    serious = [(s, f) for s, findings in report.items() for f in findings if f["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(serious, indent=2)


def assert_focus_visible(stops: list[dict]) -> None:
    for stop in stops:
        assert stop["ring"], f"no visible focus indicator on {stop}"
        assert stop["inView"], f"focused element out of view: {stop}"
        assert not stop["obscured"], f"focused element hidden under something: {stop}"


def tab_walk(tab, limit: int = 200) -> list[dict]:
    """Press Tab until focus leaves the page; the stops in order."""
    stops: list[dict] = []
    for _ in range(limit):
        tab.keyboard.press("Tab")
        here = tab.evaluate(FOCUSED)
        if here is None:
            return stops
        stops.append(here)
    pytest.fail(f"focus never left the page after {limit} Tabs (a keyboard trap?): {stops[-5:]}")


@pytest.mark.parametrize("name", ["home", "section", "question", "search-results", "track-match", "404"])
def test_keyboard_walk(tab, site_url: str, name: str) -> None:
    """Skip link first, a visible focus ring on every stop, DOM order, and a way out (no trap)."""
    by_name(name).open(tab, site_url)
    stops = tab_walk(tab)
    assert stops[0]["cls"] == "skip-link" and stops[0]["inView"] and stops[0]["ring"]
    assert len(stops) > 5
    assert_focus_visible(stops)
    orders = [stop["order"] for stop in stops]
    assert orders == sorted(orders) and len(set(orders)) == len(orders), "focus order differs from reading order"
    # Single column at phone width: each stop is at or below the one before it, within a row's height.
    for before, after in itertools.pairwise(stops):
        assert after["top"] >= before["top"] - 40, f"focus jumps up from {before} to {after}"


def test_suggestions_never_hide_the_focus(tab, site_url: str) -> None:
    """With search suggestions open, tabbing on never lands on something the list covers."""
    by_name("section").open(tab, site_url)
    tab.locator(".header-search-link").click()  # on a phone the header's box opens from its search link
    tab.locator("header input[name=q]").focus()
    tab.keyboard.type("refund")
    tab.locator("header .search-suggest a").first.wait_for()
    assert_focus_visible(tab_walk(tab))


def test_skip_link_moves_focus_to_main(tab, site_url: str) -> None:
    by_name("section").open(tab, site_url)
    tab.keyboard.press("Tab")
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.id") == "main"
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.closest('main') !== null")


def test_carrier_result_reachable_and_announced(tab, site_url: str) -> None:
    tab.goto(site_url + "track/")
    stops = []
    while not stops or stops[-1]["id"] != "tracking-number":
        tab.keyboard.press("Tab")
        stops.append(tab.evaluate(FOCUSED))
        assert len(stops) < 20, "the tracking input is not reachable by Tab"
    tab.keyboard.type("1Z999AA10123456784")
    tab.keyboard.press("Enter")
    assert tab.locator("#track-result").get_attribute("aria-live") == "polite"
    tab.locator("#track-result .track-match").wait_for()
    tab.keyboard.press("Tab")  # the Find carrier button
    tab.keyboard.press("Tab")
    here = tab.evaluate(FOCUSED)
    assert here["live"] and "ups.com" in here["href"], here


def test_search_results_reachable_and_announced(tab, site_url: str) -> None:
    tab.goto(site_url)
    for _ in range(20):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.name") == "q":
            break
    else:
        pytest.fail("the home page search box is not reachable by Tab")
    tab.keyboard.type("points")
    tab.keyboard.press("Enter")
    tab.wait_for_function(by_name("search-results").ready, timeout=10_000)
    assert tab.evaluate(
        """() => [...document.querySelectorAll('main [aria-live], main [role=status]')]
            .some(el => /\\d|result/i.test(el.textContent))"""
    ), "the number of results is not announced through a live region"
    for _ in range(12):
        tab.keyboard.press("Tab")
        if "points-validity" in (tab.evaluate(FOCUSED) or {}).get("href", ""):
            return
    pytest.fail("no search result reachable by Tab from the search box")


@pytest.mark.parametrize(
    "viewport", [{"width": 320, "height": 640}, {"width": 640, "height": 360}], ids=["320px", "200pct"]
)
def test_reflow_without_horizontal_scroll(browser, site_url: str, viewport: dict) -> None:
    """WCAG 1.4.10: 320 CSS px wide, and a 1280 px window at 200 % zoom (640 CSS px)."""
    context = browser.new_context(viewport=viewport, device_scale_factor=2 if viewport["width"] == 640 else 1)
    tab = context.new_page()
    try:
        for page_type in PAGE_TYPES:
            page_type.open(tab, site_url)
            width = tab.evaluate("document.documentElement.scrollWidth")
            wide = tab.evaluate(WIDE_ELEMENTS, viewport["width"]) if width > viewport["width"] else []
            assert width <= viewport["width"], (
                f"{page_type.name}: {width}px wide in a {viewport['width']}px window: {wide}"
            )
    finally:
        context.close()


def test_reduced_motion_is_honoured(browser, site_url: str) -> None:
    context = browser.new_context(reduced_motion="reduce")
    tab = context.new_page()
    try:
        for name in ("home", "search-results", "track-match"):
            by_name(name).open(tab, site_url)
            moving = tab.evaluate(
                """() => [...document.querySelectorAll('*')].filter(el => {
                    const s = getComputedStyle(el);
                    const long = v => v.split(',').some(t => parseFloat(t) > 0.01);
                    return (s.animationName !== 'none' && long(s.animationDuration)) || long(s.transitionDuration)
                        || s.scrollBehavior === 'smooth';
                }).map(el => el.tagName + '.' + el.className)"""
            )
            assert not moving, f"{name}: motion despite prefers-reduced-motion: {moving}"
    finally:
        context.close()


BOUNDARIES = """() => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
  const behind = el => {
    for (let node = el.parentElement; node; node = node.parentElement) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if (c.length === 3 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  return [...document.querySelectorAll('input:not([type=hidden]), button, select, textarea')]
    .filter(el => el.getBoundingClientRect().width > 0)
    .map(el => {
      const s = getComputedStyle(el), page = behind(el);
      const fill = rgb(s.backgroundColor), border = rgb(s.borderTopColor);
      const edge = Math.max(parseFloat(s.borderTopWidth) > 0 ? ratio(border.slice(0, 3), page) : 1,
                            fill[3] === 0 ? 1 : ratio(fill.slice(0, 3), page));
      return {control: el.id || el.className, ratio: Math.round(edge * 100) / 100};
    }).filter(c => c.ratio < 3);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_form_controls_stand_out(browser, site_url: str, scheme: str) -> None:
    """WCAG 1.4.11: a text box or button's edge has 3:1 contrast with what is behind it."""
    context = browser.new_context(color_scheme=scheme)
    tab = context.new_page()
    try:
        for name in ("home", "search-results", "track-match", "section"):
            by_name(name).open(tab, site_url)
            assert tab.evaluate(BOUNDARIES) == [], name
    finally:
        context.close()


def test_a_wide_table_in_an_answer_scrolls_inside_the_page_at_320(tmp_path, browser, make_project, axe_source) -> None:
    """A table wider than a phone scrolls in its own box, which a keyboard reaches and scrolls (axe's
    scrollable-region-focusable)."""
    header = "| Carrier | Example number | Website | Phone | Hours |\n|---|---|---|---|---|\n"
    row = "| Deutsche Post DHL | 00340434161094042557 | https://www.dhl.de/en/privatkunden.html | +49 228 28609898 | 8–18 |\n"
    content = make_project({"sections/01-orders/01-cancel.md": f"---\nquestion: Who ships it?\n---\n{header}{row * 3}"})
    output = tmp_path / "out"
    build_site(content, output)
    context = browser.new_context(viewport={"width": 320, "height": 700}, bypass_csp=True)
    tab = context.new_page()
    tab.goto((output / "orders" / "cancel" / "index.html").as_uri())
    assert tab.evaluate("document.documentElement.scrollWidth") <= 320
    table = tab.locator(".prose table")
    width, shown = table.evaluate("t => [t.scrollWidth, t.clientWidth]")
    assert width > shown, "the table fits: the test shows nothing"
    table.focus()  # a keyboard reaches it, and scrolls it to every column
    assert table.evaluate("t => document.activeElement === t && getComputedStyle(t).outlineStyle !== 'none'")
    for _ in range(80):
        tab.keyboard.press("ArrowRight")
    tab.wait_for_function("t => t.scrollLeft >= t.scrollWidth - t.clientWidth - 1", arg=table.element_handle())
    tab.add_script_tag(content=axe_source)
    assert tab.evaluate(RUN_AXE, ["tag", AXE_TAGS]) == []
    context.close()
