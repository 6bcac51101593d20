"""Planning and writing an import: all files or none, a dry run writes nothing, the command's help."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.importer.naming import capped_slug
from tests.unit.importer.pages import BOOTSTRAP_ACCORDION, tree


def test_a_failed_import_writes_nothing_into_a_new_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Path("faq.html").write_text(BOOTSTRAP_ACCORDION, encoding="utf-8")

    def refuse(self, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "rename", refuse)
    result = CliRunner().invoke(main, ["import", "faq.html", "--content", "site"])
    assert result.exit_code == 1
    assert "No space left on device; nothing was imported" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["faq.html"]  # no site.yaml, no section, no staging


def test_a_failed_import_leaves_existing_content_as_it_was(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree(shipped_copy)
    Path("more.html").write_text(
        "<h2>Gift cards</h2><h3>Do gift cards expire?</h3><p>They never expire.</p>"
        "<h3>Can I top up a gift card?</h3><p>No, buy a new one.</p>",
        encoding="utf-8",
    )
    real_link = os.link
    calls = []

    def link_then_fail(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(5, "Input/output error")
        real_link(source, target)

    monkeypatch.setattr(os, "link", link_then_fail)
    result = CliRunner().invoke(main, ["import", "more.html"])
    assert result.exit_code == 1, result.output
    assert "nothing was imported" in result.stderr
    assert len(calls) == 2
    assert tree(shipped_copy) == before
    assert not [p for p in shipped_copy.iterdir() if p.name.startswith(".kbgen-import-")]
    assert not (shipped_copy / "sections" / "12-gift-cards").exists()


def test_dry_run_prints_the_plan_and_writes_nothing(tmp_path: Path) -> None:
    Path("faq.html").write_text(BOOTSTRAP_ACCORDION, encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "faq.html", "--content", "site", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "site/site.yaml",
        "site/sections/01-orders/",
        "  01-cancel.md: How do I cancel?",
        "      Write to us within **24 hours**.",
        "  02-parcel.md: Where is my parcel?",
        "      See tracking.",
        "Would import 2 of 2 questions from faq.html; next: kbgen check --content site",
    ]
    assert not (tmp_path / "site").exists()
    assert "Note: 1 relative link (first on line 7) lost its address: give --base-url" in result.stderr


def test_help_lists_the_shapes() -> None:
    text = CliRunner().invoke(main, ["import", "--help"]).output
    for shape in ("<details>/<summary>", "aria-controls", "repeated items", "bold or anchored", "Zendesk", "--dry-run"):
        assert shape in text


def test_without_the_import_extra_html_says_how_to_get_it_and_plain_text_imports(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in [n for n in sys.modules if n.startswith("kbgen.importer")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "markdownify", None)  # as if it were not installed
    Path("faq.html").write_text("<h2>Orders</h2><h3>How do I cancel?</h3><p>Write to us.</p>", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "faq.html"])
    assert result.exit_code == 1
    assert "kbgen import needs the 'import' extra (markdownify is missing): pip install 'kbgen[import]'" in (
        result.stderr
    )
    Path("faq.txt").write_text("1. Orders\n• How do I cancel?\nWrite to us.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "faq.txt"])
    assert result.exit_code == 0, result.output  # plain text needs none of the extra
    assert result.stdout.splitlines()[-1].startswith("Imported 1 of 1 questions")


def test_reading_plain_text_loads_no_beautifulsoup(tmp_path: Path) -> None:
    page = tmp_path / "faq.txt"
    page.write_text("1. Orders\n• How do I cancel?\nWrite to us.\n", encoding="utf-8")
    code = (
        "import sys; from pathlib import Path; from kbgen.importer.command import plan_import; "
        f"plans = plan_import(Path({str(page)!r}), Path({str(tmp_path / 'content')!r})); "
        "print(plans[0].questions, 'bs4' in sys.modules, 'markdownify' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert done.stdout.split() == ["1", "False", "False"]


def test_long_titles_get_capped_slugs_and_the_import_checks(tmp_path: Path) -> None:
    title = "Shipping" + "x" * 300 + " and everything else about parcels"
    question = "Why " + "verylongword" * 30 + " is my parcel late?"
    Path("faq.html").write_text(f"<h2>{title}</h2><h3>{question}</h3><p>Storms.</p>", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "faq.html", "--content", "site"])
    assert result.exit_code == 0, result.output
    [folder] = (tmp_path / "site" / "sections").iterdir()
    [question_file] = folder.glob("0*.md")
    assert len(folder.name) == len("01-") + 60 and len(question_file.name) <= len("01-") + 60 + len(".md")
    check = CliRunner().invoke(main, ["check", "--strict", "--content", "site"])
    assert check.exit_code == 0, check.output


def test_capped_slug_cuts_at_a_hyphen() -> None:
    assert capped_slug("when-will-my-order-arrive", 12) == "when-will-my"
    assert capped_slug("when-will-my-order-arrive", 13) == "when-will-my"
    assert capped_slug("a" * 80, 60) == "a" * 60
    assert capped_slug("short", 60) == "short"


def test_ctrl_c_while_linking_into_existing_content_leaves_it_as_it_was(
    shipped_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree(shipped_copy)
    Path("more.html").write_text(
        "<h2>Gift cards</h2><h3>Do gift cards expire?</h3><p>They never expire.</p>"
        "<h3>Can I top up a gift card?</h3><p>No, buy a new one.</p>"
        "<h3>Can I give one away?</h3><p>Yes.</p>",
        encoding="utf-8",
    )
    real_link = os.link
    calls = []

    def link_then_interrupt(source, target):
        calls.append(target)
        real_link(source, target)
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGINT)  # as a terminal's Ctrl-C, half-way through

    monkeypatch.setattr(os, "link", link_then_interrupt)
    result = CliRunner().invoke(main, ["import", "more.html"])
    assert isinstance(result.exception, SystemExit) and result.exit_code != 0  # Ctrl-C still ends the command
    assert len(calls) == 2  # it stopped at the next file
    assert tree(shipped_copy) == before
    assert not [p for p in shipped_copy.iterdir() if p.name.startswith(".kbgen-import-")]


def test_ctrl_c_while_staging_a_new_content_folder_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Path("faq.html").write_text(BOOTSTRAP_ACCORDION, encoding="utf-8")
    real_open = Path.open
    opened = []

    def open_then_interrupt(self, *args, **kwargs):
        if ".kbgen-import-" in str(self):
            opened.append(self)
            if len(opened) == 2:
                os.kill(os.getpid(), signal.SIGINT)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_then_interrupt)
    result = CliRunner().invoke(main, ["import", "faq.html", "--content", "site"])
    assert result.exit_code != 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["faq.html"]  # no site, no staging folder


def test_a_ctrl_c_whose_handler_returns_still_takes_the_import_out_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Path("faq.html").write_text(BOOTSTRAP_ACCORDION, encoding="utf-8")
    real_rename = Path.rename

    def rename_then_interrupt(self, target):
        real_rename(self, target)
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(Path, "rename", rename_then_interrupt)
    seen = []
    previous = signal.signal(signal.SIGINT, lambda number, _frame: seen.append(number))  # notes it, goes on
    try:
        result = CliRunner().invoke(main, ["import", "faq.html", "--content", "site"])
    finally:
        signal.signal(signal.SIGINT, previous)
    assert seen == [signal.SIGINT]  # delivered to that handler once the import was out again
    assert result.exit_code == 1
    assert "Error: interrupted: nothing was imported" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["faq.html"]


def test_an_ignored_ctrl_c_stays_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Path("faq.html").write_text(BOOTSTRAP_ACCORDION, encoding="utf-8")
    real_rename = Path.rename

    def rename_then_interrupt(self, target):
        real_rename(self, target)
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(Path, "rename", rename_then_interrupt)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # as in a background job
    try:
        result = CliRunner().invoke(main, ["import", "faq.html", "--content", "site"])
    finally:
        signal.signal(signal.SIGINT, previous)
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "site" / "sections").rglob("*.md"))) == 2
