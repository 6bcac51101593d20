"""The shipped shop-help vocabulary (kbgen/data/shop_vocabulary.yaml) and how a site extends or switches it off."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from kbgen.load.loader import load_help_center
from kbgen.load.vocabulary import shop_vocabulary
from kbgen.model import Source
from kbgen.search.documents import collect_docs
from kbgen.search.index import build_index
from kbgen.search.shards import search_transport
from kbgen.search.synonyms import can_match, search_filler, search_synonyms, synonym_warnings
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
