"""A Japanese site builds: UTF-8 folders named in its own script, the sitemap percent-encoded."""

from __future__ import annotations

import json
from pathlib import Path

from kbgen.pipeline import build_site
from kbgen.urls import uri_of
from tests.support.language_sites import write_language_site


def test_a_japanese_site_builds_utf8_folders_and_percent_encoded_sitemap(tmp_path: Path) -> None:
    content = write_language_site("ja", tmp_path / "ja")
    out = tmp_path / "out"
    build_site(content, out, base_url="https://help.example.com/", cache=False, workers=1)
    page = out / "配送について" / "商品はいつ届きますか" / "index.html"
    assert page.is_file()
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert uri_of("https://help.example.com/配送について/") in sitemap
    assert "https://help.example.com/%E9%85%8D%E9%80%81%E3%81%AB%E3%81%A4%E3%81%84%E3%81%A6/" in sitemap
    assert "配送" not in sitemap
    index = json.loads((out / "search" / "index.json").read_text(encoding="utf-8"))
    assert index["language"] == "ja" and index["pipeline"]["index"] == ["kbgen-bigram-ja"]
