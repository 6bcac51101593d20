"""Related questions' candidates and scores on large help centers, computed with arrays (numpy).

Owns `array_candidates`: the same per-question candidate scores as related.py's `candidate_scores`,
float for float. The arithmetic is the same operations on the same IEEE doubles in the same order:

- every product, quotient and square root is correctly rounded, in numpy as in Python;
- every sum that several values flow into is taken with `np.bincount`, which adds its weights one by
  one in the order they are given, so each sum is taken in related.py's order (fields in order, terms
  in the order the index first holds them, a question's top terms heaviest first);
- logarithms are Python's `math.log`, once per document frequency;
- ties are broken as related.py's stable sorts break them: by the order its dicts were filled in.

Why: recomputing related questions is most of a rebuild at 10,000 questions (every edit moves the
average lengths and idf, and with them every weight, so there is nothing exact to patch), and the
Python loops took seconds where these take a fraction of one. The module loads numpy, so related.py
calls it only from `ARRAYS_FROM` questions up: a small site's build does not pay for the import.
"""

from __future__ import annotations

import math

import numpy as np

from kbgen.search.documents import FIELDS
from kbgen.search.index import BM25_B, BM25_K1, BuiltIndex

__all__ = ["array_candidates"]

#: Questions whose candidates are gathered at once: bounds the arrays of one step (a few MB at 32 holders).
_CHUNK = 512


def array_candidates(
    built: BuiltIndex, questions: list[int], fields: tuple[str, ...], most: int, terms: int, holders: int
) -> list[dict[int, float]]:
    """Per question (its position in `questions`), its candidates' positions and scores: related.py's
    `candidate_scores`, computed with arrays."""
    count = len(questions)
    if not count:
        return []
    term, position, weight, lookup = _weights(built, questions, fields)
    if not len(term):  # no question holds a weighted term: none has a candidate
        return [{} for _ in questions]
    term_count = int(term.max()) + 1
    # each question's `terms` heaviest terms (ties: the index's term order), padded with -1
    top_term, top_weight = _firsts(np.lexsort((term, -weight, position)), position, count, terms, term, weight)
    # per term, the questions it is looked up in: its `holders` heaviest where there are more, else all, in order
    # (lexsort is stable: rows of equal keys keep their order)
    holding = np.bincount(term, minlength=term_count)
    cut = holding > holders
    by_term = np.lexsort((np.where(cut[term], -weight, 0.0), term))
    post_other, post_weight = _firsts(by_term, term, term_count, holders, position, weight)
    del by_term, term, position, weight  # the candidates below need only these tables and the lookup
    post_size = np.minimum(holding, holders)
    reached_cut = (cut[np.maximum(top_term, 0)] & (top_term >= 0)).any(axis=1)
    found: list[dict[int, float]] = []
    for start in range(0, count, _CHUNK):
        end = min(count, start + _CHUNK)
        posts = (post_other, post_weight, post_size)
        found += _chunk(start, end, count, top_term, top_weight, posts, reached_cut, lookup, most)
    return found


