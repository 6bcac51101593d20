"""The shipped shop-help vocabularies (kbgen/data/shop_vocabulary.yaml, one per language) and how a site and its
locales extend them or switch them off."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from kbgen.errors import ContentError
from kbgen.load.loader import load_help_center
from kbgen.load.vocabulary import (
    NO_VOCABULARY,
    VOCABULARY_PATH,
    language_vocabulary,
    shop_vocabulary,
    vocabulary_path,
)
from kbgen.model import Source
from kbgen.search.documents import collect_docs
from kbgen.search.index import build_index
from kbgen.search.languages import search_language
from kbgen.search.shards import search_transport, unpack_synonyms
from kbgen.search.synonyms import can_match, content_warnings, search_filler, search_synonyms, synonym_warnings
from kbgen.search.text import fold_text
from tests.conftest import REPO
from tests.unit.search.test_search import fixture_help_center


def test_vocabulary_is_valid_and_general() -> None:
    vocab = shop_vocabulary()
    assert len(vocab.synonyms) >= 30
    assert all(len(group) >= 2 for group in vocab.synonyms)
    words = {w for group in vocab.synonyms for w in group}
    # the areas of any shop's help center
    for word in ("postage", "courier", "parcel", "refund", "exchange", "faulty", "payment", "login", "vpn", "loyalty"):
        assert word in words, word
    # nothing of the shipped site's own (brand, product line, its carriers)
    for word in ("pop mart", "blind box", "labubu", "yunexpress", "figurine"):
        assert word not in words, word
    assert "know" in vocab.filler


def test_a_bad_vocabulary_group_is_reported(tmp_path) -> None:
    bad = tmp_path / "shop_vocabulary.yaml"
    bad.write_text(yaml.safe_dump({"synonyms": [["parcel", "package"], ["alone"]]}), encoding="utf-8")
    with pytest.raises(ValueError, match="synonyms group 2 must be a list of two or more words"):
        shop_vocabulary(bad)


def test_only_groups_the_index_can_match_ship() -> None:
    terms = {"parcel", "refund"}
    assert can_match(["parcel", "packet"], terms)
    assert can_match(["reimburse", "refund"], terms)
    assert not can_match(["coupon", "promo code"], terms)
    # a phrase matches when its words (stop words aside) are all terms
    assert can_match(["send back", "parcel"], terms)
    assert not can_match(["money back", "cash"], terms)


def test_site_groups_come_first_and_the_switch_turns_the_vocabulary_off() -> None:
    hc = fixture_help_center()
    terms = set(build_index(*collect_docs(hc)).terms)
    on = search_synonyms(hc.site, terms)
    assert on[:2] == [[["refund"], ["return"], ["money", "back"]], [["parcel"], ["package"], ["order"]]]
    assert len(on) > 2
    off_site = dataclasses.replace(hc.site, vocabulary=None)
    assert search_synonyms(off_site, terms) == on[:2]
    assert search_filler(off_site) == []
    assert "filler" not in search_transport(dataclasses.replace(hc, site=off_site)).index


def test_a_site_group_that_can_never_match_is_a_site_yaml_line_warning(monkeypatch) -> None:
    monkeypatch.chdir(REPO)  # the shipped content, named as an editor in the repository sees it
    hc, _ = load_help_center("content")
    terms = set(build_index(*collect_docs(hc)).terms)
    assert synonym_warnings(hc.site, terms) == []
    site = dataclasses.replace(
        hc.site,
        synonyms=(*hc.site.synonyms, ("zeppelin", "airship")),
        synonym_sources=(*hc.site.synonym_sources, Source("content/site.yaml", 40)),
    )
    [problem] = synonym_warnings(site, terms)
    assert (problem.path, problem.line, problem.warning) == ("content/site.yaml", 40, True)
    assert "zeppelin" in problem.message and "can never match" in problem.message


def test_synonym_sources_are_the_groups_lines(monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    hc, _ = load_help_center("content")
    lines = Path("content/site.yaml").read_text(encoding="utf-8").splitlines()
    for group, source in zip(hc.site.synonyms, hc.site.synonym_sources):
        assert source.path.endswith("site.yaml")
        assert group[0] in lines[source.line - 1].lower(), (group, source)


# --- per language and per locale ---


def test_each_language_has_its_own_shipped_vocabulary() -> None:
    assert vocabulary_path("en-GB") == VOCABULARY_PATH
    assert vocabulary_path("fr-CA").name == "shop_vocabulary.fr.yaml"
    for tag, words in {
        "fr": ("colis", "remboursement", "livraison", "annuler", "suivi", "paquet", "expedition"),
        "de": ("paket", "ruckerstattung", "versand", "stornieren"),
        "es": ("paquete", "reembolso", "envio", "cancelar"),
    }.items():
        vocab = language_vocabulary(tag)
        assert len(vocab.synonyms) >= 35 and vocab.filler, tag
        folded = {fold_text(w) for group in vocab.synonyms for w in group}
        assert set(words) <= folded, (tag, set(words) - folded)
        assert not folded & {"parcel", "refund", "shipping"}, tag  # no English words
    # a language kbgen ships no words in gets none, not another language's; an invalid tag names no file
    assert language_vocabulary("it") == language_vocabulary("日本") == NO_VOCABULARY


def test_the_japanese_vocabulary_holds_two_kanji_words_only() -> None:
    """A typed Japanese word meets a group by its first bigram: a longer member would fire for every word sharing
    its first two characters."""
    groups = language_vocabulary("ja").synonyms
    assert len(groups) >= 20
    for member in (member for group in groups for member in group):
        assert len(member) == 2 and search_language("ja").terms(member) == [member], member


@pytest.mark.parametrize("tag", ["en", "fr", "de", "es", "ja"])
def test_every_member_of_a_shipped_vocabulary_can_be_searched(tag: str) -> None:
    """No member is all stop words once folded (German `ändern` folds to `andern`, "other"): it could never match."""
    language = search_language(tag)
    for group in language_vocabulary(tag).synonyms:
        for member in group:
            assert [t for w in fold_text(member).split() for t in language.terms(w)], (tag, member)
    assert not [w for w in language_vocabulary(tag).filler if fold_text(w) in language.stop_words], tag


LOCALES_SITE = """\
title: Help
language: en
contact:
  email: help@example.org
