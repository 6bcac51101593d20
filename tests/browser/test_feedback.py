"""Feedback and a way to a person, as shoppers meet them (docs/feedback.md).

"Still need help?" carries the question, the search query or the missing address; "Was this helpful?" and
the search events reach a real local HTTP receiver with the documented shape; nothing arrives under Global
Privacy Control or Do Not Track, nor without an endpoint; the CSP gains exactly the endpoint's origin.
"""

from __future__ import annotations

import http.server
import json
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from kbgen.pipeline import build_site
from kbgen.report import report_events
from kbgen.util.static_host import make_server
from tests.conftest import CONTENT

QUESTION = "membership/points-validity/"
NOTHING = "zzqxv blorp"
#: Chromium has no Global Privacy Control setting: the page is given the signal a browser that has one gives.
GPC = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true});"
DNT = "Object.defineProperty(Navigator.prototype, 'doNotTrack', {get: () => '1'});"
CSP_WATCH = """window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""


class Receiver(http.server.ThreadingHTTPServer):
    """An endpoint as a serverless function would be: it keeps every POST's body and headers."""

    def __init__(self) -> None:
        self.events: list[tuple[dict, dict]] = []
        super().__init__(("127.0.0.1", 0), ReceiverHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/events"

    def wait_for(self, count: int, seconds: float = 5.0) -> list[dict]:
        deadline = time.monotonic() + seconds
        while len(self.events) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return [event for event, _ in self.events]


class ReceiverHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.events.append((json.loads(body), dict(self.headers)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def feedback_site(receiver: Receiver, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The shipped content with `feedback.endpoint` set to the receiver, built and served."""
    content = tmp_path_factory.mktemp("feedback") / "content"
    shutil.copytree(CONTENT, content)
    with (content / "site.yaml").open("a", encoding="utf-8") as site:
        site.write(f"feedback:\n  endpoint: {receiver.url}\n")
    output = content.parent / "output"
    build_site(content, output)
    server = make_server(output, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", output
    server.shutdown()
    server.server_close()


@pytest.fixture
def events(receiver: Receiver) -> Receiver:
    receiver.events.clear()
    return receiver


def shopper(browser, *scripts: str):
    context = browser.new_context(viewport={"width": 375, "height": 812})
    for script in (CSP_WATCH, *scripts):
        context.add_init_script(script)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    return context, tab, errors


def mail_parts(href: str) -> dict[str, str]:
    assert href.startswith("mailto:")
    return {key: values[0] for key, values in parse_qs(urlsplit(href).query).items()}


def test_a_vote_and_its_reason_reach_the_endpoint(browser, feedback_site, events: Receiver) -> None:
    url, _ = feedback_site
    context, tab, errors = shopper(browser)
    tab.goto(url + QUESTION)
    card = tab.locator("[data-feedback]")
    assert card.is_visible()
    card.get_by_role("button", name="No").click()
    tab.get_by_role("button", name="It is out of date").click()
    assert tab.locator("[data-feedback-status]").text_content() == "Thank you: this helps us improve our answers."
    assert tab.evaluate("document.activeElement.hasAttribute('data-feedback-status')")
    got = sorted(events.wait_for(2), key=lambda event: event["type"])  # separate requests: either order
    page = "/" + QUESTION
    assert got == [
        {"v": 1, "type": "helpful", "page": page, "helpful": False},
        {"v": 1, "type": "reason", "page": page, "reason": "out-of-date"},
    ]
    for _, headers in events.events:
        assert "Cookie" not in headers and headers["Content-Type"].startswith("text/plain")
    tab.goto(url + "membership/benefits/")
    tab.get_by_role("button", name="Yes").click()
    assert events.wait_for(3)[2] == {"v": 1, "type": "helpful", "page": "/membership/benefits/", "helpful": True}
    assert tab.evaluate("window.__csp") == [] and not errors
    # nothing stored: no cookie, nothing in either storage
    assert tab.evaluate("[document.cookie, localStorage.length, sessionStorage.length]") == ["", 0, 0]
    assert context.cookies() == []
    context.close()


def test_search_events_link_a_search_that_found_nothing_to_the_question_opened(
    browser, feedback_site, events: Receiver
) -> None:
    url, _ = feedback_site
    context, tab, errors = shopper(browser)
    tab.goto(url + "search/")
    box = tab.locator("#search-page")
    box.fill(NOTHING)
    tab.wait_for_selector("[data-help=search]:not([hidden])")
    assert events.wait_for(1, 4.0) == [{"v": 1, "type": "search_empty", "page": "/search/", "query": NOTHING}]
    box.fill("points valid")
    first = tab.locator(".search-page-results a").first
    first.wait_for()
    assert tab.locator("[data-help=search]").is_hidden()  # something found: no card
    result = urlsplit(first.get_attribute("href") and first.evaluate("a => a.href")).path
    first.click()
    tab.wait_for_url(f"**{result}")
    got = sorted(events.wait_for(2), key=lambda event: event["type"])  # separate requests: either order
    assert got[1] == {
        "v": 1,
        "type": "search_open",
        "page": "/search/",
        "query": "points valid",
        "result": result,
        "after": NOTHING,
    }
    assert len(got) == 2 and tab.evaluate("window.__csp") == [] and not errors
    context.close()
    # what the browser sent is what `kbgen report` reads
    lines = [json.dumps(event).encode() for event in got]
    assert json.loads(report_events(lines, "json"))["synonym_lines"] == [f'  - ["{NOTHING}", "points valid"]']


def test_typing_counts_a_query_once_it_stands(browser, feedback_site, events: Receiver) -> None:
    url, _ = feedback_site
    context, tab, errors = shopper(browser)
    tab.goto(url)
    box = tab.locator("#site-search") if tab.locator("#site-search").is_visible() else tab.locator("main .search-input")
    box.press_sequentially("qqzx", delay=60)  # every prefix finds nothing; only the last one stands
    tab.wait_for_selector(".search-empty")
    popular = tab.locator(".search-empty ul a").first
    target = urlsplit(popular.evaluate("a => a.href")).path
    popular.click()  # one of the popular questions shown for it
    tab.wait_for_url(f"**{target}")
    # two beacons, two requests: the receiver may take them in either order
    got = sorted(events.wait_for(2), key=lambda event: event["type"])
    assert got == [
        {"v": 1, "type": "search_empty", "page": "/", "query": "qqzx"},
        {"v": 1, "type": "search_open", "page": "/", "query": "qqzx", "result": target, "after": "qqzx"},
    ]
    assert not errors
    context.close()


@pytest.mark.parametrize("signal", [GPC, DNT], ids=["gpc", "dnt"])
def test_nothing_is_sent_under_gpc_or_dnt(browser, feedback_site, events: Receiver, signal: str) -> None:
    url, _ = feedback_site
    context, tab, errors = shopper(browser, signal)
    posts: list[str] = []
    tab.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    tab.goto(url + QUESTION)
    assert tab.locator("[data-feedback]").is_hidden()  # nobody is asked what would not be sent
    tab.goto(url + "search/")
    tab.locator("#search-page").fill(NOTHING)
    tab.wait_for_selector("[data-help=search]:not([hidden])")
    tab.wait_for_timeout(2000)
    tab.goto(url + QUESTION)  # leaving the page sends nothing either
    assert posts == [] and events.wait_for(1, 1.0) == [] and not errors
    context.close()


def test_nothing_is_sent_without_an_endpoint(browser, site_url: str) -> None:
    context, tab, errors = shopper(browser)
    posts: list[str] = []
    tab.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    tab.goto(site_url + QUESTION)
    assert tab.locator("[data-feedback]").count() == 0 and tab.locator("#feedback-script").count() == 0
    tab.goto(site_url + "search/")
    tab.locator("#search-page").fill(NOTHING)
    tab.wait_for_selector("[data-help=search]:not([hidden])")
    tab.wait_for_timeout(2000)
    tab.goto(site_url)
    assert posts == [] and not errors
    context.close()


def test_still_need_help_carries_the_query(browser, site_url: str) -> None:
    context, tab, errors = shopper(browser)
    tab.goto(site_url + "search/")
    card = tab.locator("[data-help=search]")
    assert card.is_hidden()
    tab.locator("#search-page").fill(NOTHING)
    card.wait_for()
    parts = mail_parts(card.locator("a").get_attribute("href"))
    assert parts["subject"] == f"No answer found for: {NOTHING}"
    assert parts["body"] == f"I searched for “{NOTHING}” ({site_url}search/) and found no answer.\r\n\r\n"
    assert card.locator("a").get_attribute("href").startswith("mailto:na.support@popmart.com?subject=")
    hostile = '<img src=x onerror="window.__pwned=1"> & subject=x&cc=evil@example.org'
    tab.locator("#search-page").fill(hostile)
    tab.wait_for_function(f"document.querySelector('[data-help=search] a').href.includes({json.dumps('%3Cimg')})")
    href = card.locator("a").get_attribute("href")
    assert mail_parts(href) == {
        "subject": f"No answer found for: {hostile}",
        "body": f"I searched for “{hostile}” ({site_url}search/) and found no answer.\r\n\r\n",
    }
    assert card.locator("img").count() == 0 and not tab.evaluate("window.__pwned")
    tab.locator("#search-page").fill("points")
    tab.locator(".search-page-results a").first.wait_for()
    assert card.is_hidden()
    assert not errors
    context.close()


def test_still_need_help_on_a_question_and_the_404_page(browser, site_url: str) -> None:
    context, tab, errors = shopper(browser)
    tab.goto(site_url + QUESTION)
    title = tab.locator("h1").text_content()
    parts = mail_parts(tab.locator("[data-help=question] a").get_attribute("href"))
    assert parts["subject"] == f"Question: {title}"
    assert parts["body"] == f"I read “{title}” ({site_url}{QUESTION}) and still need help.\r\n\r\n"
    missing = site_url + "no/such/page/"
    tab.goto(missing)
    parts = mail_parts(tab.locator("[data-help=missing] a").get_attribute("href"))
    assert parts == {
        "subject": "Page not found",
        "body": f"I followed a link to a page that could not be found: {missing}\r\n\r\n",
    }
    assert unquote(tab.locator("[data-help=missing] a").get_attribute("href")).count("\n") == 2
    assert not errors
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_in_the_cards(browser, feedback_site, events: Receiver, scheme: str) -> None:
    from tests.browser.test_a11y import AXE, AXE_TAGS, RUN_AXE

    url, _ = feedback_site
    context = browser.new_context(viewport={"width": 375, "height": 812}, color_scheme=scheme, bypass_csp=True)
    tab = context.new_page()
    findings = []
    tab.goto(url + QUESTION)
    tab.get_by_role("button", name="No").click()  # the reasons open
    tab.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    findings += tab.evaluate(RUN_AXE, ["tag", AXE_TAGS])
    tab.goto(url + "search/?q=" + NOTHING)
    tab.wait_for_selector("[data-help=search]:not([hidden])")
    tab.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    findings += tab.evaluate(RUN_AXE, ["tag", AXE_TAGS])
    context.close()
    assert [f for f in findings if f["impact"] in ("serious", "critical")] == []


def test_a_contact_form_gets_the_query_as_a_parameter(browser, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    site = (content / "site.yaml").read_text(encoding="utf-8")
    form = "https://shop.example/contact?from=help"
    (content / "site.yaml").write_text(site.replace("contact:\n", f"contact:\n  form: {form}\n"), encoding="utf-8")
    build_site(content, tmp_path / "output")
    server = make_server(tmp_path / "output", port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        context, tab, errors = shopper(browser)
        tab.goto(url + "search/")
        tab.locator("#search-page").fill("zzqxv & page=evil")
        card = tab.locator("[data-help=search]")
        card.wait_for()
        href = urlsplit(card.locator("a").get_attribute("href"))
        assert (href.scheme, href.netloc, href.path) == ("https", "shop.example", "/contact")
        assert parse_qs(href.query) == {"from": ["help"], "query": ["zzqxv & page=evil"], "page": [url + "search/"]}
        tab.goto(url + QUESTION)
        href = urlsplit(tab.locator("[data-help=question] a").get_attribute("href"))
        title = tab.locator("h1").text_content()
        assert parse_qs(href.query) == {"from": ["help"], "question": [title], "page": [url + QUESTION]}
        assert not errors
        context.close()
    finally:
        server.shutdown()
        server.server_close()
