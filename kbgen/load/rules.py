"""Rules on single values that kbgen/config.py names: a language tag, an email address.

Each function takes a value already of the right type and returns what is wrong
with it as the end of a message (`""` when nothing is), for load/settings.py to
report at the key's line. Language tags are checked by langcodes against the
IANA language subtag registry it ships.
"""

from __future__ import annotations

import difflib
import re
from functools import cache

import langcodes
from langcodes.registry_parser import parse_registry

#: One `@`, something before it, a host with a dot after it, no spaces: what a `mailto:` link can reach.
_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


def email_problem(value: str) -> str:
    """What keeps `value` from being an email address a shopper can write to ("" when nothing does)."""
    if _EMAIL_RE.fullmatch(value):
        return ""
    return f"must be an email address like help@example.org, not '{value}'"


def language_problem(value: str) -> str:
    """What keeps `value` from being a BCP 47 language tag (`en`, `pt-BR`), with a hint ("" when nothing does)."""
    if "_" not in value and langcodes.tag_is_valid(value):
        return ""
    hint = _language_hint(value)
    return f"must be a BCP 47 language tag like 'en' or 'pt-BR', not '{value}'" + (
        f" (did you mean '{hint}'?)" if hint else ""
    )


def _language_hint(value: str) -> str:
    if "_" in value and langcodes.tag_is_valid(value):
        return langcodes.standardize_tag(value)  # en_US: the POSIX locale form
    names = _language_names()
    close = difflib.get_close_matches(value.strip().lower(), list(names), n=1, cutoff=0.85)
    return names[close[0]] if close else ""


@cache
def _language_names() -> dict[str, str]:
    """Each language's English name in the registry (lower case) to its subtag: `japanese` to `ja`."""
    names: dict[str, str] = {}
    for entry in parse_registry():
        if entry.get("Type") != "language" or "Deprecated" in entry:
            continue
        for description in entry.get("Description", []):
            # The first subtag named so wins: the registry lists the two-letter codes first.
            names.setdefault(description.lower(), entry["Subtag"])
    return names
