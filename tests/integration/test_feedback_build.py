"""The policy a feedback endpoint gives: the CSP gains exactly the endpoint's origin, in the pages and in _headers."""

from __future__ import annotations

from pathlib import Path

from kbgen.render.theme import PAGE_POLICY
from tests.browser import test_feedback
from tests.browser.test_feedback import QUESTION, Receiver

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