def _weights(
    built: BuiltIndex, questions: list[int], fields: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray, int]]:
    """Every (term, question, weight) of the questions' unit-length vectors, in related.py's `_term_weights`
    order: terms as the index first holds them, each term's questions as its first field lists them; and the
    same weights keyed `term × questions + question`, ascending, for looking one up (`_rescored`)."""
    count = len(questions)
    position_of = np.full(len(built.refs), -1, dtype=np.int32)
    position_of[np.asarray(questions, dtype=np.int64)] = np.arange(count, dtype=np.int32)
    mask, bits = (1 << built.doc_bits) - 1, built.doc_bits
    names = [name for name, _ in FIELDS]
    term_ids: dict[str, int] = {}
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    # 32-bit numbers and intermediates let go at once: the peak memory of a cold build is taken here
    for order, name in enumerate(fields):
        field = names.index(name)
        scale = FIELDS[field][1] * (BM25_K1 + 1)
        field_lengths = built.lengths[field]
        average = sum(field_lengths[number] for number in questions) / max(1, count) or 1.0
        lengths = np.asarray(field_lengths, dtype=np.float64)
        length_part = BM25_K1 * (1 - BM25_B + BM25_B * lengths / average)
        postings = built.postings[field]
        ids = np.fromiter((term_ids.setdefault(t, len(term_ids)) for t in postings), np.int32, len(postings))
        sizes = np.fromiter(map(len, postings.values()), np.int64, len(postings))
        # the typed postings arrays (index.POSTING_TYPE) read as one buffer: no int object is made
        flat = np.frombuffer(b"".join(postings.values()), dtype=np.uint64).astype(np.int64)
        where = position_of[flat & mask]
        held = where >= 0
        flat = flat[held]
        tf = (flat >> bits).astype(np.float64)
        weight = scale * tf / (length_part[flat & mask] + tf)
        del flat, tf
        parts.append((np.repeat(ids, sizes)[held], where[held], weight, np.full(len(weight), order, np.int8)))
        del where, held, weight
    term, position, weight, field_order = (np.concatenate(column) for column in zip(*parts))
    del parts
    if not len(term):
        return term, position, weight, (term.astype(np.int64), weight, count)
    # one weight per (term, question): the fields' weights added in field order (a stable sort keeps it)
    key = term.astype(np.int64) * count + position
    del term, position
    by_pair = np.argsort(key, kind="stable")
    key = key[by_pair]
    starts = np.empty(len(key), dtype=bool)
    starts[0] = True
    np.not_equal(key[1:], key[:-1], out=starts[1:])
    summed = np.bincount(np.cumsum(starts) - 1, weights=weight[by_pair])
    del weight
    first = np.flatnonzero(starts)
    pair, first_field = key[first], field_order[by_pair[first]]
    del key, by_pair, starts, first, field_order
    term, position = (pair // count).astype(np.int32), (pair % count).astype(np.int32)
    holding = np.bincount(term)
    idf_of = {n: math.log(1 + (count - n + 0.5) / (n + 0.5)) for n in np.unique(holding).tolist()}
    idf = np.array([idf_of[n] for n in holding.tolist()], dtype=np.float64)
    summed *= idf[term]  # each product alone: the same floats in this (pair) order as in the order below
    order = np.lexsort((position, first_field, term))
    del first_field
    squares = np.bincount(position[order], weights=(summed * summed)[order], minlength=count)
    magnitudes = np.sqrt(squares)
    magnitudes[magnitudes == 0.0] = 1.0
    summed /= magnitudes[position]
    # the pairs are ascending by key already: with their weights they are the lookup, no sort needed
    return term[order], position[order], summed[order], (pair, summed, count)


def _firsts(
    order: np.ndarray, group: np.ndarray, groups: int, most: int, ids: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The first `most` (id, weight) of each group, the rows taken in `order` (which sorts them by `group`):
    (groups × most) arrays padded with -1 and 0.0. Only the rows kept are gathered (the rest never are)."""
    out_ids = np.full((groups, most), -1, dtype=ids.dtype)
    out_weights = np.zeros((groups, most), dtype=np.float64)
    grouped = group[order]
    rank = np.arange(len(grouped), dtype=np.int64)
    rank -= np.searchsorted(grouped, np.arange(groups))[grouped]
    kept = np.flatnonzero(rank < most)
    rows, slots, taken = grouped[kept], rank[kept], order[kept]
    del grouped, rank, kept
    out_ids[rows, slots] = ids[taken]
    out_weights[rows, slots] = weights[taken]
    return out_ids, out_weights


def _chunk(
    start: int,
    end: int,
    count: int,
    top_term: np.ndarray,
    top_weight: np.ndarray,
    posts: tuple[np.ndarray, np.ndarray, np.ndarray],
    reached_cut: np.ndarray,
    lookup: tuple[np.ndarray, np.ndarray, int],
    most: int,
) -> list[dict[int, float]]:
    """The candidates of questions `start` to `end`: scores summed over the top terms' lists, and for a
    question that reached a cut list, its `2 × most` best rescored over all of its top terms."""
    post_other, post_weight, post_size = posts
    tops, weights = top_term[start:end], top_weight[start:end]
    valid = tops >= 0
    row, slot = np.nonzero(valid)
    looked = tops[row, slot]
    sizes = post_size[looked]
    total = int(sizes.sum())
    within = np.arange(total) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    source = np.repeat(looked, sizes)
    other = post_other[source, within]
    product = np.repeat(weights[row, slot], sizes) * post_weight[source, within]
    cell_row = np.repeat(row, sizes)
    cell, first, inverse = np.unique(cell_row * count + other, return_index=True, return_inverse=True)
    score = np.bincount(inverse.ravel(), weights=product, minlength=len(cell))
    cell_row, cell_other = cell // count, cell % count
    own = cell_other != cell_row + start  # a question is not its own candidate
    cell_row, cell_other, score, first = cell_row[own], cell_other[own], score[own], first[own]
    # best first, ties in the order the candidates were first reached; a cut question keeps its 2 × most best
    order = np.lexsort((first, -score, cell_row))
    cell_row, cell_other, score = cell_row[order], cell_other[order], score[order]
    starts = np.searchsorted(cell_row, np.arange(end - start))
    rank = np.arange(len(cell_row)) - starts[cell_row]
    shortlisted = reached_cut[cell_row + start]
    kept = ~shortlisted | (rank < 2 * most)
    cell_row, cell_other, score, shortlisted = cell_row[kept], cell_other[kept], score[kept], shortlisted[kept]
    if shortlisted.any():
        score = score.copy()
        score[shortlisted] = _rescored(cell_row[shortlisted], cell_other[shortlisted], tops, weights, lookup)
    found: list[dict[int, float]] = [{} for _ in range(end - start)]
    for at, other_position, value in zip(cell_row.tolist(), cell_other.tolist(), score.tolist()):
        found[at][other_position] = value
    return found


def _rescored(
    row: np.ndarray,
    other: np.ndarray,
    tops: np.ndarray,
    weights: np.ndarray,
    lookup: tuple[np.ndarray, np.ndarray, int],
) -> np.ndarray:
    """Each (question, candidate)'s score over all the question's top terms, added heaviest term first."""
    keys, values, count = lookup
    term = tops[row]
    wanted = (np.maximum(term, 0).astype(np.int64) * count + other[:, None]).ravel()
    needles = np.argsort(wanted)  # sorted needles: one pass through the keys rather than a search per value
    at = np.empty(len(wanted), dtype=np.int64)
    at[needles] = np.minimum(np.searchsorted(keys, wanted[needles]), len(keys) - 1)
    value = np.where((keys[at] == wanted) & (term.ravel() >= 0), values[at], 0.0).reshape(term.shape)
    products = weights[row] * value
    total = np.zeros(len(row), dtype=np.float64)
    for slot in range(term.shape[1]):  # one slot at a time: the sum in related.py's order, not numpy's pairwise one
        total = total + products[:, slot]
    return total
