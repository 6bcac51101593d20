"""Search index: turns the help center into the file the browser searches.

Owns the search documents (one per question, one per section with an intro,
one for the carrier lookup page), the text folding shared with `search.js`, the
Lunr index built with lunr.py and its compact transport form. Pure: it reads
no file and writes none; `build_search_files` returns `(path, bytes)` pairs.

Transport (`assets/search/index.json`, format 1): the doc store (sections,
docs, answer text) plus what the browser needs to rebuild lunr.py's index
exactly. A field whose words already ship in the doc store (question, tags,
section, and answer while the answer text is inlined) costs nothing more: the
browser folds and pipes that text through lunr.js's own pipeline. Other fields
ship as posting lists (`encode_field`). `search.js` recomputes lunr's BM25
vectors and hands the rebuilt plain serialization to `lunr.Index.load`;
`plain_index` gives the same serialization from Python for the tests.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

from lunr import __TARGET_JS_VERSION__ as LUNR_JS_VERSION
from lunr.builder import Builder
from lunr.index import Index
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token

from kbgen.model import Carrier, HelpCenter, Section

INDEX_PATH = "assets/search/index.json"
FORMAT_VERSION = 1

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
#: Deleted inside words before splitting, so "don’t" and "don't" both index "dont".
APOSTROPHES = "'`´ʹʻʼʽ‘’‛′"
#: Answer text up to this many characters ships inline (snippets, and the
#: answer field derived from it); beyond, the answer field ships as postings.
INLINE_TEXT_LIMIT = 64_000
#: Questions offered when nothing matches.
POPULAR_COUNT = 5
#: The carrier lookup page, indexed so "ups number" finds it.
TRACK_SLUG = "track"
TRACK_TITLE = "Which carrier has my parcel?"
TRACK_SECTION = "Track a parcel"

_VLQ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_APOSTROPHE_SET = frozenset(APOSTROPHES)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_SEPARATORS = re.compile(r"[^0-9a-z\x80-\U0010ffff]+")
_SPACES = re.compile(r"\s+")


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


@dataclass(frozen=True)
class BuiltIndex:
    """A lunr.py index with what its transport form needs."""

    index: Index
    refs: tuple[str, ...]
    """Document refs (URLs) in document-id order."""
    frequencies: dict[str, dict[str, int]]
    """Term frequencies per `field/ref`, as the lunr builder counted them."""
    index_pipeline: list[str]
    """Names of the functions documents went through (queries': in `index`)."""


def fold_text(text: str) -> str:
    """Normalise text to lunr-ready words: the rule `search.js` mirrors.

    NFKD, lower case, combining marks dropped, apostrophes deleted, every run of
    characters that are not letters or numbers (Unicode L*/N*) turned into one
    space. So "Don’t" → "dont", "Café" → "cafe", "👉 YT123" → "yt123".
    """
    text = unicodedata.normalize("NFKD", text).lower()
    text = _NON_ASCII.sub(_fold_char, text)
    text = text.replace("'", "").replace("`", "")
    return _ASCII_SEPARATORS.sub(" ", text).strip()


def _fold_char(match: re.Match[str]) -> str:
    char = match.group()
    if char in _APOSTROPHE_SET:
        return ""
    category = unicodedata.category(char)[0]
    if category == "M":
        return ""
    return char if category in "LN" else " "


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment, a space between elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment, whitespace collapsed."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return _SPACES.sub(" ", "".join(parser.parts)).strip()


def build_search_files(hc: HelpCenter) -> list[tuple[str, bytes]]:
    """The search files of a help center, paths relative to the output root."""
    return [(INDEX_PATH, to_json_bytes(search_payload(hc)))]


def search_payload(hc: HelpCenter) -> dict[str, object]:
    """The content of `index.json` (see the module docstring)."""
    sections, docs = collect_docs(hc)
    built = build_index(sections, docs)
    inline = sum(len(doc.text) for doc in docs) <= INLINE_TEXT_LIMIT
    payload: dict[str, object] = {
        "version": FORMAT_VERSION,
        "lunr": LUNR_JS_VERSION,
        "normalize": {"apostrophes": APOSTROPHES},
        "pipeline": {
            "index": built.index_pipeline,
            "search": built.index.pipeline.serialize(),
        },
        "fields": [list(field) for field in FIELDS],
        "bm25": [BM25_K1, BM25_B],
        "synonyms": fold_synonyms(hc.site.synonyms),
        "sections": [[s.slug, s.title] for s in sections],
        "docs": [_doc_row(doc) for doc in docs],
        "popular": popular_docs(hc, sections, docs),
    }
    if inline:
        payload["text"] = [doc.text for doc in docs]
    else:
        payload["encoded"] = {"answer": encode_field(built, "answer")}
    return payload


def _doc_row(doc: SearchDoc) -> list[object]:
    row: list[object] = [doc.section, doc.slug, doc.title]
    if doc.tags:
        row.append(" ".join(doc.tags))
    return row


def to_json_bytes(data: object) -> bytes:
    """Deterministic compact JSON (sorted keys, UTF-8, trailing newline)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def fold_synonyms(groups: Iterable[Iterable[str]]) -> list[list[list[str]]]:
    """Synonym groups as lists of folded word lists; empty members dropped."""
    folded = []
    for group in groups:
        members = [fold_text(member).split() for member in group]
        members = [member for member in members if member]
        if len(members) > 1:
            folded.append(members)
    return folded


def popular_docs(hc: HelpCenter, sections: list[SearchSection], docs: list[SearchDoc]) -> list[int]:
    """Doc ids offered when nothing matches: the first question of each section."""
    ids = {doc_url(sections, doc): number for number, doc in enumerate(docs)}
    firsts = [f"{s.slug}/{s.questions[0].slug}/" for s in hc.sections if s.questions]
    return [ids[url] for url in firsts[:POPULAR_COUNT]]


def collect_docs(hc: HelpCenter) -> tuple[list[SearchSection], list[SearchDoc]]:
    """The search documents of a help center, sorted by URL."""
    sections = [SearchSection(s.slug, s.title) for s in hc.sections]
    docs: list[SearchDoc] = []
    for number, section in enumerate(hc.sections):
        docs.extend(_section_docs(number, section))
    if hc.carriers:
        sections.append(SearchSection(TRACK_SLUG, TRACK_SECTION))
        docs.append(_track_doc(len(sections) - 1, hc.carriers))
    docs.sort(key=lambda doc: _utf16_key(doc_url(sections, doc)))
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


def _utf16_key(text: str) -> bytes:
    """Sort key matching JavaScript's string order (UTF-16 code units)."""
    return text.encode("utf-16-be")


def make_builder() -> Builder:
    """A lunr builder with kbgen's fields and pipeline.

    `fold_text` does the trimmer's job (and lunr.js's trimmer only knows ASCII
    letters), so documents go through the stop-word filter and the stemmer,
    queries through the stemmer: the same registered functions in lunr.js,
    with lunr.js's stemmer (`js_stemmer`) rather than lunr.py's.
    """
    builder = Builder()
    builder.pipeline.add(stop_word_filter, js_stemmer)
    builder.search_pipeline.add(js_stemmer)
    builder.ref("url")
    builder.k1(BM25_K1)
    builder.b(BM25_B)
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    return builder


def build_index(sections: list[SearchSection], docs: list[SearchDoc]) -> BuiltIndex:
    """The lunr.py index of the documents, terms numbered in sorted order.

    lunr numbers terms in the order it first meets them; renumbering them in
    sorted order before vectors are built keeps the index a plain lunr index
    while letting the transport form omit every term number.
    """
    builder = make_builder()
    refs = tuple(doc_url(sections, doc) for doc in docs)
    for ref, doc in zip(refs, docs, strict=True):
        builder.add(
            {
                "url": ref,
                "question": fold_text(doc.title),
                "tags": fold_text(" ".join(doc.tags)),
                "section": fold_text(sections[doc.section].title),
                "answer": fold_text(doc.text),
            }
        )
    for number, term in enumerate(sorted(builder.inverted_index, key=_utf16_key)):
        builder.inverted_index[term]["_index"] = number
    return BuiltIndex(
        builder.build(),
        refs,
        builder.field_term_frequencies,
        builder.pipeline.serialize(),
    )


def plain_index(built: BuiltIndex) -> dict[str, object]:
    """The standard lunr serialization, terms in JavaScript order."""
    data = built.index.serialize()
    data["invertedIndex"].sort(key=lambda entry: _utf16_key(entry[0]))
    return data


def encode_field(built: BuiltIndex, field: str) -> dict[str, str]:
    """One field's postings in compact form (base64 VLQ numbers, see below).

    - `terms`: the field's sorted terms, front coded: per term, the length (in
      UTF-16 units) of the prefix it shares with the previous term, then the
      rest, `" "` apart;
    - `counts`: per term, its number of documents minus one;
    - `gaps`: per posting, doc id − previous doc id − 1 (from −1), terms taken
      by decreasing count (ties in term order), which groups alike gaps for gzip;
    - `tf`: per posting in the same order, the term frequency minus one.
    """
    inverted = built.index.inverted_index
    doc_ids = {ref: number for number, ref in enumerate(built.refs)}
    terms = sorted((t for t in inverted if inverted[t][field]), key=_utf16_key)
    postings = [sorted(doc_ids[ref] for ref in inverted[t][field]) for t in terms]
    order = sorted(range(len(terms)), key=lambda i: -len(postings[i]))
    gaps: list[str] = []
    tfs: list[str] = []
    for i in order:
        previous = -1
        for doc_id in postings[i]:
            gaps.append(_vlq(doc_id - previous - 1))
            tf = built.frequencies[f"{field}/{built.refs[doc_id]}"][terms[i]]
            tfs.append(_vlq(tf - 1))
            previous = doc_id
    return {
        "terms": " ".join(_front_code(terms)),
        "counts": "".join(_vlq(len(ids) - 1) for ids in postings),
        "gaps": "".join(gaps),
        "tf": "".join(tfs),
    }


def _front_code(terms: list[str]) -> Iterable[str]:
    previous = ""
    for term in terms:
        shared = 0
        limit = min(len(term), len(previous))
        while shared < limit and term[shared] == previous[shared]:
            shared += 1
        # JavaScript slices strings in UTF-16 code units
        units = len(term[:shared].encode("utf-16-le")) // 2
        yield _vlq(units) + term[shared:]
        previous = term


def _vlq(number: int) -> str:
    """Base64 VLQ of a non-negative integer: 5 bits a digit, low digits first."""
    digits = []
    while True:
        digit = number & 31
        number >>= 5
        if not number:
            digits.append(_VLQ_ALPHABET[digit])
            return "".join(digits)
        digits.append(_VLQ_ALPHABET[digit | 32])


# lunr.js 2.3.9's Porter stemmer, ported regex for regex. lunr.py's stemmer is
# Porter's reference code and disagrees with it ("day" → "dai" there, "day" in
# lunr.js; "try" → "try" there, "tri" in lunr.js), so an index stemmed by
# lunr.py misses words the browser stems with lunr.js.
_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance",
    "izer": "ize", "bli": "ble", "alli": "al", "entli": "ent", "eli": "e",
    "ousli": "ous", "ization": "ize", "ation": "ate", "ator": "ate",
    "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous",
    "aliti": "al", "iviti": "ive", "biliti": "ble", "logi": "log",
}  # fmt: skip
_STEP3 = {
    "icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic",
    "ful": "", "ness": "",
}  # fmt: skip
_C = "[^aeiou][^aeiouy]*"
_V = "[aeiouy][aeiou]*"
_MGR0 = re.compile(f"^({_C})?{_V}{_C}")
_MEQ1 = re.compile(f"^({_C})?{_V}{_C}({_V})?$")
_MGR1 = re.compile(f"^({_C})?{_V}{_C}{_V}{_C}")
_S_V = re.compile(f"^({_C})?[aeiouy]")
_RE_1A = re.compile(r"^(.+?)(ss|i)es$")
_RE2_1A = re.compile(r"^(.+?)([^s])s$")
_RE_1B = re.compile(r"^(.+?)eed$")
_RE2_1B = re.compile(r"^(.+?)(ed|ing)$")
_LAST = re.compile(r".$")
_RE2_1B_2 = re.compile(r"(at|bl|iz)$")
_RE3_1B_2 = re.compile(r"([^aeiouylsz])\1$")
_CVC = re.compile(f"^{_C}[aeiouy][^aeiouwxy]$")
_RE_1C = re.compile(r"^(.+?[^aeiou])y$")
_RE_2 = re.compile(f"^(.+?)({'|'.join(_STEP2)})$")
_RE_3 = re.compile(f"^(.+?)({'|'.join(_STEP3)})$")
_RE_4 = re.compile(
    r"^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous"
    r"|ive|ize)$"
)
_RE2_4 = re.compile(r"^(.+?)(s|t)(ion)$")
_RE_5 = re.compile(r"^(.+?)e$")
_RE_5_1 = re.compile(r"ll$")


