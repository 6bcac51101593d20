"""Heading levels of rendered Markdown, fitted to where the fragment is shown.

An answer is shown under an `h2` on its section page and under the `h1` of its
own page; an editor's `### Step 1` must come out one level below either, never
skipping a level (WCAG 1.3.1, and the Nu checker's heading-order rule). Pure
string work on HTML that load/markdown.py rendered, where every `<hN` is a real tag
(raw HTML typed by editors is escaped).
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"<(/?)h([1-6])\b")


def nest_headings(html: str, parent_level: int) -> str:
    """Renumber headings so the fragment's highest one sits just below `parent_level`, capped at h6."""
    levels = [int(level) for _, level in _HEADING.findall(html)]
    if not levels:
        return html
    shift = parent_level + 1 - min(levels)
    if shift == 0:
        return html
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}", html)
