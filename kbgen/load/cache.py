"""Results of pure, costly functions remembered between builds: rendered Markdown, parsed YAML.

Owns the cache folder (`.kbgen-cache/` in the current folder, or `--cache-dir`;
never inside the output, so it is never published; it carries a `.gitignore`
of its own), and where things go in it: besides the entries
here, the record of what the output holds (`output_record_file`, written by
write/record.py). An entry is keyed by the hash of the text it
was computed from and records what else it depended on: for Markdown, every
`.md` link target it resolved and the URL that gave. An entry is used only when
resolving those targets again gives the same URLs, so nothing tracks
dependencies between pages and a cached build writes exactly the bytes of a
cold one. A YAML parse (front matter, `_section.yaml`) depends on its text alone
and keeps its line marks, so messages point at the same lines; a text that does
not parse is never remembered, its error is found again. The code and library
that render or parse are part of the key too. A missing, stale or unreadable
cache costs time, never correctness; only entries a build used are kept. This
module reads and writes nothing but that folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kbgen.errors import KbgenError
from kbgen.load import markdown as markup
from kbgen.load import yamlio
from kbgen.util.atomic import replace_text
from kbgen.util.package import library_version

CACHE_DIR = ".kbgen-cache"
MARKDOWN_FILE = "markdown.json"
YAML_FILE = "yaml.json"

Resolver = Callable[[str], "str | None"]
RenderOne = Callable[[str, Resolver], "markup.Recorded"]
Job = tuple[str, Resolver]
RenderRecorded = Callable[[list[Job]], "list[markup.Recorded]"]


def _code_version() -> str:
    """What rendered entries depend on besides their text: load/markdown.py and markdown_engine.py, and
    Python-Markdown (not imported for it: a build whose bodies are all cached never loads it)."""
    code = Path(markup.__file__)
    source = code.read_bytes() + code.with_name("markdown_engine.py").read_bytes()
    return f"{library_version('Markdown', 'markdown')}:{hashlib.sha256(source).hexdigest()[:16]}"


def _yaml_version() -> str:
    """What parsed entries depend on besides their text: load/yamlio.py itself and PyYAML."""
    source = Path(yamlio.__file__).read_bytes()
    return f"{yamlio.parser_version()}:{hashlib.sha256(source).hexdigest()[:16]}"


class MarkdownCache:
    """Rendered Markdown by the hash of its text, with the link resolutions it depended on."""

    def __init__(self, entries: dict[str, dict] | None = None) -> None:
        self.entries = entries or {}
        self.loaded = len(self.entries)
        self.used: dict[str, dict] = {}
        self.hits = 0
        self.misses = 0
        self.yaml: YamlCache | None = None
        """The YAML cache `cached_markdown` used alongside, saved with this one."""

    def _remembered(self, key: str, resolve: Resolver) -> dict | None:
        entry = self.entries.get(key)
        if entry is not None and all(resolve(target) == url for target, url in entry["links"]):
            return entry
        return None

    def render(self, text: str, resolve: Resolver, render: RenderOne) -> tuple[str, list[str]]:
        """`render(text, resolve)` (which also returns the link resolutions it made: `markup.render_recorded_one`),
        or the remembered result when its links still resolve alike."""
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()
        entry = self._remembered(key, resolve)
        if entry is not None:
            self.hits += 1
            self.used[key] = entry
            return entry["html"], list(entry["broken"])
        self.misses += 1
        html, broken, calls = render(text, resolve)
        self.used[key] = {"html": html, "broken": list(broken), "links": calls}
        return html, list(broken)

    def render_all(self, jobs: list[Job], render_recorded: RenderRecorded) -> list[tuple[str, list[str]]]:
        """`render` of every `(text, resolve)` job, in order, the ones not remembered rendered together by
        `render_recorded` (`markup.render_recorded`: it may share them out between processes).

        Entries, counts and results come out as from calling `render` job after job:
        whether a job is remembered depends only on the entries read from disk, never
        on the jobs before it, and the last job with a given text sets its entry.
        """
        keys = [hashlib.sha256(text.encode("utf-8")).hexdigest() for text, _ in jobs]
        remembered = [self._remembered(key, resolve) for key, (_, resolve) in zip(keys, jobs)]
        fresh = iter(render_recorded([job for job, entry in zip(jobs, remembered) if entry is None]))
        results = []
        for key, entry in zip(keys, remembered):
            if entry is None:
                self.misses += 1
                html, broken, calls = next(fresh)
                entry = {"html": html, "broken": list(broken), "links": calls}
            else:
                self.hits += 1
            self.used[key] = entry
            results.append((entry["html"], list(entry["broken"])))
        return results


class YamlCache:
    """Parsed YAML by the hash of its text, as `yamlio.to_plain` writes it (lines counted from the text's start)."""

    def __init__(self, entries: dict[str, object] | None = None) -> None:
        self.entries = entries or {}
        self.loaded = len(self.entries)
        self.used: dict[str, object] = {}
        self.hits = 0
        self.misses = 0

    def parse(self, text: str, first_line: int, parse: Callable[[str, int], object]) -> object:
        """`parse(text, first_line)`, or the remembered value with its lines moved to start at `first_line`."""
        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        if key in self.entries:
            try:
                value = yamlio.from_plain(self.entries[key], first_line - 1)
            except (KeyError, TypeError, ValueError, RecursionError):  # not what to_plain writes: parse again
                pass
            else:
                self.hits += 1
                self.used[key] = self.entries[key]
                return value
        self.misses += 1
        value = parse(text, first_line)  # a syntax error is raised, and so never remembered
        try:
            self.used[key] = yamlio.to_plain(value, 1 - first_line)
        except (yamlio.NotPlain, RecursionError):
            pass
        return value


def output_record_file(cache_dir: Path, output: Path) -> Path:
    """Where the record of what `output` holds is kept in `cache_dir` (one per output folder)."""
    resolved = str(Path(output).resolve())
    return Path(cache_dir) / f"written-{Path(output).name}-{hashlib.sha256(resolved.encode()).hexdigest()[:12]}.json"


#: What kbgen keeps in a cache folder: anything else there means the folder is someone else's.
CACHE_NAMES = re.compile(
    r"\.gitignore|markdown\.json|yaml\.json|written-.+\.json|\.(markdown|yaml|written-[\w.-]+|search-index[\w-]*)-\w+"
    r"|search-index[\w-]*\.marshal"  # the search index a rebuild updates (search/incremental.py), a file per locale
    r"|templates-[0-9a-f]{16}"  # compiled templates (render/theme.py), a folder per kbgen code
    r"|words-[0-9a-f]{16}"  # compiled catalogues and locale facts (render/words.py), a folder per kbgen code
)
IGNORE_TEXT = "# kbgen's build cache: safe to delete, never to commit\n*\n"


def make_cache_folder(folder: Path) -> None:
    """Make the cache folder, git-ignored by a `.gitignore` of its own (as pytest does for its cache); refuse a
    folder that holds files kbgen does not keep there (a `--cache-dir` pointed at someone's folder)."""
    folder = Path(folder)
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        folder.mkdir(parents=True)
        (folder / ".gitignore").write_text(IGNORE_TEXT, encoding="utf-8")
        return
    except NotADirectoryError:
        raise KbgenError(f"the cache folder {folder} is a file") from None
    foreign = [name for name in names if not CACHE_NAMES.fullmatch(name)]
    if foreign:
        raise KbgenError(
            f"refusing to use {folder} as the cache: it holds files kbgen does not keep there "
            f"({', '.join(foreign[:5])}); choose a new folder for --cache-dir"
        )


#: Per cache file, its entries as this process last read (or wrote) them, with the file's stat then and the code
#: version: a rebuild in the same process (`kbgen serve`) takes them while the file is as it was, rather than
#: parsing it again (a few hundred ms at 10,000 questions). Any change to the file (a write, even by another
#: process, renames a new file in: a new inode and ctime) makes it read again.
_KNOWN: dict[str, tuple[tuple[int, ...], str, dict]] = {}


def _stamp(path: str) -> tuple[int, ...] | None:
    """What changes whenever the file does: its inode, size, modification and change times; None if missing."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def _read_entries(path: Path, version: str) -> dict | None:
    """The entries of a cache file, or None when it is missing, unreadable or of another version."""
    key = os.path.abspath(path)
    known, stamp = _KNOWN.pop(key, None), _stamp(key)
    if known is not None and stamp is not None and known[0] == stamp and known[1] == version:
        _KNOWN[key] = known
        return dict(known[2])  # entries are never changed in place: a copy of the mapping is enough
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != version or not isinstance(data.get("entries"), dict):
        return None
    if stamp is not None and stamp == _stamp(key):  # not replaced while it was read
        _KNOWN[key] = (stamp, version, data["entries"])
    return data["entries"]


def _write_entries(path: Path, version: str, entries: dict, ensure_ascii: bool = False, remember: bool = False) -> None:
    """Write a cache file atomically; a failure to write is not an error. With `remember`, the entries are kept
    as the file's (`_KNOWN`): only for entries that read back as they are (tuples read back as lists, and the
    caller treats both alike)."""
    key = os.path.abspath(path)
    _KNOWN.pop(key, None)
    try:
        text = json.dumps({"version": version, "entries": entries}, ensure_ascii=ensure_ascii, sort_keys=True)
        replace_text(path, text)
    except (OSError, ValueError):
        return
    stamp = _stamp(key)
    if remember and stamp is not None:
        _KNOWN[key] = (stamp, version, dict(entries))


def load_markdown_cache(folder: Path) -> MarkdownCache:
    """The remembered renders in `folder`; empty when there are none or they are unreadable or stale."""
    return MarkdownCache(_read_entries(folder / MARKDOWN_FILE, _code_version()))


def load_yaml_cache(folder: Path) -> YamlCache:
    """The remembered YAML parses in `folder`; empty when there are none or they are unreadable or stale."""
    return YamlCache(_read_entries(folder / YAML_FILE, _yaml_version()))


def save_markdown_cache(cache: MarkdownCache, folder: Path) -> None:
    """Keep the entries this build used, and those of the YAML cache that came along (`cached_markdown`).

    A cache whose every entry was used, and nothing added, is the file as it is: not written again.
    """
    if cache.misses or len(cache.used) != cache.loaded:
        # a rendered entry's lists (`links`' pairs as tuples) are only iterated: kept as the file's for the next build
        _write_entries(folder / MARKDOWN_FILE, _code_version(), cache.used, remember=True)
    if cache.yaml is not None and (cache.yaml.misses or len(cache.yaml.used) != cache.yaml.loaded):
        # ASCII: a YAML escape can make a string no UTF-8 file can hold (a lone surrogate), JSON's \u escapes can.
        _write_entries(folder / YAML_FILE, _yaml_version(), cache.yaml.used, ensure_ascii=True)


@contextmanager
def cached_markdown(folder: Path | None) -> Iterator[MarkdownCache | None]:
    """The caches in `folder` (None: no cache), for the block to pass to `load_help_center`: the Markdown
    cache, carrying the YAML one as `.yaml`, which `save_markdown_cache` saves."""
    if folder is None:
        yield None
        return
    cache = load_markdown_cache(folder)
    cache.yaml = load_yaml_cache(folder)
    try:
        yield cache
    finally:
        # What was not used is not kept: free it for the rest of the build.
        cache.entries = {}
        cache.yaml.entries = {}
