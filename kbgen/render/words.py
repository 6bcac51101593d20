"""The theme's own words in the reader's language: message catalogues, dates, numbers and direction.

Every word a template shows goes through Jinja2's i18n extension (`{% trans %}`, `_()`, `ngettext`); the
catalogues are the .po files under `kbgen/locale/<lang>/LC_MESSAGES/messages.po`, compiled in memory with
Babel when first asked for (kbgen/util/messages.py: no build step, no .mo file to keep in step).
`install(env, tag)` makes an environment speak a locale: a single-locale site calls it with `site.language`,
a site of several locales once per locale before rendering that locale's pages. This module reads only the
package's own catalogues; it never touches content or output.
"""

from __future__ import annotations

from datetime import date

import jinja2
from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

# the catalogues themselves are kbgen/util/messages.py's, which the search's documents use too
from kbgen.util.messages import SHIPPED, catalogue_path, translations

__all__ = ["SHIPPED", "babel_locale", "catalogue_path", "install", "plural_samples", "text_direction", "translations"]

#: A bare `en` writes dates as the theme always has ("16 August 2025"): CLDR's international English (en-001),
#: which names the month and reads the same everywhere; a regional tag (en-US, en-CA) gets its region's format.
_BARE_FORMATS = {"en": "en_001"}


def babel_locale(tag: str) -> Locale:
    """The Babel locale of a BCP 47 tag (`pt-BR` → pt_BR); its language alone when the region is unknown; else English."""
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
    locale = babel_locale(tag)
    samples: dict[str, int] = {}
    for number in range(201):  # every category of CLDR's languages has a member below 200
        samples.setdefault(locale.plural_form(number), number)
    return samples


def install(env: jinja2.Environment, tag: str) -> None:
    """Make `env` speak the locale `tag`: gettext and ngettext, and the helpers for dates, numbers and direction."""
    words = translations(tag)
    locale = babel_locale(tag)
    env.install_gettext_translations(words, newstyle=True)  # type: ignore[attr-defined]

    def format_date(day: date) -> str:
        """A date as the locale writes it in full: 16 August 2025, 16. August 2025, 2025年8月16日."""
        return babel_format_date(day, format="long", locale=locale)

    def format_number(number: int) -> str:
        """A count as the locale writes it (1,000 · 1.000 · 1 000)."""
        return format_decimal(number, locale=locale)

    def plural_forms(singular: str, plural: str) -> dict[str, str]:
        """A counted message per CLDR plural category, `{n}` where the number goes: the browser picks the form."""
        return {
            category: words.ngettext(singular, plural, sample).replace("%(num)s", "{n}")
            for category, sample in sorted(plural_samples(tag).items())
        }

    env.globals.update(
        format_date=format_date,
        format_number=format_number,
        plural_forms=plural_forms,
        text_direction=text_direction(tag),
    )
