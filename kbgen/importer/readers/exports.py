"""What the hosted help-center exports (`zendesk.py`, `intercom.py`) share.

An export's JSON files, read with a `path:line` message for a file that is not
JSON, and the site paths an old article or section address answered at, kept
as aliases so every old link still leads somewhere.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kbgen.errors import KbgenError
from kbgen.importer.plaintext import counted

_ID_SLUG = re.compile(r"^(\d+)-.+$")


def json_files(path: Path) -> Iterator[tuple[Path, object]]:
    """Each JSON file of an export (every `*.json` below a folder, or the one file), parsed, in name order."""
    files = sorted(path.rglob("*.json")) if path.is_dir() else [path]
    for file in files:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as err:
            raise KbgenError(f"{file}: cannot read it: {err}") from None
        except json.JSONDecodeError as err:
            raise KbgenError(f"{file}:{err.lineno}: not JSON: {err.msg}") from None
        yield file, data


def old_paths(html_url: str) -> list[str]:
    """The site paths an old address answered at: as given, and without the slug after the numeric id."""
    if not html_url:
        return []
    path = unquote(urlsplit(html_url).path).strip("/")
    if not path:
        return []
    paths = [path]
    head, _, last = path.rpartition("/")
    match = _ID_SLUG.match(last)
    if match:
        paths.append(f"{head}/{match.group(1)}" if head else match.group(1))
    return paths


def dropped_links(hrefs: list[str]) -> str:
    """What a note says of an article's links kept as words only: how many, and the first address."""
    return f"{counted(len(hrefs), 'link')} kept as words only, leading nowhere on the new site (first: {hrefs[0]!r})"


def article_markdown(html: str, url: str, what: str, notes: list[str]) -> str:
    """An article's HTML body as Markdown, its links resolved against `url`; a note naming `what` when some of
    them are kept as words only. The reader has loaded the HTML converter (BeautifulSoup) already."""
    from kbgen.importer.readers.html.convert import markdown_from_html

    dropped: list[str] = []
    answer = markdown_from_html(html, url, dropped)
    if dropped:
        notes.append(f"{what}: {dropped_links(dropped)}")
    return answer
