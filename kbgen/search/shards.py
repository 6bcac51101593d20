"""The search index as the browser fetches it: a small first file, the rest on demand.

Owns the format of the search files (`FORMAT_VERSION`) and their sizes
(`SearchLimits`). Pure, like the index builder (search/index.py): returns the
files as `(path, bytes)` pairs.

`search/index.json` (format 6) is the only file a first search always
fetches. Pages point to it by that stable URL (hosts revalidate it like HTML),
so an edit changes it and not every page; the files it names are under
`assets/search/`, named by their bytes, cached for good. It carries the tokenizer settings (`normalize`, `pipeline`), the
fields and BM25 parameters, synonyms and the "popular" questions, and then one
of two bodies:

- inline (help centers whose answers total at most `SearchLimits.inline_text`
  characters, such as the shipped one): every document's title, tags and
  answer text, and `sections` (`[slug, title]`, which rows name by number). The
  browser derives every field's terms from that text with lunr.js's own
  pipeline: no postings are shipped at all.
- split (larger ones): no document text, and neither the vocabulary nor most
  field lengths (format 6: at 100,000 questions they were four fifths of the
  first search's bytes). Instead
  - `vocab`: `{"firsts", "counts", "files"}`: the vocabulary (every field's
    terms, sorted) in blocks of about `SearchLimits.vocabulary_block` terms,
    each block's first term (front coded), its number of terms (VLQ) and the
    hash of its file, `words/<hash>.json` (its terms, front coded; the hashes `" "` apart). A query fetches the
    blocks its words, prefixes and typo variants fall in (the browser's
    expansion waits for them), and a term's number is its block's first
    number plus its place in the block. Blocks are cut by content like the
    shards (`shard_ends`), so a new word renames its own block only;
  - `alphabet`: every character of the vocabulary (typo variants use it);
  - `totals`: per field, the sum of every document's length (BM25's averages);
  - `lengths`: per field, every document's length (`packing.split_lengths`), or null for the
    fields whose lengths travel with their postings (question, tags and
    section: short fields whose postings a query fetches are few, where the
    answer's length would cost more per posting than for every document);
  - `shards`: `[first term number, file]` of the term shards. A shard holds, for
    a contiguous range of the vocabulary, every field's postings (documents and
    term frequencies, and the document's field length where `lengths` has null), so a query fetches only the shards of the terms it
    expands to, and each term's document count (its idf) is global;
  - `docs`: `{"per": K, "files": G, "groups": [hash, ...]}`: document rows
    (`[section slug, section title]`, slug, title, tags, answer text: the
    section itself, not its number, so the head need not list every section)
    in files of K documents, file n
    at `docs/<hash of group n // G>-<n>.json`, fetched for the results shown
    (one folder for all: a folder per group cost a create each, format 4).

Every file is named by the hash of its bytes (a shard, a vocabulary block) or of its group's (a
document file), so a name changes exactly when its content does, and editing
one answer changes only a few files: the head, the shards of the terms whose
postings changed (now and then a neighbour, where a cut moved), the vocabulary block of a word
added or dropped and the one
group of G document files holding the answer (tests/unit/search/test_search_edits.py); an edited
question title or tags also renames the shards of that field's other terms (their postings carry its length).
That needs the cuts between shards to stay put when postings change: they are
chosen by content (see `shard_ends`), and a shard does not carry its first
term number (the head does), so a word added to the vocabulary renames only
its own shard. These files are written as they are (`SearchFiles.parts`).

Numbers are base64 VLQ and term lists front coded (search/packing.py).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, repeat
from operator import and_, rshift, sub

from lunr import __TARGET_JS_VERSION__ as LUNR_JS_VERSION

from kbgen.errors import Problem
from kbgen.model import HelpCenter, OutputFile
from kbgen.search.documents import FIELDS, SearchDoc, SearchSection, doc_url
from kbgen.search.incremental import IndexMemory, SiteIndex, site_index
from kbgen.search.index import BM25_B, BM25_K1, BuiltIndex
from kbgen.search.languages import search_language
from kbgen.search.packing import shard_ends, split_lengths, to_json_bytes, vlq_codes, vocabulary_blocks
from kbgen.search.synonyms import search_filler, search_synonyms, synonym_warnings
from kbgen.urls import content_hash
from kbgen.util.gc_pause import collector_paused

INDEX_PATH = "search/index.json"
#: Where the parts go; the head names them relative to it (the `data-search-parts` of every page).
PARTS_DIR = "assets/search/"
FORMAT_VERSION = 6
#: The fields whose document lengths the head lists (format 6); the others' ride with their postings.
HEAD_LENGTHS = frozenset({"answer"})


@dataclass(frozen=True)
class SearchLimits:
    """The sizes that shape the search files; the defaults are what builds use (tests pass small ones)."""

    inline_text: int = 64_000
    """Answer text up to this many characters ships inline; beyond, the index is split."""
    shard_postings: int = 2_000
    """Term shards hold about this many postings (two to three characters each)."""
    doc_file_chars: int = 6_000
    """Document files hold about this many characters of rows (3,000 before format 5: twice the files)."""
    vocabulary_block: int = 128
    """Vocabulary blocks hold about this many terms (format 6)."""
    doc_group_files: int = 8
    """Document files per group (named by the hash of its files): 8 of format 5's files hold what 16 held
    before, so an edit rewrites as many bytes and the head lists as many groups."""


#: The sizes builds use.
DEFAULT_LIMITS = SearchLimits()


@dataclass(frozen=True)
class SearchFiles:
    """The search files of a build."""

    index: OutputFile
    """`search/index.json`: a stable URL, which pages name."""
    parts: tuple[OutputFile, ...] = ()
    """Shards and document files, already named by content hash: written as they are."""
    warnings: tuple[Problem, ...] = ()
    """site.yaml synonym groups that can never match (synonyms.synonym_warnings)."""


@dataclass(frozen=True)
class Transport:
    """The search files: the first one as data, the others as bytes by name (relative to `assets/search/`)."""

    index: dict[str, object]
    parts: dict[str, bytes]
    warnings: tuple[Problem, ...] = ()


def build_search_files(
    hc: HelpCenter, limits: SearchLimits = DEFAULT_LIMITS, index: SiteIndex | None = None
) -> SearchFiles:
    """The search files of a help center (from `index`, its search index, when the caller built it)."""
    transport = search_transport(hc, limits, index)
    parts = tuple(sorted((PARTS_DIR + name, data) for name, data in transport.parts.items()))
    return SearchFiles((INDEX_PATH, to_json_bytes(transport.index)), parts, transport.warnings)


def search_transport(
    hc: HelpCenter, limits: SearchLimits = DEFAULT_LIMITS, index: SiteIndex | None = None
) -> Transport:
    """The index and its parts; split when the answers total more than `limits.inline_text` characters."""
    index = index if index is not None else site_index(hc)
    sections, docs, built = index.sections, index.docs, index.built
    language = search_language(hc.site.language)
    head: dict[str, object] = {
        "version": FORMAT_VERSION,
        "lunr": LUNR_JS_VERSION,
        "normalize": {"apostrophes": language.apostrophes},
        "pipeline": {"index": list(language.index_pipeline), "search": list(language.search_pipeline)},
        "fields": [list(field) for field in FIELDS],
        "bm25": [BM25_K1, BM25_B],
        "synonyms": pack_synonyms(search_synonyms(hc.site, set(built.terms))),
    }
    warnings = tuple(synonym_warnings(hc.site, set(built.terms)))
    filler = search_filler(hc.site)
    if language.code != "en":
        # a query drops the language's stop words through the filter its index pipeline names (`kbgen-stop-<code>`,
        # registered by the page's search script with the same list): the index need not carry them again
        head["language"] = language.code
    if filler:
        head["filler"] = " ".join(filler)
    fallback = {f"{s.slug}/{q.slug}/": q.fallback for s in hc.sections for q in s.questions if q.fallback}
    if fallback:  # a locale's questions shown from its fallback, by URL: results mark them with their language
        head["fallback"] = fallback
    popular = popular_docs(hc, sections, docs)
    if sum(len(doc.text) for doc in docs) <= limits.inline_text:
        head["sections"] = [[s.slug, s.title] for s in sections]
        head["docs"] = [_doc_row(doc)[:4] if doc.tags else _doc_row(doc)[:3] for doc in docs]
        head["text"] = [doc.text for doc in docs]
        head["popular"] = popular
        return Transport(head, {}, warnings)
    with collector_paused():
        transport = _split_transport(head, index.memory, sections, docs, popular, limits)
    return dataclasses.replace(transport, warnings=warnings)


def _split_transport(
    head: dict[str, object],
    memory: IndexMemory,
    sections: list[SearchSection],
    docs: list[SearchDoc],
    popular: list[int],
    limits: SearchLimits,
) -> Transport:
    """The split index: `head` completed, and the shards and document files it names."""
    built = memory.built
    parts: dict[str, bytes] = {}
    head["count"] = len(docs)
    head["vocab"] = vocabulary_blocks(built.terms, limits.vocabulary_block, parts)
    head["alphabet"] = "".join(sorted(set().union(*built.terms)))
    head["totals"] = list(memory.totals)
    head["lengths"] = [
        split_lengths(per_doc) if name in HEAD_LENGTHS else None for (name, _), per_doc in zip(FIELDS, built.lengths)
    ]
    shards = []
    for first, data in shard_files(memory, limits.shard_postings):
        name = f"terms/{content_hash(data)}.json"
        parts[name] = data
        shards.append([first, name])
    head["shards"] = shards
    per, files = doc_files(sections, docs, limits.doc_file_chars)
    # a file of the same documents and sections as one the last build wrote has its bytes (a function of them)
    kept, encoded, data = memory.doc_files, {}, []
    for number, rows in enumerate(files):
        key = tuple((doc, sections[doc.section]) for doc in docs[number * per : (number + 1) * per])
        data.append(kept[key] if key in kept else to_json_bytes(rows))
        encoded[key] = data[-1]
    memory.doc_files = encoded
    groups = []
    for start in range(0, len(files), limits.doc_group_files):
        group = data[start : start + limits.doc_group_files]
        groups.append(content_hash(b"".join(group)))
        parts.update((f"docs/{groups[-1]}-{number}.json", data) for number, data in enumerate(group, start))
    head["docs"] = {"per": per, "files": limits.doc_group_files, "groups": groups}
    head["popular"] = [[number, *_split_row(sections, docs[number])[:3]] for number in popular]
    return Transport(head, parts)


def pack_synonyms(groups: list[list[list[str]]]) -> str:
    """Folded synonym groups as one string: groups split by ";", members by "|", words by " " (folded words hold none)."""
    return ";".join("|".join(" ".join(member) for member in group) for group in groups)


def unpack_synonyms(text: str) -> list[list[list[str]]]:
    """`pack_synonyms` undone."""
    return [[member.split(" ") for member in group.split("|")] for group in text.split(";")] if text else []


def _doc_row(doc: SearchDoc) -> list[object]:
    return [doc.section, doc.slug, doc.title, " ".join(doc.tags), doc.text]


def _split_row(sections: list[SearchSection], doc: SearchDoc) -> list[object]:
    """A split index's row: its section as `[slug, title]` (the head lists no sections)."""
    section = sections[doc.section]
    return [[section.slug, section.title], *_doc_row(doc)[1:]]


