"""Search synonyms and filler: the site's and the shop vocabulary's words, as the browser gets them.

Owns which synonym groups ship (folded, only those that can match a document
of the index, none another group contains), the filler words a query treats
as stop words, and the warnings about a site's synonym groups that can never
match (`site.yaml:line`). Each locale's help center carries its own groups and
its language's shipped vocabulary (load/translations.py), so a locale's index
ships its own words. Pure: reads the model and the index's terms.
"""

from __future__ import annotations

from collections.abc import Iterable

from kbgen.errors import Problem
from kbgen.model import HelpCenter, Site, Source
from kbgen.search.documents import collect_docs
from kbgen.search.index import build_index
from kbgen.search.languages import ENGLISH, Language, search_language

__all__ = ["can_match", "content_warnings", "search_filler", "search_synonyms", "synonym_warnings"]


def can_match(group: Iterable[str], terms: set[str], language: Language = ENGLISH) -> bool:
    """Whether a synonym group can match a document: one member's words are all stop words or index terms, one a term."""
    for member in (language.words(m) for m in group):
        kept = [term for word in member for term in language.terms(word)]
        if kept and all(term in terms for term in kept):
            return True
    return False


def search_synonyms(site: Site, terms: set[str]) -> list[list[list[str]]]:
    """The synonym groups the browser gets: the site's, then the shipped vocabulary's unless switched off, folded;
    only groups that can match a document of the index (`terms`) are kept."""
    groups = [*site.synonyms, *site.inherited_synonyms]
    if site.vocabulary is not None:
        groups += site.vocabulary.synonyms
    language = search_language(site.language)
    folded = fold_synonyms((group for group in groups if can_match(group, terms, language)), language)
    # a group whose members another group holds all adds nothing: the larger one finds the same and more
    sets = [frozenset(map(tuple, group)) for group in folded]
    return [
        group
        for i, group in enumerate(folded)
        if not any(j != i and sets[i] <= other and (sets[i] < other or j < i) for j, other in enumerate(sets))
    ]


def search_filler(site: Site) -> list[str]:
    """Filler words the query treats as stop words (the shipped vocabulary's, unless switched off)."""
    if site.vocabulary is None:
        return []
    language = search_language(site.language)
    return sorted(word for filler in site.vocabulary.filler for word in language.words(filler))


def synonym_warnings(site: Site, terms: set[str]) -> list[Problem]:
    """A `site.yaml:line` warning for each of the site's synonym groups that can never match a document."""
    sources = site.synonym_sources or [Source("site.yaml", 1)] * len(site.synonyms)
    return [
        Problem(
            source.path,
            source.line,
            f"synonyms group [{', '.join(group)}] can never match: no member's words are all in the help center",
            warning=True,
            code="unmatched-synonyms",
        )
        for group, source in zip(site.synonyms, sources)
        if not can_match(group, terms, search_language(site.language))
    ]


def content_warnings(hc: HelpCenter) -> list[Problem]:
    """What the search stage warns about the content, for `kbgen check` as for a build: synonym_warnings, in every
    locale (each against its own index)."""
    return [
        problem
        for _, center in hc.in_every_locale()
        if center.site.synonyms
        for problem in synonym_warnings(
            center.site, set(build_index(*collect_docs(center), search_language(center.site.language)).terms)
        )
    ]


def fold_synonyms(groups: Iterable[Iterable[str]], language: Language = ENGLISH) -> list[list[list[str]]]:
    """Synonym groups as lists of folded word lists (as `language` splits words); empty members dropped."""
    folded = []
    for group in groups:
        members = [language.words(member) for member in group]
        members = [member for member in members if member]
        if len(members) > 1:
            folded.append(members)
    return folded
