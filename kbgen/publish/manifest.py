"""The manifest of published URLs, and what disappeared since the previous one.

Owns `manifest.json` (written at the output root, one URL a line, sorted, so two
builds of the same content give the same bytes and a diff reads like a list of
changes) and the comparison with an earlier manifest: every URL that was
published before and is neither published nor redirected now is reported, with
the likely new home of its content. A warning; an error under `--strict`.

Only what people link to is listed: HTML pages, alias redirects and the files
of the content's `static/` (kind `file`), and the help center as data that apps,
feed readers and assistants are pointed at (kind `data`: llms.txt, the Markdown
twins, the JSON API, the feed, opensearch.xml). Assets change names with every edit by
design, and `sitemap.xml`, `robots.txt`, `_headers`, `_redirects` and the
manifest itself are for machines.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path, PurePosixPath

from kbgen.errors import KbgenError, Problem
from kbgen.load.files import display_path
from kbgen.model import HelpCenter, OutputFile, Source
from kbgen.publish.api import API_DIR
from kbgen.publish.data import TWIN_NAME
from kbgen.publish.redirects import site_redirects
from kbgen.render.pages import PageSpec, page_specs, url_of

MANIFEST_PATH = "manifest.json"
FORMAT = "kbgen-manifest"
VERSION = 1
#: Kinds of page that can be the new home of a lost URL.
HOMES = ("question", "section", "page")
#: Where the sections' JSON files are (publish/api.py).
SECTIONS_JSON = API_DIR + "sections/"
#: How alike two question texts must be (difflib ratio) to call one a rename of the other.
SIMILAR_TITLE = 0.75


@dataclass(frozen=True)
class Entry:
    """One published URL (relative to the site root; `""` is the home page)."""

    url: str
    kind: str
    """home, section, question, page, search, track, ... or redirect."""
    title: str = ""
    source: str = ""
    """The content file it comes from, relative to the content folder."""
    answer: str = ""
    """A digest of a question's answer, to recognise it under a new question text."""
    to: str = ""
    """For a redirect: the URL it points to."""
    origin: Source | None = field(default=None, compare=False)
    """Where in the current content it comes from, to name in messages (not written)."""

    def to_json(self) -> dict[str, str]:
        """The entry as written in the manifest (empty fields left out)."""
        data = {"kind": self.kind, "title": self.title, "source": self.source, "answer": self.answer, "to": self.to}
        return {key: value for key, value in data.items() if value}


@dataclass(frozen=True)
class Manifest:
    """Every URL of one build, by URL."""

    base_url: str
    entries: dict[str, Entry]
    path: str = ""
    """The file it was read from (empty for the current build)."""
    lines: dict[str, int] = field(default_factory=dict)
    """Line of each URL in that file, for messages."""

    def to_bytes(self) -> bytes:
        """Deterministic JSON: sorted, one URL a line."""
        head = {"format": FORMAT, "version": VERSION, "base_url": self.base_url}
        rows = [f"  {_dump(key)}: {_dump(value)}," for key, value in head.items()]
        urls = sorted(self.entries)
        body = ",\n".join(f"    {_dump(url)}: {_dump(self.entries[url].to_json())}" for url in urls)
        text = "{\n" + "\n".join(rows) + '\n  "urls": {\n' + body + ("\n" if body else "") + "  }\n}\n"
        return text.encode("utf-8")


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _digest(text: str) -> str:
    return "sha256:" + hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def _relative_source(source: Source, content_dir: Path) -> str:
    if not source.path:
        return ""
    folder, name = os.path.split(source.path)
    return _relative_folder(folder, str(content_dir), os.getcwd()) + name


@lru_cache(maxsize=4096)
def _relative_folder(folder: str, content_dir: str, cwd: str) -> str:
    """`folder` relative to the content folder, as a POSIX prefix ending in `/` (or empty); once per folder."""
    relative = os.path.relpath(os.path.join(cwd, folder), os.path.join(cwd, content_dir))
    return "" if relative == "." else PurePosixPath(*Path(relative).parts).as_posix() + "/"


