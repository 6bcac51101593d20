"""The front end as shoppers get it: light, same-origin, fine on a phone and a
desktop, readable without JavaScript and on paper, and unmoved by hostile input.

Screenshots of every page type at 375 px and 1280 px (and 375 px dark) go to
the artifacts folder (tests/support/pagetypes.py); the home page's transfer size is printed and
written to budget.txt there.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from urllib.parse import quote

import pytest

from kbgen.pipeline import build_site
from kbgen.util.static_host import make_server
from tests.support.corpus import write_corpus
from tests.support.pagetypes import ARTIFACTS, PAGE_TYPES, SCREENSHOTS, PageType, by_name

BUDGET = 50 * 1024
WIDTHS = (375, 1280)
TINY_TARGETS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  const inSentence = el => {
    const block = el.closest('p, li, td, th, dd, dt, figcaption, blockquote');
    return el.tagName === 'A' && block && block.textContent.trim().length > el.textContent.trim().length;
  };
  return [...document.querySelectorAll(selector)].filter(el => {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility === 'hidden') return false;
    if (el.classList.contains('skip-link') || el.closest('.visually-hidden')) return false;
    return !inSentence(el) && (box.width < 24 || box.height < 24);
  }).map(el => `${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}" ` +
    `${Math.round(el.getBoundingClientRect().width)}x${Math.round(el.getBoundingClientRect().height)}`);
}"""
CSP_WATCH = """window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""
HOSTILE = [
    '<img src=x onerror="window.__pwned=true">',
    '"><script>window.__pwned=true</script>',
    "javascript:window.__pwned=true",
    "'\"><svg onload=window.__pwned=true>",
    "x" * 5000,
    " ".join(["supercalifragilistic"] * 400),
]


def new_tab(browser, width: int = 375, **options):
    context = browser.new_context(viewport={"width": width, "height": 812}, **options)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    return context, tab, errors


def test_home_page_transfer_budget(browser, site_url: str) -> None:
    """All requests of the home page, gzip-compressed as a host would send them, before any search."""
    context, tab, errors = new_tab(browser)
    responses = []
    tab.on("response", lambda response: responses.append(response))
    tab.goto(site_url, wait_until="networkidle")
    rows = []
    for response in responses:
        body = response.body()
        headers = response.request.sizes()["responseHeadersSize"]
        rows.append((response.url.removeprefix(site_url) or "/", len(body), len(gzip.compress(body, 6)) + headers))
    context.close()
    total = sum(size for _, _, size in rows)
    report = "\n".join(f"{url:60} {raw:8} B raw {size:7} B gzip+headers" for url, raw, size in rows)
    report += f"\nhome page transfer: {total} B ({total / 1024:.1f} KiB) in {len(rows)} requests; budget {BUDGET} B"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "budget.txt").write_text(report + "\n")
    print("\n" + report)
    assert not errors
    assert all(r.url.startswith(site_url) for r in responses), "a request left the site's origin"
    assert total <= BUDGET


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_and_layout(browser, site_url: str, width: int) -> None:
    """Every page type at phone and desktop width: no sideways scrolling, targets ≥ 24 px, same-origin only."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context, tab, errors = new_tab(browser, width)
    foreign: list[str] = []
    tab.on("request", lambda request: None if request.url.startswith(site_url) else foreign.append(request.url))
    problems = []
    for page_type in PAGE_TYPES:
        page_type.open(tab, site_url)
        tab.screenshot(path=SCREENSHOTS / f"{page_type.name}-{width}.png", full_page=True)
        scroll = tab.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            problems.append(f"{page_type.name}: scrolls sideways ({scroll}px)")
        tiny = tab.evaluate(TINY_TARGETS)
        if tiny:
            problems.append(f"{page_type.name}: targets under 24px: {tiny}")
    context.close()
    assert not problems, "\n".join(problems)
    assert not foreign, foreign
    assert not errors, errors


