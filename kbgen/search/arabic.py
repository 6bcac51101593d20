"""Arabic stemming on the build side: the steps of lunr-languages' Arabic stemmer, over its own tables.

lunr-languages 1.22.0 stems Arabic in the page with lunr.ar.js, a light stemmer
after Taghva et al. (2005) and Hadni et al. (2012), not Snowball, so snowballstemmer's
Arabic gives other stems. This module runs the same steps in the same order, with
the prefix, suffix, pattern and stop word tables read from kbgen/data/arabic_stemmer.json
(written from lunr.ar.js by scripts/search-arabic), so that a word has one stem on
both sides (tests/js/languages.test.js, over Babel's CLDR words):

1. drop the tatweel (ـ) and the short vowel marks; the first of آ أ إ ٱ ى becomes ا;
2. a word of the stemmer's stop list is left as it is;
3. the first ؤ and the first ئ become ء, a run of alefs one alef; a leading وو one و;
4. a four-, three- or two-letter prefix (فبال… بال… ال لل) goes from a long enough word;
5. a final alef and the first ة go (a word of two letters or fewer is left as it is);
6. then, by the word's length (7, 6, 5, 4 letters): its patterns are tried (a match maps the
   word onto its root form and ends stemming), and suffixes and one-letter prefixes removed.

Where the page's script does something its comments do not say, this does the same: a
replacement without the regular expression's `g` changes the first match only, and a
pattern's missing letters join as nothing. Letters are counted as the page counts them
(UTF-16 units); Arabic is all in the Basic Multilingual Plane, so a word holding a character
beyond it is left unstemmed on both sides only by luck: it is stemmed here as the code
points run.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

__all__ = ["arabic_stem"]

_DIACRITICS = re.compile("[\u064b-\u065b]")
_ALEF_FORMS = re.compile("[\u0622\u0623\u0625\u0671\u0649]")
_ALEF_RUN = re.compile("(\u0627)\\1+")
ALEF, WAW, TAA_MARBUTA = "\u0627", "\u0648", "\u0629"


class _Tables:
    """The stemmer's tables, with the affix lists as the regular expressions the page builds of them."""

    def __init__(self, data: dict) -> None:
        affixes = data["affixes"]

        def prefix(name: str) -> re.Pattern[str]:
            return re.compile("^(" + "|".join(map(re.escape, affixes[name])) + ")")

        def suffix(name: str) -> re.Pattern[str]:
            return re.compile("(" + "|".join(map(re.escape, affixes[name])) + r")\Z")

        self.pre = {n: prefix(f"pre{n}") for n in (1, 2, 3, 4)}
        self.suf = {n: suffix(f"suf{n}") for n in (1, 2, 3, 4)}
        self.patterns: dict[str, list[dict]] = data["patterns"]
        self.stop_words = frozenset(data["stop_words"])


@cache
def _tables() -> _Tables:
    path = Path(__file__).resolve().parent.parent / "data" / "arabic_stemmer.json"
    return _Tables(json.loads(path.read_text(encoding="utf-8")))


class _Stem:
    """One word being stemmed: the page's stemmer state (the word, whether a pattern ended it, what was removed)."""

    def __init__(self, word: str, tables: _Tables) -> None:
        self.word = word
        self.t = tables
        self.done = False
        self.pre_removed = False
        self.suf_removed = False

    def run(self) -> str:
        word = self.word.replace("\u0640", "")
        word = _DIACRITICS.sub("", word)
        word = _ALEF_FORMS.sub(ALEF, word, count=1)
        if word in self.t.stop_words:
            return word
        word = word.replace("\u0624", "\u0621", 1).replace("\u0626", "\u0621", 1)
        word = _ALEF_RUN.sub(ALEF, word)
        if len(word) > 3 and word[0] == WAW and word[1] == WAW:
            word = word[1:]
        self.word = word
        self._remove_prefix_432()
        if len(self.word) <= 2:
            return self.word
        self.word = re.sub(ALEF + r"\Z", "", self.word, count=1).replace(TAA_MARBUTA, "", 1)
        self._by_length()
        return self.word

    def _remove_prefix_432(self) -> None:
        before = self.word
        for size, shortest in ((4, 7), (3, 6), (2, 5)):
            if self.word == before and len(self.word) >= shortest:
                self.word = self.t.pre[size].sub("", self.word, count=1)
        if self.word != before:
            self.pre_removed = True

    def _remove_suffix_432(self) -> None:
        before = self.word
        for size, shortest in ((4, 6), (3, 5), (2, 4)):
            if self.word == before and len(self.word) >= shortest:
                self.word = self.t.suf[size].sub("", self.word, count=1)
        if self.word != before:
            self.suf_removed = True

    def _remove_suffix_1(self) -> None:
        if not self.suf_removed and len(self.word) > 3:
            before, self.word = self.word, self.t.suf[1].sub("", self.word, count=1)
            self.suf_removed = self.word != before

    def _remove_prefix_1(self) -> None:
        if not self.pre_removed and len(self.word) > 3:
            before, self.word = self.word, self.t.pre[1].sub("", self.word, count=1)
            self.pre_removed = self.word != before

    def _pattern(self, name: str) -> None:
        """The first of the patterns `name` the word matches maps it (when it says how) and ends stemming."""
        for pattern in self.t.patterns[name]:
            if not all(self._at(check["l"]) in check["c"].split(",") for check in pattern["pt"]):
                continue
            if "mPt" in pattern:
                letters: dict[int, str] = {}
                for place in pattern["mPt"]:
                    letters[place["l"]] = self._at(place["m"]) if "m" in place else place["c"]
                self.word = "".join(letters.get(i, "") for i in range(max(letters) + 1))
            self.done = True
            return

    def _at(self, index: int) -> str:
        return self.word[index] if index < len(self.word) else ""

    def _by_length(self) -> None:
        """The steps for a word of 7 letters or more, then 6, 5 and 4, each until a pattern ends stemming."""
        steps = [self._remove_suffix_432, self._remove_suffix_1, self._remove_prefix_1]
        counter, checked = 0, False
        while len(self.word) >= 7 and not self.done and counter < len(steps):
            if len(self.word) == 7 and not checked:
                self._pattern("pt73")
                checked = True
            else:
                steps[counter]()
                counter += 1
                checked = False
        for length, first, last in ((6, "pt63", "pt64"), (5, "pt53", "pt54")):
            run = [
                lambda first=first: self._pattern(first),
                self._remove_suffix_432,
                self._remove_suffix_1,
                self._remove_prefix_1,
                lambda last=last: self._pattern(last),
            ]
            counter = 0
            while len(self.word) == length and not self.done and counter < len(run):
                run[counter]()
                counter += 1
        run = [lambda: self._pattern("pt43"), self._remove_suffix_1, self._remove_prefix_1, self._remove_suffix_432]
        counter = 0
        while len(self.word) == 4 and not self.done and counter < len(run):
            run[counter]()
            counter += 1


def arabic_stem(word: str) -> str:
    """A word's stem as lunr-languages' Arabic stemmer gives it."""
    return _Stem(word, _tables()).run()