def build_manifest(
    hc: HelpCenter,
    base_url: str,
    content_dir: Path,
    data_paths: Iterable[str] = (),
    specs: Sequence[Sequence[PageSpec]] | None = None,
) -> Manifest:
    """The manifest of everything a build of `hc` publishes; `data_paths` are its data files. `specs`: each locale's
    pages (`page_specs`, the default's first), when the caller has them; their paths are under the locale's folder."""
    entries: dict[str, Entry] = {}
    locales = hc.in_every_locale()
    if specs is None:
        specs = [[replace(spec, path=prefix + spec.path) for spec in page_specs(center)] for prefix, center in locales]
    for (prefix, center), spec in (
        (locale, spec) for locale, pages in zip(locales, specs, strict=True) for spec in pages
    ):
        url = url_of(spec.path)
        question, section, page = (spec.context.get(key) for key in ("question", "section", "page"))
        if question is not None:
            entry = Entry(
                url, "question", question.question, answer=_digest(question.answer_md), origin=question.source
            )
        elif section is not None:
            entry = Entry(url, "section", section.title, origin=section.source)
        elif page is not None:
            entry = Entry(url, "page", page.title, origin=page.source)
        else:
            kind = spec.template.removesuffix(".html")
            entry = Entry(url, kind, center.site.title if url == prefix else "")
        if entry.origin is not None:
            entry = _with_source(entry, _relative_source(entry.origin, content_dir))
        entries[url] = entry
    for redirect in site_redirects(hc):
        entries[redirect.alias] = Entry(redirect.alias, "redirect", redirect.title, to=redirect.target)
    for file in hc.static_files:
        entries[file.path] = Entry(file.path, "file", source=f"static/{file.path}")
    for path in data_paths:
        entries[path] = Entry(path, "data")
    return Manifest(base_url, entries)


def _with_source(entry: Entry, source: str) -> Entry:
    return Entry(entry.url, entry.kind, entry.title, source, entry.answer, entry.to, entry.origin)


def manifest_file(manifest: Manifest) -> OutputFile:
    """`manifest.json` at the output root."""
    return (MANIFEST_PATH, manifest.to_bytes())


def load_manifest(path: Path) -> Manifest:
    """Read a manifest written by an earlier build; KbgenError when it is not one."""
    shown = display_path(Path(path))
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise KbgenError(f"{shown}: cannot read the previous manifest: {err}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise KbgenError(f"{shown}:{err.lineno}: the previous manifest is not valid JSON: {err.msg}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("urls"), dict):
        raise KbgenError(f'{shown}:1: not a kbgen manifest (expected "format": "{FORMAT}" and "urls")')
    if data.get("version") != VERSION:
        raise KbgenError(f"{shown}:1: manifest version {data.get('version')!r} is not {VERSION}: rebuild it")
    entries = {}
    for url, item in data["urls"].items():
        item = item if isinstance(item, dict) else {}
        fields = {key: str(item.get(key, "")) for key in ("kind", "title", "source", "answer", "to")}
        entries[url] = Entry(url, **fields)
    lines = {}
    for number, row in enumerate(text.splitlines(), start=1):
        key = row.strip().split(": ", 1)[0]
        if key.startswith('"'):
            try:
                lines.setdefault(json.loads(key), number)
            except json.JSONDecodeError:
                continue
    return Manifest(str(data.get("base_url", "")), entries, shown, lines)


@dataclass(frozen=True)
class NewHome:
    """Where a lost URL's content most likely lives now, and why we think so."""

    entry: Entry
    reason: str


