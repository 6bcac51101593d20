"""Search languages: how the words of one language become index terms, on the build side, as the browser repeats.

Owns `Language` (per language: its stop words, its stemmer or its segmenter, the
lunr pipeline names the index file gives the browser, and the lunr-languages
scripts the page loads for them) and `search_language`, which picks one from a
site's BCP 47 `language:` tag. Pure: the stop words come from one data file
(`kbgen/data/stopwords.json`, written by scripts/search-stopwords from
lunr-languages' lists), read once.

Every language first folds text with `text.fold_text` (NFKD, lower case, marks
and apostrophes dropped, anything but letters and digits a separator), the rule
the browser repeats; then, per folded word:

- English (and every language without its own analyzer here): lunr's stop
  words and lunr.js's Porter stemmer (`stemmer.py`), as before.
- Danish, Dutch, Finnish, French, German, Hungarian, Italian, Norwegian,
  Portuguese, Romanian, Russian, Spanish, Swedish, Turkish: lunr-languages'
  stop words (folded) and Snowball's stemmer, `snowballstemmer` 2.2.0 here and
  lunr-languages 1.22.0 in the browser, the same Snowball algorithms (proved
  word for word by tests/js/languages.test.js). Folding first also settles the
  two letters where the two disagree on raw words (French `ï`, Russian `ё`):
  both sides stem `jamaique` and `е`.
- Arabic: lunr-languages' stop words (folded) and its own Arabic stemmer (not
  Snowball), which `arabic.py` repeats step for step over the same tables, so
  نقاط and النقاط are one term.
- Japanese: no segmenter; a run of Japanese characters (Han, hiragana,
  katakana) is indexed as its character bigrams (a lone character as itself),
  anything else as a word, as Lucene's CJK analyzer does. Bigrams are the same
  wherever a word stands ("お届け" gives お届, 届け alone and in
  "5営業日てお届けします"), so a two- or three-character query finds the text
  holding it; a segmenter (TinySegmenter) cuts by context and found nothing
  more, for twice the page's search script (docs/search.md).
- Chinese: no segmenter; a run of Han characters is indexed as its character
  bigrams (a lone character as itself), anything else as a word.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lunr.stop_word_filter import WORDS as ENGLISH_STOP_WORDS

from kbgen.search.arabic import arabic_stem
from kbgen.search.stemmer import porter_js
from kbgen.search.text import APOSTROPHES, fold_words, split_elisions

__all__ = ["ENGLISH", "Language", "han_bigrams", "japanese_bigrams", "search_language"]

#: lunr-languages' file (lunr.<name>.js) and Snowball's algorithm of each language stemmed alike on both sides.
SNOWBALL = {
    "da": "danish", "de": "german", "es": "spanish", "fi": "finnish", "fr": "french", "hu": "hungarian",
    "it": "italian", "nl": "dutch", "no": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian",
    "sv": "swedish", "tr": "turkish",
}  # fmt: skip
#: Languages whose apostrophes mark an elision ("l’", "d’", "qu’"; "dell’", "un’"): lunr-languages' stop word
#: lists of both hold the elided words, so the words are split there.
_ELIDING = frozenset({"fr", "it"})
#: BCP 47 primary subtags read as another language's: Norwegian Bokmål and Nynorsk stem as Norwegian.
_ALIASES = {"nb": "no", "nn": "no"}


@dataclass(frozen=True)
class Language:
    """One language's analyzer, as the build runs it and the index file names it for the browser."""

    code: str
    """The analyzer's name: "en", a key of SNOWBALL, "ar", "ja" or "zh"."""
    stop_words: frozenset[str]
    """Folded words left out of the index and of queries."""
    term: Callable[[str], str] = field(repr=False)
    """A folded word's term (stemmed); used when `split` is None."""
    split: Callable[[str], list[str]] | None = field(default=None, repr=False)
    """A folded word's terms, for languages that write words without spaces between them."""
    index_pipeline: tuple[str, ...] = ("stopWordFilter", "stemmer")
    """lunr pipeline functions (by their registered names) the browser runs over a document's folded words."""
    search_pipeline: tuple[str, ...] = ("stemmer",)
    """The same over a query's words."""
    scripts: tuple[str, ...] = ()
    """lunr-languages files (theme/node_modules/lunr-languages/) the page loads after lunr.js, in order."""
    elides: bool = False
    """Whether an apostrophe ends an elided word ("l’adhésion", "dell’ordine"): then it separates words instead of
    being deleted inside one, so "adhésion" finds "l’adhésion" (and `l` is a stop word)."""

    @property
    def apostrophes(self) -> str:
        """The apostrophes folding deletes inside words (the index file gives the browser the same set)."""
        return "" if self.elides else APOSTROPHES

    def words(self, text: str) -> list[str]:
        """The folded words of `text`, as this language splits them."""
        return fold_words(split_elisions(text) if self.elides else text)

    def fold(self, text: str) -> str:
        """`text` folded as this language's words: `" ".join(self.words(text))`."""
        return " ".join(self.words(text))

    def terms(self, word: str) -> list[str]:
        """The index terms of one folded word: none for a stop word."""
        if word in self.stop_words:
            return []
        return self.split(word) if self.split is not None else [self.term(word)]


