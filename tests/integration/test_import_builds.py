"""Imports that are built: a seed import finds every shipped question, an HTML round trip of a built section, links resolved or kept as words so the import builds."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from click.testing import CliRunner

from kbgen.cli import main
from kbgen.importer.readers.html.page import read_page
from kbgen.load.loader import load_help_center
from kbgen.pipeline import build_site
from tests.conftest import CONTENT
from tests.unit.importer.pages import DATA
from tests.unit.importer.test_text import SEED


def test_html_round_trip_of_a_built_section(built_site: Path) -> None:
    faq = read_page((built_site / "membership" / "index.html").read_text(encoding="utf-8"))
    shipped, _ = load_help_center(CONTENT)
    [section] = faq.sections
    assert section.title == shipped.sections[0].title
    # the page lists the promoted questions first (section.html), then the others in content order
    questions = shipped.sections[0].questions
    in_page_order = [q for q in questions if q.promoted] + [q for q in questions if not q.promoted]
    assert [q.question for q in section.questions] == [q.question for q in in_page_order]


# The editors reworded these two seed headings ("1. If you see any of the following error messages:")
# into questions, moving the heading text into the answer's first line.
REWORDED = {
    "What should I do if I see a “High risk detected” or “Unusual account activity” error?",
    (
        "What should I do if I see an “Unusual activity detected”, “Potential risk identified” or “Unable to process "
        "your order” error?"
    ),
}


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    return " ".join(re.sub(r"[^\w']+", " ", folded).split())


def test_seed_import_finds_every_shipped_question(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["import", str(SEED), "--content", "imported"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        f"Imported 29 of 29 questions from {SEED}; next: kbgen check --content imported"
    )
    imported, warnings = load_help_center(tmp_path / "imported")
    shipped, _ = load_help_center(CONTENT)
    assert [s.title for s in imported.sections] == [s.title for s in shipped.sections]
    assert [len(s.questions) for s in imported.sections] == [len(s.questions) for s in shipped.sections]
    assert [w.message.split(" in ")[0] for w in warnings] == ["the answer repeats the answer"]
    for ours, theirs in zip(shipped.sections, imported.sections):
        for question, found in zip(ours.questions, theirs.questions):
            if question.question in REWORDED:
                assert normalise(question.answer_md).startswith(normalise(found.question))
            else:
                assert normalise(question.question) == normalise(found.question)
    # The intros come along, and the imported content builds.
    assert imported.sections[0].intro_md.startswith("Dear POP Members,")
    build_site(tmp_path / "imported", tmp_path / "out")
    assert (tmp_path / "out" / "pop-mart-membership" / "index.html").is_file()


PAGE = DATA / "import" / "typed-links.html"


def _answers(content: Path) -> list[str]:
    return [p.read_text(encoding="utf-8").split("---\n", 2)[2] for p in sorted(content.rglob("0*.md"))]


def _import_and_build(args: list[str], tmp_path: Path) -> tuple[str, list[str]]:
    result = CliRunner().invoke(main, ["import", str(PAGE), "--content", "site", *args])
    assert result.exit_code == 0, result.output
    build = CliRunner().invoke(main, ["build", "--content", "site", "--output", "out", "--strict"])
    assert build.exit_code == 0, build.output  # an import always builds
    return result.stderr, _answers(tmp_path / "site")


def test_without_the_page_address_links_that_lead_nowhere_keep_their_words_with_a_note(tmp_path: Path) -> None:
    stderr, answers = _import_and_build([], tmp_path)
    assert answers == [
        "Read our returns page or [the form](https://shop.example/form), then\nthe next step and a picture.\n",
        "Ask us, [call](tel:+15550100), the old file,\nchat, or see the top. In code: `[a](/b)`.\n",
    ]
    for note in (
        "Note: 1 relative link (first on line 9) lost its address: give --base-url",
        "Note: 1 link to places on the old page (first on line 10): kept as words only",
        "Note: 2 links to ftp:, javascript: addresses (first on line 9): kept as words only",
        f"Note: {PAGE}:5: 'How do I cancel an order?': its link to '/returns' leads nowhere on the new site",
        f"Note: {PAGE}:5: 'How do I cancel an order?': its link to 'steps.html' leads nowhere on the new site",
        f"Note: {PAGE}:5: 'How do I cancel an order?': its link to '/img/cancel.png' leads nowhere",
    ):
        assert note in stderr


def test_with_the_page_address_typed_links_resolve_like_the_page_links(tmp_path: Path) -> None:
    stderr, answers = _import_and_build(["--base-url", "https://shop.example/help/"], tmp_path)
    assert answers[0] == (
        "Read [our returns page](https://shop.example/returns) or [the form](https://shop.example/form), then\n"
        "[the next step](https://shop.example/help/steps.html) and "
        "[a picture](https://shop.example/img/cancel.png).\n"
    )
    assert answers[1].startswith("Ask [us](https://shop.example/contact), [call](tel:+15550100), the old file,")
    assert "[the top](https://shop.example/help/#top)" in answers[1]
    assert "leads nowhere" not in stderr and "relative link" not in stderr


def test_an_export_article_s_links_kept_as_words_are_noted_and_the_import_builds(tmp_path: Path) -> None:
    body = '<p>See <a href="javascript:openChat()">the chat</a>, <a href="ftp://f.example/a.pdf">the form</a>.</p>'
    export = {
        "articles": [
            {
                "id": 7,
                "title": "How do I reach you?",
                "body": body,
                "locale": "en-us",
                "section_id": 10,
                "html_url": "https://help.example.com/hc/en-us/articles/7-reach-us",
            }
        ],
        "sections": [{"id": 10, "name": "Contact", "locale": "en-us"}],
    }
    (tmp_path / "export.json").write_text(json.dumps(export), encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "export.json", "--content", "site"])
    assert result.exit_code == 0, result.output
    assert (
        "Note: article 7 ('How do I reach you?', en-us): 2 links kept as words only, leading nowhere on the new "
        "site (first: 'javascript:openChat()')"
    ) in result.stderr
    build = CliRunner().invoke(main, ["build", "--content", "site/en-us", "--output", "out", "--strict"])
    assert build.exit_code == 0, build.output
