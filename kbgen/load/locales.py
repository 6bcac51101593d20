"""The site's locales: `locales:` in site.yaml, their fallback chains, and how translation files are named.

Part of the loader: load/settings.py reads `locales:` here (each tag checked as
BCP 47, each fallback a declared locale, no cycles: errors at the key's line);
load/translations.py names translation files by `translation_name` and dates
them against their sources by `source_hash`. Reads no files.
"""

from __future__ import annotations

import hashlib
import re

from kbgen.config import LOCALE_KEYS, SITE_KEYS, UNTRANSLATED_CHOICES
from kbgen.load.rules import language_problem
from kbgen.load.schema import Report, check_keys, readable_part, setting
from kbgen.load.vocabulary import read_synonyms
from kbgen.load.yamlio import MarkedDict
from kbgen.model import Locale, Source

#: `01-benefits.fr.md`, `_section.en-CA.yaml`, `about.fr.md`: a translation's file, named after its source's with
#: the locale's tag before the suffix. A tag starts with two or three letters, which no slug ending can be
#: mistaken for: a slug holds no dots.
_TRANSLATION_RE = re.compile(r"^(?P<base>[^.]+)\.(?P<tag>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\.(?P<ext>md|yaml)$")
SOURCE_HASH_DIGITS = 12


def translation_name(name: str) -> tuple[str, str] | None:
    """`01-benefits.fr.md` -> (`01-benefits.md`, `fr`); None for a name that is no translation's."""
    match = _TRANSLATION_RE.match(name)
    if match is None:
        return None
    return f"{match['base']}.{match['ext']}", match["tag"]


def translated_name(name: str, tag: str) -> str:
    """`01-benefits.md`, `fr` -> `01-benefits.fr.md`: the file a translation into `tag` is written in."""
    stem, _, ext = name.rpartition(".")
    return f"{stem}.{tag}.{ext}"


def source_hash(data: bytes) -> str:
    """What a translation records of its source: 12 hex digits of the SHA-256 of its bytes, CRLF read as LF."""
    return hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()[:SOURCE_HASH_DIGITS]


def read_locales(data: MarkedDict, shown: str, language: str, report: Report) -> tuple[Locale, ...]:
    """The locales `site.yaml` declares besides `language`, each with its fallback chain; problems reported."""
    items = data.get("locales") or []
    read: list[tuple[MarkedDict, str]] = []
    seen = {language.lower(): data.line_of("language")}
    for item in items:
        if not isinstance(item, MarkedDict):
            report.error(shown, data.line_of("locales"), "each locales item must be a mapping with at least 'tag'")
            continue
        if not check_keys(item, LOCALE_KEYS, shown, report, SITE_KEYS):
            item = readable_part(item, LOCALE_KEYS)
        tag = str(item.get("tag") or "").strip()
        if not tag:
            continue
        if problem := language_problem(tag):
            report.error(shown, item.line_of("tag"), f"locale 'tag' {problem}")
            continue
        if tag.lower() in seen:
            what = "the default locale ('language')" if tag.lower() == language.lower() else "another locale"
            report.error(shown, item.line_of("tag"), f"locale '{tag}' is already declared as {what}")
            continue
        seen[tag.lower()] = item.line_of("tag")
        read.append((item, tag))
    declared = {tag.lower(): tag for _, tag in read}
    parents = {tag.lower(): _parent(item, tag, language, declared, shown, report) for item, tag in read}
    spelled = declared | {language.lower(): language}
    return tuple(_locale(item, tag, language, parents, spelled, shown, report) for item, tag in read)


def _parent(item: MarkedDict, tag: str, language: str, declared: dict[str, str], shown: str, report: Report) -> str:
    """The locale `tag` falls back to first (lower case): its `fallback`, else its language's, else the default."""
    written = str(item.get("fallback") or "").strip()
    if written:
        if written.lower() == language.lower() or written.lower() in declared:
            return written.lower()
        known = ", ".join([language, *declared.values()])
        report.error(shown, item.line_of("fallback"), f"fallback '{written}' is not a locale of the site ({known})")
        return language.lower()
    base = tag.split("-")[0].lower()
    return base if base != tag.lower() and base in declared else language.lower()


def _locale(
    item: MarkedDict,
    tag: str,
    language: str,
    parents: dict[str, str],
    spelled: dict[str, str],
    shown: str,
    report: Report,
) -> Locale:
    """The locale `item` declares, its chain followed from `parents` (a cycle reported at its `fallback`)."""
    chain: list[str] = []
    current = parents[tag.lower()]
    while current != language.lower():
        if current == tag.lower() or current in chain:
            path = " -> ".join([tag, *chain, current])
            report.error(shown, item.line_of("fallback") or item.line, f"fallback cycle: {path}")
            chain = []
            break
        chain.append(current)
        current = parents[current]
    synonyms, synonym_sources = read_synonyms(item, shown, report)
    untranslated = str(setting(item, LOCALE_KEYS, "untranslated"))
    if untranslated not in UNTRANSLATED_CHOICES:
        choices = " or ".join(sorted(UNTRANSLATED_CHOICES))
        report.error(shown, item.line_of("untranslated"), f"'untranslated' must be {choices}, not '{untranslated}'")
        untranslated = LOCALE_KEYS["untranslated"].default
    return Locale(
        tag=tag,
        chain=(*(spelled.get(link, link) for link in chain), language),
        name=str(item.get("name") or "").strip(),
        title=str(item.get("title") or "").strip(),
        description=str(item.get("description") or "").strip(),
        complete=bool(setting(item, LOCALE_KEYS, "complete")),
        untranslated=untranslated,
        source=Source(shown, item.line_of("tag")),
        synonyms=synonyms,
        synonym_sources=synonym_sources,
    )
