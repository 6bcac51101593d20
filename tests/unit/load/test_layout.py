"""Nothing an editor wrote is dropped without a word: misplaced files are warnings, editors' leftovers notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.load.layout import is_leftover
from kbgen.load.loader import load_help_center

PAGE = "---\ntitle: Terms\n---\nOur terms.\n"
QUESTION = "---\nquestion: Where is my parcel?\n---\nOn its way.\n"
CARRIERS = 'carriers:\n  - name: UPS\n    prefix: "1Z"\n    website: "https://www.ups.com/"\n    example: "1Z1"\n'


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def problems(content: Path) -> list[str]:
    _, warnings = load_help_center(content, workers=1)
    return [str(w) for w in warnings]


def test_misplaced_files_are_warnings_with_did_you_mean(make_project) -> None:
    content = make_project(
        {
            "sections/loose.md": QUESTION,
            "carrier.yaml": CARRIERS,
            "page/terms.md": PAGE,
            "about.md": PAGE,
            "pages/notes.txt": "draft",
            "pages/old/x.md": PAGE,
        }
    )
    reads = "kbgen reads site.yaml, carriers.yaml, sections/, pages/ and static/ here"
    assert problems(content) == [
        (
            f"content/about.md:1: warning: file not part of the site: {reads} "
            "(a page belongs in pages/: did you mean 'pages/about.md'?)"
        ),
        f"content/carrier.yaml:1: warning: file not part of the site: {reads} (did you mean 'carriers.yaml'?)",
        f"content/page: warning: folder not part of the site: {reads} (did you mean 'pages/'?)",
        (
            "content/pages/notes.txt:1: warning: file not part of the site: pages/ holds .md pages only, "
            "no other files or folders"
        ),
        (
            "content/pages/old: warning: folder not part of the site: pages/ holds .md pages only, "
            "no other files or folders"
        ),
        (
            "content/sections/loose.md:1: warning: file not part of the site: a question belongs in a section folder "
            "(sections/NN-name/) beside its _section.yaml"
        ),
    ]


def test_files_a_setting_names_are_part_of_the_site(make_project) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"></svg>'
    content = make_project(
        {
            "site.yaml": "title: Test Help\nlogo: images/logo.svg\n",
            "images/logo.svg": svg,
            "sections/01-orders/_section.yaml": "title: Orders\nicon: box.svg\n",
            "box.svg": svg,
            ".gitignore": "*~\n",
            "static/CNAME": "help.example.org\n",
        }
    )
    assert problems(content) == []


@pytest.mark.parametrize("name", ["01-cancel.md~", ".01-cancel.md.swp", "01-cancel.md.orig", "#01-cancel.md#"])
def test_an_editors_leftover_in_a_section_is_skipped_with_a_note(make_project, name: str) -> None:
    content = make_project({f"sections/01-orders/{name}": "half an edit"})
    hc, warnings = load_help_center(content, workers=1)
    assert [str(w) for w in warnings] == [
        (
            f"content/sections/01-orders/{name}:1: warning (editor-file, allowed): "
            "skipped: an editor's backup or swap file, never published"
        )
    ]
    assert [q.slug for q in hc.sections[0].questions] == ["cancel"]


def test_leftovers_are_told_from_content() -> None:
    leftovers = ["a.md~", ".a.md.swp", ".a.md.swo", "a.md.orig", "#a.md#", ".#a.md", ".DS_Store", "Thumbs.db"]
    assert all(is_leftover(name) for name in leftovers)
    assert not any(is_leftover(name) for name in ["a.md", "_section.yaml", "site.yaml", ".gitkeep", "logo.svg"])


def test_strict_check_fails_on_a_misplaced_file_but_not_on_a_leftover(make_project) -> None:
    content = make_project({".DS_Store": b"\0\0", "sections/01-orders/01-cancel.md~": "old"})
    result = CliRunner().invoke(main, ["check", "--content", "content", "--strict"])
    assert (result.exit_code, result.stdout) == (0, "content: OK (2 allowed warnings: --verbose shows it)\n")
    (content / "carrier.yaml").write_text(CARRIERS, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--content", "content", "--strict"])
    assert result.exit_code == 1
    assert "content/carrier.yaml:1: warning: file not part of the site" in result.stderr
