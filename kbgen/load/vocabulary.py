"""Search synonyms as editors and kbgen write them: site.yaml's groups and the shipped shop vocabularies.

The shipped vocabularies (`kbgen/data/shop_vocabulary.yaml` in English, and one
file per other language beside it, named like a translation: `shop_vocabulary.fr.yaml`)
hold general shop-help words (shipping, returns, payments, accounts, orders),
read and validated like site.yaml's `synonyms:` groups, once per process. A site
and each of its locales get the file of their own language unless
`shop_vocabulary: false` (load/settings.py, load/translations.py);
search/synonyms.py keeps the groups its index can match. `read_synonyms` reads a
`synonyms:` list (site.yaml's, or a `locales:` item's) with the line of each group.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from kbgen.load.schema import Report
from kbgen.load.yamlio import MarkedDict, parse_yaml
from kbgen.model import Source, Vocabulary

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
#: The shipped English file (see its header for what belongs in it); other languages' sit beside it.
VOCABULARY_PATH = DATA_DIR / "shop_vocabulary.yaml"
#: No shipped words: a language kbgen has no vocabulary for.
NO_VOCABULARY = Vocabulary((), ())


@cache
def shop_vocabulary(path: Path = VOCABULARY_PATH) -> Vocabulary:
    """The shipped vocabulary (or the one at `path`), validated as site.yaml's groups are (lists of two or more
    words)."""
    shown = f"kbgen/data/{path.name}"
    data = parse_yaml(path.read_text(encoding="utf-8")) or {}
    groups = data.get("synonyms") or []
    for number, group in enumerate(groups, 1):
        if not isinstance(group, list) or len(group) < 2 or not all(isinstance(w, str) and w.strip() for w in group):
            raise ValueError(f"{shown}: synonyms group {number} must be a list of two or more words")
    filler = data.get("filler") or []
    if not all(isinstance(w, str) and w.strip() for w in filler):
        raise ValueError(f"{shown}: filler must be a list of words")
    return Vocabulary(tuple(tuple(w.strip().lower() for w in g) for g in groups), tuple(w.lower() for w in filler))


def vocabulary_path(tag: str) -> Path:
    """The shipped vocabulary file of a BCP 47 tag's language (`fr-CA` → `shop_vocabulary.fr.yaml`), there or not."""
    language = tag.split("-")[0].lower()
    return VOCABULARY_PATH if language == "en" else DATA_DIR / f"shop_vocabulary.{language}.yaml"


def language_vocabulary(tag: str) -> Vocabulary:
    """The shipped vocabulary of a tag's language; none for a language kbgen ships no words in (another
    language's words would only match by accident)."""
    if not tag.split("-")[0].isalpha():  # a tag the loader reports as invalid names no file
        return NO_VOCABULARY
    path = vocabulary_path(tag)
    return shop_vocabulary(path) if path.is_file() else NO_VOCABULARY


def read_synonyms(
    data: MarkedDict, shown: str, report: Report
) -> tuple[tuple[tuple[str, ...], ...], tuple[Source, ...]]:
    """The `synonyms:` groups of a mapping (lower case) and where each is written: one group a line under the key
    (the documented form); a group that is not a list of two or more words is an error at its own line."""
    groups, sources = [], []
    first = data.line_of("synonyms") + 1
    for number, group in enumerate(data.get("synonyms") or []):
        if not isinstance(group, list) or len(group) < 2 or not all(isinstance(w, str) for w in group):
            report.error(shown, first + number, "each synonyms item must be a list of two or more words")
            continue
        groups.append(tuple(w.strip().lower() for w in group))
        sources.append(Source(shown, first + number))
    return tuple(groups), tuple(sources)
