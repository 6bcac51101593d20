"""Every locale publishes its own data files and speaks its own language on its alias pages.

The multilingual example, copied with a French alias added and built with a base URL: each locale's
llms.txt, Markdown twins, JSON API and feed under its folder; `site.json` listing every locale; `_headers`
giving the data files their content types in each folder; and an old French URL's redirect page in French.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kbgen.pipeline import build_site
from tests.conftest import REPO, page

EXAMPLE = REPO / "examples" / "multilingual" / "content"
BASE = "https://example.org/help/"
REFUND_FR = "sections/02-pop-now/01-refund-after-unboxing.fr.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with an alias on a French translation, built with a base URL."""
    root = tmp_path_factory.mktemp("locale-data")
    content = root / "content"
    shutil.copytree(EXAMPLE, content)
    translation = content / REFUND_FR
    text = translation.read_text(encoding="utf-8")
    translation.write_text(text.replace("tags:", "aliases: [ancien-remboursement/]\ntags:", 1), encoding="utf-8")
    output = root / "output"
    build_site(content, output, base_url=BASE)
    return output


def test_each_locale_has_its_own_llms_txt_in_its_language(built: Path):
    assert (built / "llms.txt").read_text(encoding="utf-8").startswith("# POP MART Help Center")
    french = (built / "fr" / "llms.txt").read_text(encoding="utf-8")
    assert french.startswith("# Centre d’aide POP MART")
    assert f"{BASE}fr/pop-now/refund-after-unboxing/" in french
    assert "remboursement" in (built / "fr" / "pop-now" / "refund-after-unboxing" / "index.md").read_text("utf-8")
    assert (built / "ja" / "llms-full.txt").is_file()


def test_a_locale_feed_and_api_are_its_own_and_list_every_locale(built: Path):
    feed = (built / "fr" / "feed.xml").read_text(encoding="utf-8")
    assert 'xml:lang="fr"' in feed and f"{BASE}fr/feed.xml" in feed
    site = json.loads((built / "fr" / "api" / "v1" / "site.json").read_text(encoding="utf-8"))
    assert site["language"] == "fr" and site["url"] == f"{BASE}fr/"
    assert [entry["language"] for entry in site["locales"]] == ["en", "fr", "ja", "ar", "en-CA"]
    for entry in site["locales"]:
        assert (built / entry["api"].removeprefix(BASE)).is_file(), entry
    home = json.loads((built / "api" / "v1" / "site.json").read_text(encoding="utf-8"))
    assert home["locales"] == site["locales"]


def test_a_locale_page_links_its_own_feed_and_markdown_twin(built: Path):
    french = page(built, "/fr/pop-now/refund-after-unboxing/")
    feed = french.find("link", type="application/atom+xml")["href"]
    twin = french.find("link", type="text/markdown")["href"]
    folder = built / "fr" / "pop-now" / "refund-after-unboxing"
    assert (folder / feed).resolve() == (built / "fr" / "feed.xml").resolve()
    assert (folder / twin).is_file()


def test_headers_give_every_locale_data_files_their_types(built: Path):
    headers = (built / "_headers").read_text(encoding="utf-8").splitlines()
    for prefix in ("", "fr/", "ja/", "ar/", "en-ca/"):
        rule = headers.index(f"/help/{prefix}llms.txt")
        assert headers[rule + 1] == "  Content-Type: text/plain; charset=utf-8", prefix
        assert f"/help/{prefix}:section/:question/index.md" in headers, prefix


def test_a_french_alias_page_is_in_french(built: Path):
    moved = page(built, "/fr/ancien-remboursement/")
    assert moved.html["lang"] == "fr"
    assert moved.h1.get_text() == "Cette page a été déplacée"
    assert moved.find("link", rel="canonical")["href"] == f"{BASE}fr/pop-now/refund-after-unboxing/"
    english = page(built, "/")
    assert english.html["lang"] == "en"  # the environment speaks the default locale again afterwards
