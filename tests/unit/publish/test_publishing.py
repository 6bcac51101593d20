"""Publishing without a build: an alias shadowing a live URL, the base path the headers file is written for.

What a build publishes (redirect pages, the manifest and --previous, _headers, the build report) is
tested in tests/integration/test_publishing.py; dates from git in tests/unit/load/test_gitdates.py.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape as sax_escape
from xml.sax.saxutils import quoteattr as sax_quoteattr

import pytest

from kbgen.errors import ContentError
from kbgen.load.loader import load_help_center
from kbgen.publish.feed import escape, quoteattr
from kbgen.publish.hosting import base_path
from tests.support.gitrepo import RETURNS


def test_section_alias_shadowing_a_live_url_is_an_error(make_project, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    content = make_project(
        {**RETURNS, "sections/02-returns/_section.yaml": "title: Returns\naliases: [orders/cancel]\n"}
    )
    with pytest.raises(ContentError) as err:
        load_help_center(content)
    assert (
        "content/sections/02-returns/_section.yaml:2: alias '/orders/cancel/' is already used by "
        "content/sections/01-orders/01-cancel.md" in str(err.value)
    )


def test_base_path() -> None:
    assert base_path("") == "/"
    assert base_path("https://example.org") == "/"
    assert base_path("https://example.org/help/") == "/help/"
    assert base_path("https://example.org/a/help") == "/a/help/"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain",
        "a & b < c > d",
        "&amp; stays &amp;amp;",
        'say "hi"',
        "it's",
        """both " and '""",
        "tab\there",
        "line\nend\r\nand\rcr",
        "é 配送 🚚",
        "]]>",
        "<![CDATA[x]]>",
    ],
)
def test_feed_escaping_is_the_standard_librarys(text: str) -> None:
    assert escape(text) == sax_escape(text)
    assert quoteattr(text) == sax_quoteattr(text)
