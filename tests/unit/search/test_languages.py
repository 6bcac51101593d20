"""Search per language (kbgen/search/languages.py): the analyzer a site's `language:` picks, what it indexes,
what the browser is told and given, and IRI slugs for titles in other scripts (kbgen/urls.py)."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pytest

from kbgen.load.loader import load_help_center
from kbgen.render.theme import load_theme, search_runtime
from kbgen.search.documents import collect_docs
from kbgen.search.index import Analyzer, build_index
from kbgen.search.languages import ENGLISH, search_language
from kbgen.search.shards import search_transport
from kbgen.search.text import APOSTROPHES
from kbgen.urls import is_slug, question_slug, slugify
from tests.conftest import CONTENT, REPO
from tests.support.language_sites import write_language_site


@pytest.mark.parametrize(
    ("tag", "code"),
    [("de", "de"), ("de-CH", "de"), ("fr-CA", "fr"), ("pt-BR", "pt"), ("nb", "no"), ("ja", "ja"), ("zh-Hant", "zh"),
     ("en", "en"), ("en-GB", "en"), ("ar", "ar"), ("ar-EG", "ar"), ("he", "en"), ("ko", "en")],
)  # fmt: skip
def test_a_tag_picks_its_language_analyzer_or_english(tag: str, code: str) -> None:
    assert search_language(tag).code == code


def test_stop_word_data_is_lunr_languages_lists_folded() -> None:
    script = runpy.run_path(str(REPO / "scripts" / "search-stopwords"), run_name="stopwords")
    committed = (REPO / "kbgen" / "data" / "stopwords.json").read_text(encoding="utf-8")
    assert committed == script["file_text"](script["stop_word_lists"]()), "run scripts/search-stopwords"
    assert set(json.loads(committed)) == {code for code in json.loads(committed) if search_language(code).code == code}


def test_english_index_file_is_as_before() -> None:
    hc, _ = load_help_center(CONTENT)
    head = search_transport(hc).index
    assert head["pipeline"] == {"index": ["stopWordFilter", "stemmer"], "search": ["stemmer"]}
    assert "language" not in head
    assert search_runtime(b"lunr", ENGLISH) == b"lunr"


def test_german_site_indexes_stems_without_stop_words(tmp_path: Path) -> None:
    hc, _ = load_help_center(write_language_site("de", tmp_path / "de"))
    terms = set(build_index(*collect_docs(hc), search_language("de")).terms)
    assert {"ruckerstatt", "bestell", "versand", "liefer"} <= terms  # Rückerstattung(en), Bestellung, Lieferung
    assert not terms & {"und", "der", "die", "ich", "eine", "wie", "von"}
    head = search_transport(hc).index
    assert head["language"] == "de"
    assert head["pipeline"] == {"index": ["kbgen-stop-de", "stemmer-de"], "search": ["stemmer-de"]}
    # a query drops them through the kbgen-stop-de filter the page's search script registers: not sent twice
    assert not {"und", "der", "fur"} & set(head.get("filler", "").split())


def test_arabic_words_meet_with_and_without_their_article() -> None:
    ar = search_language("ar")
    assert ar.index_pipeline == ("kbgen-stop-ar", "stemmer-ar") and ar.scripts[-1] == "min/lunr.ar.min.js"
    # نقاط (points) and النقاط (the points): lunr-languages' Arabic stemmer gives both one stem (its own, قاط)
    assert ar.terms("نقاط") == ar.terms("النقاط") == ["قاط"]
    assert ar.terms("الشحن") == ar.terms("شحن") == ["شحن"]
    assert ar.terms("والتوصيل") == ar.terms("توصيل") == ["توصيل"]
    assert ar.terms("الطلبات") == ar.terms("طلب") == ["طلب"]
    assert ar.terms("في") == []  # a stop word


def test_the_arabic_stemmer_data_is_lunr_languages_own() -> None:
    script = runpy.run_path(str(REPO / "scripts" / "search-arabic"), run_name="arabic")
    source = REPO / "theme" / "node_modules" / "lunr-languages" / "lunr.ar.js"
    expected = script["file_text"](script["tables"](source.read_text(encoding="utf-8")))
    assert (REPO / "kbgen" / "data" / "arabic_stemmer.json").read_text(encoding="utf-8") == expected, (
        "run scripts/search-arabic"
    )


def test_japanese_and_chinese_terms_are_bigrams() -> None:
    ja = search_language("ja")
    # the Japanese run (Han and kana) as its bigrams, the digits as they are
    assert ja.terms("5営業日てお届けします") == [
        "5", "営業", "業日", "日て", "てお", "お届", "届け", "けし", "しま", "ます",
    ]  # fmt: skip
    assert ja.terms("お届け") == ["お届", "届け"]  # the same bigrams alone as in a sentence
    assert ja.terms("ホイント") == ["ホイ", "イン", "ント"]
    assert ja.terms("円") == ["円"] and ja.terms("pop") == ["pop"]
    zh = search_language("zh")
    assert zh.terms("付款成功后") == ["付款", "款成", "成功", "功后"]
    assert zh.terms("满199元") == ["满", "199", "元"]
    assert zh.terms("iphone手机") == ["iphone", "手机"]
    assert zh.terms("𠀀𠀁") == ["𠀀𠀁"]  # astral Han characters pair as characters, not UTF-16 halves


def test_the_page_gets_the_language_scripts_only_for_its_language() -> None:
    lunr = load_theme().assets["js/lunr.min.js"]
    german = search_runtime(lunr, search_language("de"))
    assert german.startswith(lunr)
    assert b"stemmer-de" in german and b"stemmer-fr" not in german and b"Super compact Japanese tokenizer" not in german
    assert german.rstrip().endswith(b'");') and b'kbgenSearchLanguage(lunr, "de", "aber ' in german
    registration = german[german.rindex(b"(function (root, factory)") :]
    assert b"/*" not in registration and b"\n  //" not in registration  # the project's comments stay home
    japanese = search_runtime(lunr, search_language("ja"))
    assert b'kbgenSearchLanguage(lunr, "ja", "");' in japanese and b"stemmer-de" not in japanese
    assert b"Super compact Japanese tokenizer" not in japanese  # bigrams need no segmenter's model
    chinese = search_runtime(lunr, search_language("zh"))
    assert b'kbgenSearchLanguage(lunr, "zh", "");' in chinese


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Buy From Store", "buy-from-store"),
        ("Don’t Café crème", "dont-cafe-creme"),
        ("配送について", "配送について"),
        ("返品・交換", "返品-交換"),
        ("注文（キャンセル）について？", "注文-キャンセル-について"),
        ("الشحن والتوصيل", "الشحن-والتوصيل"),
        ("Доставка и Оплата", "доставка-и-оплата"),
        ("Ελληνικά Θέματα", "ελληνικά-θέματα"),
        ("हिन्दी सहायता", "हिन्दी-सहायता"),
        ("iPhone 配送", "iphone-配送"),
    ],
)
def test_slugs_keep_their_script_and_latin_ones_stay_ascii(title: str, slug: str) -> None:
    assert slugify(title) == slug
    assert is_slug(slug)


def test_slug_rule_rejects_capitals_punctuation_and_accented_latin() -> None:
    for bad in ("Abc", "café", "配送-", "-配送", "配送--返品", "配送。", "Доставка", "a_b"):
        assert not is_slug(bad), bad
    assert question_slug("How do I get a refund?") == "get-refund"


def test_french_and_italian_split_elisions_so_the_word_after_is_found() -> None:
    french, italian = search_language("fr"), search_language("it")
    assert Analyzer(french).terms("l’adhésion d'un membre") == Analyzer(french).terms("adhésion membre")
    assert Analyzer(italian).terms("dell’ordine") == Analyzer(italian).terms("ordine")
    assert french.apostrophes == "" and search_language("en").apostrophes == APOSTROPHES  # the index file says which
    assert Analyzer(search_language("en")).terms("don’t") == ["dont"]  # English keeps "don’t" one word
