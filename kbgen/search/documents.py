"""Search documents: what the index holds of a help center, and the fields a document is indexed by.

Owns `SearchDoc` and `SearchSection` (one document per question, one per
section with an intro, one for the carrier lookup page), their order (by URL,
as JavaScript sorts), their refs (`doc_url`) and `FIELDS`, the indexed fields
with their build-time boosts. Pure: reads the model, no file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from kbgen.model import Carrier, HelpCenter, Section
from kbgen.search.text import html_to_text, utf16_key
from kbgen.util.messages import translations

__all__ = ["FIELDS", "SearchDoc", "SearchSection", "collect_docs", "doc_url", "field_texts"]

#: Indexed fields and their build-time boosts, in lunr field order.
FIELDS: tuple[tuple[str, int], ...] = (
    ("question", 8),
    ("tags", 4),
    ("section", 2),
    ("answer", 1),
)
#: The carrier lookup page, indexed so "ups number" finds it; its words in the site's language (kbgen/locale/).
TRACK_SLUG = "track"
TRACK_TITLE = "Which carrier has my parcel?"
TRACK_SECTION = "Track a parcel"


@dataclass(frozen=True)
class SearchSection:
    """A section as results show it."""

    slug: str
    title: str


@dataclass(frozen=True)
class SearchDoc:
    """One searchable document: what lunr indexes and what a result shows."""

    section: int
    """Index into the section list (slug and title)."""
    slug: str
    """Question slug; empty for a section's own page."""
    title: str
    """Question (or page title), the result heading."""
    text: str
    """Plain answer text, for snippets."""
    tags: tuple[str, ...] = ()


def collect_docs(
    hc: HelpCenter, known: Mapping[str, str] | None = None, texts: dict[str, str] | None = None
) -> tuple[list[SearchSection], list[SearchDoc]]:
    """The search documents of a help center, sorted by URL.

    Answers' plain text is taken from `known` (HTML → text, an earlier build's) where it holds the HTML, and
    every answer's is put in `texts` (for the next build to pass as `known`)."""
    sections = [SearchSection(s.slug, s.title) for s in hc.sections]
    docs: list[SearchDoc] = []
    known = known if known is not None else {}
    texts = texts if texts is not None else {}
    for number, section in enumerate(hc.sections):
        docs.extend(_section_docs(number, section, known, texts))
    if hc.carriers:
        words = translations(hc.site.language)
        sections.append(SearchSection(TRACK_SLUG, words.gettext(TRACK_SECTION)))
        docs.append(_track_doc(len(sections) - 1, hc.carriers, words.gettext))
    docs.sort(key=lambda doc: utf16_key(doc_url(sections, doc)))
    return sections, docs


def _section_docs(
    number: int, section: Section, known: Mapping[str, str], texts: dict[str, str]
) -> Iterable[SearchDoc]:
    # the section's notice (in its window) is what its page says first: found like its intro
    notice = html_to_text(section.notice.html) if section.notice is not None else ""
    intro = " ".join(part for part in (notice, html_to_text(section.intro_html)) if part)
    if intro:
        about = f"{section.description} {intro}" if section.description else intro
        yield SearchDoc(number, "", section.title, about)
    for question in section.questions:
        html = question.answer_html
        text = texts[html] = known[html] if html in known else html_to_text(html)
        yield SearchDoc(number, question.slug, question.question, text, question.tags)


def _track_doc(number: int, carriers: tuple[Carrier, ...], gettext: Callable[[str], str]) -> SearchDoc:
    lines = [gettext("Enter your tracking number to see which carrier delivers your parcel.")]
    for carrier in carriers:
        prefixes = f" {gettext('or')} ".join(carrier.prefixes)
        line = gettext("{carrier}: tracking numbers start with {prefixes}.")
        lines.append(line.replace("{carrier}", carrier.name).replace("{prefixes}", prefixes))
    names = tuple(carrier.name for carrier in carriers)
    return SearchDoc(number, "", gettext(TRACK_TITLE), " ".join(lines), (gettext("carrier"), *names))


def doc_url(sections: list[SearchSection], doc: SearchDoc) -> str:
    """URL of a document relative to the site root (its lunr ref)."""
    slug = sections[doc.section].slug
    return f"{slug}/{doc.slug}/" if doc.slug else f"{slug}/"


def field_texts(sections: list[SearchSection], doc: SearchDoc) -> tuple[str, ...]:
    """The text of each indexed field of a document, in FIELDS order, before folding."""
    return (doc.title, " ".join(doc.tags), sections[doc.section].title, doc.text)
