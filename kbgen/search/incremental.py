"""The search index kept from one build to the next: a rebuild analyses and re-posts only what changed.

Owns `IndexMemory` (what a build's index leaves for the next: per document the digest of its field
texts and its analysis, the built index, and the shards encoded from it), `update_index` (the index
of this build's documents from the memory of the last: a cold build's, byte for byte) and
`kept_memory` (the memory of each index a process built, by the key the pipeline names it with).

Exactness. An updated index equals `index.build_index`'s for the same documents in every field of
`BuiltIndex`: postings in document order, field lengths, the sorted vocabulary, and the dict order of
each field's terms (first appearance, document by document, which related.py's tie-breaks follow).
The figures BM25 shares between documents are never kept as floats: document frequencies are the
lengths of the postings lists, field length totals are integer sums of the kept integer lengths
(`IndexMemory.totals`), and idf and average lengths are derived from them where they are used
(shards.py's readers, related.py) exactly as after a cold build.

When the documents are the same URLs in the same order (answers, titles or tags edited), only the
changed documents' postings are removed and added; otherwise (a question added, deleted or renamed,
which renumbers the documents after it) the postings are assembled again from the kept analyses,
and only documents whose text is new are analysed.

Kept where: `memory_bytes` / `memory_from_bytes` turn a memory into bytes and back for the build cache
(the pipeline reads and writes the file; a digest of the analysing code's source is in the bytes, so a
memory of other code is never read), and `site_index` keeps it in the process from the second build
under a key on (a process that builds once, the command line's, keeps nothing in memory, and
`let_go` drops from its index what only a next build would read, once the build cache has its copy).
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from kbgen.model import HelpCenter
from kbgen.search.documents import SearchDoc, SearchSection, collect_docs, doc_url, field_texts
from kbgen.search.index import (
    POSTING_TYPE,
    Analysis,
    Analyzer,
    BuiltIndex,
    Postings,
    analyse,
    assemble,
    postings_list,
)
from kbgen.search.languages import Language, search_language
from kbgen.search.text import utf16_key
from kbgen.util.package import library_version

__all__ = [
    "IndexMemory",
    "SiteIndex",
    "doc_keys",
    "field_totals",
    "kept_memory",
    "let_go",
    "memory_bytes",
    "memory_from_bytes",
    "site_index",
    "update_index",
]


@dataclass
class IndexMemory:
    """What one build's index leaves for the next."""

    language: str
    keys: list[bytes]
    """Per document (in order), the digest of its field texts."""
    analyses: list[Analysis]
    built: BuiltIndex
    changed: frozenset[str] | None = None
    """Terms whose postings this build changed; None when every document was numbered anew (or first built)."""
    shards: dict[tuple[str, str, int], bytes] = field(default_factory=dict)
    """Encoded term shards by (first term, last term, number of terms), search/shards.py's to reuse: until
    it encodes this build's, the last build's (whose index `changed` is counted from), if it encoded them."""
    shards_for: BuiltIndex | None = None
    """The index `shards` were encoded from."""
    shards_lengths: tuple[tuple[int, ...], ...] | None = None
    """The field lengths of the index the `shards` kept from the last build were encoded from (a shard carries
    some fields' lengths with its postings: search/shards.py); None when none are kept."""
    analyzer: Analyzer | None = None
    """The analyzer with its memoised stems, reused while the language stays."""
    texts: dict[str, str] = field(default_factory=dict)
    """Answers' plain text by their HTML (`documents.collect_docs`), this build's answers only."""
    doc_files: dict[tuple[tuple[SearchDoc, SearchSection], ...], bytes] = field(default_factory=dict)
    """The last build's document files by their documents and sections; search/shards.py's to reuse (a pure function)."""
    related: dict[tuple[int, int], dict[str, tuple[str, ...]]] = field(default_factory=dict)
    """Related questions computed from `built`, by (least, most): search/related.py's to reuse."""

    @property
    def totals(self) -> tuple[int, ...]:
        """Per field, the sum of every document's length (integers: exact whatever was removed and added)."""
        return tuple(map(sum, self.built.lengths))


@dataclass(frozen=True)
class SiteIndex:
    """One help center's search documents and their index (with what the next build may reuse)."""

    sections: list[SearchSection]
    docs: list[SearchDoc]
    memory: IndexMemory

    @property
    def built(self) -> BuiltIndex:
        return self.memory.built


def site_index(hc: HelpCenter, key: str | None = None, stored: IndexMemory | None = None) -> SiteIndex:
    """The search documents of `hc` and their index, updated from the one last built under `key` in this
    process, else from `stored` (read from the build cache); with neither, built cold. The index is kept under
    `key` from the process's second build under it on (a one-build process, the command line's, frees it)."""
    last = (kept_memory(key) if key else None) or stored
    texts: dict[str, str] = {}
    sections, docs = collect_docs(hc, last.texts if last is not None else None, texts)
    memory = update_index(sections, docs, search_language(hc.site.language), last)
    memory.texts = texts
    if last is not None:  # a pure function of its keys, whatever the index: valid across any change
        memory.doc_files = last.doc_files
    if key and key in _BUILT:
        keep_memory(key, memory)
    elif key:  # a process's first build under `key` (all the command line makes) keeps nothing: its memory is freed
        _BUILT.add(key)
    return SiteIndex(sections, docs, memory)


