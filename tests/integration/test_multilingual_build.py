"""The multilingual example (examples/multilingual/) built: every locale's pages, its Canadian overrides,
the French search index and `kbgen check` on its translations.

tests/integration/test_multilingual_example.py checks the example's files without building them.
"""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.pipeline import build_site
from kbgen.search import languages
from kbgen.search.text import fold_words
from tests.conftest import REPO, page

CONTENT = REPO / "examples" / "multilingual" / "content"
REFUND = "pop-now/refund-after-unboxing/"


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example, built once for this module."""
    output = tmp_path_factory.mktemp("multilingual") / "output"
    build_site(CONTENT, output, strict=True)
    return output


def question(site: Path, url: str) -> tuple[BeautifulSoup, str]:
    """A built question page and its heading."""
    html = page(site, url)
    return html, html.find("h1").get_text(" ", strip=True)


def written_question(relative: str) -> str:
    """The `question:` of a file under the example's sections/."""
    return yaml.safe_load((CONTENT / "sections" / relative).read_text(encoding="utf-8").split("---\n")[1])["question"]


def test_each_locale_has_its_home_in_its_language(example_site: Path):
    for prefix, lang, title in [
        ("/", "en", "POP MART Help Center"),
        ("/fr/", "fr", "Centre d’aide POP MART"),
        ("/ja/", "ja", "POP MART ヘルプセンター"),
        ("/ar/", "ar", "مركز مساعدة POP MART"),
        ("/en-ca/", "en-CA", "POP MART Help Center (Canada)"),
    ]:
        home = page(example_site, prefix)
        assert home.html["lang"] == lang, prefix
        assert title in home.title.get_text(), prefix
    assert page(example_site, "/ar/").html["dir"] == "rtl"
    assert page(example_site, "/fr/").html.get("dir", "ltr") == "ltr"


def test_french_pages_keep_the_english_urls_under_fr_with_french_titles(example_site: Path):
    translated = sorted((CONTENT / "sections").glob("*/[0-9]*.fr.md"))
    assert len(translated) == 29
    for source in translated:
        # The English URL: folder and file names without their `NN-` (no question of the example sets `slug:`).
        url = f"{source.parent.name[3:]}/{source.name[3:].removesuffix('.fr.md')}/"
        relative = str(source.relative_to(CONTENT / "sections"))
        assert question(example_site, f"/{url}")[1] == written_question(relative.replace(".fr.", "."))
        html, heading = question(example_site, f"/fr/{url}")
        assert html.html["lang"] == "fr"
        assert heading == written_question(relative), url


def test_japanese_and_arabic_pages_and_a_fallback(example_site: Path):
    html, heading = question(example_site, "/ja/membership/points-validity/")
    assert (html.html["lang"], heading) == ("ja", "ポイントの有効期限はどのくらいですか？")
    html, heading = question(example_site, "/ar/membership/points-validity/")
    assert (html.html["lang"], html.html["dir"], heading) == ("ar", "rtl", "ما مدة صلاحية النقاط؟")
    assert not html.select(".fallback-notice")
    # Not translated into Japanese: shown from English under /ja/, with the notice that says so.
    html, heading = question(example_site, "/ja/pre-order/identify-pre-order/")
    assert (html.html["lang"], heading) == ("ja", "How can I identify pre-order products?")
    assert html.select(".fallback-notice")


def test_canadian_english_overrides_what_differs_and_inherits_the_rest(example_site: Path):
    canadian = page(example_site, "/en-ca/membership/benefits/").get_text(" ")
    assert "259 CAD" in canadian and "199 USD" not in canadian
    original = page(example_site, "/membership/benefits/").get_text(" ")
    assert "199 USD" in original and "259 CAD" in original
    html, heading = question(example_site, "/en-ca/membership/points-validity/")
    assert (html.html["lang"], heading) == ("en-CA", "How long are the points valid for?")
    assert not html.select(".fallback-notice")  # inherited from English: nothing to translate, no notice
    assert "popmart.com/ca" in page(example_site, "/en-ca/order-inquiry/order-arrival/").get_text(" ")


def test_a_translated_question_lists_its_alternates(example_site: Path):
    links = page(example_site, "/membership/benefits/").find_all("link", rel="alternate", hreflang=True)
    assert {"en", "fr", "ja", "en-CA", "x-default"} <= {link["hreflang"] for link in links}


def test_remboursement_finds_the_refund_question_in_the_french_index(example_site: Path):
    index = json.loads((example_site / "fr" / "search" / "index.json").read_text(encoding="utf-8"))
    assert index["language"] == "fr"
    french = languages.search_language("fr")
    wanted = {term for word in fold_words("remboursement") for term in french.terms(word)}
    found = []
    for number, row in enumerate(index["docs"]):
        words = fold_words(" ".join([row[2], *row[3:4], index["text"][number]]))
        if wanted <= {term for word in words for term in french.terms(word)}:
            found.append(f"{index['sections'][row[0]][0]}/{row[1]}/")
    assert REFUND in found
    english = json.loads((example_site / "search" / "index.json").read_text(encoding="utf-8"))
    assert not any("rembours" in row[2] for row in english["docs"])


def test_check_passes_strict_and_reports_an_outdated_french_translation(tmp_path: Path):
    passed = CliRunner().invoke(main, ["check", "--strict", "--content", str(CONTENT)])
    assert passed.exit_code == 0, passed.output
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    source = content / "sections" / "08-payment-method" / "01-payment-types.md"
    source.write_text(source.read_text(encoding="utf-8") + "- PayPal\n", encoding="utf-8")
    warned = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert warned.exit_code == 0, warned.output
    assert "01-payment-types.fr.md" in warned.output
    failed = CliRunner().invoke(main, ["check", "--strict", "--content", str(content)])
    assert failed.exit_code == 1  # fr is `complete: true`: outdated is an error under --strict
    assert "01-payment-types.fr.md" in failed.output


@cache  # each page is read once though every alternate names it
def alternates(path: Path) -> tuple[str, dict[str, Path]]:
    """A built page's `<html lang>` and its alternates: hreflang → the folder each names (x-default left out)."""
    html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    links = html.find_all("link", rel="alternate", hreflang=True)
    return html.html["lang"], {
        a["hreflang"]: (path.parent / a["href"]).resolve() for a in links if a["hreflang"] != "x-default"
    }


def test_alternates_are_reciprocal_on_every_page(example_site: Path):
    checked = 0
    for path in sorted(example_site.rglob("index.html")):
        lang, others = alternates(path)
        for tag, folder in others.items():
            name = path.relative_to(example_site)
            assert (folder / "index.html").is_file(), f"{name}: no page for {tag}"
            back_lang, back = alternates(folder / "index.html")
            assert back_lang == tag, f"{name}: its {tag} alternate says lang={back_lang}"
            assert back.get(lang) == path.parent.resolve(), f"{name}: its {tag} alternate does not link back"
            checked += 1
    assert checked >= 5 * 5 * 29  # every question in every locale names the five locales
