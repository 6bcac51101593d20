"""The search index as the browser fetches it: a small first file, the rest on demand.

Pure, like search.py: returns the files as `(path, bytes)` pairs.

`assets/search/index.json` (format 2) is the only file a first search always
fetches. It carries the tokenizer settings (`normalize`, `pipeline`), the
fields and BM25 parameters, synonyms, sections and the "popular" questions,
and then one of two bodies:

- inline (help centers whose answers total at most INLINE_TEXT_LIMIT
  characters, such as the shipped one): every document's title, tags and
  answer text. The browser derives every field's terms from that text with
  lunr.js's own pipeline: no postings are shipped at all.
- split (larger ones): no document text. Instead
  - `terms`: the whole vocabulary (every field), sorted, front coded: what
    prefix and typo expansion run against, and the term numbers;
  - `lengths`: per field, every document's length (BM25 needs it);
  - `shards`: `[first term number, file]` of the term shards. A shard holds, for
    a contiguous range of the vocabulary, every field's postings (documents and
    term frequencies), so a query fetches only the shards of the terms it
    expands to, and each term's document count (its idf) is global;
  - `docs`: `{"per": K, "path": "docs/<hash>/"}`: document rows (section,
    slug, title, tags, answer text) in files of K documents, `<n>.json`,
    fetched for the results shown.

Shard names carry the hash of their bytes, doc files the hash of all of them,
so every name changes with its content and the hashed directory names them all:
render.py names `index.json` like any asset, and these files are written as
they are (`SearchFiles.parts`).

Numbers are base64 VLQ (5 bits a digit, low digits first), lists of them one
string; term lists are front coded (per term: the length in UTF-16 units of the
prefix shared with the previous term as a VLQ, then the rest, `" "` apart).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from lunr import __TARGET_JS_VERSION__ as LUNR_JS_VERSION

from kbgen.model import HelpCenter
from kbgen.output import OutputFile
from kbgen.search import (
    APOSTROPHES,
    BM25_B,
    BM25_K1,
    FIELDS,
    INDEX_PIPELINE,
    SEARCH_PIPELINE,
    BuiltIndex,
    SearchDoc,
    SearchSection,
    build_index,
    collect_docs,
    doc_url,
    fold_synonyms,
)

INDEX_PATH = "assets/search/index.json"
FORMAT_VERSION = 2
#: Answer text up to this many characters ships inline; beyond, the index is split.
INLINE_TEXT_LIMIT = 64_000
#: A term shard closes once its postings take this many characters.
SHARD_CHARS = 6_000
#: Document files hold about this many characters of rows.
DOC_FILE_CHARS = 3_000
#: Questions offered when nothing matches.
POPULAR_COUNT = 5

_VLQ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


@dataclass(frozen=True)
class SearchFiles:
    """The search files of a build."""

    index: OutputFile
    """`assets/search/index.json`, named by its hash in render.py like the theme's assets."""
    parts: tuple[OutputFile, ...] = ()
    """Shards and document files, already named by content hash: written as they are."""


@dataclass(frozen=True)
class Transport:
    """The search files as data: the first file and the others by name (relative to it)."""

    index: dict[str, object]
    parts: dict[str, object]


def build_search_files(hc: HelpCenter) -> SearchFiles:
    """The search files of a help center."""
    transport = search_transport(hc)
    parts = tuple(sorted((f"assets/search/{name}", to_json_bytes(data)) for name, data in transport.parts.items()))
    return SearchFiles((INDEX_PATH, to_json_bytes(transport.index)), parts)


