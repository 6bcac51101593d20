"""The reference the search index is compared with: the same index built by lunr.py's own Builder.

Test-only (slow): kbgen computes the index directly, and tests/unit/search holds
it to this byte for byte.
"""

from __future__ import annotations

from lunr.builder import Builder
from lunr.stop_word_filter import stop_word_filter

from kbgen.search.documents import FIELDS, SearchDoc, SearchSection, doc_url, field_texts
from kbgen.search.index import BM25_B, BM25_K1
from kbgen.search.text import fold_text, utf16_key
from tests.support.lunr_index import js_stemmer


def reference_index(sections: list[SearchSection], docs: list[SearchDoc]) -> dict[str, object]:
    """The same index built by lunr.py's own Builder and serialized (slow)."""
    builder = Builder()
    builder.pipeline.add(stop_word_filter, js_stemmer)
    builder.search_pipeline.add(js_stemmer)
    builder.ref("url")
    builder.k1(BM25_K1)
    builder.b(BM25_B)
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for doc in docs:
        texts = field_texts(sections, doc)
        builder.add({"url": doc_url(sections, doc), **{name: fold_text(t) for (name, _), t in zip(FIELDS, texts)}})
    for number, term in enumerate(sorted(builder.inverted_index, key=utf16_key)):
        builder.inverted_index[term]["_index"] = number
    data = builder.build().serialize()
    data["invertedIndex"].sort(key=lambda entry: utf16_key(entry[0]))
    return data