def porter_js(word: str) -> str:
    """Stem `word` exactly as lunr.js 2.3.9 does (UTF-16 semantics included)."""
    astral = any(ord(char) > 0xFFFF for char in word)
    if astral:  # JavaScript regexes without /u see surrogate pairs
        units = word.encode("utf-16-le")
        word = "".join(chr(int.from_bytes(units[i : i + 2], "little")) for i in range(0, len(units), 2))
    stemmed = _porter_units(word)
    if astral:
        return stemmed.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    return stemmed


def _porter_units(w: str) -> str:
    if len(w) < 3:
        return w
    initial_y = w[0] == "y"
    if initial_y:
        w = "Y" + w[1:]
    if (m := _RE_1A.search(w)) or (m := _RE2_1A.search(w)):
        w = m.group(1) + m.group(2)
    if m := _RE_1B.search(w):
        if _MGR0.search(m.group(1)):
            w = _LAST.sub("", w, count=1)
    elif m := _RE2_1B.search(w):
        stem = m.group(1)
        if _S_V.search(stem):
            w = stem
            if _RE2_1B_2.search(w):
                w += "e"
            elif _RE3_1B_2.search(w):
                w = _LAST.sub("", w, count=1)
            elif _CVC.search(w):
                w += "e"
    if m := _RE_1C.search(w):
        w = m.group(1) + "i"
    if (m := _RE_2.search(w)) and _MGR0.search(m.group(1)):
        w = m.group(1) + _STEP2[m.group(2)]
    if (m := _RE_3.search(w)) and _MGR0.search(m.group(1)):
        w = m.group(1) + _STEP3[m.group(2)]
    if m := _RE_4.search(w):
        if _MGR1.search(m.group(1)):
            w = m.group(1)
    elif (m := _RE2_4.search(w)) and _MGR1.search(m.group(1) + m.group(2)):
        w = m.group(1) + m.group(2)
    if m := _RE_5.search(w):
        stem = m.group(1)
        if _MGR1.search(stem) or (_MEQ1.search(stem) and not _CVC.search(stem)):
            w = stem
    if _RE_5_1.search(w) and _MGR1.search(w):
        w = _LAST.sub("", w, count=1)
    if initial_y:
        w = "y" + w[1:]
    return w


def js_stemmer(token: Token, i: int | None = None, tokens: object = None) -> Token:
    """lunr pipeline function: lunr.js's stemmer (serialized as "stemmer")."""
    return token.update(lambda text, metadata=None: porter_js(text))


js_stemmer.label = "stemmer"  # type: ignore[attr-defined]
