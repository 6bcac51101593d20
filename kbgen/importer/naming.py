"""Names and values as an import writes them into a content folder.

The order numbers of section folders and question files (`01-…`, `02-…`), the
section folders a content folder already has, slugs capped so no file name
passes the file system's limit. The same rules as `kbgen new` follows for the files it creates; kept
here so the importer depends on no other command (both write YAML values with load/yamlio.py's `yaml_scalar`).
"""

from __future__ import annotations

from pathlib import Path

from kbgen.urls import ORDER_PREFIX_RE

MAX_SLUG_CHARS = 60
"""The longest slug an import gives a folder or file (as `kbgen new question` does): far below the
255 bytes a file name may have, with room for the order number and `.md`."""


def capped_slug(slug: str, limit: int = MAX_SLUG_CHARS) -> str:
    """`slug` cut to at most `limit` characters, at a hyphen when there is one, never ending in one."""
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1].rsplit("-", 1)[0] if "-" in slug[: limit + 1] else ""
    return (cut or slug[:limit]).strip("-")


def numbered(names: list[str]) -> tuple[int, int]:
    """Next order number after `names` (`01-x`, `02-y`, …) and the digits to pad it to (two at least)."""
    numbers = [int(m.group(1)) for m in map(ORDER_PREFIX_RE.match, names) if m]
    widths = [len(m.group(1)) for m in map(ORDER_PREFIX_RE.match, names) if m]
    return (max(numbers) + 1, max(2, *widths)) if numbers else (1, 2)


def section_folders(content: Path) -> list[Path]:
    """The section folders of `content`, in name order (none when it has no `sections/`)."""
    sections = content / "sections"
    if not sections.is_dir():
        return []
    return sorted(path for path in sections.iterdir() if path.is_dir())
