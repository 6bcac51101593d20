"""Search index: turns the help center into the files the browser searches.

Owns the search documents (one per question, one per section with an intro,
one for the carrier lookup page), the text folding shared with `search-text.js` and
the Lunr index: the postings (documents and term frequencies, per field and
term) and field lengths from which lunr's BM25 field vectors follow. Pure: it
reads no file and writes none.

The index is lunr's, computed directly rather than through lunr.py's Builder
(thirty times faster on 10,000 questions, and tested to give the same
serialization, byte for byte): documents are folded (`fold_text`), split on
spaces, stop words dropped and every word stemmed with lunr.js's stemmer.
Answers are read as text by a regex (`html_to_text`), ASCII text is folded
by a byte table and stems are memoised.
`plain_index` gives the standard serialization, which `lunr.Index.load` reads;
`search/transport.py` ships the same index in the form the browser fetches.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from html import unescape

from lunr import __TARGET_JS_VERSION__ as LUNR_JS_VERSION
from lunr.stop_word_filter import WORDS as STOP_WORDS

from kbgen.errors import Problem
from kbgen.model import Carrier, HelpCenter, Section, Site, Source
from kbgen.search.stemmer import porter_js
from kbgen.util.html_text import text_of

__all__ = ["build_index", "collect_docs", "fold_text", "plain_index", "porter_js"]

#: Indexed fields and their build-time boosts, in lunr field order.
FIELDS: tuple[tuple[str, int], ...] = (
    ("question", 8),
    ("tags", 4),
    ("section", 2),
    ("answer", 1),
)
#: BM25 parameters (lunr's defaults); the browser recomputes vectors with them.
BM25_K1 = 1.2
BM25_B = 0.75
#: Pipelines as lunr serializes them: documents, then queries.
INDEX_PIPELINE = ("stopWordFilter", "stemmer")
SEARCH_PIPELINE = ("stemmer",)
#: Deleted inside words before splitting, so "don’t" and "don't" both index "dont".
APOSTROPHES = "'`´ʹʻʼʽ‘’‛′"
#: The carrier lookup page, indexed so "ups number" finds it.
TRACK_SLUG = "track"
TRACK_TITLE = "Which carrier has my parcel?"
TRACK_SECTION = "Track a parcel"

_APOSTROPHE_SET = frozenset(APOSTROPHES)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_SEPARATORS = re.compile(r"[^0-9a-z\x80-\U0010ffff]+")
_SPACES = re.compile(r"\s+")
#: fold_text on ASCII as a byte table: upper case to lower, other non-alphanumerics to spaces.
_ASCII_FOLD = bytes(
    code + 32 if 65 <= code <= 90 else code if 48 <= code <= 57 or 97 <= code <= 122 else 32 for code in range(256)
)
_ASCII_APOSTROPHES = "".join(char for char in APOSTROPHES if char.isascii()).encode("ascii")
#: A start or end tag with no "<" or ">" inside (what Python-Markdown writes: it escapes both in attributes).
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
#: Elements whose text HTMLParser keeps raw (entities not decoded): left to the parser.
_RAW_TEXT_ELEMENT = re.compile(r"<(?:script|style)\b", re.IGNORECASE)


@dataclass(frozen=True)
class SearchSection:
    """A section as results show it."""

    slug: str
    title: str


@dataclass(frozen=True)
class SearchDoc:
    """One searchable document: what lunr indexes and what a result shows."""

    section: int
    """Index into the section list (slug and title)."""
    slug: str
    """Question slug; empty for a section's own page."""
    title: str
    """Question (or page title), the result heading."""
    text: str
    """Plain answer text, for snippets."""
    tags: tuple[str, ...] = ()


Postings = dict[str, list[int]]
"""One field's postings: per term, one `tf << doc_bits | document` for each document holding it, ascending."""


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


def fold_text(text: str) -> str:
    """Normalise text to lunr-ready words: the rule `search-text.js` mirrors.

    NFKD, lower case, combining marks dropped, apostrophes deleted, every run of
    characters that are not letters or numbers (Unicode L*/N*) turned into one
    space. So "Don’t" → "dont", "Café" → "cafe", "👉 YT123" → "yt123".
    """
    if text.isascii():
        return " ".join(fold_words(text))
    text = unicodedata.normalize("NFKD", text).lower()
    text = _NON_ASCII.sub(_fold_char, text)
    text = text.replace("'", "").replace("`", "")
    return _ASCII_SEPARATORS.sub(" ", text).strip()


