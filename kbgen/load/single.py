"""One question file read again on its own: the dev server's first look at an edit (kbgen/preview.py).

Reads the file as the loader does (front matter checked against the question's keys, the body rendered by
the same Markdown renderer) and gives back the question the whole load would give, when the edit is one a
file read alone can judge: the question's words, its answer, its tags and date. An edit the rest of the help
center must weigh gives None, and the whole build that follows decides: a new slug, aliases or `promoted:`,
`related:` links or `publish`/`expire` dates, a link that does not resolve from what the last build knew, or
any problem in the file. Reads the one file; writes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace

from kbgen.load.folders import read_question
from kbgen.load.markdown import render_markdown
from kbgen.load.schema import Report, string_list
from kbgen.model import Question

#: Front-matter keys whose effect a lone read settles (the others are weighed against the whole help center).
LONE_KEYS = frozenset({"question", "tags", "updated", "allow_warnings", "slug", "aliases", "promoted"})


def reread_question(path: str, old: Question, urls: Mapping[str, str]) -> Question | None:
    """The question file at `path`, which the last build loaded as `old`, read again; None when the whole build
    must judge the edit. `urls` maps each question and page file's real path to its page's URL, as the last build
    resolved links."""
    report = Report()
    read = read_question(path, report, shown=old.source.path)
    if read is None or report.problems or not set(read.meta) <= LONE_KEYS:
        return None
    aliases = tuple(alias.strip("/") + "/" for alias in read.aliases)
    if read.slug != old.slug or aliases != old.aliases or (read.meta.get("promoted") is True) != old.promoted:
        return None
    folder = os.path.dirname(path) or "."
    html, broken = render_markdown(read.body, lambda target: urls.get(os.path.realpath(os.path.join(folder, target))))
    tags = string_list(read.meta, "tags", read.shown, report)
    if broken or report.problems:
        return None
    return replace(
        old,
        question=read.meta["question"].strip(),
        answer_md=read.body.strip(),
        answer_html=html,
        tags=tags,
        updated=read.meta.get("updated") or old.updated,
    )
