"""The search index builder: lunr's index of the search documents, as postings and field lengths.

Owns `build_index` and `BuiltIndex` (the documents and term frequencies per
field and term, and the field lengths, from which lunr's BM25 field vectors
follow), lunr's document pipeline (`Analyzer`: fold, split on spaces, drop
stop words, stem with the site language's stemmer, `languages.py`) and the settings the browser repeats
(BM25 parameters). Pure: it reads no file and writes none.

The index is lunr's, computed directly rather than through lunr.py's Builder
(thirty times faster on 10,000 questions, and tested to give the same
serialization, byte for byte, by tests/support/lunr_index.py against
tests/support/lunr_reference.py): ASCII text is folded by a byte table and
stems are memoised. `search/shards.py` ships the index in the form the browser
fetches.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kbgen.search.documents import FIELDS, SearchDoc, SearchSection, doc_url, field_texts
from kbgen.search.languages import ENGLISH, Language
from kbgen.search.text import fold_words, utf16_key

__all__ = [
    "POSTING_TYPE",
    "Analysis",
    "Analyzer",
    "BuiltIndex",
    "FieldTerms",
    "analyse",
    "assemble",
    "build_index",
    "postings_list",
]

#: BM25 parameters (lunr's defaults); the browser recomputes vectors with them.
BM25_K1 = 1.2
BM25_B = 0.75

#: A posting's machine type: an unsigned 64-bit integer, 8 bytes, where a Python int in a list takes about 40
#: (at 100,000 questions the postings are millions: the largest part of the index's memory).
POSTING_TYPE = "Q"

Postings = dict[str, "array[int]"]
"""One field's postings: per term, one `tf << doc_bits | document` for each document holding it, ascending,
in a typed array (`POSTING_TYPE`): read as a sequence of ints, edited by search/incremental.py."""


def postings_list(items: Iterable[int] = ()) -> array[int]:
    """A term's postings list: a typed array of `items` (`POSTING_TYPE`)."""
    return array(POSTING_TYPE, items)


@dataclass(frozen=True)
class BuiltIndex:
    """A lunr index as postings and field lengths: everything its vectors follow from."""

    refs: tuple[str, ...]
    """Document refs (URLs) in document-id order."""
    postings: tuple[Postings, ...]
    """Per field (FIELDS order): {term: postings}, each the term's frequency and a document in one int."""
    doc_bits: int
    """Bits of a posting that hold its document (`posting & (1 << doc_bits) - 1`); the term frequency is above."""
    lengths: tuple[tuple[int, ...], ...]
    """Per field, per document: the number of terms (stop words excluded)."""
    terms: tuple[str, ...]
    """Every term, sorted in JavaScript order; a term's position is its lunr `_index`."""

    def document_counts(self) -> dict[str, int]:
        """Per term, the number of (field, document) pairs holding it: lunr's idf counts these."""
        counts = dict.fromkeys(self.terms, 0)
        for postings in self.postings:
            for term, items in postings.items():
                counts[term] += len(items)
        return counts

    def frequencies(self) -> list[list[dict[str, int]]]:
        """Per field, per document: {term: count}."""
        out: list[list[dict[str, int]]] = [[{} for _ in self.refs] for _ in self.postings]
        mask = (1 << self.doc_bits) - 1
        for per_doc, postings in zip(out, self.postings):
            for term, items in postings.items():
                for posting in items:
                    per_doc[posting & mask][term] = posting >> self.doc_bits
        return out


class _Stems(dict[str, "str | None"]):
    """Word → lunr term, stemmed on first lookup; stop words map to None."""

    def __init__(self, stem: Callable[[str], str]) -> None:
        super().__init__()
        self.stem = stem

    def __missing__(self, word: str) -> str:
        stem = self[word] = self.stem(word)
        return stem


class _Splits(dict[str, list[str]]):
    """Word → its lunr terms (languages written without spaces), split on first lookup; stop words map to []."""

    def __init__(self, language: Language) -> None:
        super().__init__()
        self.language = language

    def __missing__(self, word: str) -> list[str]:
        terms = self[word] = self.language.terms(word)
        return terms


