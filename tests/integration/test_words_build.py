"""A site in one language that is not English, with no locale set up but `language:` in site.yaml: the theme speaks
it (German words and dates, `lang="de"`), Arabic reads right to left on every page, and the Nu HTML Checker finds
nothing on either. The words themselves are checked in tests/unit/render/test_words.py."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import REPO
from tests.support.translated import build_in

VNU_JAR = REPO / "theme" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: Theme words no page of a site in another language may still show (its content is the content's business).
ENGLISH = ("Skip to content", "Popular questions", "Track a parcel", "Search for answers", '"Help Center"', "Updated ")


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_in("de", tmp_path_factory.mktemp("de"))


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_in("ar", tmp_path_factory.mktemp("ar"))


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_a_german_site_speaks_german(german: Path) -> None:
    home = soup(german, "index.html")
    assert home.html["lang"] == "de" and not home.html.has_attr("dir")
    assert home.find(class_="skip-link").get_text() == "Zum Inhalt springen"
    assert home.h1.get_text() == "Wie können wir helfen?"
    assert home.find(class_="search-input")["placeholder"] == "Antworten suchen"
    assert home.find(class_="count").get_text() == "8 Fragen"
    question = soup(german, "membership/benefits/index.html")
    assert question.find(class_="updated").get_text() == "Aktualisiert am 16. August 2025"
    assert question.find(class_="breadcrumbs")["aria-label"] == "Brotkrümelnavigation"
    track = soup(german, "track/index.html")
    assert [th.get_text() for th in track.find("thead").find_all("th")] == [
        "Versanddienstleister",
        "Beginnt mit",
        "Beispiel",
        "Website",
        "Telefon",
    ]
    words = json.loads(track.find(id="kb-words").string)
    assert words["noResults"] == "Keine Ergebnisse" and words["results"] == {
        "one": "{n} Ergebnis",
        "other": "{n} Ergebnisse",
    }
    assert words["trackCarrier"] == "Diese Sendungsnummer gehört zu {carrier}."
    # the track page's search document speaks German too (kbgen/search/documents.py)
    index = (german / "search" / "index.json").read_text(encoding="utf-8")
    assert ["track", "Paket verfolgen"] in json.loads(index)["sections"]
    assert "welcher Versanddienstleister Ihr Paket zustellt" in index and "Which carrier" not in index
    for path in sorted(german.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        assert not [word for word in ENGLISH if word in html], path


def test_an_arabic_site_reads_right_to_left_on_every_page(arabic: Path) -> None:
    pages = sorted(arabic.rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        html = soup(arabic, path.relative_to(arabic).as_posix()).html
        assert (html["lang"], html.get("dir")) == ("ar", "rtl"), path
    question = soup(arabic, "membership/benefits/index.html")
    assert question.find(class_="updated").get_text() == "حُدّث في 16 أغسطس 2025"
    assert soup(arabic, "index.html").find(class_="count").get_text() == "8 أسئلة"


@pytest.mark.slow
def test_nu_html_checker_finds_nothing_on_the_german_and_arabic_sites(german: Path, arabic: Path) -> None:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java not found: the Nu HTML Checker needs a JRE (apt-get install default-jre-headless)")
    run = subprocess.run(
        [java, "-Xss2m", "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html", str(german), str(arabic)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    # as tests/integration/test_html_valid.py: a meta CSP judged against file: URLs is an artefact of checking files
    found = [m for m in messages if m.get("type") != "info" or "Content Security Policy" not in m["message"]]
    assert found == [], "\n".join(f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['message']}" for m in found)