def popular_docs(hc: HelpCenter, sections: list[SearchSection], docs: list[SearchDoc]) -> list[int]:
    """Doc ids offered when nothing matches: the help center's popular questions (HelpCenter.popular)."""
    ids = {doc_url(sections, doc): number for number, doc in enumerate(docs)}
    return [ids[f"{section.slug}/{question.slug}/"] for section, question in hc.popular()]


def shard_files(memory: IndexMemory, target: int) -> list[tuple[int, bytes]]:
    """`(first term number, bytes)` of each term shard of `memory.built`; a shard the last build encoded is
    reused when its terms are the same and none of their postings changed (`IndexMemory.changed`)."""
    built, changed = memory.built, memory.changed
    kept = memory.shards if changed is not None else {}
    before = memory.shards_lengths  # a length the kept shards carry that changed renames its terms' shards
    if kept and before is not None and _carried(before) != _carried(built.lengths):
        changed = changed | _lengths_changed(memory, before)
    encoded: dict[tuple[str, str, int], bytes] = {}
    files: list[tuple[int, bytes]] = []
    fresh = term_shards(built, target, lambda first, end: _reusable(built.terms, first, end, kept, changed))
    for first, end, shard in fresh:
        key = (built.terms[first], built.terms[end - 1], end - first)
        data = kept[key] if shard is None else to_json_bytes(shard)
        encoded[key] = data
        files.append((first, data))
    memory.shards, memory.shards_for = encoded, built
    return files


