"""Words of a language from Babel's CLDR data, for proving that two stemmers agree (tests/js/languages.test.js).

Territory, language, script, currency, unit, time zone (cities and zone names), month, day
and relative-date names of a language's locale (`KEYS`), with common endings added (`ENDINGS`), folded as kbgen folds indexed text (`kbgen.search.text.fold_text`), each
word once, sorted: several thousand real words per language, accented ones included.

    python tests/support/cldr_words.py fr de es    # prints {"fr": [...], ...} as JSON
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from babel import Locale

from kbgen.search.text import fold_text

#: What separates words as written: anything but letters and combining marks.
_RAW_SEPARATORS = re.compile(r"[^\w\u0300-\u036f]+|[\d_]+")
#: About how many words a list holds: CLDR's own, then formed ones (every so many) up to this.
SIZE = 6000
#: Common inflection and derivation endings per language, added to each word of four letters or more.
ENDINGS = {
    "en": ("s", "es", "ed", "ing", "ly", "ness", "ment", "ation", "ational", "izer", "fulness"),
    "de": ("e", "en", "er", "es", "ern", "em", "ung", "ungen", "lich", "keit", "heit", "ische", "ischen"),
    "fr": ("s", "e", "es", "ement", "ation", "ations", "ique", "iques", "eux", "euse", "ité", "ée", "ées"),
    "es": ("s", "es", "a", "as", "os", "mente", "ción", "ciones", "ado", "ada", "idad", "ísimo"),
    "it": ("i", "e", "a", "mente", "zione", "zioni", "ato", "ata", "ità"),
    "nl": ("en", "e", "s", "heid", "lijk", "ing", "ingen", "ische"),
    "pt": ("s", "es", "a", "as", "os", "mente", "ção", "ções", "ado", "ada", "idade"),
    "ru": ("а", "ы", "ов", "ами", "ах", "ого", "ому", "ой", "ая", "ые", "ость", "ём"),
    # Arabic: plurals, the nisba adjective and attached pronouns (its prefixes, ال و ب, are in CLDR's names)
    "ar": ("ات", "ون", "ين", "ية", "ي", "ها", "هم", "كم", "نا"),
}
#: The parts of a locale's data whose names are read.
KEYS = (
    "territories", "languages", "scripts", "variants", "currency_names", "currency_names_plural",
    "unit_display_names", "unit_patterns", "time_zones", "meta_zones", "months", "days", "quarters",
    "eras", "day_periods", "date_fields",
)  # fmt: skip


def _texts(value: object) -> Iterator[str]:
    """Every string inside a value of Babel's locale data (nested mappings, lists, patterns)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key in list(value.keys()):
            try:
                item = value[key]
            except KeyError:  # an alias to data a regional locale does not hold
                continue
            yield from _texts(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item)
    elif hasattr(value, "pattern"):  # number and date patterns
        yield str(value.pattern)


def _names(locale: Locale) -> Iterator[str]:
    for key in KEYS:
        yield from (text.replace("{0}", " ").replace("{1}", " ") for text in _texts(locale._data.get(key, {})))


def cldr_words(language: str) -> list[str]:
    """The distinct words of a locale's CLDR names (two letters or more, no digits), sorted: each folded, and
    lower-cased as written where that differs (accents kept)."""
    names = list(_names(Locale.parse(language)))
    words = {word for name in names for word in fold_text(name).split()}
    words |= {word for name in names for word in _RAW_SEPARATORS.split(name.lower()) if fold_text(word) in words}
    words = {word for word in words if len(word) > 1 and not any(char.isdigit() for char in word)}
    # CLDR's names are mostly nominative singulars: the endings make the forms a help center's text holds
    formed = sorted({word + ending for word in words if len(word) > 3 for ending in ENDINGS.get(language, ())} - words)
    step = max(1, len(formed) // max(1, SIZE - len(words)))
    return sorted(words.union(formed[::step]))


if __name__ == "__main__":
    print(json.dumps({language: cldr_words(language) for language in sys.argv[1:]}, ensure_ascii=False))