def test_dark_mode(browser, site_url: str) -> None:
    context, tab, errors = new_tab(browser, color_scheme="dark")
    for page_type in PAGE_TYPES:
        page_type.open(tab, site_url)
        tab.screenshot(path=SCREENSHOTS / f"{page_type.name}-375-dark.png", full_page=True)
        background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(20, 20, 23)", f"{page_type.name}: {background}"
    context.close()
    assert not errors


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda p: p.name)
def test_content_security_policy_holds(browser, site_url: str, page_type: PageType) -> None:
    """Nothing the site does trips its own CSP, and an injected inline script does not run."""
    context, tab, errors = new_tab(browser)
    tab.add_init_script(CSP_WATCH)
    console: list[str] = []
    tab.on("console", lambda message: console.append(message.text))
    page_type.open(tab, site_url)
    if page_type.name.startswith("search"):
        tab.locator("main input[name=q]").first.press("End")
    assert tab.evaluate("window.__csp") == []
    assert not [line for line in console if "Content Security Policy" in line], console
    ran = tab.evaluate(
        """() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1';
                   document.body.append(s); return window.__inline === 1; }"""
    )
    assert ran is False, "an inline script ran: the CSP is not in force"
    context.close()
    assert not errors


def watch_for_script(tab) -> list[str]:
    dialogs: list[str] = []

    def dismiss(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", dismiss)
    tab.add_init_script("window.__pwned = false;")
    return dialogs


def assert_untouched(tab, dialogs: list[str], width: int = 375) -> None:
    assert tab.evaluate("window.__pwned") is False
    assert not dialogs
    assert tab.locator("main img:not(.icon), main svg:not(.icon), main iframe").count() == 0  # .icon: the theme's own
    assert (
        tab.evaluate(
            "[...document.querySelectorAll('a[href]')].filter(a => /^\\s*javascript:/i.test(a.getAttribute('href'))).length"
        )
        == 0
    )
    assert tab.evaluate("document.documentElement.scrollWidth") <= width


def test_hostile_search_input(tab, site_url: str) -> None:
    dialogs = watch_for_script(tab)
    tab.goto(site_url)
    box = tab.locator("main input[name=q]").first
    for text in HOSTILE:
        started = time.monotonic()
        box.fill(text)
        tab.wait_for_timeout(250)
        tab.evaluate("1")  # waits for the page's main thread
        busy = time.monotonic() - started
        assert busy < 3, f"the page froze for {busy:.1f}s on a {len(text)}-character query"
        assert_untouched(tab, dialogs)
    box.fill(HOSTILE[0])
    box.press("Enter")
    tab.wait_for_url("**/search/?q=*")
    tab.wait_for_function("() => document.querySelector('#search-results').textContent.trim().length > 0")
    assert_untouched(tab, dialogs)
    assert "<img src=x" in tab.locator("main input[name=q]").first.input_value()
    tab.locator("main input[name=q]").first.fill("points")
    tab.wait_for_function(by_name("search-results").ready)


@pytest.mark.parametrize("text", HOSTILE, ids=["img", "script", "javascript", "svg", "long", "long-words"])
def test_hostile_query_and_number_in_url(tab, site_url: str, text: str) -> None:
    dialogs = watch_for_script(tab)
    tab.goto(site_url + "search/?q=" + quote(text))
    tab.wait_for_function("() => document.querySelector('#search-results').textContent.trim().length > 0")
    assert_untouched(tab, dialogs)
    assert tab.locator("main input[name=q]").first.input_value() == text
    tab.goto(site_url + "track/?number=" + quote(text))
    tab.locator("#track-result p").first.wait_for()
    assert_untouched(tab, dialogs)
    tab.get_by_label("Tracking number", exact=True).fill("1Z999AA10123456784")
    tab.locator("#track-result .track-match").wait_for()


def test_hostile_tracking_input(tab, site_url: str) -> None:
    dialogs = watch_for_script(tab)
    tab.goto(site_url + "track/")
    field = tab.get_by_label("Tracking number", exact=True)
    for text in HOSTILE:
        field.fill(text)
        tab.locator("#track-result p").first.wait_for()
        assert_untouched(tab, dialogs)
    field.press("Enter")
    assert_untouched(tab, dialogs)


def test_everything_reads_without_javascript(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 812})
    tab = context.new_page()
    tab.goto(site_url)
    assert tab.locator("#topics-title + .topic-grid > .topic-card").count() == 11
    tab.goto(site_url + "membership/")
    answers = tab.locator("article.qa .prose")
    assert answers.count() == 8
    # Every answer is in the page, closed to a question line; a tap on the question opens it in place.
    for index in range(answers.count()):
        assert not answers.nth(index).is_visible() and answers.nth(index).text_content().strip()
        tab.locator("article.qa summary").nth(index).click()
        assert answers.nth(index).is_visible() and answers.nth(index).inner_text().strip()
    assert "Points are valid for 365 days" in tab.locator("main").inner_text()
    tab.goto(site_url + "membership/points-validity/")
    assert "Points are valid for 365 days" in tab.locator("main").inner_text()
    tab.goto(site_url + "search/?q=points")
    assert tab.locator("#search-results a[href$='membership/']").is_visible()
    context.close()


