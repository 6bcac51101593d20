"""The search index updated from the last build's (kbgen/search/incremental.py) equals a cold build's.

Seeded random sequences of edits (answers, questions, tags), additions, deletions, renames (a new slug)
and section renames: after each step the updated index equals `build_index` of the same documents in
every part (postings and their dict order, lengths, vocabulary), the search files are a cold build's
byte for byte (with small shards, so reused and re-encoded shards are both exercised), and the related
questions are the same.
"""

from __future__ import annotations

import dataclasses
import math
import random

import pytest

from kbgen.model import HelpCenter, Question
from kbgen.search.documents import collect_docs
from kbgen.search.incremental import (
    IndexMemory,
    SiteIndex,
    field_totals,
    forget_memories,
    kept_memory,
    memory_bytes,
    memory_from_bytes,
    site_index,
    update_index,
)
from kbgen.search.index import BuiltIndex, build_index
from kbgen.search.languages import ENGLISH
from kbgen.search.related import related_for
from kbgen.search.shards import SearchLimits, build_search_files
from tests.support.corpus import generate_help_center

SMALL = SearchLimits(inline_text=0, shard_postings=200, doc_file_chars=1_000)


def parts(built: BuiltIndex) -> tuple[object, ...]:
    """Everything of an index, the order of each field's terms included."""
    return built.refs, [list(p.items()) for p in built.postings], built.doc_bits, built.lengths, built.terms


def kept_index(hc: HelpCenter, key: str) -> SiteIndex:
    """The index of `hc`, kept under `key` for the next `site_index` (a process keeps it from its second build on)."""
    forget_memories()
    site_index(hc, key)
    index = site_index(hc, key)
    assert kept_memory(key) is index.memory
    return index


def with_questions(hc: HelpCenter, number: int, questions: list[Question]) -> HelpCenter:
    sections = list(hc.sections)
    sections[number] = dataclasses.replace(sections[number], questions=tuple(questions))
    return dataclasses.replace(hc, sections=tuple(sections))


def random_change(hc: HelpCenter, rng: random.Random, step: int) -> tuple[str, HelpCenter]:
    """One seeded change of the kinds an editor makes."""
    number = rng.randrange(len(hc.sections))
    section = hc.sections[number]
    questions = list(section.questions)
    at = rng.randrange(len(questions))
    donor = rng.choice(rng.choice(hc.sections).questions)
    kind = rng.choice(["answer", "answer", "answer", "question", "tags", "add", "delete", "rename", "section"])
    if kind == "answer":  # a sentence from another answer, a new word, part of the old answer
        words = questions[at].answer_html.removeprefix("<p>").removesuffix("</p>").split()
        cut = words[: rng.randrange(len(words) + 1)]
        html = "<p>" + " ".join(cut + donor.answer_html.split()[1:6] + [f"zyx{step}"]) + "</p>"
        questions[at] = dataclasses.replace(questions[at], answer_html=html)
    elif kind == "question":
        questions[at] = dataclasses.replace(questions[at], question=f"{donor.question} {step}")
    elif kind == "tags":
        questions[at] = dataclasses.replace(questions[at], tags=(*donor.tags, f"tag{step}"))
    elif kind == "add":
        questions.insert(at, dataclasses.replace(donor, slug=f"added-{step}"))
    elif kind == "delete" and len(questions) > 1:
        del questions[at]
    elif kind == "rename":
        questions[at] = dataclasses.replace(questions[at], slug=f"renamed-{step}-{questions[at].slug}")
    elif kind == "section":
        sections = list(hc.sections)
        sections[number] = dataclasses.replace(section, title=f"{section.title} {donor.question.split()[0]}")
        return kind, dataclasses.replace(hc, sections=tuple(sections))
    return kind, with_questions(hc, number, questions)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_updated_index_equals_a_cold_build_over_random_changes(seed: int) -> None:
    hc = generate_help_center(120, seed=seed)
    rng = random.Random(seed)
    key = f"test-incremental-{seed}"
    index = kept_index(hc, key)
    build_search_files(hc, SMALL, index)  # the shards the next update may reuse
    kinds = set()
    for step in range(40):
        kind, hc = random_change(hc, rng, step)
        kinds.add(kind)
        index = site_index(hc, key)
        sections, docs = collect_docs(hc)
        cold = build_index(sections, docs)
        assert parts(index.built) == parts(cold), (step, kind)
        assert index.memory.totals == tuple(map(sum, cold.lengths))
        assert build_search_files(hc, SMALL, index) == build_search_files(hc, SMALL), (step, kind)
        if step % 8 == 0:
            assert related_for(hc, index=index) == related_for(hc), (step, kind)
    assert kinds >= {"answer", "question", "tags", "add", "delete", "rename", "section"}


