"""Promoted questions: `promoted: true` chooses the home page's "Popular questions" and what a search that
finds nothing offers, in content order; without any, the first question of each topic."""

from __future__ import annotations

import json

import pytest

from kbgen.errors import ContentError
from kbgen.load.loader import load_help_center
from kbgen.pipeline import build_site, check_site
from tests.conftest import page


def question(text: str, promoted: bool = False) -> str:
    return f"---\nquestion: {text}\n{'promoted: true' + chr(10) if promoted else ''}---\nThe answer to: {text}\n"


def project(make_project, promoted: set[str]) -> dict:
    files = {"sections/02-returns/_section.yaml": "title: Returns\n"}
    for folder, names in (("01-orders", ["cancel", "change", "invoice"]), ("02-returns", ["start", "label"])):
        for number, name in enumerate(names, start=1):
            files[f"sections/{folder}/{number:02d}-{name}.md"] = question(f"How do I {name}?", name in promoted)
    files["sections/01-orders/01-cancel.md"] = question("How do I cancel?", "cancel" in promoted)
    return make_project(files)


def home_popular(output) -> list[str]:
    heading = page(output, "/").find(id="popular-title")
    return [a["href"] for a in heading.find_next("ul").select("a")] if heading else []


def search_popular(output) -> list[str]:
    index = json.loads((output / "search" / "index.json").read_text(encoding="utf-8"))
    sections = index["sections"]
    return [f"{sections[index['docs'][d][0]][0]}/{index['docs'][d][1]}/" for d in index["popular"]]


def test_promoted_questions_lead_the_home_page_and_the_empty_search(tmp_path, make_project) -> None:
    content = project(make_project, {"label", "invoice"})
    build_site(content, tmp_path / "out")
    expected = ["orders/invoice/", "returns/label/"]  # content order, not the order they were promoted in
    assert home_popular(tmp_path / "out") == expected
    assert search_popular(tmp_path / "out") == expected


def test_without_promotion_the_first_question_of_each_topic(tmp_path, make_project) -> None:
    content = project(make_project, set())
    build_site(content, tmp_path / "out")
    assert home_popular(tmp_path / "out") == ["orders/cancel/", "returns/start/"]
    assert search_popular(tmp_path / "out") == ["orders/cancel/", "returns/start/"]


def test_promoted_must_be_true_or_false_at_its_line(make_project) -> None:
    content = make_project({"sections/01-orders/02-x.md": "---\nquestion: How?\npromoted: yes please\n---\nSo.\n"})
    with pytest.raises(ContentError) as error:
        load_help_center(content)
    [problem] = error.value.problems
    assert (problem.path.endswith("sections/01-orders/02-x.md"), problem.line) == (True, 3)
    assert problem.message == "'promoted' must be true or false, not 'yes please'"


def test_promoting_more_than_the_home_page_shows_is_a_warning_at_each_extra(tmp_path, make_project) -> None:
    files = {f"sections/01-orders/{n:02d}-q{n}.md": question(f"Question {n}?", True) for n in range(2, 10)}
    content = make_project(files)
    warnings = [p for p in check_site(content) if p.code == "promoted-not-shown"]
    assert [(p.path.rsplit("/", 1)[-1], p.line) for p in warnings] == [("08-q8.md", 3), ("09-q9.md", 3)]
    assert "8 questions are promoted" in warnings[0].message and "first 6" in warnings[0].message
    build_site(content, tmp_path / "out")
    assert home_popular(tmp_path / "out") == [f"orders/q{n}/" for n in range(2, 8)]
