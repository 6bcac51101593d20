"""The dev server's first look at an edit: the edited questions' own pages, rendered alone from the last build.

A whole build of a large help center takes seconds: every page's fingerprint, the related questions, the
search files, the swap of the output. `kbgen serve` first shows the pages of the questions an editor just
saved, each rendered from the last build's plan with the edited question put in its place, and runs the
whole build behind them; the whole build's output then takes over. As with the fast render of other
generators' dev servers, what the first look shows beside the answer (the related questions picked from
the content, the other pages' lists) is the last build's until the whole build lands a moment later.

Only edits of questions already built qualify (kbgen/load/single.py says which); anything else (a new or removed
file, a section, a page, site.yaml, the theme, a translation) is left to the whole build. Pure: reads the
edited files, returns bytes; the server holds them in memory, nothing is written.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path

from kbgen.load.files import Tree
from kbgen.load.single import reread_question
from kbgen.model import HelpCenter, Question, Section
from kbgen.render.pages import PageSpec, SitePlan, render_page
from kbgen.render.theme import Theme


@dataclass(frozen=True)
class PreviewBase:
    """What the last whole build knew, kept by the dev server for the next edit's first look."""

    theme: Theme
    plan: SitePlan
    """The default locale's plan: its question pages, their contexts, the shared context and asset names."""
    places: dict[str, tuple[Section, Question, int]]
    """Per question file (its real path): its section, the question, and the index of its page's spec."""
    urls: dict[str, str]
    """Per question and page file (its real path): its page's URL, as links to it resolve."""


def preview_base(hc: HelpCenter, theme: Theme, plan: SitePlan) -> PreviewBase:
    """The first-look base of a build of `hc` (its default locale) planned as `plan`."""
    spec_at = {spec.path: number for number, spec in enumerate(plan.specs)}
    places, urls = {}, {}
    tree = Tree()  # each folder resolved once, as the loader does: not a `realpath` per file
    for section in hc.sections:
        for question in section.questions:
            real = tree.real(question.source.path)
            url = f"{section.slug}/{question.slug}/"
            urls[real] = url
            number = spec_at.get(f"{plan.prefix}{url}index.html")
            if number is not None:
                places[real] = (section, question, number)
    for page in hc.pages:
        urls[tree.real(page.source.path)] = f"{page.slug}/"
    return PreviewBase(theme, plan, places, urls)


def preview_pages(base: PreviewBase, changed: Collection[Path]) -> dict[str, bytes] | None:
    """The pages (output path → bytes) of the edited questions in `changed`, rendered alone; None when any change
    is one only the whole build can show (then nothing is shown before it)."""
    edited: list[tuple[Section, Question, int, Question]] = []
    for path in changed:
        real = os.path.realpath(path)
        place = base.places.get(real)
        if place is None or not os.path.isfile(real):
            return None
        section, old, number = place
        new = reread_question(real, old, base.urls)
        if new is None:
            return None
        edited.append((section, old, number, new))
    if not edited:
        return None
    pages = {}
    for section, old, number, new in edited:
        questions = tuple(new if question is old else question for question in section.questions)
        spec = base.plan.specs[number]
        in_place = replace(section, questions=questions)
        context = {
            **spec.context,
            "section": in_place,
            "question": new,
            "in_section": [question for question in questions if question is not new],
        }
        pages[spec.path] = render_page(base.plan, base.theme, PageSpec(spec.path, spec.template, context))
    return pages
