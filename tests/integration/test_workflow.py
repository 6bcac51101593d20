"""The GitHub Actions workflow that publishes the site: it lints clean and does what CI needs.

actionlint comes from the `test` extra (PyPI). A missing linter fails these
tests: a workflow that was never linted must not pass as if it had been.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kbgen.load.yamlio import parse_yaml
from tests.conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"


def actionlint() -> str:
    """Path of the actionlint binary: the one installed beside this Python first, then PATH."""
    beside = Path(sys.executable).parent / "actionlint"
    found = str(beside) if beside.is_file() else shutil.which("actionlint")
    if not found:
        pytest.fail("actionlint not found: install the test extra (pip install -e '.[test]')")
    return found


def lint(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([actionlint(), "-no-color", str(path)], capture_output=True, text=True, cwd=REPO, check=False)


def test_workflow_passes_actionlint() -> None:
    run = lint(WORKFLOW)
    assert run.returncode == 0, run.stdout + run.stderr


def test_actionlint_catches_mistakes(tmp_path: Path) -> None:
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v5\n        with:\n          fetch-depthh: 0\n"
        "      - run: echo ${{ github.nope }}\n",
        encoding="utf-8",
    )
    run = lint(broken)
    assert run.returncode != 0
    assert "fetch-depthh" in run.stdout and "nope" in run.stdout


def steps_of(job: dict) -> list[dict]:
    return list(job["steps"])


def test_workflow_tests_checks_builds_and_deploys() -> None:
    workflow = parse_yaml(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))
    assert triggers["push"]["branches"] == ["main"]
    assert "pull_request" in triggers
    # a daily rebuild, so that notices and scheduled questions take effect on their day
    assert [entry["cron"].split()[2:] for entry in triggers["schedule"]] == [["*", "*", "*"]]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    steps = steps_of(build)
    uses = [step.get("uses", "") for step in steps]
    runs = "\n".join(step.get("run", "") for step in steps)
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert any(u.startswith("actions/setup-node@") for u in uses)
    assert "./scripts/test" in runs
    assert "kbgen check --strict" in runs
    assert "kbgen build --strict" in runs and '--base-url "$BASE_URL"' in runs
    assert "--previous" in runs and "manifest.json" in runs
    pages = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    review = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert "pull_request" in pages["if"] and "refs/heads/main" in pages["if"]
    assert review["if"] == "github.event_name == 'pull_request'"
    assert pages["with"]["path"] == review["with"]["path"] == "output"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in steps_of(deploy))
    assert "refs/heads/main" in deploy["if"]
