"""The help center as plain, frozen dataclasses.

Owns the shape of the data that flows from loading to rendering. Nothing here
reads files or renders HTML; every value is validated before it is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kbgen.config import CARRIER_KEYS, DATA_KEYS, QUESTION_KEYS, SITE_KEYS

OutputFile = tuple[str, bytes]
"""A file of the site: its path relative to the output root, and its bytes."""

POPULAR_LIMIT = 6
"""How many questions HelpCenter.popular offers."""


@dataclass(frozen=True)
class Source:
    """Where a value came from, for error messages."""

    path: str
    line: int = 1


@dataclass(frozen=True)
class NavLink:
    """A link `site.yaml` names: in the header an https, http or mailto URL or a site path (`/track/`);
    `carrier_help` a site path alone."""

    title: str
    url: str
    source: Source = field(default=Source("site.yaml"), compare=False)


@dataclass(frozen=True)
class Image:
    """An image from the content folder (a logo, a section's icon): its path there and its bytes."""

    path: str
    data: bytes

    @property
    def kind(self) -> str:
        """Its media type, from the file name: image/svg+xml or image/png."""
        return "image/svg+xml" if self.path.endswith(".svg") else "image/png"


@dataclass(frozen=True)
class Vocabulary:
    """A search vocabulary: synonym groups and the filler words of shoppers' questions."""

    synonyms: tuple[tuple[str, ...], ...]
    filler: tuple[str, ...]


#: Languages written right to left: their pages say `dir="rtl"`.
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur"})


def text_direction(tag: str) -> str:
    """`rtl` for a tag whose language is written right to left (`ar`, `he-IL`), else `ltr`."""
    return "rtl" if tag.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


@dataclass(frozen=True)
class Locale:
    """One of the site's other locales, from `locales:` in site.yaml."""

    tag: str
    chain: tuple[str, ...]
    """The tags whose text shows where this locale has none, nearest first; the default locale's last."""
    name: str = ""
    title: str = ""
    description: str = ""
    complete: bool = False
    untranslated: str = "fallback"
    source: Source = field(default=Source("site.yaml"), compare=False)
    synonyms: tuple[tuple[str, ...], ...] = ()
    """The locale's own `synonyms:` groups (docs/search.md)."""
    synonym_sources: tuple[Source, ...] = field(default=(), compare=False)
    """Where each of them is written (site.yaml and its line)."""

    @property
    def prefix(self) -> str:
        """Its pages' folder: `fr/`, `en-ca/`."""
        return self.tag.lower() + "/"


@dataclass(frozen=True)
class Notice:
    """A dated notice (`notice:` in site.yaml or a _section.yaml), shown above the content while it lasts."""

    html: str
    """Its text, rendered from Markdown."""
    starts: date | None = None
    """`from`: the first day it shows; None from the start."""
    until: date | None = None
    """The last day it shows; None without end."""
    source: Source = field(default=Source(""), compare=False)


@dataclass(frozen=True)
class DataOutputs:
    """What the build publishes as data beside the pages (`data:` in site.yaml); each on unless set false."""

    llms: bool = DATA_KEYS["llms"].default
    markdown: bool = DATA_KEYS["markdown"].default
    api: bool = DATA_KEYS["api"].default
    feed: bool = DATA_KEYS["feed"].default
    feed_count: int = DATA_KEYS["feed_count"].default
    opensearch: bool = DATA_KEYS["opensearch"].default


@dataclass(frozen=True)
class Site:
    """Site-wide settings from `site.yaml`."""

    title: str
    base_url: str = ""
    language: str = SITE_KEYS["language"].default
    description: str = ""
    contact_email: str = ""
    contact_form: str = ""
    """A contact form's URL (`contact.form`): the "Still need help?" card links there instead of the email."""
    feedback_endpoint: str = ""
    """Where votes and search events are sent (`feedback.endpoint`); "" for none: no widget, no events."""
    logo: str = ""
    logo_image: Image | None = None
    """The logo's file, read from the content folder at load."""
    brand_color: str = ""
    """`#aabbcc`, checked to carry white text at WCAG AA; "" for the theme's own."""
    accent_color: str = ""
    """A second brand colour (icons, highlights), checked like `brand_color`."""
    nav: tuple[NavLink, ...] = ()
    synonyms: tuple[tuple[str, ...], ...] = ()
    carrier_help: NavLink | None = None
    """The page the carrier lookup page sends shoppers to for contacting a carrier (`carrier_help:`)."""
    synonym_sources: tuple[Source, ...] = ()
    """Where each synonyms group is written (site.yaml and its line)."""
    recent: int = SITE_KEYS["recent"].default
    """How many questions the home page's "Recently updated" list shows."""
    notice: Notice | None = None
    """The site-wide notice in its window, or None (an expired one is left out at load)."""
    inherited_synonyms: tuple[tuple[str, ...], ...] = ()
    """In a locale's help center, the groups of the locales of its language along its chain (`en-CA` takes the
    default `en` locale's `synonyms`): searched like its own, warned about where they are written."""
    vocabulary: Vocabulary | None = None
    """kbgen's shipped shop-help vocabulary in the site's language (kbgen/data/shop_vocabulary.yaml, and
    shop_vocabulary.<language>.yaml beside it), which extends `synonyms`; None when site.yaml says
    `shop_vocabulary: false`."""
    data: DataOutputs = field(default_factory=DataOutputs)
    """Which data files the build publishes: llms.txt, Markdown twins, the JSON API, the feed, OpenSearch."""
    locales: tuple[Locale, ...] = ()
    """The other locales (`locales:`); the default one is `language`."""


@dataclass(frozen=True)
class Carrier:
    """One carrier lookup rule from `carriers.yaml`."""

    name: str
    prefixes: tuple[str, ...]
    website: str
    example: str
    digits_only: bool = CARRIER_KEYS["digits_only"].default
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
    promoted: bool = QUESTION_KEYS["promoted"].default
    """`promoted: true`: offered first, on the home page and when a search finds nothing (HelpCenter.popular),
    and at the top of its section's page."""
    related: tuple[str, ...] = ()
    """`related:` the URLs (`section/question/`) of the related questions the editor chose; () to pick them."""
    source: Source = field(default=Source(""), compare=False)
    fallback: str = ""
    """In a locale's help center, the tag of the locale whose text is shown when it is in another language
    (no translation yet: the page carries a notice); "" for a page in its own language."""


@dataclass(frozen=True)
class Section:
    """A folder of questions with its `_section.yaml`."""

    slug: str
    title: str
    description: str = ""
    intro_md: str = ""
    intro_html: str = ""
    icon: str = ""
    """The name of one of the theme's icons (`static/icons/<name>.svg`), or ""."""
    icon_image: Image | None = None
    """An icon file from the content folder instead, or None."""
    questions: tuple[Question, ...] = ()
    aliases: tuple[str, ...] = ()
    """Old root-relative URLs (`old-section/`) that redirect to this section's page."""
    notice: Notice | None = None
    """The section's notice in its window, or None."""
    source: Source = field(default=Source(""), compare=False)

    def promoted(self) -> tuple[Question, ...]:
        """Its questions marked `promoted: true`, in content order: the top of its page."""
        return tuple(question for question in self.questions if question.promoted)


@dataclass(frozen=True)
class Unpublished:
    """A question left out of this build by its dates (`publish`, `expire`): its URL was meant to be missing."""

    url: str
    why: str
    """`not published until 2027-01-06`, `expired on 2026-12-01`."""
    source: Source = field(default=Source(""), compare=False)


@dataclass(frozen=True)
class Page:
    """A free-standing Markdown page under `pages/`."""

    slug: str
    title: str
    body_html: str
    source: Source = field(default=Source(""), compare=False)
    fallback: str = ""
    """As `Question.fallback`."""


@dataclass(frozen=True)
class StaticFile:
    """A file of the content folder's `static/`, published unchanged at `path` under the output root."""

    path: str
    """Its path under `static/` (POSIX), which is its path in the output."""
    data: bytes
    source: Source = field(default=Source(""), compare=False)


@dataclass(frozen=True)
class HelpCenter:
    """Everything loaded from one content directory."""

    site: Site
    sections: tuple[Section, ...]
    carriers: tuple[Carrier, ...] = ()
    pages: tuple[Page, ...] = ()
    static_files: tuple[StaticFile, ...] = ()
    """The files of `static/`, by path."""
    unpublished: tuple[Unpublished, ...] = ()
    """Questions left out by their dates, so a missing URL that was meant is not called lost."""
    notes: tuple[str, ...] = ()
    """What the build summary says about dates: notices expired, questions left out."""
    translations: tuple[Translation, ...] = ()
    """The site in each of its other locales (`site.locales`), in their order."""

    def in_every_locale(self) -> tuple[tuple[str, HelpCenter], ...]:
        """This help center and each of its translations, with the folder of its pages ("" for the default)."""
        return (("", self), *((t.locale.prefix, t.hc) for t in self.translations))

    def popular(self) -> tuple[tuple[Section, Question], ...]:
        """The questions offered first: the home page's "Popular questions" and the search's when nothing matches.

        The promoted ones (`promoted: true`) in content order; without any, the first question of each section.
        At most POPULAR_LIMIT.
        """
        promoted = [(s, q) for s in self.sections for q in s.questions if q.promoted]
        chosen = promoted or [(s, s.questions[0]) for s in self.sections if s.questions]
        return tuple(chosen[:POPULAR_LIMIT])

    def recent(self) -> tuple[tuple[Section, Question], ...]:
        """The home page's "Recently updated": the `site.recent` questions changed last, newest first.

        Questions without a date are left out; between equal dates, content order.
        """
        dated = [(s, q) for s in self.sections for q in s.questions if q.updated is not None]
        dated.sort(key=lambda pair: pair[1].updated, reverse=True)  # stable: content order between equal dates
        return tuple(dated[: max(0, self.site.recent)])


@dataclass(frozen=True)
class TranslationStatus:
    """How far a locale's translation is: its own or inherited texts, and the questions behind."""

    translated: int = 0
    """Questions shown in the locale's language (its own translation, or a same-language fallback's)."""
    missing: tuple[Source, ...] = ()
    """Source questions with no translation in the locale's language."""
    outdated: tuple[Source, ...] = ()
    """Translations whose `source_hash` is not their source's."""
    unknown: tuple[Source, ...] = ()
    """Translations without `source_hash`."""


@dataclass(frozen=True)
class Translation:
    """The help center in one of its other locales: every URL under `locale.prefix`."""

    locale: Locale
    hc: HelpCenter
    """The locale's own help center: its site says the locale's tag as `language`."""
    urls: dict[str, str] = field(default_factory=dict, compare=False)
    """The default locale's URL of each page (`shipping/free/`) to this locale's (without the prefix)."""
    status: TranslationStatus = TranslationStatus()