def to_json_bytes(data: object) -> bytes:
    """Deterministic compact JSON (sorted keys, UTF-8, trailing newline)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def search_transport(hc: HelpCenter, inline_limit: int | None = None) -> Transport:
    """The index and its parts; split when the answers total more than `inline_limit` characters."""
    limit = INLINE_TEXT_LIMIT if inline_limit is None else inline_limit
    sections, docs = collect_docs(hc)
    head: dict[str, object] = {
        "version": FORMAT_VERSION,
        "lunr": LUNR_JS_VERSION,
        "normalize": {"apostrophes": APOSTROPHES},
        "pipeline": {"index": list(INDEX_PIPELINE), "search": list(SEARCH_PIPELINE)},
        "fields": [list(field) for field in FIELDS],
        "bm25": [BM25_K1, BM25_B],
        "synonyms": fold_synonyms(hc.site.synonyms),
        "sections": [[s.slug, s.title] for s in sections],
    }
    popular = popular_docs(hc, sections, docs)
    if sum(len(doc.text) for doc in docs) <= limit:
        head["docs"] = [_doc_row(doc)[:4] if doc.tags else _doc_row(doc)[:3] for doc in docs]
        head["text"] = [doc.text for doc in docs]
        head["popular"] = popular
        return Transport(head, {})
    built = build_index(sections, docs)
    parts: dict[str, object] = {}
    head["count"] = len(docs)
    head["terms"] = " ".join(front_code(built.terms))
    head["lengths"] = ["".join(map(vlq, per_doc)) for per_doc in built.lengths]
    shards = []
    for first, shard in term_shards(built):
        name = f"terms/{_digest(to_json_bytes(shard))}.json"
        parts[name] = shard
        shards.append([first, name])
    head["shards"] = shards
    per, files = doc_files(docs)
    folder = "docs/" + _digest(b"".join(to_json_bytes(rows) for rows in files)) + "/"
    parts.update((f"{folder}{number}.json", rows) for number, rows in enumerate(files))
    head["docs"] = {"per": per, "path": folder}
    head["popular"] = [[number, *_doc_row(docs[number])[:3]] for number in popular]
    return Transport(head, parts)


def _doc_row(doc: SearchDoc) -> list[object]:
    return [doc.section, doc.slug, doc.title, " ".join(doc.tags), doc.text]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]


def popular_docs(hc: HelpCenter, sections: list[SearchSection], docs: list[SearchDoc]) -> list[int]:
    """Doc ids offered when nothing matches: the first question of each section."""
    ids = {doc_url(sections, doc): number for number, doc in enumerate(docs)}
    firsts = [f"{s.slug}/{s.questions[0].slug}/" for s in hc.sections if s.questions]
    return [ids[url] for url in firsts[:POPULAR_COUNT]]


def term_shards(built: BuiltIndex, limit: int | None = None) -> Iterable[tuple[int, dict[str, object]]]:
    """`(first term number, shard)` for consecutive vocabulary ranges of about `limit` characters.

    A shard is `{"first": n, "count": terms, "fields": [[counts, gaps, tf], ...]}`,
    one triple per field: per term its number of documents in that field (may
    be 0), then per posting the gap to the previous document of the term (from
    -1) minus one, and the term frequency minus one.
    """
    limit = SHARD_CHARS if limit is None else limit
    postings: list[dict[str, list[tuple[int, int]]]] = []
    for per_doc in built.frequencies:
        field: dict[str, list[tuple[int, int]]] = {}
        for doc, counts in enumerate(per_doc):
            for term, tf in counts.items():
                field.setdefault(term, []).append((doc, tf))
        postings.append(field)
    first, size = 0, 0
    encoded: list[list[tuple[str, str, str]]] = []
    for number, term in enumerate(built.terms):
        row = [_encode_postings(field.get(term, ())) for field in postings]  # type: ignore[arg-type]
        encoded.append(row)
        size += sum(len(gaps) + len(tf) + 1 for _, gaps, tf in row)
        if size >= limit or number == len(built.terms) - 1:
            fields = [["".join(row[f][part] for row in encoded) for part in range(3)] for f in range(len(FIELDS))]
            yield first, {"first": first, "count": len(encoded), "fields": fields}
            first, size, encoded = number + 1, 0, []


def _encode_postings(items: list[tuple[int, int]] | tuple[()]) -> tuple[str, str, str]:
    small = _SMALL_VLQ
    gaps, previous = [], -1
    for doc, _ in items:
        gap = doc - previous - 1
        gaps.append(small[gap] if gap < _SMALL else vlq(gap))
        previous = doc
    tfs = [small[tf - 1] if tf <= _SMALL else vlq(tf - 1) for _, tf in items]
    return vlq(len(items)), "".join(gaps), "".join(tfs)


def doc_files(docs: list[SearchDoc], limit: int | None = None) -> tuple[int, list[list[list[object]]]]:
    """Documents per file and the files' rows: `[section, slug, title, tags, text]`, in document order."""
    limit = DOC_FILE_CHARS if limit is None else limit
    average = sum(len(doc.title) + len(doc.text) + 16 for doc in docs) / max(1, len(docs))
    per = max(1, round(limit / average))
    return per, [[_doc_row(doc) for doc in docs[start : start + per]] for start in range(0, len(docs), per)]


def front_code(terms: Iterable[str]) -> Iterable[str]:
    """Each term as the VLQ length (UTF-16 units) of the prefix it shares with the previous one, then the rest."""
    previous = ""
    for term in terms:
        shared = 0
        limit = min(len(term), len(previous))
        while shared < limit and term[shared] == previous[shared]:
            shared += 1
        units = len(term[:shared].encode("utf-16-le")) // 2  # JavaScript slices in UTF-16 units
        yield vlq(units) + term[shared:]
        previous = term


def vlq(number: int) -> str:
    """Base64 VLQ of a non-negative integer: 5 bits a digit, low digits first."""
    digits = []
    while True:
        digit = number & 31
        number >>= 5
        if not number:
            digits.append(_VLQ_ALPHABET[digit])
            return "".join(digits)
        digits.append(_VLQ_ALPHABET[digit | 32])


_SMALL = 1024
_SMALL_VLQ = [vlq(n) for n in range(_SMALL)]
