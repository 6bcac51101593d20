"""`feedback.endpoint` and `contact.form` in site.yaml: checked at their line, and what they change in a build."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.errors import ContentError
from kbgen.load.loader import load_help_center

SITE = "title: Test Help\ncontact:\n  email: help@example.org\n"


def problems(content: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_help_center(content)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        ("http://events.example.org/e", "must be an https:// address (http:// only for localhost)"),
        ("https://a.example; script-src *", "must not contain spaces, quotes, angle brackets, backslashes, ';' or ','"),
        ("https://user:pw@a.example/e", "must name its host plainly (no user name or password)"),
        ("//a.example/e", "must be an absolute address like https://example.org/..."),
        ("javascript:alert(1)", "must be an absolute address like https://example.org/..."),
        ('/api/"x', "must not contain spaces, quotes or angle brackets"),
    ],
)
def test_a_bad_endpoint_is_an_error_at_its_line(make_project, endpoint: str, message: str) -> None:
    content = make_project({"site.yaml": SITE + f"feedback:\n  endpoint: '{endpoint}'\n"})
    assert problems(content) == [f"content/site.yaml:5: feedback endpoint '{endpoint}' {message}"]


def test_a_bad_contact_form_is_an_error_at_its_line(make_project) -> None:
    content = make_project({"site.yaml": SITE + "  form: mailto:help@example.org\n"})
    assert problems(content) == [
        "content/site.yaml:4: contact form 'mailto:help@example.org' must be an absolute address like "
        + "https://example.org/..."
    ]


def test_feedback_without_an_endpoint_says_so(make_project) -> None:
    content = make_project({"site.yaml": SITE + "feedback:\n  endpoit: https://a.example/e\n"})
    found = problems(content)
    assert any("unknown key 'endpoit' (did you mean 'endpoint'?)" in p for p in found), found
