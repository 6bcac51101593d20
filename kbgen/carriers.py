"""Carrier lookup: which carrier has a parcel, from its tracking number.

Owns the matching rules only: pure functions over `model.Carrier`, no I/O, no
printing. The page runs the same rules in `theme/static/js/carriers.js`; the two
must stay identical, and `tests/data/carrier_vectors.json` checks both (pytest
and `node --test`). Change one, change the other and the vectors.

The rules:

- Normalise: drop every whitespace and dash character (the `_STRIP` class,
  copied byte for byte into the JS), then upper-case.
- A carrier matches when the normalised number starts with one of its prefixes
  (upper-cased) *and has at least one character after it*: a bare prefix such
  as "1Z" is no match. Empty prefixes never match.
- A `digits_only` carrier matches only when the whole number is ASCII digits.
- The longest matching prefix across all carriers wins; on a tie, the carrier
  listed first wins. An empty number is no match.
- The link is `track_url` with every `{number}` replaced by the number
  percent-encoded as UTF-8 (RFC 3986: only letters, digits and `-._~` stay),
  else the carrier's website. A number that is not valid Unicode (a lone
  surrogate) cannot be encoded and links to the website.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from kbgen.model import Carrier

# Whitespace (Unicode White_Space plus zero-width space and BOM) and dashes
# (hyphen-minus, soft hyphen, U+2010-2015, minus sign, small/full-width hyphens).
# Keep identical to STRIP in carriers.js; a test compares the two.
_STRIP = re.compile(
    r"[\t\n\x0b\f\r \x85\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
    r"\xad\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]"
)
_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class CarrierMatch:
    """The carrier a tracking number belongs to, and where to track it."""

    carrier: Carrier
    number: str
    """The normalised tracking number."""
    prefix: str
    """The carrier prefix that matched, upper-cased."""
    url: str
    """The deep tracking link, or the carrier's website."""


def normalize_tracking_number(raw: str) -> str:
    """Drop whitespace and dashes from `raw` and upper-case it."""
    return _STRIP.sub("", raw).upper()


def match_carrier(raw: str, carriers: Sequence[Carrier]) -> CarrierMatch | None:
    """Return the carrier whose longest prefix starts `raw`, or None."""
    number = normalize_tracking_number(raw)
    digits = _DIGITS.fullmatch(number) is not None
    best: tuple[Carrier, str] | None = None
    for carrier in carriers:
        if carrier.digits_only and not digits:
            continue
        for prefix in (p.upper() for p in carrier.prefixes):
            if (
                prefix
                and len(number) > len(prefix)
                and number.startswith(prefix)
                and (best is None or len(prefix) > len(best[1]))
            ):
                best = (carrier, prefix)
    if best is None:
        return None
    carrier, prefix = best
    return CarrierMatch(carrier, number, prefix, tracking_url(carrier, number))


def tracking_url(carrier: Carrier, number: str) -> str:
    """Return the deep link for `number` at `carrier`, else its website."""
    if not carrier.track_url:
        return carrier.website
    try:
        encoded = quote(number, safe="")
    except UnicodeEncodeError:
        return carrier.website
    return carrier.track_url.replace("{number}", encoded)


def carrier_rules(carriers: Sequence[Carrier]) -> list[dict]:
    """Return the rules as plain dicts, in order, for the page's JavaScript."""
    return [
        {
            "name": c.name,
            "prefixes": list(c.prefixes),
            "digits_only": c.digits_only,
            "website": c.website,
            "track_url": c.track_url,
            "phone": c.phone,
            "example": c.example,
        }
        for c in carriers
    ]
