"""Every link an import writes leads somewhere on the new site, or is kept as words with a note: an import builds."""

from __future__ import annotations

import pytest

from kbgen.importer.links import Link, rewrite_links


@pytest.mark.parametrize(
    "markdown,expected",
    [
        ("see [a](x) and `[b](y)`", "see <a|x> and `[b](y)`"),
        ('```\n[c](z)\n```\n\n[d](w "title")', "```\n[c](z)\n```\n\n<d|w>"),
        ("\\[not](a link) and ![pic](/p.png)", "\\[not](a link) and <!pic|/p.png>"),
        ("[nested [words]](<with space>)", "<nested [words]|with space>"),
    ],
)
def test_links_are_found_outside_code_only(markdown: str, expected: str) -> None:
    def show(link: Link) -> str:
        return f"<{'!' if link.image else ''}{link.text}|{link.target}>"

    assert rewrite_links(markdown, show) == expected
