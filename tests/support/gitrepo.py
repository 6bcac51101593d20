"""A help center in a git repository of its own, for the tests of dates taken from git."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

CANCEL = "sections/01-orders/01-cancel.md"
RETURNS = {
    "sections/02-returns/_section.yaml": "title: Returns\n",
    "sections/02-returns/01-start-return.md": "---\nquestion: How do I start a return?\n---\nUse the form.\n",
}


def git(cwd: Path, *args: str, date: str | None = None) -> str:
    """Run git in `cwd`, isolated from the machine's configuration, with fixed dates when given."""
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
    }
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    run = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return run.stdout


def commit_all(repo: Path, date: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"edit {date}", date=date)


def make_repo_project(make_project, tmp_path: Path) -> Path:
    """A minimal project in a git repository: all committed on 6 January 2025, the cancel answer edited later."""
    content = make_project(RETURNS)
    git(tmp_path, "init", "-q", "-b", "main")
    commit_all(tmp_path, "2025-01-06T10:00:00+01:00")
    (content / CANCEL).write_text("---\nquestion: How do I cancel?\n---\nEmail us today.\n", encoding="utf-8")
    # Late evening in California is already the next day in UTC: the committer's own date counts.
    commit_all(tmp_path, "2025-02-03T23:30:00-08:00")
    return content
