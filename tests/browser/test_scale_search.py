"""A split search index in Chromium: shards fetched on demand, snippets shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.pipeline import build_site
from tests.conftest import page
from tests.integration import test_scale

corpus = test_scale.corpus  # the generated help center the scale tests build


@pytest.fixture(scope="module")
def split_site(tmp_path_factory: pytest.TempPathFactory, corpus: Path):
    """The generated help center built with its search index split, served over HTTP."""
    import threading

    from kbgen.search.shards import SearchLimits
    from kbgen.util.static_host import make_server

    output = tmp_path_factory.mktemp("split") / "out"
    build_site(corpus, output, cache=False, search_limits=SearchLimits(inline_text=0))
    server = make_server(output, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield output, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_split_search_in_the_browser_fetches_shards_and_shows_snippets(tab, split_site) -> None:
    import json

    output, url = split_site
    index = json.loads((output / "search" / "index.json").read_text(encoding="utf-8"))
    assert "shards" in index and len(index["shards"]) > 1
    section = next(
        p.parent.name for p in sorted(output.glob("*/index.html")) if p.parent.name not in {"search", "track"}
    )
    word = page(output, f"/{section}/").select_one("article.qa h2").get_text().split()[-1].rstrip("?").lower()
    fetched: list[str] = []
    tab.on("request", lambda request: fetched.append(request.url))
    tab.goto(f"{url}{section}/")
    tab.locator(".header-search-link").click()  # on a phone the header's box opens from its search link
    box = tab.locator("#site-search")
    box.click()
    box.press_sequentially(word[:-1], delay=20)  # still typing: a prefix
    option = tab.locator("#site-search-suggest [role=option]").first
    option.wait_for()
    assert word[:-1] in option.locator("mark").first.inner_text().lower()
    assert option.locator(".search-hit-snippet").inner_text().strip()
    shards = [u for u in fetched if "/assets/search/terms/" in u]
    assert 1 <= len(shards) < len(index["shards"])
    assert any("/assets/search/docs/" in u for u in fetched)
    tab.goto(f"{url}search/?q={word}")
    tab.locator("#search-results .search-hit").first.wait_for()
    assert tab.locator("#search-results .search-hit-snippet").count() >= 1
