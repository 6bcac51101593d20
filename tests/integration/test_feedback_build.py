"""What feedback settings change in a build: the CSP gains exactly the endpoint's origin, in the pages and in _headers; a contact form takes the help card's link."""

from __future__ import annotations

from pathlib import Path

from kbgen.pipeline import build_site
from kbgen.render.theme import PAGE_POLICY, page_policy
from tests.browser import test_feedback
from tests.browser.test_feedback import QUESTION, Receiver
from tests.unit.test_feedback_settings import SITE

# The receiver and the site built with an endpoint, shared with the browser tests.
receiver = test_feedback.receiver
feedback_site = test_feedback.feedback_site


def test_the_csp_gains_exactly_the_endpoints_origin(feedback_site, receiver: Receiver, built_site: Path) -> None:
    _, output = feedback_site
    origin = receiver.url.removesuffix("/events")
    expected = f"{PAGE_POLICY}; connect-src 'self' {origin}"
    for name in ("index.html", f"{QUESTION}index.html", "search/index.html", "404.html"):
        html = (output / name).read_text(encoding="utf-8")
        assert f'http-equiv="Content-Security-Policy" content="{expected}"' in html, name
        assert 'id="feedback-script"' in html
    assert f"  Content-Security-Policy: {expected}; frame-ancestors 'none'\n" in (output / "_headers").read_text()
    # without an endpoint: the policy as it was, no script, no question, no file
    plain = (built_site / QUESTION / "index.html").read_text(encoding="utf-8")
    assert f'content="{PAGE_POLICY}"' in plain and "connect-src" not in (built_site / "_headers").read_text()
    assert "feedback" not in plain.lower() and not list((built_site / "assets" / "js").glob("feedback.*.js"))


def test_the_policy_gains_the_origin_alone(make_project, tmp_path: Path) -> None:
    assert page_policy("") == page_policy("/api/feedback") == PAGE_POLICY  # a site path is the site's own origin
    assert page_policy("https://Events.Example.org:8443/a/b?c=d") == (
        PAGE_POLICY + "; connect-src 'self' https://events.example.org:8443"
    )
    content = make_project({"site.yaml": SITE + "feedback:\n  endpoint: /api/feedback\n"})
    build_site(content, tmp_path / "out")
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert f'content="{PAGE_POLICY}"' in html and 'data-endpoint="/api/feedback"' in html
    assert "connect-src" not in (tmp_path / "out" / "_headers").read_text()


def test_a_contact_form_takes_the_cards_link(make_project, tmp_path: Path) -> None:
    form = "https://shop.example/contact?from=help"
    content = make_project({"site.yaml": SITE + f"  form: {form}\nbase_url: https://help.example/\n"})
    build_site(content, tmp_path / "out")
    html = (tmp_path / "out" / "orders" / "cancel" / "index.html").read_text(encoding="utf-8")
    assert f'href="{form}&amp;question=How%20do%20I%20cancel%3F&amp;page=https%3A//help.example/orders/cancel/"' in html
    assert "mailto:help@example.org?subject" not in html  # the header's plain link stays; the card uses the form
