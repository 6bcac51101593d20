"""Loading content: the model it builds, and the exact `path:line: message` of each mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.errors import ContentError
from kbgen.load.loader import load_help_center


def errors_of(content: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_help_center(content)
    return [str(p).replace(content.as_posix() + "/", "") for p in caught.value.problems]


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_minimal_project_loads(make_project) -> None:
    hc, warnings = load_help_center(make_project())
    assert hc.site.title == "Test Help"
    assert hc.site.contact_email == "help@example.org"
    [section] = hc.sections
    assert (section.slug, section.title) == ("orders", "Orders")
    [question] = section.questions
    assert (question.slug, question.question, question.tags) == ("cancel", "How do I cancel?", ("cancel",))
    assert question.answer_html == "<p>Email us.</p>"
    assert warnings == []


def test_unknown_key_with_hint(make_project) -> None:
    content = make_project({"sections/01-orders/_section.yaml": "tittle: Orders\n"})
    assert errors_of(content) == [
        "content/sections/01-orders/_section.yaml:1: missing required key 'title'",
        (
            "content/sections/01-orders/_section.yaml:1: unknown key 'tittle' (did you mean 'title'?); "
            "allowed: title, description, intro, aliases, icon, notice"
        ),
    ]


def test_yaml_syntax_error_line_in_front_matter(make_project) -> None:
    content = make_project({"sections/01-orders/01-cancel.md": "---\nquestion: ok\ntags: [a\n---\nText\n"})
    [message] = errors_of(content)
    assert message.startswith("content/sections/01-orders/01-cancel.md:3: YAML syntax error:")


def test_wrong_types(make_project) -> None:
    content = make_project(
        {"sections/01-orders/01-cancel.md": "---\nquestion: Q?\ntags: cancel\nupdated: soon\n---\nText\n"}
    )
    assert errors_of(content) == [
        "content/sections/01-orders/01-cancel.md:3: 'tags' must be a list, not 'cancel'",
        "content/sections/01-orders/01-cancel.md:4: 'updated' must be a date (YYYY-MM-DD), not 'soon'",
    ]


def test_not_utf8_and_empty(make_project) -> None:
    content = make_project(
        {
            "sections/01-orders/01-cancel.md": b"---\nquestion: Caf\xe9?\n---\nText\n",
            "sections/01-orders/02-empty.md": "  \n",
        }
    )
    assert errors_of(content) == [
        "content/sections/01-orders/01-cancel.md:2: file is not UTF-8 (byte 0xe9)",
        "content/sections/01-orders/02-empty.md:1: file is empty",
    ]


def test_empty_answer_and_broken_link(make_project) -> None:
    content = make_project(
        {
            "sections/01-orders/01-cancel.md": "---\nquestion: Q?\n---\n",
            "sections/01-orders/02-link.md": "---\nquestion: L?\n---\nIntro.\n\nSee [this](03-missing.md).\n",
        }
    )
    assert errors_of(content) == [
        "content/sections/01-orders/01-cancel.md:4: the answer is empty: write it below the front matter",
        "content/sections/01-orders/02-link.md:6: link to '03-missing.md' does not resolve to a question or page",
    ]


def test_relative_md_links_become_page_urls(make_project) -> None:
    content = make_project(
        {
            "sections/02-shipping/_section.yaml": "title: Shipping\n",
            "sections/02-shipping/01-track.md": "---\nquestion: T?\n---\nSee [cancel](../01-orders/01-cancel.md#x).\n",
        }
    )
    hc, _ = load_help_center(content)
    assert 'href="kbroot:orders/cancel/#x"' in hc.sections[1].questions[0].answer_html


def test_slug_problems(make_project) -> None:
    content = make_project(
        {
            "sections/01-orders/02-other.md": "---\nquestion: Other?\nslug: cancel\n---\nText\n",
            "sections/01-orders/03-bad.md": "---\nquestion: Bad?\nslug: ../Bad Slug\n---\nText\n",
        }
    )
    assert errors_of(content) == [
        (
            "content/sections/01-orders/02-other.md:3: question URL '/orders/cancel/' is already used by "
            "content/sections/01-orders/01-cancel.md:2"
        ),
        (
            "content/sections/01-orders/03-bad.md:3: slug '../Bad Slug' is not URL-clean: "
            "use lower-case letters, digits and single hyphens (did you mean 'bad-slug'?)"
        ),
    ]


def test_alias_shadowing_live_url(make_project) -> None:
    content = make_project(
        {"sections/01-orders/02-new.md": "---\nquestion: New?\naliases: [orders/cancel]\n---\nText\n"}
    )
    assert errors_of(content) == [
        (
            "content/sections/01-orders/02-new.md:3: alias '/orders/cancel/' is already used by "
            "content/sections/01-orders/01-cancel.md:2"
        ),
    ]


def test_raw_html_is_escaped(make_project) -> None:
    content = make_project(
        {
            "sections/01-orders/01-cancel.md": "---\nquestion: Q?\n---\n<script>alert(1)</script> [x](javascript:alert(1))\n"
        }
    )
    hc, _ = load_help_center(content)
    html = hc.sections[0].questions[0].answer_html
    assert "<script" not in html and "javascript:" not in html
    assert "&lt;script&gt;" in html


def test_tel_links_render_and_other_schemes_are_dropped_with_a_warning(make_project) -> None:
    answer = (
        "Call [us](tel:+441234567890) or [mail](mailto:help@example.org).\n\n"
        "Not [this](javascript:alert(1)), [that](ftp://files.example.org/a) or [data](data:text/html,hi).\n"
    )
    content = make_project({"sections/01-orders/01-cancel.md": f"---\nquestion: Q?\n---\n{answer}"})
    hc, warnings = load_help_center(content, workers=1)
    assert hc.sections[0].questions[0].answer_html == (
        '<p>Call <a href="tel:+441234567890">us</a> or <a href="mailto:help@example.org">mail</a>.</p>\n'
        "<p>Not this, that or data.</p>"
    )
    q, only = "content/sections/01-orders/01-cancel.md:6: warning: link to", "only http, https, mailto and tel links"
    assert [str(w) for w in warnings] == [
        f"{q} 'data:text/html,hi' dropped, its text kept: data: links are unsafe; {only} are published",
        (
            f"{q} 'ftp://files.example.org/a' dropped, its text kept: ftp: links may not open in a shopper's browser; "
            f"{only} are published"
        ),
        f"{q} 'javascript:alert(1)' dropped, its text kept: javascript: links are unsafe; {only} are published",
    ]


def test_an_empty_content_folder_says_how_to_start_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my help").mkdir()
    with pytest.raises(ContentError) as raised:
        load_help_center(Path("my help"))
    assert [str(p) for p in raised.value.problems] == [
        (
            "my help: no help center here: no site.yaml and no sections/ folder "
            "(to start one: kbgen new site \"Help Center\" --content 'my help')"
        )
    ]


def test_missing_site_yaml(make_project) -> None:
    content = make_project({"site.yaml": None})
    assert errors_of(content)[0].startswith("content/site.yaml: missing site.yaml")