#: What a kept index depends on besides the documents' text: these modules' source (and the stop word data).
_ANALYSIS_CODE = ("text", "stemmer", "arabic", "languages", "index", "documents", "incremental")


def _analysis_version() -> str:
    """A digest of the code (and data) an analysis depends on: a kept index of other code is not read."""
    digest = hashlib.sha256(f"{MEMORY_FORMAT} {POSTING_TYPE} {sys.byteorder}".encode())  # postings kept as raw bytes
    folder = Path(__file__).parent
    for name in _ANALYSIS_CODE:
        digest.update((folder / f"{name}.py").read_bytes())
    for data in ("stopwords.json", "arabic_stemmer.json"):
        digest.update((folder.parent / "data" / data).read_bytes())
    digest.update(library_version("snowballstemmer", "snowballstemmer").encode())  # the stemmers languages.py calls
    return digest.hexdigest()[:16]


MEMORY_FORMAT = "kbgen-search-index-2"


def memory_bytes(memory: IndexMemory) -> bytes:
    """The memory as bytes for the build cache (`memory_from_bytes` reads them): the analyses and the index."""
    built = memory.built
    data = (
        _analysis_version(),
        memory.language,
        memory.keys,
        memory.analyses,
        # marshal writes each postings array as the bytes it holds (`_typed` reads them back), copying nothing first
        (built.refs, list(built.postings), built.doc_bits, built.lengths, built.terms),
    )
    return marshal.dumps(data)


def _typed(raw: dict[str, bytes]) -> Postings:
    """A field's postings from the bytes marshal wrote for its arrays."""
    postings: Postings = {}
    for term, data in raw.items():
        items = postings[term] = postings_list()
        items.frombytes(data)
    return postings


def memory_from_bytes(data: bytes) -> IndexMemory | None:
    """A memory `memory_bytes` wrote with this code; None for anything else (the build is then cold)."""
    try:
        version, language, keys, analyses, (refs, postings, doc_bits, lengths, terms) = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    if version != _analysis_version() or not isinstance(keys, list) or not len(keys) == len(analyses) == len(refs):
        return None
    try:
        built = BuiltIndex(refs, tuple(map(_typed, postings)), doc_bits, lengths, terms)
    except (AttributeError, TypeError, ValueError):  # not this code's bytes after all
        return None
    return IndexMemory(language, keys, analyses, built)


#: The keys this process has built an index under: from its second build under a key on, a process keeps the index.
_BUILT: set[str] = set()
#: Each index's memory in this process (a server's rebuilds), by the key the pipeline gives it: the last few.
_KEPT: dict[str, IndexMemory] = {}
_KEEP_AT_MOST = 4


def kept_memory(key: str) -> IndexMemory | None:
    """The memory of the last index built under `key` in this process, if any."""
    return _KEPT.get(key)


def keep_memory(key: str, memory: IndexMemory) -> None:
    """Remember `memory` as the last index built under `key` (forgetting the longest unused beyond a few)."""
    _KEPT.pop(key, None)
    _KEPT[key] = memory
    while len(_KEPT) > _KEEP_AT_MOST:
        del _KEPT[next(iter(_KEPT))]


def let_go(indexes: list[SiteIndex]) -> None:
    """Drop from each index this process does not keep (`site_index`: a one-build process keeps none) what only a
    next build would read: the documents' analyses, keys and texts, and the analyzer. Call it once the build cache
    has its copy (`memory_bytes`): at 100,000 questions the analyses are a fifth of a GB nobody reads again."""
    kept = {id(memory) for memory in _KEPT.values()}
    for index in indexes:
        memory = index.memory
        if id(memory) not in kept:
            memory.keys, memory.analyses, memory.texts, memory.analyzer = [], [], {}, None


def forget_memories() -> None:
    """Forget every index this process built (as a new process starts): tests of the build cache's copy."""
    _KEPT.clear()
    _BUILT.clear()


def doc_keys(sections: list[SearchSection], docs: list[SearchDoc]) -> list[bytes]:
    """Per document, a digest of the texts it is indexed by (what its analysis depends on)."""
    return [
        hashlib.blake2b("\0".join(field_texts(sections, doc)).encode("utf-8", "surrogatepass"), digest_size=16).digest()
        for doc in docs
    ]


def field_totals(analyses: list[Analysis], fields: int) -> tuple[int, ...]:
    """Per field, the sum of the documents' lengths."""
    return tuple(sum(lengths[f] for _, lengths in analyses) for f in range(fields))


