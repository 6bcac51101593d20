"""What a page says of the site's other locales: its language's direction, its alternates, the language switcher.

Part of rendering (render/pages.py asks here once per locale). Each page of a
site with `locales:` lists the same page in every locale that has it (for
`<link rel="alternate" hreflang>`, reciprocal, plus `x-default`: the default
locale's page) and, for the switcher (`partials/locales.html`), each locale's
same page or, where it has none, that locale's home. Paths are relative to the
site root, with the locale's folder (`fr/membership/benefits/`). Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from kbgen.model import HelpCenter

X_DEFAULT = "x-default"


@dataclass(frozen=True)
class Alternate:
    """The same page in one locale: its tag (or `x-default`), the locale's name and the page's site path."""

    tag: str
    name: str
    path: str
    current: bool = False


@dataclass(frozen=True)
class LocalePages:
    """What the pages of one locale need to know of the others."""

    prefix: str
    """The locale's folder (`fr/`; "" for the default)."""
    alternates: dict[str, tuple[Alternate, ...]]
    """By page URL in this locale (without the prefix): the page in every locale that has it, and x-default."""
    switcher: dict[str, tuple[Alternate, ...]]
    """By page URL in this locale: one link per locale, to the same page or to its home."""


def locale_name(tag: str, name: str = "") -> str:
    """The switcher's label of a locale: `name:` from site.yaml, else the language's own name (Babel), else the tag."""
    if name:
        return name
    try:
        from babel import Locale, UnknownLocaleError  # the theme's words come with Babel; without it, the tag

        try:
            return Locale.parse(tag, sep="-").get_display_name() or tag
        except (UnknownLocaleError, ValueError):
            return tag
    except ImportError:
        return tag


def locale_pages(hc: HelpCenter, urls_of_default: list[str]) -> list[LocalePages]:
    """For the default locale and each translation, in `hc.in_every_locale()` order: each page's alternates.

    `urls_of_default` are the default locale's page URLs (the keys every translation's `urls` maps from).
    """
    locales = [("", hc.site.language, "", dict.fromkeys(urls_of_default, None))]
    for translation in hc.translations:
        locale = translation.locale
        locales.append((locale.prefix, locale.tag, locale.name, translation.urls))
    names = {tag: locale_name(tag, name) for _, tag, name, _ in locales}
    views = []
    for prefix, tag, _, urls in locales:
        alternates, switcher = {}, {}
        for key in urls:
            own = _url(urls, key)
            same = [
                Alternate(other, names[other], other_prefix + _url(other_urls, key), other == tag)
                for other_prefix, other, _, other_urls in locales
                if key in other_urls
            ]
            alternates[own] = (*same, Alternate(X_DEFAULT, "", key)) if len(same) > 1 else ()
            found = {alt.tag: alt for alt in same}
            switcher[own] = tuple(
                found.get(other) or Alternate(other, names[other], other_prefix)
                for other_prefix, other, _, _ in locales
            )
        views.append(LocalePages(prefix, alternates, switcher))
    return views


def _url(urls: dict[str, str | None], key: str) -> str:
    value = urls[key]
    return key if value is None else value