def _carried(lengths: Sequence[Sequence[int]]) -> list[Sequence[int]]:
    """Per field whose lengths travel with its postings (not in `HEAD_LENGTHS`), every document's length."""
    return [per_doc for (name, _), per_doc in zip(FIELDS, lengths) if name not in HEAD_LENGTHS]


def _lengths_changed(memory: IndexMemory, before: Sequence[Sequence[int]]) -> frozenset[str]:
    """The terms whose postings carry a length (not in `HEAD_LENGTHS`) that differs from `before`'s."""
    terms: set[str] = set()
    for field, (name, _) in enumerate(FIELDS):
        if name in HEAD_LENGTHS:
            continue
        old, now = before[field], memory.built.lengths[field]
        if len(old) != len(now):  # not the same documents: every term's postings changed
            return frozenset(memory.built.terms)
        for doc in (doc for doc, (was, length) in enumerate(zip(old, now)) if was != length):
            terms.update(memory.analyses[doc][0][field][0])
    return frozenset(terms)


def _reusable(
    terms: Sequence[str],
    first: int,
    end: int,
    kept: dict[tuple[str, str, int], bytes],
    changed: frozenset[str] | None,
) -> bool:
    """Whether the shard of `terms[first:end]` is one kept from the last build, its postings unchanged.

    The same first and last term and as many terms between them means the same terms: a term added or dropped
    between them changed its postings, and a changed term in the range makes it unusable anyway."""
    if changed is None or (terms[first], terms[end - 1], end - first) not in kept:
        return False
    return not any(term in changed for term in terms[first:end])


