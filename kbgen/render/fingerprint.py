"""Fingerprints: digests naming everything a rendering reads.

A page's bytes are a pure function of the code, the templates and the context
its template is given. The digest of all three names the page: while it stays
the same, so do the bytes, and a rebuild can keep the page already written.
Nothing tracks which page depends on which: a page's fingerprint covers its
whole context (a question page's section, with every question in it), so a
change anywhere in what a template can see changes the fingerprint.

Pure: reads only kbgen's own source files, once, for the code's fingerprint.
"""

from __future__ import annotations

import hashlib
import platform
from datetime import date
from functools import lru_cache
from pathlib import Path

from kbgen.util.package import library_version

_PACKAGE = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Digest of kbgen's Python source and the versions of Python and of the libraries that render pages."""
    libraries = " ".join(
        [
            f"python {platform.python_version()}",
            f"jinja2 {library_version('jinja2', 'jinja2')}",
            f"markupsafe {library_version('markupsafe', 'markupsafe')}",
            f"babel {library_version('babel', 'babel')}",
        ]
    )
    digest = hashlib.sha256(libraries.encode())
    # the theme's words (locale/*/LC_MESSAGES/*.po) render into pages as the code does
    for path in sorted([*_PACKAGE.rglob("*.py"), *_PACKAGE.rglob("*.po")]):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


class Fingerprinter:
    """Digests of plain values and model dataclasses; each dataclass instance is digested once.

    Values must stay alive while the fingerprinter is used (instances are
    remembered by identity): within one build they do, the model is frozen.
    """

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, bytes]] = {}
        self._fed: dict[int, tuple[object, bytes]] = {}
        """Per dataclass instance (by identity, kept alive), `digest(instance)`: a dict's values are digested
        one by one, and a page's context names the same section and questions as its neighbours'."""
        self._keys: dict[str, bytes] = {}
        """`digest(key)` of a dict's string keys: every page's context has the same few."""

    def digest(self, value: object) -> bytes:
        """A 32-byte digest that differs whenever `value` (deeply) differs."""
        hasher = hashlib.sha256()
        self._feed(hasher, value)
        return hasher.digest()

    def _dataclass_digest(self, value: object) -> bytes:
        known = self._memo.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        hasher = hashlib.sha256(type(value).__qualname__.encode())
        for name in type(value).__dataclass_fields__:  # type: ignore[attr-defined]
            hasher.update(name.encode() + b"=")
            self._feed(hasher, getattr(value, name))
        result = hasher.digest()
        self._memo[id(value)] = (value, result)
        return result

    def _item_digest(self, value: object) -> bytes:
        """`digest(value)`, remembered for dataclass instances and strings (a dict's keys and values)."""
        if type(value) is str:
            known_key = self._keys.get(value)
            if known_key is None:
                known_key = self._keys[value] = self.digest(value)
            return known_key
        known = self._fed.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        result = self.digest(value)
        if hasattr(type(value), "__dataclass_fields__"):
            self._fed[id(value)] = (value, result)
        return result

    def _feed(self, hasher: hashlib._Hash, value: object) -> None:
        """Add `value` to `hasher`, tagged and length-prefixed so that different values never feed alike."""
        known = self._memo.get(id(value))  # a dataclass instance digested before: the common case, checked first
        if known is not None and known[0] is value:
            hasher.update(b"D" + known[1])
        elif isinstance(value, str):  # Markup too: its text is what renders
            data = value.encode("utf-8", "surrogatepass")
            hasher.update(b"S%d:" % len(data))
            hasher.update(data)
        elif isinstance(value, bytes):
            hasher.update(b"B%d:" % len(value))
            hasher.update(value)
        elif hasattr(type(value), "__dataclass_fields__"):
            hasher.update(b"D")
            hasher.update(self._dataclass_digest(value))
        elif value is None or isinstance(value, (bool, int, float, date)):
            text = repr(value).encode()
            hasher.update(b"V%d:" % len(text))
            hasher.update(text)
        elif isinstance(value, (tuple, list)):
            hasher.update(b"L%d:" % len(value))
            memo = self._memo
            for item in value:  # a page's list of questions: each digested before, fed here without a call
                known = memo.get(id(item))
                if known is not None and known[0] is item:
                    hasher.update(b"D" + known[1])
                else:
                    self._feed(hasher, item)
        elif isinstance(value, dict):
            hasher.update(b"M%d:" % len(value))
            digest = self._item_digest
            for key, item in sorted((digest(key), digest(item)) for key, item in value.items()):
                hasher.update(key + item)
        else:
            raise TypeError(f"cannot fingerprint a {type(value).__name__}")
