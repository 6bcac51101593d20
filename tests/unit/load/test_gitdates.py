"""Dates from git: the last commit touching each file, front matter first, SOURCE_DATE_EPOCH as a cap, one git log."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from kbgen.errors import KbgenError
from kbgen.load import gitdates
from kbgen.load.gitdates import parse_git_log
from kbgen.load.loader import load_help_center
from tests.support.gitrepo import CANCEL, commit_all, git


def updated(content: Path) -> dict[str, dt.date | None]:
    hc, _ = load_help_center(content)
    return {f"{s.slug}/{q.slug}/": q.updated for s in hc.sections for q in s.questions}


def test_dates_come_from_the_last_commit_touching_each_file(repo_project: Path) -> None:
    assert updated(repo_project) == {
        "orders/cancel/": dt.date(2025, 2, 3),
        "returns/start-return/": dt.date(2025, 1, 6),
    }


def test_front_matter_wins_and_uncommitted_files_have_no_date(repo_project: Path) -> None:
    (repo_project / CANCEL).write_text(
        "---\nquestion: How do I cancel?\nupdated: 2024-05-01\n---\nEmail us.\n", encoding="utf-8"
    )
    (repo_project / "sections/02-returns/02-refund.md").write_text(
        "---\nquestion: When is my refund paid?\n---\nWithin 5 days.\n", encoding="utf-8"
    )
    dates = updated(repo_project)
    assert dates["orders/cancel/"] == dt.date(2024, 5, 1)
    assert dates["returns/refund/"] is None
    assert dates["returns/start-return/"] == dt.date(2025, 1, 6)


def test_outside_git_there_are_no_dates(make_project) -> None:
    assert updated(make_project()) == {"orders/cancel/": None}


def test_source_date_epoch_caps_git_dates(repo_project: Path, monkeypatch) -> None:
    cap = int(dt.datetime(2025, 1, 20, tzinfo=dt.timezone.utc).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(cap))
    (repo_project / "sections/02-returns/02-refund.md").write_text(
        "---\nquestion: When is my refund paid?\n---\nWithin 5 days.\n", encoding="utf-8"
    )
    dates = updated(repo_project)
    assert dates["orders/cancel/"] == dt.date(2025, 1, 20)
    assert dates["returns/start-return/"] == dt.date(2025, 1, 6)
    assert dates["returns/refund/"] is None, "SOURCE_DATE_EPOCH must never invent a date"


def test_malformed_source_date_epoch_is_an_error(repo_project: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(KbgenError, match="SOURCE_DATE_EPOCH must be a whole number"):
        load_help_center(repo_project)


def test_one_git_log_for_the_whole_content_folder(make_project, tmp_path: Path, monkeypatch) -> None:
    many = {
        f"sections/01-orders/{n:02d}-q{n}.md": f"---\nquestion: Question {n}?\n---\nAnswer {n}.\n" for n in range(2, 40)
    }
    content = make_project(many)
    git(tmp_path, "init", "-q", "-b", "main")
    commit_all(tmp_path, "2025-01-06T10:00:00+00:00")
    calls: list[list[str]] = []
    real_popen = subprocess.Popen

    def counting_popen(args, **kwargs):
        calls.append(list(args))
        return real_popen(args, **kwargs)

    monkeypatch.setattr(gitdates.subprocess, "Popen", counting_popen)
    assert set(updated(content).values()) == {dt.date(2025, 1, 6)}
    assert [args[3] for args in calls] == ["rev-parse", "log"]


def test_parse_git_log_keeps_the_newest_date_and_odd_names() -> None:
    output = (
        "\x1e2025-03-02T09:00:00+09:00\0\nsections/a b/01-x.md\0site.yaml\0"
        "\x1e2025-01-01T12:00:00+00:00\0\nsections/a b/01-x.md\0sections/é/02-y.md\0"
    )
    assert parse_git_log(output) == {
        "sections/a b/01-x.md": dt.date(2025, 3, 2),
        "site.yaml": dt.date(2025, 3, 2),
        "sections/é/02-y.md": dt.date(2025, 1, 1),
    }