ENGLISH = Language("en", frozenset(ENGLISH_STOP_WORDS), porter_js)


@cache
def _stop_words() -> dict[str, str]:
    return json.loads((Path(__file__).resolve().parent.parent / "data" / "stopwords.json").read_text(encoding="utf-8"))


@cache
def search_language(tag: str) -> Language:
    """The analyzer of a BCP 47 tag's language (`de-CH` → German); English for a language without one here."""
    code = tag.split("-")[0].lower()
    code = _ALIASES.get(code, code)
    if code in SNOWBALL:
        return _snowball(code)
    if code == "ar":
        return Language(
            "ar",
            frozenset(_stop_words()["ar"].split()),
            arabic_stem,
            index_pipeline=("kbgen-stop-ar", "stemmer-ar"),
            search_pipeline=("stemmer-ar",),
            scripts=("min/lunr.stemmer.support.min.js", "min/lunr.ar.min.js"),
        )
    if code == "ja":
        return Language("ja", frozenset(), str, japanese_bigrams, ("kbgen-bigram-ja",), ("kbgen-bigram-ja",))
    if code == "zh":
        return Language("zh", frozenset(), str, han_bigrams, ("kbgen-bigram",), ("kbgen-bigram",))
    return ENGLISH


def _snowball(code: str) -> Language:
    import snowballstemmer  # only for a site or locale in one of its languages: an English build does without it

    stemmer = snowballstemmer.stemmer(SNOWBALL[code])
    return Language(
        code,
        frozenset(_stop_words()[code].split()),
        stemmer.stemWord,
        index_pipeline=(f"kbgen-stop-{code}", f"stemmer-{code}"),
        search_pipeline=(f"stemmer-{code}",),
        scripts=("min/lunr.stemmer.support.min.js", f"min/lunr.{code}.min.js"),
        elides=code in _ELIDING,
    )


def _is_han(char: str) -> bool:
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF  # CJK Unified Ideographs
        or 0x3400 <= code <= 0x4DBF  # Extension A
        or 0x20000 <= code <= 0x2FA1F  # Extensions B-F and compatibility supplement
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or code in (0x3005, 0x3007)  # 々 and 〇, which stand in Han runs
    )


def _is_japanese(char: str) -> bool:
    """Han, hiragana or katakana (with ー), the characters Japanese runs together."""
    return _is_han(char) or 0x3041 <= ord(char) <= 0x30FF or 0x31F0 <= ord(char) <= 0x31FF


def han_bigrams(word: str) -> list[str]:
    """A folded word's terms by Han bigrams: each Han run as its overlapping character pairs (a lone character as
    itself), each other run as it is, in order, each term once."""
    return _bigrams(word, _is_han)


def japanese_bigrams(word: str) -> list[str]:
    """`han_bigrams` for Japanese: the runs are of Han, hiragana and katakana characters."""
    return _bigrams(word, _is_japanese)


def _bigrams(word: str, joined: Callable[[str], bool]) -> list[str]:
    """`han_bigrams` for the runs of characters `joined` says are written without spaces."""
    terms: list[str] = []
    start = 0
    while start < len(word):
        han = joined(word[start])
        end = start + 1
        while end < len(word) and joined(word[end]) == han:
            end += 1
        run = word[start:end]
        if not han or len(run) == 1:
            terms.append(run)
        else:
            terms.extend(run[i : i + 2] for i in range(len(run) - 1))
        start = end
    return list(dict.fromkeys(terms))
