"""Editing one answer rewrites few search files (kbgen/search/shards.py).

A static host and the browsers' caches keep every search file under its
content-hashed name, so each file an edit renames is one more to upload and to
fetch again. An edited answer may rename only the head, the one group of
document files holding the answer, and the term shards of the words whose
postings changed (and at most a neighbour of each, where a content-defined cut
moved).
"""

from __future__ import annotations

import dataclasses
import json
import random
from bisect import bisect_right
from collections import Counter

import pytest

from kbgen.model import HelpCenter
from kbgen.search.index import Analyzer
from kbgen.search.shards import INDEX_PATH, SearchFiles, SearchLimits, build_search_files, shard_ends
from kbgen.search.text import html_to_text
from tests.support.corpus import generate_help_center
from tests.unit.search.test_search import _vocabulary


def with_answer(hc: HelpCenter, section: int, number: int, answer_html: str) -> HelpCenter:
    """`hc` with one question's answer replaced."""
    old = hc.sections[section]
    questions = list(old.questions)
    questions[number] = dataclasses.replace(questions[number], answer_html=answer_html)
    sections = list(hc.sections)
    sections[section] = dataclasses.replace(old, questions=tuple(questions))
    return dataclasses.replace(hc, sections=tuple(sections))


def renamed(before: SearchFiles, after: SearchFiles) -> tuple[set[str], set[str]]:
    """Paths of the parts written anew, and of the parts no longer written."""
    old, new = dict(before.parts), dict(after.parts)
    written = {name for name, data in new.items() if old.get(name) != data}
    return written, set(old) - set(new)


def changed_terms(before_html: str, after_html: str) -> set[str]:
    """Terms whose frequency in the answer differs between the two versions."""
    analyzer = Analyzer()
    before = Counter(analyzer.terms(html_to_text(before_html)))
    after = Counter(analyzer.terms(html_to_text(after_html)))
    return {term for term in before | after if before[term] != after[term]}


@pytest.fixture(scope="module")
def site() -> tuple[HelpCenter, SearchFiles]:
    hc = generate_help_center(1_000)
    return hc, build_search_files(hc)


def shards_of(files: SearchFiles, terms: set[str]) -> set[str]:
    """Paths of the term shards holding those of `terms` in the index."""
    index = json.loads(files.index[1])
    numbers = [number for number, term in enumerate(vocabulary(files)) if term in terms]
    firsts = [first for first, _ in index["shards"]]
    return {f"assets/search/{index['shards'][bisect_right(firsts, number) - 1][1]}" for number in numbers}


def vocabulary(files: SearchFiles) -> list[str]:
    """The split index's terms, from its vocabulary blocks."""
    return _vocabulary(
        json.loads(files.index[1]), {name.removeprefix("assets/search/"): data for name, data in files.parts}
    )


EDITS = {
    "a sentence added, with a new word": lambda html: html.replace("</p>", " Zyxwvut parcels arrive quickly.</p>", 1),
    "a word replaced": lambda html: html.replace(" ", " refund ", 1),
    "the first sentence cut": lambda html: "<p>" + html[3:].split(". ", 1)[-1],
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_one_answer_edit_rewrites_few_search_files(site, edit: str) -> None:
    hc, before = site
    rng = random.Random(edit)
    section = rng.randrange(len(hc.sections))
    number = rng.randrange(len(hc.sections[section].questions))
    old_html = hc.sections[section].questions[number].answer_html
    new_html = EDITS[edit](old_html)
    assert new_html != old_html
    after = build_search_files(with_answer(hc, section, number, new_html))
    written, gone = renamed(before, after)
    assert after.index[0] == before.index[0] == INDEX_PATH

    docs = {name for name in written if name.startswith("assets/search/docs/")}
    groups = {name.rsplit("-", 1)[0] for name in docs}
    assert len(groups) == 1 and len(docs) <= SearchLimits().doc_group_files, "one group of document files"

    shards = written - docs
    terms = changed_terms(old_html, new_html)
    assert shards_of(before, terms) <= gone, "the shards that held the changed terms are gone"
    own = shards_of(after, terms)
    assert own <= shards, "the shards holding the changed terms are new"
    vanished = terms - set(vocabulary(after))
    words = {name for name in shards if name.startswith("assets/search/words/")}
    shards -= words
    assert len(shards) <= len(own) + len(vanished) + 2, f"{len(shards)} shards rewritten, {len(own)} hold a change"
    # a vocabulary block changes only where a word came or went (and now and then its neighbour, where a cut moved)
    new_words = terms - vanished - set(vocabulary(before))
    assert len(words) <= 2 * (len(vanished) + len(new_words)), f"{len(words)} vocabulary blocks rewritten"
    assert len(gone) == len(written), "every rewritten part replaces one"
    assert len(written) + 1 <= SearchLimits().doc_group_files + len(terms) + len(words) + 3 < len(after.parts) // 10


def test_an_edit_of_stop_words_only_renames_no_shard(site) -> None:
    hc, before = site
    html = hc.sections[3].questions[4].answer_html
    edited = html.replace("</p>", " and the of it.</p>", 1)
    written, _ = renamed(before, build_search_files(with_answer(hc, 3, 4, edited)))
    assert written and all(name.startswith("assets/search/docs/") for name in written)


def test_shard_cuts_move_only_near_a_changed_term() -> None:
    rng = random.Random(4)
    terms = sorted({"".join(rng.choice("abcdefghij") for _ in range(rng.randint(2, 9))) for _ in range(6000)})
    sizes = [max(1, int(rng.paretovariate(1.1))) for _ in terms]
    cuts = list(shard_ends(terms, sizes, 200))
    assert len(cuts) > 20 and cuts[-1] == len(terms)
    for changed in rng.sample(range(len(terms)), 30):
        grown = sizes.copy()
        grown[changed] += rng.randint(1, 3)
        moved = set(shard_ends(terms, grown, 200)) ^ set(cuts)
        # cuts before the changed term stay; after it they fall in place again within a few cuts
        assert all(cut > changed for cut in moved)
        later = [cut for cut in cuts if cut > changed]
        assert len([cut for cut in moved if cut > (later[2] if len(later) > 2 else len(terms))]) == 0
