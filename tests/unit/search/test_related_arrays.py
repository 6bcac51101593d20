"""Related questions computed with numpy (kbgen/search/related_arrays.py) against the Python loops of
kbgen/search/related.py: the same candidates with bit-identical scores, so the picks never depend on which ran."""

from __future__ import annotations

import pytest

from kbgen.search import related
from kbgen.search.documents import collect_docs
from kbgen.search.index import build_index
from kbgen.search.related import related_questions


def test_arrays_give_the_loops_picks_float_for_float(monkeypatch: pytest.MonkeyPatch) -> None:
    from kbgen.search.related_arrays import array_candidates
    from tests.support.corpus import generate_help_center

    # 1,500 questions: common words' lists are cut (shortlists rescored), rare ones are not
    hc = generate_help_center(1_500)
    sections, docs = collect_docs(hc)
    built = build_index(sections, docs)
    questions = [number for number, doc in enumerate(docs) if doc.slug]
    for holders in (3, 32, 10_000):
        loops = list(related.candidate_scores(built, questions, holders=holders))
        arrays = array_candidates(built, questions, related.SIMILARITY_FIELDS, 5, 16, holders)
        assert arrays == loops  # the same candidates with bit-identical scores
    by_loops = related_questions(sections, docs, built)
    monkeypatch.setattr(related, "ARRAYS_FROM", 0)
    assert related_questions(sections, docs, built) == by_loops