def fold_words(text: str) -> list[str]:
    """`fold_text(text).split()`; for ASCII text (most of it) one byte-table pass."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_FOLD, _ASCII_APOSTROPHES).decode("ascii").split()
    return fold_text(text).split()


def _fold_char(match: re.Match[str]) -> str:
    char = match.group()
    if char in _APOSTROPHE_SET:
        return ""
    category = unicodedata.category(char)[0]
    if category == "M":
        return ""
    return char if category in "LN" else " "


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment, whitespace collapsed.

    Markdown's HTML (load/markdown.py escapes raw HTML, so it holds only the
    tags Python-Markdown writes, with "<" and ">" escaped everywhere else) is
    read with one regex: every tag becomes a space, then entities are decoded,
    which is what HTMLParser does, five times faster. Anything else (a comment,
    a script, a stray "<") goes through HTMLParser.
    """
    stripped = _TAG.sub(" ", html)
    if "<" in stripped or ">" in stripped or _RAW_TEXT_ELEMENT.search(html):
        return text_of(html)
    return " ".join(unescape(stripped).split())


def can_match(group: Iterable[str], terms: set[str]) -> bool:
    """Whether a synonym group can match a document: one member's words are all stop words or index terms, one a term."""
    for member in (fold_text(m).split() for m in group):
        kept = [porter_js(w) for w in member if w not in STOP_WORDS]
        if kept and all(term in terms for term in kept):
            return True
    return False


def search_synonyms(site: Site, terms: set[str]) -> list[list[list[str]]]:
    """The synonym groups the browser gets: the site's, then the shipped vocabulary's unless switched off, folded;
    only groups that can match a document of the index (`terms`) are kept."""
    groups = list(site.synonyms)
    if site.vocabulary is not None:
        groups += site.vocabulary.synonyms
    folded = fold_synonyms(group for group in groups if can_match(group, terms))
    # a group whose members another group holds all adds nothing: the larger one finds the same and more
    sets = [frozenset(map(tuple, group)) for group in folded]
    return [
        group
        for i, group in enumerate(folded)
        if not any(j != i and sets[i] <= other and (sets[i] < other or j < i) for j, other in enumerate(sets))
    ]


def search_filler(site: Site) -> list[str]:
    """Filler words the query treats as stop words (the shipped vocabulary's, unless switched off)."""
    return sorted(fold_text(w) for w in site.vocabulary.filler) if site.vocabulary is not None else []


def synonym_warnings(site: Site, terms: set[str]) -> list[Problem]:
    """A `site.yaml:line` warning for each of the site's synonym groups that can never match a document."""
    sources = site.synonym_sources or [Source("site.yaml", 1)] * len(site.synonyms)
    return [
        Problem(
            source.path,
            source.line,
            f"synonyms group [{', '.join(group)}] can never match: no member's words are all in the help center",
            warning=True,
            code="unmatched-synonyms",
        )
        for group, source in zip(site.synonyms, sources)
        if not can_match(group, terms)
    ]


def content_warnings(hc: HelpCenter) -> list[Problem]:
    """What the search stage warns about the content, for `kbgen check` as for a build: synonym_warnings."""
    if not hc.site.synonyms:
        return []
    return synonym_warnings(hc.site, set(build_index(*collect_docs(hc)).terms))


def fold_synonyms(groups: Iterable[Iterable[str]]) -> list[list[list[str]]]:
    """Synonym groups as lists of folded word lists; empty members dropped."""
    folded = []
    for group in groups:
        members = [fold_text(member).split() for member in group]
        members = [member for member in members if member]
        if len(members) > 1:
            folded.append(members)
    return folded


def collect_docs(hc: HelpCenter) -> tuple[list[SearchSection], list[SearchDoc]]:
    """The search documents of a help center, sorted by URL."""
    sections = [SearchSection(s.slug, s.title) for s in hc.sections]
    docs: list[SearchDoc] = []
    for number, section in enumerate(hc.sections):
        docs.extend(_section_docs(number, section))
    if hc.carriers:
        sections.append(SearchSection(TRACK_SLUG, TRACK_SECTION))
        docs.append(_track_doc(len(sections) - 1, hc.carriers))
    docs.sort(key=lambda doc: utf16_key(doc_url(sections, doc)))
    return sections, docs