def test_print_stylesheet(browser, site_url: str) -> None:
    context, tab, errors = new_tab(browser, 1280)
    tab.emulate_media(media="print")
    by_name("section").open(tab, site_url)
    for hidden in (".site-header", ".site-footer", ".breadcrumbs", ".toc", ".permalink", ".search-form"):
        assert not tab.locator(hidden).first.is_visible(), f"{hidden} is printed"
    assert tab.locator("article.qa").first.is_visible()
    assert tab.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    tab.screenshot(path=SCREENSHOTS / "section-print-1280.png", full_page=True)
    context.close()
    assert not errors


def test_search_page_shows_ten_results_and_more_on_request(browser, tmp_path) -> None:
    """A query that matches dozens of questions of a large help center: the page fetches the text of the first
    ten, and of ten more each time "Show 10 more" is pressed; focus moves to the first new result."""
    output = tmp_path / "out"
    build_site(write_corpus(tmp_path / "corpus", 1000), output)
    index = json.loads((output / "search" / "index.json").read_text(encoding="utf-8"))
    assert "text" not in index, "a split index: document files are fetched as results are shown"
    first = output / "assets" / "search" / "docs" / f"{index['docs']['groups'][0]}-0.json"
    section = json.loads(first.read_text(encoding="utf-8"))[0][0]  # a split index's row: [[slug, title], ...]
    word = section[1].split()[0].lower()  # a section title's word: every question of it matches
    server = make_server(output, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context, tab, errors = new_tab(browser)
    fetched: list[str] = []
    tab.on("request", lambda request: fetched.append(request.url) if "/assets/search/docs/" in request.url else None)
    try:
        tab.goto(f"http://127.0.0.1:{server.server_address[1]}/search/?q={quote(word)}")
        hits = tab.locator("#search-results .search-hit")
        hits.first.wait_for()
        total = int(tab.locator("#search-page-status").inner_text().split()[0])
        assert total > 20, total
        assert hits.count() == 10
        first_page = len(set(fetched))
        assert 0 < first_page <= 10
        more = tab.get_by_role("button", name="Show 10 more")
        more.click()
        tab.wait_for_function("() => document.querySelectorAll('#search-results .search-hit').length === 20")
        assert tab.evaluate("document.activeElement === document.querySelectorAll('.search-hit a')[10]")
        assert first_page < len(set(fetched)) <= 20
        while tab.locator(".search-show-more").count():
            tab.locator(".search-show-more").click()
            tab.wait_for_timeout(50)
        tab.wait_for_function(f"() => document.querySelectorAll('#search-results .search-hit').length === {total}")
        assert len({tab.locator(".search-hit a").nth(i).get_attribute("href") for i in range(total)}) == total
        assert errors == []
    finally:
        context.close()
        server.shutdown()
        server.server_close()
