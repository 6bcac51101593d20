"""kill -9 at every step of a build: the output is always the whole old tree or the whole new one.

Runs `bench/kill_table.py` (the same table the closing figures come from) on the
shipped content at every point, and on a generated help center at a few.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.kill_table import SHIPPED, kill_table, summary
from tests.support.corpus import write_corpus

pytestmark = pytest.mark.slow


def check(rows) -> None:
    for row in rows:
        assert row.killed, row
        assert row.recovered, row
        assert row.orphans == 0, row  # forked workers end with the killed build
        if row.scenario == "retitle-plain" and row.point == "retired":
            assert row.state == "missing", row  # between two plain renames; the next build puts the old tree back
        else:
            assert row.state in ("old", "new"), row
    totals = summary(rows)
    assert totals["mixed"] == 0
    assert totals["old tree"] > 0 and totals["new tree"] > 0


def test_kill_at_every_point_of_a_build_of_the_shipped_content(tmp_path: Path) -> None:
    rows = kill_table(SHIPPED, "shipped", tmp_path)
    assert len(rows) >= 20
    check(rows)


def test_kill_at_some_points_of_a_build_of_a_generated_help_center(tmp_path: Path) -> None:
    source = write_corpus(tmp_path / "corpus", 600)  # over 500 questions: rendered in forked workers
    rows = kill_table(source, "generated", tmp_path, only_points=3)
    assert len(rows) >= 8
    check(rows)
