"""Importing hosted help-center exports (Zendesk, Intercom): one content folder per locale, old URLs kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.load.loader import load_help_center
from tests.unit.importer.pages import DATA

# --- Zendesk Help Center export ------------------------------------------------------------------

ZENDESK = DATA / "zendesk-export"


def _zendesk_records(kind: str) -> list[dict]:
    return [r for f in sorted(ZENDESK.glob(f"{kind}-*.json")) for r in json.loads(f.read_text("utf-8"))[kind]]


def test_zendesk_fixture_is_the_size_the_issue_asks() -> None:
    articles = [a for a in _zendesk_records("articles") if not a.get("draft")]
    assert len({c["id"] for c in _zendesk_records("categories")}) >= 3
    assert len({s["id"] for s in _zendesk_records("sections")}) >= 8
    assert len(articles) >= 30 and {a["locale"] for a in articles} == {"en-us", "de"}


def test_zendesk_export_imports_one_content_folder_per_locale(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["import", str(ZENDESK), "--content", "site"])
    assert result.exit_code == 0, result.output
    assert "Note: article 360001000199 ('Unfinished draft', en-us) is a draft: left out" in result.stderr
    for locale in ("en-us", "de"):
        check = CliRunner().invoke(main, ["check", "--strict", "--content", f"site/{locale}"])
        assert check.exit_code == 0, check.output
        hc, _ = load_help_center(tmp_path / "site" / locale)
        assert hc.site.language == locale
        assert len(hc.sections) == 8 and sum(len(s.questions) for s in hc.sections) == 18
    hc, _ = load_help_center(tmp_path / "site" / "de")
    assert hc.sections[3].title == "Rücksendungen"
    assert "hc/de/sections/360000000104-Rücksendungen/" in hc.sections[3].aliases
    damaged = load_help_center(tmp_path / "site" / "en-us")[0].sections[1].questions[2]
    assert damaged.aliases == (
        "hc/en-us/articles/360001000106-What-if-my-parcel-is-damaged-/",
        "hc/en-us/articles/360001000106/",
    )
    assert "[A damaged box](https://northwind.zendesk.com/hc/article_attachments/" in damaged.answer_md
    refund = (tmp_path / "site" / "en-us" / "sections" / "05-refunds" / "02-refund-smaller-than-paid.md").read_text(
        "utf-8"
    )
    assert "See [return shipping](../04-returns/02-return-shipping-free.md)." in refund  # the old link, now local
    # the export's promoted articles are the home page's popular questions
    english = load_help_center(tmp_path / "site" / "en-us")[0]
    assert [q.question for _, q in english.popular()] == ["How do I track my parcel?", "How do I return an item?"]


def test_intercom_export_imports_with_every_old_url_as_an_alias(tmp_path: Path) -> None:
    source = DATA / "intercom-export"
    result = CliRunner().invoke(main, ["import", str(source), "--content", "site"])
    assert result.exit_code == 0, result.output
    assert "Note: article 8000099 ('Draft', en) is a draft: left out" in result.stderr
    for locale, count in (("en", 4), ("de", 3)):
        check = CliRunner().invoke(main, ["check", "--strict", "--content", f"site/{locale}"])
        assert check.exit_code == 0, check.output
        hc, _ = load_help_center(tmp_path / "site" / locale)
        assert sum(len(s.questions) for s in hc.sections) == count
    hc, _ = load_help_center(tmp_path / "site" / "de")
    assert [s.title for s in hc.sections] == ["Erste Schritte", "Abrechnung"]
    assert hc.sections[0].questions[0].aliases == (
        "de/articles/8000001-wie-lade-ich-mein-team-ein/",
        "de/articles/8000001/",
    )
    assert hc.sections[0].aliases == ("de/collections/3101-erste-schritte/", "de/collections/3101/")


def test_a_failed_export_import_writes_no_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_rename = Path.rename
    renamed = []

    def second_fails(self, target):
        renamed.append(target)
        if len(renamed) == 2:
            raise OSError(28, "No space left on device")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", second_fails)
    result = CliRunner().invoke(main, ["import", str(ZENDESK), "--content", "site"])
    assert result.exit_code == 1
    assert "No space left on device; nothing was imported" in result.stderr
    assert len(renamed) == 2  # the first locale was in place, and was taken out again
    assert not (tmp_path / "site").exists()
