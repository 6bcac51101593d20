"""Synonyms per locale in a build: each locale's search index has its own groups and its language's shop
vocabulary, and a locale's group that can never match is a build warning at its site.yaml line."""

from __future__ import annotations

import json
from pathlib import Path

from kbgen.pipeline import build_site
from kbgen.search.shards import unpack_synonyms

SITE = """\
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
"""
FILES = {
    "site.yaml": SITE,
    "sections/01-orders/_section.yaml": "title: Orders\n",
    "sections/01-orders/_section.fr.yaml": "title: Commandes\n",
    "sections/01-orders/01-lost.md": "---\nquestion: My parcel is lost\n---\nWrite to us: a refund follows.\n",
    "sections/01-orders/01-lost.fr.md": "---\nquestion: Mon colis est perdu\n---\nÉcrivez-nous : le remboursement suit.\n",
}


def test_each_locale_index_has_its_own_synonyms_and_warns_at_its_line(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for name, text in FILES.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, encoding="utf-8")
    result = build_site(content, tmp_path / "out", cache=False, workers=1)
    unmatched = [w for w in result.warnings if w.code == "unmatched-synonyms"]
    assert [(Path(w.path).name, w.line) for w in unmatched] == [("site.yaml", 11)]
    assert "zeppelin" in unmatched[0].message
    english = json.loads((tmp_path / "out" / "search" / "index.json").read_text(encoding="utf-8"))
    french = json.loads((tmp_path / "out" / "fr" / "search" / "index.json").read_text(encoding="utf-8"))
    assert [["parcel"], ["box"]] in unpack_synonyms(english["synonyms"])
    groups = unpack_synonyms(french["synonyms"])
    assert groups[0] == [["colis"], ["carton"]] and [["colis"], ["paquet"]] in groups
    assert not any(["parcel"] in group for group in groups)
