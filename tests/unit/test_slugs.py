"""Slugs that fit a file name (kbgen/urls.py): the slugs kbgen makes stop at a word within 60 characters, in
`kbgen new section`, the loader's suggestions and `kbgen import`; a slug too long for a folder is a content error."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.errors import ContentError
from kbgen.load.loader import load_help_center
from kbgen.urls import MAX_SLUG_CHARS, SLUG_RE, capped, question_slug, slugify

WORDY = " ".join(["Internationalisation"] * 20)
"""A title whose whole slug (419 characters) is longer than a file name may be."""


def test_slugs_stop_at_the_last_whole_word_within_the_limit() -> None:
    assert slugify(WORDY) == "internationalisation-internationalisation"  # 41 characters: a third word is 62
    assert slugify("Buy From Store") == "buy-from-store"
    assert capped(["ab", "cd", "ef"], limit=5) == "ab-cd"
    assert capped(["ab", "cd", "ef"], limit=4) == "ab"
    assert capped(["x" * 80, "y"]) == "x" * MAX_SLUG_CHARS  # one word longer than the limit is cut
    assert capped([]) == ""
    long_question = "Why does " + " ".join(f"Verylongword{n}" for n in range(6)) + "?"
    slug = question_slug(long_question)
    assert slug == "-".join(f"verylongword{n}" for n in range(4)) and len(slug) <= MAX_SLUG_CHARS
    for text in (WORDY, "x" * 300, "a " * 200, long_question):
        made = slugify(text)
        assert len(made) <= MAX_SLUG_CHARS and SLUG_RE.match(made)


def test_the_loader_reports_a_slug_too_long_for_a_folder_and_suggests_one(make_project) -> None:
    slug = "-".join(["internationalisation"] * 13)  # 272 characters: no folder of the output can hold it
    content = make_project(
        {"sections/01-orders/01-cancel.md": f"---\nquestion: How do I cancel?\nslug: {slug}\n---\nA.\n"}
    )
    with pytest.raises(ContentError) as raised:
        load_help_center(content)
    [problem] = raised.value.problems
    assert str(problem).endswith(
        "content/sections/01-orders/01-cancel.md:3: slug is 272 characters long: a folder name holds at most 255 "
        "(did you mean 'internationalisation-internationalisation'?)"
    )


def test_an_import_with_a_long_section_title_writes_short_folder_names(
    make_project, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    make_project()
    Path("faq.txt").write_text(f"1. {WORDY}\n• How do I cancel my order?\nWrite to us.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "faq.txt"])
    assert result.exit_code == 0, result.output
    [folder] = [p.name for p in Path("content/sections").iterdir() if p.name != "01-orders"]
    assert folder == "02-internationalisation-internationalisation"
    assert CliRunner().invoke(main, ["check", "--content", "content"]).exit_code == 0
