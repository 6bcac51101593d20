"""The theme's words in the reader's language: message catalogues, dates, numbers and direction.

Every word a template shows goes through Jinja2's i18n extension (`{% trans %}`, `_()`, `ngettext`); the
catalogues are the .po files under `kbgen/locale/<lang>/LC_MESSAGES/messages.po`, compiled with Babel when
first asked for (kbgen/util/messages.py: no build step, no .mo file to keep in step).
`install(env, tag)` makes an environment speak a locale: a single-locale site calls it with `site.language`,
a site of several locales once per locale before rendering that locale's pages. This module reads only the
package's own catalogues; it never touches content or output. Given a folder of the build cache (one per
kbgen code, so per catalogue text and Babel version), `install` keeps there the compiled catalogues and what
every page needs of a locale's CLDR data (its direction, its plural categories): a later build loads Babel
only to write a date or a number, which most of a rebuild's pages, kept as they were, never do.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from kbgen.render.shared import forget
from kbgen.util.atomic import kept

# the catalogues themselves are kbgen/util/messages.py's, which the search's documents use too
from kbgen.util.messages import SHIPPED, catalogue_path, translations

if TYPE_CHECKING:
    from babel import Locale
    from jinja2.runtime import Context

__all__ = [
    "SHIPPED",
    "babel_locale",
    "catalogue_path",
    "install",
    "locale_facts",
    "plural_samples",
    "text_direction",
    "translations",
]

#: A bare `en` writes dates as the theme always has ("16 August 2025"): CLDR's international English (en-001),
#: which names the month and reads the same everywhere; a regional tag (en-US, en-CA) gets its region's format.
_BARE_FORMATS = {"en": "en_001"}


@cache
def babel_locale(tag: str) -> Locale:
    """The Babel locale of a BCP 47 tag (`pt-BR` → pt_BR); its language alone when the region is unknown; else English."""
    from babel import Locale, UnknownLocaleError  # here: Babel and its CLDR data cost a small build a tenth

    for candidate in (_BARE_FORMATS.get(tag.lower(), tag.replace("-", "_")), tag.split("-")[0]):
        try:
            return Locale.parse(candidate)
        except (ValueError, UnknownLocaleError):
            continue
    return Locale.parse("en_001")


def text_direction(tag: str) -> str:
    """`rtl` for a right-to-left language (ar, he, fa, ur…), `ltr` otherwise (CLDR's character order)."""
    return "rtl" if babel_locale(tag).character_order == "right-to-left" else "ltr"


def plural_samples(tag: str) -> dict[str, int]:
    """For each CLDR plural category of the locale, the smallest whole number in it (what JS's Intl.PluralRules names)."""
    return dict(_plural_samples(tag))


@cache
def _plural_samples(tag: str) -> tuple[tuple[str, int], ...]:
    locale = babel_locale(tag)
    samples: dict[str, int] = {}
    for number in range(201):  # every category of CLDR's languages has a member below 200
        samples.setdefault(locale.plural_form(number), number)
    return tuple(samples.items())


def locale_facts(tag: str, folder: Path | None = None) -> tuple[str, dict[str, int]]:
    """`text_direction(tag)` and `plural_samples(tag)`, kept in `folder` when given (Babel need not load the
    locale's CLDR data for them again); a missing or unreadable file there is computed again."""

    def make() -> bytes:
        return json.dumps({"direction": text_direction(tag), "plurals": plural_samples(tag)}).encode("utf-8")

    return kept(folder / f"{tag}.json" if folder is not None else None, make, _read_facts)


def _read_facts(data: bytes) -> tuple[str, dict[str, int]]:
    """A locale's kept facts; ValueError for a file that does not hold them."""
    try:
        facts = json.loads(data)
        direction, samples = facts["direction"], facts["plurals"]
        if direction in ("ltr", "rtl") and samples and all(type(n) is int for n in samples.values()):
            return direction, samples
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError("not a locale's facts") from error
    raise ValueError("not a locale's facts")


@lru_cache(maxsize=4096)  # Babel takes a tenth of a millisecond for a date; a site's answers share a few hundred
def _long_date(day: date, tag: str) -> str:
    from babel.dates import format_date  # here: Babel and its CLDR data cost a small build a tenth

    return format_date(day, format="long", locale=babel_locale(tag))


@lru_cache(maxsize=1024)
def _decimal(number: int, tag: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(number, locale=babel_locale(tag))


def _said_once(gettext: Callable[..., str]) -> dict[str, Callable[..., str]]:
    """`gettext` and `_` for templates that translate each fixed word once: a page says forty, the same on each page.

    `gettext` is Jinja2's own (newstyle): a word with values to put in, or outside autoescaping, goes to it every
    time; `_` calls whatever `gettext` the template sees, as Jinja2's does."""
    said: dict[str, str] = {}

    @jinja2.pass_context
    def once(context: Context, string: str, **variables: object) -> str:
        if variables or not context.eval_ctx.autoescape:
            return gettext(context, string, **variables)
        found = said.get(string)
        if found is None:
            found = said[string] = gettext(context, string)
        return found

    @jinja2.pass_context
    def alias(context: Context, *args: object, **kwargs: object) -> str:
        chosen = context.resolve("gettext")
        return once(context, *args, **kwargs) if chosen is once else context.call(chosen, *args, **kwargs)

    return {"gettext": once, "_": alias}


def install(env: jinja2.Environment, tag: str, folder: Path | None = None) -> None:
    """Make `env` speak the locale `tag`: gettext and ngettext, and the helpers for dates, numbers and direction.

    `folder` keeps what Babel computes for it between builds (the module's docstring)."""
    forget(env)  # the fragments it kept are in the words of the locale it spoke, of the site it rendered
    words = translations(tag, folder)
    direction, samples = locale_facts(tag, folder)
    categories = sorted(samples.items())
    env.install_gettext_translations(words, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(_said_once(env.globals["gettext"]))

    def format_date(day: date) -> str:
        """A date as the locale writes it in full: 16 August 2025, 16. August 2025, 2025年8月16日."""
        return _long_date(day, tag)

    def format_number(number: int) -> str:
        """A count as the locale writes it (1,000 · 1.000 · 1 000)."""
        return _decimal(number, tag)

    def plural_forms(singular: str, plural: str) -> dict[str, str]:
        """A counted message per CLDR plural category, `{n}` where the number goes: the browser picks the form."""
        return {
            category: words.ngettext(singular, plural, sample).replace("%(num)s", "{n}")
            for category, sample in categories
        }

    env.globals.update(
        format_date=format_date,
        format_number=format_number,
        plural_forms=plural_forms,
        text_direction=direction,
    )