def term_shards(
    built: BuiltIndex, target: int, skip: Callable[[int, int], bool] | None = None
) -> Iterator[tuple[int, int, dict[str, object] | None]]:
    """`(first term number, end, shard)` for consecutive vocabulary ranges of about `target` postings.

    With `skip(first, end)` true, the shard is not encoded (None): its caller has its bytes.

    A shard is `{"count": terms, "fields": [[counts, gaps, tf(, lengths)], ...]}`,
    one list per field: per term its number of documents in that field (may be
    0), then per posting the gap to the previous document of the term (from
    -1) minus one, the term frequency minus one and, for a field not in
    `HEAD_LENGTHS`, the document's length in that field.
    """
    most = max(max(per_doc, default=0) for per_doc in built.lengths)  # no term frequency is higher
    codes = vlq_codes(max(len(built.refs), most) + 1)
    tf_codes = ["", *codes[:most]]  # by tf, the code of tf - 1
    # per field, per term (in term order) its postings
    postings = [list(map(field.get, built.terms, repeat(()))) for field in built.postings]
    sizes = list(map(built.document_counts().__getitem__, built.terms))
    carried = [None if name in HEAD_LENGTHS else lengths for (name, _), lengths in zip(FIELDS, built.lengths)]
    first = 0
    for end in shard_ends(built.terms, sizes, target):
        if skip is not None and skip(first, end):
            yield first, end, None
        else:
            fields = [
                _encode_field(field[first:end], built.doc_bits, codes, tf_codes, lengths)
                for field, lengths in zip(postings, carried)
            ]
            yield first, end, {"count": end - first, "fields": fields}
        first = end


def _encode_field(
    postings: Sequence[Sequence[int]],
    doc_bits: int,
    codes: list[str],
    tf_codes: list[str],
    lengths: Sequence[int] | None = None,
) -> list[str]:
    """`[counts, gaps, tf]` of consecutive terms' postings in one field, and `lengths` of their documents when
    given (see `term_shards`)."""
    counts = list(map(len, postings))
    packed = list(chain.from_iterable(postings))
    docs = list(map(and_, packed, repeat((1 << doc_bits) - 1)))
    # each document minus the one before plus one, then a term's first document as it is
    gaps = list(map(sub, docs, chain((0,), map((1).__add__, docs))))
    for start, count in zip(accumulate(counts, initial=0), counts):
        if count:
            gaps[start] = docs[start]
    encoded = [
        "".join(map(codes.__getitem__, counts)),
        "".join(map(codes.__getitem__, gaps)),
        "".join(map(tf_codes.__getitem__, map(rshift, packed, repeat(doc_bits)))),
    ]
    if lengths is not None:
        encoded.append("".join(map(codes.__getitem__, map(lengths.__getitem__, docs))))
    return encoded


#: Documents per file: powers of two and three times powers of two, steps of 1.33 to 1.5.
_PER_FILE_STEPS = sorted({1 << k for k in range(12)} | {3 << k for k in range(11)})


def doc_files(sections: list[SearchSection], docs: list[SearchDoc], limit: int) -> tuple[int, list[list[list[object]]]]:
    """Documents per file and the files' rows: `[[section slug, title], slug, title, tags, text]`, in order.

    The number per file is the step of `_PER_FILE_STEPS` that comes nearest
    `limit` characters: rounded so coarsely, editing answers changes it (and so
    every file) only when their average length crosses one of thresholds
    about 1.4 times apart.
    """
    average = sum(len(doc.title) + len(doc.text) + 16 for doc in docs) / max(1, len(docs))
    per = min(_PER_FILE_STEPS, key=lambda step: abs(math.log(step * max(1.0, average) / limit)))
    rows = [_split_row(sections, doc) for doc in docs]
    return per, [rows[start : start + per] for start in range(0, len(docs), per)]
