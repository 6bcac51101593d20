"""Rules on single values that kbgen/config.py names: a language tag, an email address.

Each function takes a value already of the right type and returns what is wrong
with it as the end of a message (`""` when nothing is), for load/settings.py to
report at the key's line. Language tags are checked by langcodes against the
IANA language subtag registry it ships, imported only for a tag that is not one
of the common ones (`KNOWN_TAGS`).
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from urllib.parse import urlsplit

#: One `@`, something before it, a host with a dot after it, no spaces: what a `mailto:` link can reach.
_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


def email_problem(value: str) -> str:
    """What keeps `value` from being an email address a shopper can write to ("" when nothing does)."""
    if _EMAIL_RE.fullmatch(value):
        return ""
    return f"must be an email address like help@example.org, not '{value}'"


#: Tags valid in the registry, accepted without importing langcodes (its data costs a build a twentieth of a
#: second): the languages help centers are most often written in. tests/unit/load/test_rules.py checks each.
KNOWN_TAGS = frozenset(
    [
        "ar",
        "cs",
        "da",
        "de",
        "el",
        "en",
        "en-AU",
        "en-CA",
        "en-GB",
        "en-US",
        "es",
        "es-419",
        "es-ES",
        "es-MX",
        "fi",
        "fr",
        "fr-CA",
        "fr-FR",
        "he",
        "hi",
        "hu",
        "id",
        "it",
        "ja",
        "ko",
        "ms",
        "nb",
        "nl",
        "no",
        "pl",
        "pt",
        "pt-BR",
        "pt-PT",
        "ro",
        "ru",
        "sv",
        "th",
        "tr",
        "uk",
        "vi",
        "zh",
        "zh-CN",
        "zh-Hans",
        "zh-Hant",
        "zh-HK",
        "zh-TW",
    ]
)


def language_problem(value: str) -> str:
    """What keeps `value` from being a BCP 47 language tag (`en`, `pt-BR`), with a hint ("" when nothing does)."""
    if value in KNOWN_TAGS:
        return ""
    import langcodes

    if "_" not in value and langcodes.tag_is_valid(value):
        return ""
    hint = _language_hint(value)
    return f"must be a BCP 47 language tag like 'en' or 'pt-BR', not '{value}'" + (
        f" (did you mean '{hint}'?)" if hint else ""
    )


def _language_hint(value: str) -> str:
    import langcodes

    if "_" in value and langcodes.tag_is_valid(value):
        return langcodes.standardize_tag(value)  # en_US: the POSIX locale form
    names = _language_names()
    close = difflib.get_close_matches(value.strip().lower(), list(names), n=1, cutoff=0.85)
    return names[close[0]] if close else ""


@cache
def _language_names() -> dict[str, str]:
    """Each language's English name in the registry (lower case) to its subtag: `japanese` to `ja`."""
    from langcodes.registry_parser import parse_registry

    names: dict[str, str] = {}
    for entry in parse_registry():
        if entry.get("Type") != "language" or "Deprecated" in entry:
            continue
        for description in entry.get("Description", []):
            # The first subtag named so wins: the registry lists the two-letter codes first.
            names.setdefault(description.lower(), entry["Subtag"])
    return names


#: What an address may hold: no spaces, quotes, angle brackets, backslashes or control characters, so that it
#: can stand in an attribute and in the CSP's `connect-src` (where a space or `;` would add a source or directive).
_URL_CHARS_RE = re.compile(r"[^\s\"'<>\\;,\x00-\x1f\x7f]+")
#: A host name, an IPv4 address or an IPv6 one as urlsplit gives it (without its brackets).
_HOST_RE = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|[0-9A-Fa-f:]+")
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def _web_address_problem(value: str, http: str) -> str:
    """`http`: where http:// is allowed besides https:// ("anywhere", "localhost")."""
    if not _URL_CHARS_RE.fullmatch(value):
        return "must not contain spaces, quotes, angle brackets, backslashes, ';' or ','"
    parts = urlsplit(value)
    try:
        parts.port  # noqa: B018 - a port out of range or not a number raises
    except ValueError:
        return "must be an absolute address like https://example.org/..."
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or not host:
        return "must be an absolute address like https://example.org/..."
    if "@" in parts.netloc or not _HOST_RE.fullmatch(host):
        return "must name its host plainly (no user name or password)"
    if parts.scheme == "http" and http != "anywhere" and host.lower() not in _LOCAL_HOSTS:
        return "must be an https:// address (http:// only for localhost)"
    return ""


def contact_form_problem(value: str) -> str:
    """What keeps `value` from being a contact form's address: an https or http URL ("" when nothing does)."""
    return _web_address_problem(value, http="anywhere")


def endpoint_problem(value: str) -> str:
    """What keeps `value` from being a feedback endpoint: an https URL, http on localhost, or a site path."""
    if value.startswith("/") and not value.startswith("//"):
        return "" if _URL_CHARS_RE.fullmatch(value) else "must not contain spaces, quotes or angle brackets"
    return _web_address_problem(value, http="localhost")
