"""The search files a build writes: the parts the first file names, a synonym group that can never match, and the search page without JavaScript."""

from __future__ import annotations

import json

import pytest

from kbgen.search.shards import SearchLimits
from tests.conftest import REPO


def test_build_writes_the_parts_the_index_names(make_project, tmp_path) -> None:
    from kbgen.pipeline import build_site

    output = tmp_path / "out"
    build_site(make_project(), output, search_limits=SearchLimits(inline_text=0))
    assert not list((output / "assets" / "search").glob("index*.json"))
    index = json.loads((output / "search" / "index.json").read_text(encoding="utf-8"))
    for _, name in index["shards"]:
        assert (output / "assets" / "search" / name).is_file()
    assert (output / "assets" / "search" / "docs" / f"{index['docs']['groups'][0]}-0.json").is_file()


def test_the_build_reports_a_group_that_can_never_match(tmp_path) -> None:
    import shutil

    from kbgen.errors import ContentError
    from kbgen.pipeline import build_site, check_site

    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    site = content / "site.yaml"
    site.write_text(
        site.read_text(encoding="utf-8").replace("synonyms:\n", "synonyms:\n  - [zeppelin, airship]\n"),
        encoding="utf-8",
    )
    result = build_site(content, tmp_path / "out")
    [problem] = [p for p in result.warnings if p.code == "unmatched-synonyms"]
    assert problem.path.endswith("site.yaml")
    assert site.read_text(encoding="utf-8").splitlines()[problem.line - 1].strip() == "- [zeppelin, airship]"
    # `kbgen check` reports it as the build does, and --strict refuses it
    assert [p for p in check_site(content) if p.code == "unmatched-synonyms"] == [problem]
    with pytest.raises(ContentError) as refused:
        check_site(content, strict=True)
    assert problem in refused.value.problems


def test_search_page_without_javascript_links_sections(built_site) -> None:
    html = (built_site / "search" / "index.html").read_text(encoding="utf-8")
    noscript = html[html.index("<noscript>") : html.index("</noscript>")]
    assert "Search needs JavaScript" in noscript
    assert 'href="../membership/"' in noscript
