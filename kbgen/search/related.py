"""Related questions: for every question, the 3-5 questions of any section that are most like it.

Owns `related_questions` (from the search documents and their built index) and
`related_for` (from a help center). Pure and deterministic: the same content
gives the same picks, whatever the order the files were read in.

The measure is the cosine similarity of BM25-weighted term vectors, built from
what the search index already holds (its postings, term frequencies and field
lengths). A question's vector has, per term, `idf × Σ boost × BM25 tf` over
three fields: the question (boost 8), its tags (4) and its answer (1), the
boosts search ranks with. Why this measure:

- BM25's saturating term frequency keeps a long answer that repeats a word
  ("order" six times) from outweighing a short one that names it once, and its
  length normalisation keeps long answers from being like everything;
- idf makes shared rare words ("labubu", "yunexpress") count and shared common
  ones ("order", "please") count little, as a shopper reads them;
- the boosts make two questions about the same thing (a shared word in both
  titles) more alike than two answers that mention it in passing, and are the
  weights a search for the question's own words would rank by;
- cosine, not a raw dot product, so a question with a long answer is not
  "related" to everything.

The section field is left out of the vectors: every question of a section
shares its title, which would make a section's questions related to each
other and nothing else. The question's own section is the tie-break instead:
between equal scores, a question of the same section comes first, then the
earlier one in URL order.

Picks: the three best always (padded, when fewer than three questions share a
weighted term, with the questions of its section that follow it in URL order,
wrapping round, and then the help center's first questions), a fourth and
fifth when they score at least `keep` of the best. Never the question itself; section intros and the
carrier page are not candidates.

Speed: as Lucene's MoreLikeThis does, each question looks for candidates
through its `terms` heaviest terms only (the words that say what it is about),
and the score is the cosine over those terms. Each term's list of questions is
cut to the `holders` questions it weighs most in, so the work grows with the
help center, not with its square; where a list was cut, the likeliest
candidates are scored again over all of the question's heaviest terms. On the
shipped help center no list is cut, and the picks are the same questions as
with every term counted (a few in another order). From `ARRAYS_FROM` questions
up, the candidates and their scores come from related_arrays.py, which does the
same arithmetic with numpy in the same order (the same floats, tested): 10,000
generated questions take about a second there, three to four in these loops.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import reduce
from itertools import repeat
from operator import add, itemgetter, mul

from kbgen.model import HelpCenter
from kbgen.search.documents import FIELDS, SearchDoc, SearchSection, doc_url
from kbgen.search.incremental import SiteIndex, site_index
from kbgen.search.index import BM25_B, BM25_K1, BuiltIndex

__all__ = ["related_for", "related_questions"]

#: The fields a question's vector is built from, and their weights (the index's boosts); not the section.
SIMILARITY_FIELDS = ("question", "tags", "answer")
#: Scores closer than this are equal, so the tie-break decides rather than the last bits of a float.
_TIE = 1e-9
#: From this many questions on, the candidates are computed with arrays (related_arrays.py, the same floats):
#: below, the Python loops take little and a build does not load numpy.
ARRAYS_FROM = 2_000
#: The same for a rebuild in a process that built before (`kbgen serve`): numpy's import is paid once there, and the
#: arrays save a tenth of a second per rebuild from about a thousand questions.
REBUILD_ARRAYS_FROM = 500
#: The weight of a `(key, weight)` pair; sorts stable on it keep ties in the (deterministic) order they came in.
_WEIGHT = itemgetter(1)


def related_for(
    hc: HelpCenter, least: int = 3, most: int = 5, index: SiteIndex | None = None, arrays_from: int | None = None
) -> dict[str, tuple[str, ...]]:
    """Per question URL (`section/question/`), the URLs of its related questions, best first.

    From `index` (the help center's search index, `incremental.site_index`) when given, else from one built here;
    with numpy from `arrays_from` questions up (default `ARRAYS_FROM`: the same picks either way)."""
    index = index if index is not None else site_index(hc)
    kept = index.memory.related  # an index a rebuild left unchanged has its related questions already
    if (least, most) not in kept:
        built = index.built
        kept[least, most] = related_questions(index.sections, index.docs, built, least, most, arrays_from=arrays_from)
    return kept[least, most]


def related_questions(
    sections: Sequence[SearchSection],
    docs: Sequence[SearchDoc],
    built: BuiltIndex,
    least: int = 3,
    most: int = 5,
    keep: float = 0.5,
    terms: int = 16,
    holders: int = 32,
    arrays_from: int | None = None,
) -> dict[str, tuple[str, ...]]:
    """Per question URL, its `least` to `most` related question URLs, best first (see the module docstring)."""
    questions = [number for number, doc in enumerate(docs) if doc.slug]
    section_of = [docs[number].section for number in questions]
    by_section: dict[int, list[int]] = {}
    for position, section in enumerate(section_of):
        by_section.setdefault(section, []).append(position)
    section_list = list(sections)
    urls = [doc_url(section_list, docs[number]) for number in questions]
    if len(questions) >= (ARRAYS_FROM if arrays_from is None else arrays_from):
        from kbgen.search.related_arrays import array_candidates  # numpy: loaded for large help centers only

        candidates: Iterable[dict[int, float]] = array_candidates(
            built, questions, SIMILARITY_FIELDS, most, terms, holders
        )
    else:
        candidates = candidate_scores(built, questions, most, terms, holders)
    related: dict[str, tuple[str, ...]] = {}
    for position, found in enumerate(candidates):
        own = section_of[position]
        best = heapq.nsmallest(
            most, found.items(), key=lambda item: (-round(item[1], 9), section_of[item[0]] != own, item[0])
        )
        picked = [other for n, (other, score) in enumerate(best) if n < least or score >= keep * best[0][1] - _TIE]
        if len(picked) < least:
            picked += _padding(position, by_section[own], len(questions), picked, least - len(picked))
        related[urls[position]] = tuple(urls[other] for other in picked)
    return related


def candidate_scores(
    built: BuiltIndex, questions: list[int], most: int = 5, terms: int = 16, holders: int = 32
) -> Iterator[dict[int, float]]:
    """Per question (its position in `questions`), its candidates' positions and their scores: every question
    reached through its `terms` heaviest terms, or where a list was cut, the `2 × most` likeliest rescored."""
    by_term = _term_weights(built, questions)
    vectors: list[dict[str, float]] = [{} for _ in questions]
    for term, weights in by_term.items():
        for position, weight in weights.items():
            vectors[position][term] = weight
    # per term, the `holders` questions it weighs most in: candidates are looked for there only
    cut = {term for term, weights in by_term.items() if len(weights) > holders}
    postings = {term: list(weights.items()) for term, weights in by_term.items() if term not in cut}
    for term in cut:
        postings[term] = sorted(by_term[term].items(), key=_WEIGHT, reverse=True)[:holders]
    for position, vector in enumerate(vectors):
        # the terms that say what the question is about
        top = sorted(vector.items(), key=_WEIGHT, reverse=True)[:terms]
        found: dict[int, float] = defaultdict(float)
        for term, weight in top:
            for other, other_weight in postings[term]:
                found[other] += weight * other_weight
        found.pop(position, None)
        if any(term in cut for term, _ in top):
            # some candidates were reached through only part of their terms: score the likeliest over all of `top`
            shortlist = sorted(found.items(), key=_WEIGHT, reverse=True)[: 2 * most]
            words, weights = [t for t, _ in top], [w for _, w in top]
            # added left to right as the arrays add (Python 3.12's sum() of floats compensates, which would not)
            found = {
                other: reduce(add, map(mul, weights, map(vectors[other].get, words, repeat(0.0))), 0.0)
                for other, _ in shortlist
            }
        yield found


def _term_weights(built: BuiltIndex, questions: list[int]) -> dict[str, dict[int, float]]:
    """Per term, per question holding it (its position in `questions`): the term's weight in the question's
    unit-length vector, `idf × Σ boost × BM25 tf` over SIMILARITY_FIELDS divided by the vector's length."""
    position_of = [-1] * len(built.refs)  # -1: not a question (a section intro, the track page)
    for position, number in enumerate(questions):
        position_of[number] = position
    mask, bits = (1 << built.doc_bits) - 1, built.doc_bits
    names = [name for name, _ in FIELDS]
    by_term: dict[str, dict[int, float]] = {}
    for name in SIMILARITY_FIELDS:
        field = names.index(name)
        scale = FIELDS[field][1] * (BM25_K1 + 1)
        field_lengths = built.lengths[field]
        average = sum(field_lengths[number] for number in questions) / max(1, len(questions)) or 1.0
        # BM25's length part per document, computed once rather than per posting
        length_part = [BM25_K1 * (1 - BM25_B + BM25_B * length / average) for length in field_lengths]
        for term, postings in built.postings[field].items():
            weights = {
                position_of[posting & mask]: scale * (tf := posting >> bits) / (length_part[posting & mask] + tf)
                for posting in postings
                if position_of[posting & mask] >= 0
            }
            held = by_term.get(term)
            if held is None:
                by_term[term] = weights
            else:
                for position, weight in weights.items():
                    held[position] = held.get(position, 0.0) + weight
    count = len(questions)
    squares = [0.0] * count
    for weights in by_term.values():
        idf = math.log(1 + (count - len(weights) + 0.5) / (len(weights) + 0.5))
        for position in weights:
            weight = weights[position] = weights[position] * idf
            squares[position] += weight * weight
    magnitudes = [math.sqrt(square) or 1.0 for square in squares]
    for weights in by_term.values():
        for position in weights:
            weights[position] /= magnitudes[position]
    return {term: weights for term, weights in by_term.items() if weights}


def _padding(position: int, section: list[int], count: int, picked: list[int], wanted: int) -> list[int]:
    """Up to `wanted` questions not yet picked: the section's next ones (wrapping round), then the first of all."""
    start = section.index(position)
    order = section[start + 1 :] + section[:start] + list(range(count))
    chosen: list[int] = []
    for other in order:
        if len(chosen) == wanted:
            break
        if other != position and other not in picked and other not in chosen:
            chosen.append(other)
    return chosen
