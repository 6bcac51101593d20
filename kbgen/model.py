"""The help center as plain, frozen dataclasses.

Owns the shape of the data that flows from loading to rendering. Nothing here
reads files or renders HTML; every value is validated before it is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Source:
    """Where a value came from, for error messages."""

    path: str
    line: int = 1


@dataclass(frozen=True)
class NavLink:
    """A link in the site header: an https, http or mailto URL, or a site path (`/track/`)."""

    title: str
    url: str
    source: Source = field(default=Source("site.yaml"), compare=False)


@dataclass(frozen=True)
class Site:
    """Site-wide settings from `site.yaml`."""

    title: str
    base_url: str = ""
    language: str = "en"
    description: str = ""
    contact_email: str = ""
    logo: str = ""
    nav: tuple[NavLink, ...] = ()
    synonyms: tuple[tuple[str, ...], ...] = ()
    synonym_sources: tuple[Source, ...] = ()
    """Where each synonyms group is written (site.yaml and its line)."""
    shop_vocabulary: bool = True
    """Whether kbgen's shipped shop-help vocabulary (kbgen/data/shop_vocabulary.yaml) extends `synonyms`."""


@dataclass(frozen=True)
class Carrier:
    """One carrier lookup rule from `carriers.yaml`."""

    name: str
    prefixes: tuple[str, ...]
    website: str
    example: str
    digits_only: bool = False
    track_url: str = ""
    phone: str = ""
    source: Source = field(default=Source("carriers.yaml"), compare=False)


@dataclass(frozen=True)
class Question:
    """One question file: front matter plus the answer."""

    slug: str
    question: str
    answer_md: str
    answer_html: str
    tags: tuple[str, ...] = ()
    updated: date | None = None
    aliases: tuple[str, ...] = ()
    source: Source = field(default=Source(""), compare=False)


@dataclass(frozen=True)
class Section:
    """A folder of questions with its `_section.yaml`."""

    slug: str
    title: str
    description: str = ""
    intro_md: str = ""
    intro_html: str = ""
    questions: tuple[Question, ...] = ()
    aliases: tuple[str, ...] = ()
    """Old root-relative URLs (`old-section/`) that redirect to this section's page."""
    source: Source = field(default=Source(""), compare=False)


@dataclass(frozen=True)
class Page:
    """A free-standing Markdown page under `pages/`."""

    slug: str
    title: str
    body_html: str
    source: Source = field(default=Source(""), compare=False)


@dataclass(frozen=True)
class HelpCenter:
    """Everything loaded from one content directory."""

    site: Site
    sections: tuple[Section, ...]
    carriers: tuple[Carrier, ...] = ()
    pages: tuple[Page, ...] = ()