def _section_docs(number: int, section: Section) -> Iterable[SearchDoc]:
    intro = html_to_text(section.intro_html)
    if intro:
        about = f"{section.description} {intro}" if section.description else intro
        yield SearchDoc(number, "", section.title, about)
    for question in section.questions:
        text = html_to_text(question.answer_html)
        yield SearchDoc(number, question.slug, question.question, text, question.tags)


def _track_doc(number: int, carriers: tuple[Carrier, ...]) -> SearchDoc:
    lines = ["Enter your tracking number to see which carrier delivers your parcel."]
    for carrier in carriers:
        prefixes = " or ".join(carrier.prefixes)
        lines.append(f"{carrier.name}: tracking numbers start with {prefixes}.")
    names = tuple(carrier.name for carrier in carriers)
    return SearchDoc(number, "", TRACK_TITLE, " ".join(lines), ("carrier", *names))


def doc_url(sections: list[SearchSection], doc: SearchDoc) -> str:
    """URL of a document relative to the site root (its lunr ref)."""
    slug = sections[doc.section].slug
    return f"{slug}/{doc.slug}/" if doc.slug else f"{slug}/"


def utf16_key(text: str) -> bytes:
    """Sort key matching JavaScript's string order (UTF-16 code units)."""
    return text.encode("utf-16-be")


def field_texts(sections: list[SearchSection], doc: SearchDoc) -> tuple[str, ...]:
    """The text of each indexed field of a document, in FIELDS order, before folding."""
    return (doc.title, " ".join(doc.tags), sections[doc.section].title, doc.text)


class _Stems(dict[str, "str | None"]):
    """Word → lunr term, stemmed on first lookup; stop words map to None."""

    def __missing__(self, word: str) -> str:
        stem = self[word] = porter_js(word)
        return stem


class Analyzer:
    """lunr's document pipeline over folded text: split on spaces, drop stop words, stem (memoised)."""

    def __init__(self) -> None:
        self.stems = _Stems.fromkeys(STOP_WORDS)

    def terms(self, text: str) -> list[str]:
        """The index terms of `text`, in order, repeats kept."""
        # No stem is empty, so filter(None) drops exactly the stop words.
        return list(filter(None, map(self.stems.__getitem__, fold_words(text))))

    def count(self, text: str) -> tuple[dict[str, int], int]:
        """`{term: frequency}` of `text` and its number of terms: `terms` counted without the list."""
        words = fold_words(text)
        counts = Counter(map(self.stems.__getitem__, words))
        stop_words = counts.pop(None, 0)  # type: ignore[call-overload]
        return counts, len(words) - stop_words


def build_index(sections: list[SearchSection], docs: list[SearchDoc]) -> BuiltIndex:
    """The lunr index of the documents (terms numbered in sorted order, so transports can omit the numbers)."""
    analyzer = Analyzer()
    doc_bits = len(docs).bit_length()
    lengths: list[list[int]] = [[] for _ in FIELDS]
    postings: list[Postings] = [{} for _ in FIELDS]
    # every question of a section has its title: counted once
    section_field = [name for name, _ in FIELDS].index("section")
    section_counts = [analyzer.count(section.title) for section in sections]
    for number, doc in enumerate(docs):
        for field, text in enumerate(field_texts(sections, doc)):
            counts, length = section_counts[doc.section] if field == section_field else analyzer.count(text)
            lengths[field].append(length)
            field_postings = postings[field]
            for term, tf in counts.items():
                if term in field_postings:
                    field_postings[term].append(tf << doc_bits | number)
                else:
                    field_postings[term] = [tf << doc_bits | number]
    return BuiltIndex(
        refs=tuple(doc_url(sections, doc) for doc in docs),
        postings=tuple(postings),
        doc_bits=doc_bits,
        lengths=tuple(tuple(per_doc) for per_doc in lengths),
        terms=tuple(sorted(set().union(*postings), key=utf16_key)),
    )


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
    the ones `search-engine.js` recomputes) are the same floats.
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
        "pipeline": list(SEARCH_PIPELINE),
    }
