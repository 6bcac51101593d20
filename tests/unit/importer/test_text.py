"""Reading a plain-text FAQ page: the seed FAQ the shipped content was written from becomes valid content."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kbgen.cli import main
from kbgen.importer.readers.text import parse_text
from kbgen.load.loader import load_help_center
from tests.conftest import CONTENT
from tests.unit.importer.pages import DATA

SEED = DATA / "popmart-faq.txt"
"""A copy of `../shared/seed/popmart-faq.txt`, the page the shipped content was written from."""


def test_seed_copy_matches_the_shared_seed() -> None:
    shared = CONTENT.parent.parent / "shared" / "seed" / "popmart-faq.txt"
    if shared.is_file():  # only next to the shared folder; CI has the copy alone
        assert SEED.read_bytes() == shared.read_bytes()


def test_seed_answers_become_markdown(tmp_path: Path) -> None:
    faq = parse_text(SEED.read_text(encoding="utf-8"))
    answers = {q.question: q.answer for s in faq.sections for q in s.questions}
    assert faq.title == "FAQ" and faq.email == "na.support@popmart.com"
    assert (
        "\n\n- For Orders in the U.S.: Free shipping on orders over 199 USD.\n- For Orders in Canada:"
        in (answers["What are the benefits of membership?"])
    )
    authenticity = answers["How can I verify the authenticity of my POP MART product?"]
    assert "website: 👉 <https://m-gss.popmart.com/1117#/pages/country>\n\n1. Click on" in authenticity
    assert "\n4. If the number is valid" in authenticity
    troubleshooting = answers["If you see one of these error messages:"]
    assert "Please try:\n\n1. Switch to a Secure Network" in troubleshooting
    assert (
        "[na.support@popmart.com](mailto:na.support@popmart.com)"
        in (answers["If you see any of the following error messages:"])
    )


def test_import_twice_adds_nothing(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["import", str(SEED), "--content", "c"]).exit_code == 0
    before = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "c").rglob("*"))
    again = runner.invoke(main, ["import", str(SEED), "--content", "c"])
    assert again.exit_code == 0
    assert again.stdout.splitlines()[-1].startswith("Imported 0 of 29 questions")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "c").rglob("*")) == before


def test_import_into_existing_content_appends(shipped_copy: Path) -> None:
    page = Path("more.html")
    page.write_text(
        "<h2>Order Inquiry</h2><h3>Can I split my order?</h3><p>No, orders ship together.</p>"
        "<h2>Gift cards</h2><h3>Do gift cards expire?</h3><p>They never expire.</p>",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["import", "more.html"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:3] == [
        "Created content/sections/04-order-inquiry/04-split-order.md",
        "Created content/sections/12-gift-cards/_section.yaml",
        "Created content/sections/12-gift-cards/01-gift-cards-expire.md",
    ]
    hc, _ = load_help_center(shipped_copy)
    assert hc.sections[3].questions[-1].question == "Can I split my order?"


def test_nothing_to_import(tmp_path: Path) -> None:
    Path("empty.txt").write_text("Just some text.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "empty.txt"])
    assert result.exit_code == 1
    assert "empty.txt: no questions found" in result.stderr
    assert not (tmp_path / "content").exists()


def test_seed_import_passes_strict_check(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["import", str(SEED), "--content", "imported"])
    assert result.exit_code == 0, result.output
    assert "kept, with allow_warnings: [duplicate-answer]" in result.stderr
    check = CliRunner().invoke(main, ["check", "--strict", "--content", "imported"])
    assert check.exit_code == 0, check.output
