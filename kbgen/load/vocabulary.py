"""kbgen's shipped search vocabulary for shop help centers: `kbgen/data/shop_vocabulary.yaml`.

General shop-help words (shipping, returns, payments, accounts, orders), read and
validated like site.yaml's `synonyms:` groups, once per process. A site gets it
unless `shop_vocabulary: false` (load/settings.py); search/synonyms.py keeps the
groups its index can match.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from kbgen.load.yamlio import parse_yaml
from kbgen.model import Vocabulary

#: The shipped file (see its header for what belongs in it).
VOCABULARY_PATH = Path(__file__).resolve().parent.parent / "data" / "shop_vocabulary.yaml"


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
