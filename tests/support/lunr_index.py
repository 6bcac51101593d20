"""The search index in lunr's standard serialization, and lunr.js's stemmer as a lunr.py pipeline function.

Test-only: the build ships the index in its own form (kbgen/search/shards.py);
tests and benchmarks compare that with `plain_index`, which `lunr.Index.load`
(lunr.py and lunr.js) reads, and `plain_index` with lunr.py's own Builder
(tests/support/lunr_reference.py), byte for byte.
"""

from __future__ import annotations

import math

from lunr import __TARGET_JS_VERSION__ as LUNR_JS_VERSION
from lunr.token import Token

from kbgen.search.documents import FIELDS
from kbgen.search.index import BM25_B, BM25_K1, BuiltIndex
from kbgen.search.languages import ENGLISH
from kbgen.search.stemmer import porter_js


def field_vector(
    counts: dict[str, int],
    length: int,
    field: int,
    averages: list[float],
    idfs: dict[str, float],
    index_of: dict[str, int],
) -> list[float]:
    """lunr's BM25 vector of one field of one document, flat `[term index, weight, ...]` by term index.

    The arithmetic is lunr.py's, operation for operation, so the weights (and
    the ones the browser's search engine recomputes) are the same floats.
    """
    boost = FIELDS[field][1]
    flat: list[float] = []
    for number, term in sorted((index_of[term], term) for term in counts):
        tf = counts[term]
        score = idfs[term] * ((BM25_K1 + 1) * tf) / (BM25_K1 * (1 - BM25_B + BM25_B * (length / averages[field])) + tf)
        score *= boost
        score *= 1  # lunr's document boost
        flat += [number, round(score, 3)]
    return flat


def idf(documents_with_term: int, document_count: int) -> float:
    """lunr.idf: from the number of (field, document) pairs that hold the term."""
    x = (document_count - documents_with_term + 0.5) / (documents_with_term + 0.5)
    return math.log(1 + abs(x))


def plain_index(built: BuiltIndex) -> dict[str, object]:
    """The standard lunr serialization (what `lunr.Index.load` reads), terms in JavaScript order."""
    count = len(built.refs)
    averages = [sum(per_doc) / count for per_doc in built.lengths]
    idfs = {term: idf(n, count) for term, n in built.document_counts().items()}
    names = [name for name, _ in FIELDS]
    index_of = {term: number for number, term in enumerate(built.terms)}
    postings: dict[str, dict[str, object]] = {
        term: {"_index": number, **{name: {} for name in names}} for number, term in enumerate(built.terms)
    }
    frequencies = built.frequencies()
    vectors = []
    for doc, ref in enumerate(built.refs):
        for field, name in enumerate(names):
            counts = frequencies[field][doc]
            for term in counts:
                postings[term][name][ref] = {}  # type: ignore[index]
            length = built.lengths[field][doc]
            vectors.append([f"{name}/{ref}", field_vector(counts, length, field, averages, idfs, index_of)])
    return {
        "version": LUNR_JS_VERSION,
        "fields": names,
        "fieldVectors": vectors,
        "invertedIndex": [[term, postings[term]] for term in built.terms],
        "pipeline": list(ENGLISH.search_pipeline),
    }


def js_stemmer(token: Token, i: int | None = None, tokens: object = None) -> Token:
    """lunr pipeline function: lunr.js's stemmer (serialized as "stemmer")."""
    return token.update(lambda text, metadata=None: porter_js(text))


js_stemmer.label = "stemmer"  # type: ignore[attr-defined]
