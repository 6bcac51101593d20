"""URL pieces: slugs from titles and questions, and the mark of a site-rooted link.

Pure string functions shared by loading (slugs, links in Markdown), rendering
(pointing marked links at a page's root), `kbgen new` and `kbgen import`. No I/O.
"""

from __future__ import annotations

import re
import unicodedata

ROOT_MARK = "kbroot:"
"""Prefix of a site-rooted link in rendered Markdown, until a page's depth says what the root is."""

MAX_SLUG_WORDS = 6

# Words that carry no meaning in a question's URL ("how-do-i-..."); dropped unless nothing is left.
STOP_WORDS = frozenset(
    {"a", "an", "the", "i", "me", "my", "we", "our", "you", "your", "it", "its", "is", "are", "am", "be"}
    | {"was", "were", "do", "does", "did", "can", "could", "will", "would", "should", "shall", "may", "might"}
    | {"what", "how", "why", "when", "where", "which", "who", "whom", "to", "of", "for", "in", "on", "at"}
    | {"by", "with", "from", "and", "or", "if", "that", "this", "there", "about"}
)


def slug_words(text: str) -> list[str]:
    """Lower-case ASCII words of `text`: accents folded, apostrophes dropped, anything else a separator."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    folded = re.sub(r"['’`]", "", folded.lower())
    return re.findall(r"[a-z0-9]+", folded)


def slugify(text: str, max_words: int | None = None) -> str:
    """`"Buy From Store"` -> `"buy-from-store"`; "" when the text has no letters or digits."""
    words = slug_words(text)
    return "-".join(words[:max_words] if max_words else words)


def question_slug(question: str) -> str:
    """A short slug for a question: its meaningful words, at most MAX_SLUG_WORDS of them."""
    words = slug_words(question)
    meaningful = [w for w in words if w not in STOP_WORDS] or words
    return "-".join(meaningful[:MAX_SLUG_WORDS])


def relink(html: str, root: str) -> str:
    """Point marked internal links at `root`, the page's relative path to the site root."""
    return html.replace(f'="{ROOT_MARK}', f'="{root}')