class Analyzer:
    """lunr's document pipeline over folded text: split on spaces, drop stop words, stem (memoised).

    One language's (`languages.py`): a word is one term (stemmed) or, where a language writes words
    without spaces, several (`Language.split`)."""

    def __init__(self, language: Language = ENGLISH) -> None:
        self.words = language.words if language.elides else fold_words
        self.stems = _Stems(language.term)
        self.stems.update(dict.fromkeys(language.stop_words))
        self.splits = _Splits(language) if language.split is not None else None

    def terms(self, text: str) -> list[str]:
        """The index terms of `text`, in order, repeats kept."""
        if self.splits is not None:
            return [term for word in self.words(text) for term in self.splits[word]]
        # No stem is empty, so filter(None) drops exactly the stop words.
        return list(filter(None, map(self.stems.__getitem__, self.words(text))))

    def count(self, text: str) -> tuple[dict[str, int], int]:
        """`{term: frequency}` of `text` and its number of terms: `terms` counted without the list."""
        if self.splits is not None:
            terms = self.terms(text)
            return Counter(terms), len(terms)
        words = self.words(text)
        counts = Counter(map(self.stems.__getitem__, words))
        stop_words = counts.pop(None, 0)  # type: ignore[call-overload]
        return counts, len(words) - stop_words


FieldTerms = tuple[tuple[str, ...], tuple[int, ...]]
"""One field of a document: its terms in order of first occurrence, and their frequencies (tuples: compact to keep)."""
Analysis = tuple[tuple[FieldTerms, ...], tuple[int, ...]]
"""One document analysed: its terms per field (FIELDS order) and its field lengths."""


def analyse(sections: list[SearchSection], docs: list[SearchDoc], analyzer: Analyzer) -> list[Analysis]:
    """Each document's terms and field lengths (a section's title is counted once for all its documents)."""
    section_field = [name for name, _ in FIELDS].index("section")
    section_terms = [_field_terms(*analyzer.count(section.title)) for section in sections]
    out: list[Analysis] = []
    for doc in docs:
        counted = [
            section_terms[doc.section] if field == section_field else _field_terms(*analyzer.count(text))
            for field, text in enumerate(field_texts(sections, doc))
        ]
        out.append((tuple(terms for terms, _ in counted), tuple(length for _, length in counted)))
    return out


def _field_terms(counts: dict[str, int], length: int) -> tuple[FieldTerms, int]:
    return (tuple(counts), tuple(counts.values())), length


def assemble(refs: tuple[str, ...], analyses: list[Analysis]) -> BuiltIndex:
    """The index of documents analysed (`analyse`): postings in document order, terms in JavaScript order.

    Each field's postings dict holds its terms in order of first appearance (document by document), which
    related.py's tie-breaks follow: an index updated in place (search/incremental.py) keeps this order too.
    """
    doc_bits = len(analyses).bit_length()
    postings: list[Postings] = [{} for _ in FIELDS]
    for number, (terms_per_field, _) in enumerate(analyses):
        for field_postings, (terms, tfs) in zip(postings, terms_per_field):
            for term, tf in zip(terms, tfs):
                if term in field_postings:
                    field_postings[term].append(tf << doc_bits | number)
                else:
                    field_postings[term] = array(POSTING_TYPE, (tf << doc_bits | number,))
    lengths = tuple(tuple(per_field) for per_field in zip(*(length for _, length in analyses))) or tuple(
        () for _ in FIELDS
    )
    return BuiltIndex(
        refs=refs,
        postings=tuple(postings),
        doc_bits=doc_bits,
        lengths=lengths,
        terms=tuple(sorted(set().union(*postings), key=utf16_key)),
    )


def build_index(sections: list[SearchSection], docs: list[SearchDoc], language: Language = ENGLISH) -> BuiltIndex:
    """The lunr index of the documents (terms numbered in sorted order, so transports can omit the numbers)."""
    refs = tuple(doc_url(sections, doc) for doc in docs)
    return assemble(refs, analyse(sections, docs, Analyzer(language)))