synonyms:
  - [parcel, box]
locales:
  - tag: fr
    synonyms:
      - [colis, carton]
      - [zeppelin, dirigeable]
  - tag: en-CA
  - tag: fr-CA
"""


def _locales_site(folder: Path) -> Path:
    (folder / "sections" / "01-orders").mkdir(parents=True)
    (folder / "site.yaml").write_text(LOCALES_SITE, encoding="utf-8")
    (folder / "sections" / "01-orders" / "_section.yaml").write_text("title: Orders\n", encoding="utf-8")
    (folder / "sections" / "01-orders" / "_section.fr.yaml").write_text("title: Commandes\n", encoding="utf-8")
    (folder / "sections" / "01-orders" / "01-lost.md").write_text(
        "---\nquestion: My parcel is lost\n---\nWrite to us with your order number and a refund follows.\n",
        encoding="utf-8",
    )
    (folder / "sections" / "01-orders" / "01-lost.fr.md").write_text(
        "---\nquestion: Mon colis est perdu\n---\nÉcrivez-nous avec le numéro de commande : le remboursement suit.\n",
        encoding="utf-8",
    )
    return folder


def test_a_french_locale_ships_its_own_groups_and_the_french_vocabulary(tmp_path) -> None:
    hc, _ = load_help_center(_locales_site(tmp_path / "content"))
    locales = {t.locale.tag: t.hc for t in hc.translations}
    english = unpack_synonyms(search_transport(hc).index["synonyms"])
    french = unpack_synonyms(search_transport(locales["fr"]).index["synonyms"])
    assert [["parcel"], ["box"]] in english and not any(["colis"] in group for group in english)
    # the locale's own group first, then the shipped French ones its index can match; no English group
    assert french[0] == [["colis"], ["carton"]]
    assert [["colis"], ["paquet"]] in french
    assert [["remboursement"], ["rembourser"], ["recuperer", "mon", "argent"], ["retrofacturation"]] in french
    assert [["perdu"] in group for group in french].count(True) == 1
    assert not any(["parcel"] in group or ["refund"] in group for group in french)
    assert "merci" in search_transport(locales["fr"]).index["filler"].split()
    # a locale of the same language takes its groups along its chain: fr-CA fr's, en-CA the default's
    assert [["colis"], ["carton"]] in unpack_synonyms(search_transport(locales["fr-CA"]).index["synonyms"])
    en_ca = unpack_synonyms(search_transport(locales["en-CA"]).index["synonyms"])
    assert en_ca[0] == [["parcel"], ["box"]] and not any(["colis"] in group for group in en_ca)


def test_a_locale_group_that_can_never_match_is_a_warning_at_its_line(tmp_path) -> None:
    content = _locales_site(tmp_path / "content")
    hc, _ = load_help_center(content)
    warnings = content_warnings(hc)
    # the zeppelin group, once: fr-CA searches with it too, but it is written under fr
    assert [(Path(w.path).name, w.line, w.code) for w in warnings] == [("site.yaml", 11, "unmatched-synonyms")]
    assert "zeppelin" in warnings[0].message
    assert LOCALES_SITE.splitlines()[10].strip() == "- [zeppelin, dirigeable]"


def test_a_locale_synonyms_item_that_is_no_group_is_an_error(tmp_path) -> None:
    content = _locales_site(tmp_path / "content")
    (content / "site.yaml").write_text(LOCALES_SITE.replace("- [colis, carton]", "- colis"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_help_center(content)
    [error] = caught.value.problems
    assert (Path(error.path).name, error.line) == ("site.yaml", 10)  # the item's own line, under `synonyms:`
    assert LOCALES_SITE.replace("- [colis, carton]", "- colis").splitlines()[9].strip() == "- colis"
    assert "each synonyms item must be a list of two or more words" in error.message


def test_shop_vocabulary_false_switches_every_locale_s_off(tmp_path) -> None:
    content = _locales_site(tmp_path / "content")
    (content / "site.yaml").write_text(LOCALES_SITE + "shop_vocabulary: false\n", encoding="utf-8")
    hc, _ = load_help_center(content)
    french = next(t.hc for t in hc.translations if t.locale.tag == "fr")
    assert unpack_synonyms(search_transport(french).index["synonyms"]) == [[["colis"], ["carton"]]]
