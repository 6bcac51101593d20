"""A new help center from `kbgen new site` builds as it is."""

from __future__ import annotations

from pathlib import Path

from kbgen.load.loader import load_help_center
from tests.unit.test_new import run


def test_new_site_starts_a_help_center_that_builds(tmp_path: Path) -> None:
    result = run("new", "site", "Acme Help Center", "--email", "help@acme.test", "--content", "help")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Next: kbgen serve --content help"
    hc, warnings = load_help_center(tmp_path / "help")
    assert (hc.site.title, hc.site.contact_email) == ("Acme Help Center", "help@acme.test")
    assert [(s.slug, [q.slug for q in s.questions]) for s in hc.sections] == [("getting-started", ["write-answer"])]
    assert warnings == []
    assert run("check", "--strict", "--content", "help").exit_code == 0
    built = run("build", "--content", "help", "--output", "site", "--strict")
    assert built.exit_code == 0, built.output
    assert "Acme Help Center" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    # the next command it names works in it
    assert run("new", "question", "getting-started", "Where is my parcel?", "--content", "help").exit_code == 0