def update_index(
    sections: list[SearchSection], docs: list[SearchDoc], language: Language, memory: IndexMemory | None
) -> IndexMemory:
    """This build's index and its memory, from the last build's `memory` (None, or another language's: cold)."""
    if memory is not None and memory.language != language.code:
        memory = None
    analyzer = memory.analyzer if memory is not None and memory.analyzer is not None else Analyzer(language)
    keys = doc_keys(sections, docs)
    refs = tuple(doc_url(sections, doc) for doc in docs)
    if memory is None:
        analyses = analyse(sections, docs, analyzer=analyzer)
        built = assemble(refs, analyses)
        return IndexMemory(language.code, keys, analyses, built, None, {}, analyzer=analyzer)
    old = memory.built
    shards = memory.shards if memory.shards_for is old else {}  # never another index's (a forked encoder's)
    shards_lengths = old.lengths if shards else None  # what the kept shards carry: they were encoded from `old`
    if refs == old.refs:
        changed = [number for number, (key, was) in enumerate(zip(keys, memory.keys)) if key != was]
        if not changed:
            # the same index: the same related questions too (they follow from it and the URLs' sections)
            related = memory.related
            return IndexMemory(
                language.code,
                keys,
                memory.analyses,
                old,
                frozenset(),
                shards,
                analyzer=analyzer,
                related=related,
                shards_lengths=shards_lengths,
            )
        analyses = list(memory.analyses)
        fresh = analyse(sections, [docs[number] for number in changed], analyzer=analyzer)
        for number, analysis in zip(changed, fresh):
            analyses[number] = analysis
        built, terms = _patched(old, memory.analyses, analyses, changed)
        return IndexMemory(
            language.code,
            keys,
            analyses,
            built,
            terms,
            shards,
            analyzer=analyzer,
            shards_lengths=shards_lengths,
        )
    by_key = dict(zip(memory.keys, memory.analyses))
    new = [number for number, key in enumerate(keys) if key not in by_key]
    fresh_by_number = dict(zip(new, analyse(sections, [docs[number] for number in new], analyzer)))
    analyses = [fresh_by_number[n] if n in fresh_by_number else by_key[key] for n, key in enumerate(keys)]
    return IndexMemory(language.code, keys, analyses, assemble(refs, analyses), None, {}, analyzer=analyzer)


def _patched(
    old: BuiltIndex, before: list[Analysis], after: list[Analysis], changed: list[int]
) -> tuple[BuiltIndex, frozenset[str]]:
    """`old` with the `changed` documents' postings and lengths replaced: the index, and the terms whose
    postings changed."""
    bits, mask = old.doc_bits, (1 << old.doc_bits) - 1
    touched: set[str] = set()
    postings: list[Postings] = []
    lengths = [list(per_field) for per_field in old.lengths]
    for f, old_postings in enumerate(old.postings):
        field_postings = dict(old_postings)  # the lists are the old index's: copied before any change
        copied: set[str] = set()
        for number in changed:
            was, now = dict(zip(*before[number][0][f])), dict(zip(*after[number][0][f]))
            lengths[f][number] = after[number][1][f]
            for term, tf in was.items():
                if now.get(term) != tf:
                    items = _own(field_postings, copied, term)
                    del items[_at(items, number, mask)]
                    if not items:
                        del field_postings[term]
                    touched.add(term)
            for term, tf in now.items():
                if was.get(term) != tf:
                    items = _own(field_postings, copied, term)
                    items.insert(bisect_left(items, number, key=mask.__and__), tf << bits | number)
                    touched.add(term)
        # the order a cold build inserts terms in: first appearance, document by document
        order = dict.fromkeys(chain.from_iterable(analysis[0][f][0] for analysis in after))
        postings.append({term: field_postings[term] for term in order})
    terms = _vocabulary(old.terms, touched, postings)
    built = BuiltIndex(old.refs, tuple(postings), bits, tuple(map(tuple, lengths)), terms)
    return built, frozenset(touched)


def _vocabulary(old: tuple[str, ...], touched: set[str], postings: list[Postings]) -> tuple[str, ...]:
    """The sorted vocabulary after an update: `old` with the touched terms no field holds now taken out and the
    new ones put in their places (JavaScript order, as a cold build sorts)."""
    held = {term for term in touched if any(term in field for field in postings)}
    gone = touched - held
    new = sorted(held.difference(old), key=utf16_key)
    if not gone and not new:
        return old
    terms = [term for term in old if term not in gone] if gone else list(old)
    for term in new:
        terms.insert(bisect_left(terms, utf16_key(term), key=utf16_key), term)
    return tuple(terms)


def _own(postings: Postings, copied: set[str], term: str) -> array[int]:
    """The term's postings list, copied the first time this update changes it (a new term gets an empty one)."""
    items = postings.get(term)
    if items is None:
        items = postings[term] = postings_list()
        copied.add(term)
    elif term not in copied:
        items = postings[term] = postings_list(items)
        copied.add(term)
    return items


def _at(items: array[int], number: int, mask: int) -> int:
    """The position of document `number`'s posting in `items` (ascending documents)."""
    position = bisect_left(items, number, key=mask.__and__)
    if position == len(items) or items[position] & mask != number:
        raise ValueError(f"document {number} has no posting here")
    return position
