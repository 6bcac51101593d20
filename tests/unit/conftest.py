"""The unit rule: a test under tests/unit/ builds nothing and starts no browser.

A test that builds a site belongs in tests/integration/, one that drives Chromium in
tests/browser/ (tests/conftest.py refuses the browser fixtures here at collection).
"""

from __future__ import annotations

import pytest

from kbgen.write.writer import SiteWriter


@pytest.fixture(autouse=True)
def builds_nothing(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Fail a unit test the moment it starts writing an output folder."""

    def refuse(*args: object, **kwargs: object) -> None:
        pytest.fail(f"{request.node.nodeid} builds a site: move it to tests/integration/", pytrace=False)

    monkeypatch.setattr(SiteWriter, "__init__", refuse)