def likely_new_home(lost: Entry, current: Manifest) -> NewHome | None:
    """The current page that most likely holds what `lost` held, or None."""
    if lost.kind == "redirect" and lost.to in current.entries:
        return NewHome(current.entries[lost.to], "where it redirected before")
    homes = [entry for _, entry in sorted(current.entries.items()) if entry.kind in HOMES]
    same_kind = [e for e in homes if e.kind == lost.kind or lost.kind == "redirect"]
    title = " ".join(lost.title.split()).casefold()
    slug = lost.url.rstrip("/").rsplit("/", 1)[-1]
    tests = (
        ("same source file", lambda e: bool(lost.source) and e.source == lost.source and e.kind == lost.kind),
        (
            "same question text" if lost.kind == "question" else "same title",
            lambda e: bool(title) and " ".join(e.title.split()).casefold() == title,
        ),
        ("same answer", lambda e: bool(lost.answer) and e.answer == lost.answer),
        ("same slug", lambda e: e.url.rstrip("/").rsplit("/", 1)[-1] == slug),
    )
    for reason, test in tests:
        found = [e for e in same_kind if test(e)]
        if found:
            return NewHome(found[0], reason)
    by_title = {" ".join(e.title.split()).casefold(): e for e in reversed(same_kind) if e.title}
    close = difflib.get_close_matches(title, list(by_title), n=1, cutoff=SIMILAR_TITLE) if title else []
    if close:
        return NewHome(by_title[close[0]], "similar question text" if lost.kind == "question" else "similar title")
    return None


def page_followed(url: str) -> str | None:
    """The page a data file goes with (a question's Markdown twin, a section's JSON), or None."""
    if url.endswith("/" + TWIN_NAME):
        return url.removesuffix(TWIN_NAME)
    locale, found, name = url.partition(SECTIONS_JSON)  # a locale's files are under its prefix (`fr/api/v1/...`)
    if found and name.endswith(".json") and "/" not in name and (not locale or locale.endswith("/")):
        return locale + name.removesuffix(".json") + "/"
    return None


def _data_problem(previous: Manifest, current: Manifest, url: str) -> Problem | None:
    """A lost data file: said only when it is not its page's to say (the page is still published)."""
    page = page_followed(url)
    if page is not None and current.entries.get(page, Entry(page, "redirect")).kind == "redirect":
        return None  # the page moved or went, and its own warning (or alias) speaks for it
    return Problem(
        previous.path,
        previous.lines.get(url, 1),
        f"'/{url}' was published before but is gone: apps, feed readers or assistants may read it; "
        "site.yaml's `data:` settings say which data files are published",
        warning=True,
    )


def lost_urls(previous: Manifest, current: Manifest, meant: frozenset[str] | set[str] = frozenset()) -> list[Problem]:
    """A warning for every URL of `previous` that `current` neither publishes nor redirects, but those `meant`
    to be gone (questions left out by their `publish` and `expire` dates)."""
    problems = []
    for url in sorted(set(previous.entries) - set(current.entries) - set(meant)):
        lost = previous.entries[url]
        if lost.kind == "data":
            if (problem := _data_problem(previous, current, url)) is not None:
                problems.append(problem)
            continue
        alias = url.rstrip("/")
        gone = f"'/{url}' was published before but is gone, and no alias keeps it working"
        home = likely_new_home(lost, current)
        if home is None:
            problems.append(
                Problem(
                    previous.path,
                    previous.lines.get(url, 1),
                    f"{gone}; no page looks like its new home: add '{alias}' to the aliases of the question "
                    "or section that replaces it",
                    warning=True,
                )
            )
            continue
        origin = home.entry.origin or Source(previous.path, previous.lines.get(url, 1))
        if home.entry.kind == "page":
            advice = f"pages have no aliases: add '{alias}' to the aliases of a question or section"
        else:
            advice = f"add '{alias}' to its aliases"
        problems.append(
            Problem(
                origin.path,
                origin.line,
                f"{gone}; likely new home: '/{home.entry.url}' ({home.reason}): {advice}",
                warning=True,
            )
        )
    return sorted(problems)