def test_an_edit_reuses_the_shards_of_unchanged_terms() -> None:
    hc = generate_help_center(300)
    index = kept_index(hc, "test-incremental-reuse")
    first = dict(build_search_files(hc, SMALL, index).parts)
    section = hc.sections[3]
    answer = section.questions[0].answer_html.replace("</p>", " Parcels zyxwvut arrive quickly.</p>", 1)
    edited = dataclasses.replace(section.questions[0], answer_html=answer)
    hc = with_questions(hc, 3, [edited, *section.questions[1:]])
    index = site_index(hc, "test-incremental-reuse")
    assert 0 < len(index.memory.changed or ()) <= 4
    kept = dict(index.memory.shards)
    files = build_search_files(hc, SMALL, index)
    assert files == build_search_files(hc, SMALL)
    reused = [data for data in index.memory.shards.values() if any(data is old for old in kept.values())]
    assert len(reused) > len(index.memory.shards) // 2  # most shards were not encoded again
    assert len(set(dict(files.parts)) - set(first)) < len(first) // 4


def test_no_change_returns_the_same_index() -> None:
    hc = generate_help_center(60)
    sections, docs = collect_docs(hc)
    memory = update_index(sections, docs, ENGLISH, None)
    again = update_index(sections, docs, ENGLISH, memory)
    assert again.built is memory.built and again.changed == frozenset()


def test_another_language_is_built_cold() -> None:
    hc = generate_help_center(30)
    sections, docs = collect_docs(hc)
    memory = dataclasses.replace(update_index(sections, docs, ENGLISH, None), language="de")
    assert update_index(sections, docs, ENGLISH, memory).changed is None


def test_field_totals_stay_exact_under_removal_and_addition() -> None:
    """Integer totals updated by differences equal the sums, and the averages derived from them are the
    same floats as a cold build's, bit for bit."""
    hc = generate_help_center(200)
    sections, docs = collect_docs(hc)
    memory: IndexMemory = update_index(sections, docs, ENGLISH, None)
    rng = random.Random(7)
    for step in range(30):
        docs = list(docs)
        at = rng.randrange(len(docs))
        docs[at] = dataclasses.replace(docs[at], text=" ".join(rng.sample(docs[at].text.split(), 5)) + f" w{step}")
        memory = update_index(sections, docs, ENGLISH, memory)
        cold = build_index(sections, docs)
        assert memory.totals == field_totals(memory.analyses, 4) == tuple(map(sum, cold.lengths))
        for total, lengths in zip(memory.totals, cold.lengths, strict=True):
            assert (total / len(lengths)).hex() == (sum(lengths) / len(lengths)).hex()
        # document frequencies are the postings' lengths: idf as a cold build derives it
        counts = memory.built.document_counts()
        assert counts == cold.document_counts()
        term = rng.choice(cold.terms)
        assert _idf(len(docs), counts[term]).hex() == _idf(len(docs), sum(map(len, _postings(cold, term)))).hex()


def _idf(documents: int, holding: int) -> float:
    """lunr's idf (what the browser and related.py derive from the integer counts)."""
    return math.log(1 + (documents - holding + 0.5) / (holding + 0.5))


def _postings(built: BuiltIndex, term: str) -> list[list[int]]:
    return [field[term] for field in built.postings if term in field]


def test_each_key_keeps_its_own_memory() -> None:
    """Two keys keep two memories: a locale's index never updates from another's."""
    a, b = generate_help_center(40, seed=1), generate_help_center(40, seed=2)
    first = kept_index(a, "test-incremental-a")
    site_index(b, "test-incremental-b")
    site_index(b, "test-incremental-b")
    again: SiteIndex = site_index(a, "test-incremental-a")
    assert again.built is first.built


def test_a_deleted_section_keeps_the_index_exact() -> None:
    hc = generate_help_center(90)
    index = kept_index(hc, "test-incremental-sections")
    hc = dataclasses.replace(hc, sections=tuple(s for n, s in enumerate(hc.sections) if n != 1))
    index = site_index(hc, "test-incremental-sections")
    assert parts(index.built) == parts(build_index(*collect_docs(hc)))


def test_the_memory_read_back_from_bytes_updates_like_the_one_in_process() -> None:
    hc = generate_help_center(80)
    sections, docs = collect_docs(hc)
    memory = update_index(sections, docs, ENGLISH, None)
    stored = memory_from_bytes(memory_bytes(memory))
    assert stored is not None and parts(stored.built) == parts(memory.built) and stored.totals == memory.totals
    docs[3] = dataclasses.replace(docs[3], text=docs[3].text + " zyxwvut")
    assert parts(update_index(sections, docs, ENGLISH, stored).built) == parts(build_index(sections, docs))


def test_bytes_of_another_kind_are_no_memory() -> None:
    hc = generate_help_center(20)
    data = memory_bytes(update_index(*collect_docs(hc), ENGLISH, None))
    assert memory_from_bytes(data[: len(data) // 2]) is None
    assert memory_from_bytes(b"not a kept index") is None
