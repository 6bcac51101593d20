"""Results of pure, costly functions remembered between builds: rendered Markdown.

Owns the cache folder, `.kbgen-cache/` beside the output folder (never inside
it: the output is replaced whole). An entry is keyed by the hash of the text it
was computed from and records what else it depended on: for Markdown, every
`.md` link target it resolved and the URL that gave. An entry is used only when
resolving those targets again gives the same URLs, so nothing tracks
dependencies between pages and a cached build writes exactly the bytes of a
cold one. The code and library that render are part of the key too. A missing,
stale or unreadable cache costs time, never correctness; only entries a build
used are kept. This module reads and writes nothing but that folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import markdown

from . import markup

CACHE_DIR = ".kbgen-cache"
MARKDOWN_FILE = "markdown.json"

Resolver = Callable[[str], "str | None"]
Render = Callable[[str, Resolver], "tuple[str, list[str]]"]


def _code_version() -> str:
    """What rendered entries depend on besides their text: markup.py itself and Python-Markdown."""
    source = Path(markup.__file__).read_bytes()
    return f"{markdown.__version__}:{hashlib.sha256(source).hexdigest()[:16]}"


class MarkdownCache:
    """Rendered Markdown by the hash of its text, with the link resolutions it depended on."""

    def __init__(self, entries: dict[str, dict] | None = None) -> None:
        self.entries = entries or {}
        self.used: dict[str, dict] = {}
        self.hits = 0
        self.misses = 0

    def render(self, text: str, resolve: Resolver, render: Render) -> tuple[str, list[str]]:
        """`render(text, resolve)`, or the remembered result when its links still resolve alike."""
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()
        entry = self.entries.get(key)
        if entry is not None and all(resolve(target) == url for target, url in entry["links"]):
            self.hits += 1
            self.used[key] = entry
            return entry["html"], list(entry["broken"])
        self.misses += 1
        calls: list[tuple[str, str | None]] = []

        def recording(target: str) -> str | None:
            url = resolve(target)
            calls.append((target, url))
            return url

        html, broken = render(text, recording)
        self.used[key] = {"html": html, "broken": list(broken), "links": calls}
        return html, broken


def cache_dir_for(output: Path) -> Path:
    """The cache folder of a build writing to `output`."""
    return Path(output).resolve().parent / CACHE_DIR


def load_markdown_cache(folder: Path) -> MarkdownCache:
    """The remembered renders in `folder`; empty when there are none or they are unreadable or stale."""
    try:
        data = json.loads((folder / MARKDOWN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return MarkdownCache()
    if (
        not isinstance(data, dict)
        or data.get("version") != _code_version()
        or not isinstance(data.get("entries"), dict)
    ):
        return MarkdownCache()
    return MarkdownCache(data["entries"])


def save_markdown_cache(cache: MarkdownCache, folder: Path) -> None:
    """Keep the entries this build used (atomically; a failure to write is not an error)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"version": _code_version(), "entries": cache.used}, ensure_ascii=False, sort_keys=True)
        fd, temp = tempfile.mkstemp(prefix=".markdown-", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temp, folder / MARKDOWN_FILE)
    except OSError:
        return


@contextmanager
def cached_markdown(folder: Path | None) -> Iterator[MarkdownCache | None]:
    """Within the block, Markdown renders consult and fill the cache in `folder` (None: no cache)."""
    if folder is None:
        yield None
        return
    cache = load_markdown_cache(folder)
    previous = markup.use_cache(cache)
    try:
        yield cache
    finally:
        markup.use_cache(previous)
        cache.entries = {}  # what was not used is not kept: free it for the rest of the build
