"""Load and validate a content directory into the model.

The only module that reads `content/`. Every problem in every file is collected
and reported at once as `path:line: message`; nothing is skipped. A file stops
being checked after its first structural error so one typo does not cascade.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from .checks import QUESTION_WARNINGS, SITE_OWN_PATHS, QuestionText, check_carrier_rules, check_links, check_questions
from .collector import collector_paused
from .errors import ContentError, Problem
from .gitdates import GitDates, read_git_dates
from .markup import LinkResolver, render_all
from .model import Carrier, HelpCenter, NavLink, Page, Question, Section, Site, Source
from .slugs import slugify
from .yamlio import FrontMatterError, MarkedDict, YamlSyntaxError, parse_yaml, split_front_matter

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ORDER_PREFIX_RE = re.compile(r"^\d+-")
RESERVED_SLUGS = {"assets", "search", "track", "404.html", "sitemap.xml", "robots.txt"}


@dataclass(frozen=True)
class Key:
    """One allowed key of a YAML mapping: its type, and whether it must be present."""

    types: tuple[type, ...]
    required: bool = False
    label: str = ""


SITE_KEYS = {
    "title": Key((str,), True, "a string"),
    "base_url": Key((str,), label="a string"),
    "language": Key((str,), label="a string"),
    "description": Key((str,), label="a string"),
    "contact": Key((dict,), label="a mapping"),
    "logo": Key((str,), label="a string"),
    "nav": Key((list,), label="a list"),
    "synonyms": Key((list,), label="a list of lists"),
}
CONTACT_KEYS = {"email": Key((str,), True, "a string")}
NAV_KEYS = {"title": Key((str,), True, "a string"), "url": Key((str,), True, "a string")}
#: Schemes a nav link may point to beyond the site (a site path starts with `/`).
NAV_SCHEMES = frozenset({"https", "http", "mailto"})
SECTION_KEYS = {
    "title": Key((str,), True, "a string"),
    "description": Key((str,), label="a string"),
    "intro": Key((str,), label="Markdown text"),
    "aliases": Key((list,), label="a list"),
}
QUESTION_KEYS = {
    "question": Key((str,), True, "a string"),
    "slug": Key((str,), label="a string"),
    "tags": Key((list,), label="a list"),
    "updated": Key((dt.date,), label="a date (YYYY-MM-DD)"),
    "aliases": Key((list,), label="a list"),
    "allow_warnings": Key((list,), label="a list of warning names"),
}
PAGE_KEYS = {"title": Key((str,), True, "a string"), "slug": Key((str,), label="a string")}
CARRIER_KEYS = {
    "name": Key((str,), True, "a string"),
    "prefix": Key((str, list), True, "a string or a list of strings"),
    "digits_only": Key((bool,), label="true or false"),
    "website": Key((str,), True, "a string"),
    "track_url": Key((str,), label="a string"),
    "phone": Key((str,), label="a string"),
    "example": Key((str,), True, "a string"),
}


@dataclass
class Report:
    """Problems collected while loading."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def warn(self, path: str, line: int, message: str, code: str = "", allowed: bool = False) -> None:
        self.problems.append(Problem(path, line, message, warning=True, code=code, allowed=allowed))

    @property
    def errors(self) -> list[Problem]:
        return sorted({p for p in self.problems if not p.warning})

    @property
    def warnings(self) -> list[Problem]:
        return sorted({p for p in self.problems if p.warning})


def allowed_warnings(meta: MarkedDict, shown: str, report: Report) -> frozenset[str]:
    """The warning names a question's `allow_warnings` lists, each checked against the known ones."""
    names = set()
    for name in string_list(meta, "allow_warnings", shown, report):
        if name in QUESTION_WARNINGS:
            names.add(name)
            continue
        hint = difflib.get_close_matches(name, sorted(QUESTION_WARNINGS), n=1)
        suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
        known = ", ".join(sorted(QUESTION_WARNINGS))
        report.error(shown, meta.line_of("allow_warnings"), f"unknown warning '{name}'{suggestion}; known: {known}")
    return frozenset(names)


def display_path(path: Path) -> str:
    """A path as an editor would type it: relative to the working directory when inside it."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else PurePosixPath(Path(relative)).as_posix()


class _Tree:
    """The content folders as the loader walks them, each listed, named and resolved once.

    Asking the file system about every one of 10,000 files (a `stat` for
    `is_file`, a `relpath` for its display path, a `realpath` for link targets)
    costs more than reading them, so per file this only joins strings: a
    folder's listing (`os.scandir`, whose entries know their type), its display
    path and its real path are each worked out once. Paths are strings joined
    the way `pathlib` joins them, so messages read exactly as `display_path`
    would write them.
    """

    def __init__(self) -> None:
        self._relative: dict[str, str] = {}
        self._real_dirs: dict[str, str] = {}
        self._real_files: dict[str, str] = {}
        self.markdown: set[str] = set()
        """The real path of every `.md` file a link may name, loaded or not."""

    def entries(self, folder: str) -> list[os.DirEntry]:
        """The entries of `folder`, sorted by name."""
        with os.scandir(folder) as listing:
            return sorted(listing, key=lambda entry: entry.name)

    def shown(self, folder: str, name: str) -> str:
        """`display_path` of the file `name` in `folder`, with one `relpath` per folder."""
        relative = self._relative.get(folder)
        if relative is None:
            relative = self._relative[folder] = os.path.relpath(folder)
        relative = name if relative == "." else f"{relative}/{name}"
        return join(folder, name) if relative.startswith("..") else relative

    def real(self, path: str, is_link: bool | None = None) -> str:
        """`os.path.realpath(path)`, resolving each folder once: only the file's own name is looked at (`lstat`)."""
        real = self._real_files.get(path)
        if real is not None:
            return real
        folder, name = os.path.split(path)
        if name in ("", ".", "..") or (os.path.islink(path) if is_link is None else is_link):
            real = os.path.realpath(path)
        else:
            real_folder = self._real_dirs.get(folder)
            if real_folder is None:
                real_folder = self._real_dirs[folder] = os.path.realpath(folder)
            real = os.path.join(real_folder, name)
        self._real_files[path] = real
        return real

    def note_markdown(self, folder: str, entries: list[os.DirEntry]) -> None:
        """Remember the `.md` entries of `folder` as possible link targets."""
        for entry in entries:
            if entry.name.endswith(".md"):
                self.markdown.add(self.real(join(folder, entry.name), _is_link(entry)))


def join(folder: str, name: str) -> str:
    """`str(Path(folder) / name)` for a plain name, without building the Path."""
    if folder == ".":
        return name
    return folder + name if folder.endswith("/") else f"{folder}/{name}"


def _is_link(entry: os.DirEntry) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def _is_dir(entry: os.DirEntry) -> bool:
    # As Path.is_dir: follows symbolic links, and a broken one is no folder.
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_file(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def slug_from_filename(name: str) -> str:
    """`01-benefits.md` -> `benefits`: drop the order prefix and extension."""
    stem = name.removesuffix(".md")
    return ORDER_PREFIX_RE.sub("", stem)


def read_text(path: str, shown: str, report: Report) -> str | None:
    """Read a UTF-8 file, reporting unreadable, non-UTF-8 or empty files."""
    try:
        data = _read_bytes(path)
    except OSError as err:
        report.error(shown, 1, f"cannot read file: {err.strerror}")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        report.error(shown, line, f"file is not UTF-8 (byte 0x{data[err.start]:02x})")
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if not text.strip():
        report.error(shown, 1, "file is empty")
        return None
    return text


def _read_bytes(path: str) -> bytes:
    # Plain system calls: Python's buffered file objects cost as much again as the reading, 10,000 times over.
    fd = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def load_yaml_file(path: str, shown: str, report: Report) -> MarkedDict | None:
    """Read a YAML file whose top level must be a mapping."""
    text = read_text(path, shown, report)
    if text is None:
        return None
    try:
        data = parse_yaml(text)
    except YamlSyntaxError as err:
        report.error(shown, err.line, str(err))
        return None
    if not isinstance(data, MarkedDict):
        report.error(shown, 1, "expected a mapping of keys to values at the top level")
        return None
    return data


def check_keys(data: MarkedDict, schema: dict[str, Key], shown: str, report: Report) -> bool:
    """Report unknown, missing and mistyped keys; True when the mapping is usable."""
    ok = True
    for key in data:
        if key not in schema:
            hint = difflib.get_close_matches(str(key), list(schema), n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
            allowed = ", ".join(schema)
            report.error(shown, data.line_of(key), f"unknown key '{key}'{suggestion}; allowed: {allowed}")
            ok = False
    for key, spec in schema.items():
        if key not in data or data[key] is None:
            if spec.required:
                report.error(shown, data.line, f"missing required key '{key}'")
                ok = False
            continue
        value = data[key]
        if isinstance(value, bool) and bool not in spec.types:
            mistyped = True
        else:
            mistyped = not isinstance(value, spec.types)
        if dt.date in spec.types and isinstance(value, dt.datetime):
            mistyped = True
        if mistyped:
            hint = " (put it in quotes)" if str in spec.types and isinstance(value, (int, float)) else ""
            report.error(shown, data.line_of(key), f"'{key}' must be {spec.label}, not {_describe(value)}{hint}")
            ok = False
        elif str in spec.types and isinstance(value, str) and spec.required and not value.strip():
            report.error(shown, data.line_of(key), f"'{key}' must not be empty")
            ok = False
    return ok


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return f"'{value}'"


def string_list(data: MarkedDict, key: str, shown: str, report: Report) -> tuple[str, ...]:
    """A list-of-strings value, reporting any item that is not a non-empty string."""
    items = data.get(key) or []
    result = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            report.error(shown, data.line_of(key), f"every item of '{key}' must be a non-empty string")
            return ()
        result.append(item.strip())
    return tuple(result)


def load_site(content_dir: Path, report: Report) -> Site | None:
    """Load `site.yaml`."""
    path = content_dir / "site.yaml"
    if not path.is_file():
        report.error(display_path(path), 1, "missing site.yaml: every content directory needs one")
        return None
    shown = display_path(path)
    data = load_yaml_file(str(path), shown, report)
    if data is None or not check_keys(data, SITE_KEYS, shown, report):
        return None
    contact = data.get("contact") or MarkedDict()
    if contact and not check_keys(contact, CONTACT_KEYS, shown, report):
        return None
    nav = []
    for item in data.get("nav") or []:
        if not isinstance(item, MarkedDict) or not check_keys(item, NAV_KEYS, shown, report):
            if not isinstance(item, MarkedDict):
                report.error(shown, data.line_of("nav"), "each nav item must be a mapping with title and url")
            return None
        url = item["url"].strip()
        if not (url.startswith("/") and not url.startswith("//")) and urlsplit(url).scheme not in NAV_SCHEMES:
            report.error(
                shown,
                item.line_of("url"),
                f"nav url '{url}' must be a site path like '/track/' or an https:// or mailto: address",
            )
        nav.append(NavLink(item["title"].strip(), url, Source(shown, item.line_of("url"))))
    synonyms = []
    for group in data.get("synonyms") or []:
        if not isinstance(group, list) or len(group) < 2 or not all(isinstance(w, str) for w in group):
            report.error(shown, data.line_of("synonyms"), "each synonyms item must be a list of two or more words")
            return None
        synonyms.append(tuple(w.strip().lower() for w in group))
    base_url = (data.get("base_url") or "").strip()
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    return Site(
        title=data["title"].strip(),
        base_url=base_url,
        language=(data.get("language") or "en").strip(),
        description=(data.get("description") or "").strip(),
        contact_email=(contact.get("email") or "").strip(),
        logo=(data.get("logo") or "").strip(),
        nav=tuple(nav),
        synonyms=tuple(synonyms),
    )


def load_carriers(content_dir: Path, report: Report) -> tuple[Carrier, ...]:
    """Load `carriers.yaml` (optional)."""
    path = content_dir / "carriers.yaml"
    if not path.is_file():
        return ()
    shown = display_path(path)
    data = load_yaml_file(str(path), shown, report)
    if data is None or not check_keys(data, {"carriers": Key((list,), True, "a list")}, shown, report):
        return ()
    carriers, marks = [], []
    for item in data["carriers"]:
        if not isinstance(item, MarkedDict):
            report.error(shown, data.line_of("carriers"), "each carrier must be a mapping")
            continue
        if not check_keys(item, CARRIER_KEYS, shown, report):
            continue
        prefixes = item["prefix"] if isinstance(item["prefix"], list) else [item["prefix"]]
        if not prefixes or not all(isinstance(p, (str, int)) and str(p).strip() for p in prefixes):
            report.error(shown, item.line_of("prefix"), "'prefix' must be a non-empty string or list of strings")
            continue
        carriers.append(
            Carrier(
                name=item["name"].strip(),
                prefixes=tuple(str(p).strip().upper() for p in prefixes),
                website=item["website"].strip(),
                example=item["example"].strip(),
                digits_only=bool(item.get("digits_only", False)),
                track_url=(item.get("track_url") or "").strip(),
                phone=(item.get("phone") or "").strip(),
                source=Source(shown, item.line),
            )
        )
        marks.append(item)
    check_carrier_rules(carriers, marks, shown, report)
    return tuple(carriers)


@dataclass
class _MarkdownFile:
    """A question or page file after its front matter is read, before its Markdown is rendered."""

    path: str
    shown: str
    meta: MarkedDict
    body: str
    body_line: int
    slug: str


@dataclass
class _SectionDir:
    path: str
    shown: str
    slug: str
    meta: MarkedDict
    questions: list[_MarkdownFile]


def read_question(path: Path | str, report: Report, shown: str = "") -> _MarkdownFile | None:
    """Read a question file's front matter and body."""
    path = str(path)
    shown = shown or display_path(Path(path))
    text = read_text(path, shown, report)
    if text is None:
        return None
    try:
        doc = split_front_matter(text)
    except (FrontMatterError, YamlSyntaxError) as err:
        report.error(shown, err.line, str(err))
        return None
    if not doc.body.strip():
        report.error(shown, doc.body_line, "the answer is empty: write it below the front matter")
    if not isinstance(doc.meta, MarkedDict):
        report.error(shown, 2, "front matter must be a mapping with at least 'question'")
        return None
    if not check_keys(doc.meta, QUESTION_KEYS, shown, report):
        return None
    slug = doc.meta.get("slug") or slug_from_filename(os.path.basename(path))
    return _MarkdownFile(path, shown, doc.meta, doc.body, doc.body_line, slug)


def check_slug(slug: str, shown: str, line: int, what: str, report: Report) -> bool:
    """Report a slug that is not URL-clean."""
    if SLUG_RE.match(slug):
        return True
    suggestion = slugify(slug)
    hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
    report.error(
        shown, line, f"{what} '{slug}' is not URL-clean: use lower-case letters, digits and single hyphens{hint}"
    )
    return False


def read_sections(content_dir: Path, report: Report, tree: _Tree | None = None) -> list[_SectionDir]:
    """Read every section folder and its question files' front matter."""
    tree = tree or _Tree()
    sections_dir = content_dir / "sections"
    if not sections_dir.is_dir():
        report.error(display_path(sections_dir), 1, "missing sections/ folder")
        return []
    root = str(sections_dir)
    sections = []
    for folder_entry in tree.entries(root):
        if not _is_dir(folder_entry):
            continue
        folder = join(root, folder_entry.name)
        entries = tree.entries(folder)
        tree.note_markdown(folder, entries)
        shown = tree.shown(folder, "_section.yaml")
        # A broken _section.yaml drops the section, but its questions are still checked: all errors at once.
        usable = any(entry.name == "_section.yaml" and _is_file(entry) for entry in entries)
        if not usable:
            report.error(shown, 1, "missing _section.yaml: every section folder needs one")
        meta = load_yaml_file(join(folder, "_section.yaml"), shown, report) if usable else None
        usable = meta is not None and check_keys(meta, SECTION_KEYS, shown, report)
        slug = slug_from_filename(folder_entry.name)
        usable = usable and check_slug(slug, shown, 1, "section folder name gives slug", report)
        questions = []
        for entry in entries:
            name = entry.name
            if name == "_section.yaml" or name.startswith("."):
                continue
            if not name.endswith(".md") or not _is_file(entry):
                report.error(
                    tree.shown(folder, name), 1, "unexpected file: a section holds _section.yaml and .md questions"
                )
                continue
            question = read_question(join(folder, name), report, tree.shown(folder, name))
            if question is not None:
                questions.append(question)
        if usable:
            sections.append(_SectionDir(folder, shown, slug, meta, questions))
    return sections


def check_collisions(
    sections: list[_SectionDir], report: Report, pages: list[_MarkdownFile] = ()
) -> dict[str, tuple[str, int]]:
    """Report duplicate slugs, pages and aliases; return every live URL with its source."""
    live: dict[str, tuple[str, int]] = {}

    def claim(url: str, shown: str, line: int, what: str) -> None:
        if url in live:
            other, other_line = live[url]
            report.error(shown, line, f"{what} '/{url}' is already used by {other}:{other_line}")
        else:
            live[url] = (shown, line)

    for section in sections:
        if section.slug in RESERVED_SLUGS:
            report.error(section.shown, 1, f"section slug '{section.slug}' is reserved for the site's own pages")
        claim(f"{section.slug}/", section.shown, 1, "section URL")
        for q in section.questions:
            if check_slug(q.slug, q.shown, q.meta.line_of("slug"), "slug", report):
                claim(f"{section.slug}/{q.slug}/", q.shown, q.meta.line_of("slug"), "question URL")
    for page in pages:
        if page.slug in RESERVED_SLUGS:
            line = page.meta.line_of("slug")
            report.error(page.shown, line, f"page slug '{page.slug}' is reserved for the site's own pages")
        else:
            claim(f"{page.slug}/", page.shown, page.meta.line_of("slug"), "page URL")
    for section in sections:
        for q in (section, *section.questions):  # both carry .shown and .meta
            for alias in string_list(q.meta, "aliases", q.shown, report):
                url = alias.strip("/") + "/"
                if ".." in url.split("/") or not all(SLUG_RE.match(p) for p in url.strip("/").split("/")):
                    report.error(q.shown, q.meta.line_of("aliases"), f"alias '{alias}' is not a clean site path")
                    continue
                if url.split("/")[0] in RESERVED_SLUGS:
                    own = url.split("/")[0]
                    line = q.meta.line_of("aliases")
                    report.error(q.shown, line, f"alias '/{url}' would replace the site's own '/{own}/'")
                    continue
                claim(url, q.shown, q.meta.line_of("aliases"), "alias")
    return live


def load_help_center(content_dir: Path, workers: int | None = None) -> tuple[HelpCenter, list[Problem]]:
    """Load a whole content directory; raise ContentError listing every problem if any is an error, else return
    the warnings. Much Markdown to render is spread over `workers` processes (default: one per core)."""
    with collector_paused():
        return _load_help_center(Path(content_dir), workers)


def check_nav(site: Site, paths: set[str], report: Report) -> None:
    """Report nav links to site paths that no page has."""
    for link in site.nav:
        if not link.url.startswith("/") or link.url.startswith("//"):
            continue
        path = urlsplit(link.url).path[1:]
        if path in paths:
            continue
        close = difflib.get_close_matches(path, sorted(paths), n=1)
        hint = f" (did you mean '/{close[0]}'?)" if close else ""
        report.error(link.source.path, link.source.line, f"nav link '{link.url}' is not a page of the site{hint}")


def _load_help_center(content_dir: Path, workers: int | None) -> tuple[HelpCenter, list[Problem]]:
    report = Report()
    if not content_dir.is_dir():
        report.error(display_path(content_dir), 1, "content directory not found")
        raise ContentError(report.errors)
    tree = _Tree()
    site = load_site(content_dir, report)
    carriers = load_carriers(content_dir, report)
    section_dirs = read_sections(content_dir, report, tree)
    page_files = read_pages(content_dir, report, tree)
    live = check_collisions(section_dirs, report, page_files)
    if site is not None:
        check_nav(site, set(live) | SITE_OWN_PATHS, report)
    # A link to a file that failed to load is not reported again: its own error says enough.
    urls = dict.fromkeys(tree.markdown, "")
    urls.update({tree.real(q.path): f"{s.slug}/{q.slug}/" for s in section_dirs for q in s.questions})
    urls.update({tree.real(p.path): f"{p.slug}/" for p in page_files})
    links = Links(urls, set(live) | SITE_OWN_PATHS, tree)
    dates = read_git_dates(content_dir)
    for note in dates.warnings:
        report.warn(display_path(content_dir), 1, note)
    # Every body in one go, in the order the model lists them: the renders are then shared out between processes.
    bodies = [
        *(
            body
            for s in section_dirs
            for body in (_section_intro(s), *(_Body(q.body, q.path, q.shown, q.body_line) for q in s.questions))
        ),
        *(_Body(p.body, p.path, p.shown, p.body_line) for p in page_files),
    ]
    rendered = iter(render_bodies(bodies, links, report, workers))
    sections = tuple(build_section(s, rendered, report, dates) for s in section_dirs)
    pages = tuple(build_page(p, next(rendered)) for p in page_files)
    check_questions(
        (
            QuestionText(
                q.shown,
                str(q.meta["question"]),
                q.meta.line_of("question"),
                q.body.strip(),
                q.body_line,
                allowed_warnings(q.meta, q.shown, report),
            )
            for s in section_dirs
            for q in s.questions
        ),
        report,
    )
    if report.errors or site is None:
        # Warnings go along with the errors: an editor fixing things sees everything in one run.
        raise ContentError(report.errors + report.warnings)
    return HelpCenter(site=site, sections=sections, carriers=carriers, pages=pages), report.warnings


@dataclass(frozen=True)
class Links:
    """What a Markdown body may link to: `.md` files by real path, and the site's own paths."""

    files: dict[str, str]
    site_paths: set[str]
    tree: _Tree = field(default_factory=_Tree)

    def resolver(self, folder: str) -> LinkResolver:
        """Maps a link target written in a file of `folder` to the URL of the `.md` file it names."""

        def resolve(target: str) -> str | None:
            return self.files.get(self.tree.real(os.path.join(folder, target)))

        return resolve


@dataclass(frozen=True)
class _Body:
    """Markdown to render: its text, the file it is written in (links are relative to its folder), that file as
    messages name it, and the file's line where the text starts."""

    text: str
    path: str
    shown: str
    line: int

    @property
    def folder(self) -> str:
        return os.path.dirname(self.path) or "."


def _section_intro(section: _SectionDir) -> _Body:
    intro_md = section.meta.get("intro") or ""
    path = join(section.path, "_section.yaml")
    return _Body(intro_md, path, section.shown, section.meta.line_of("intro") + 1)


def render_bodies(bodies: list[_Body], links: Links, report: Report, workers: int | None = None) -> list[str]:
    """Render Markdown bodies in order (in `workers` processes when there are many), reporting links to `.md`
    files or site paths that do not exist."""
    resolvers: dict[str, LinkResolver] = {}
    for body in bodies:
        if body.folder not in resolvers:
            resolvers[body.folder] = links.resolver(body.folder)
    results = render_all([(b.text, resolvers[b.folder]) for b in bodies], workers or os.cpu_count() or 1)
    htmls = []
    for body, (html, broken) in zip(bodies, results, strict=True):
        for href in broken:
            offset = next((i for i, row in enumerate(body.text.split("\n")) if href in row), 0)
            hint = _link_hint(body.path, href)
            report.error(
                body.shown, body.line + offset, f"link to '{href}' does not resolve to a question or page{hint}"
            )
        check_links(body.text, html, links.site_paths, body.shown, body.line, report)
        htmls.append(html)
    return htmls


def _link_hint(path: str, href: str) -> str:
    """Suggest the `.md` file an editor probably meant."""
    target = href.split("#", 1)[0].split("?", 1)[0]
    if not target.endswith(".md"):
        return ": link to the question's .md file, or use a site path such as '/track/'"
    source = Path(path)
    folder = (source.parent / target).parent
    names = sorted(p.name for p in folder.glob("*.md") if p != source) if folder.is_dir() else []
    close = difflib.get_close_matches(Path(target).name, names, n=1)
    if not close:
        return ""
    return f" (did you mean '{(Path(target).parent / close[0]).as_posix().removeprefix('./')}'?)"


def build_section(
    section: _SectionDir, rendered: Iterator[str], report: Report, dates: GitDates | None = None
) -> Section:
    """A section's intro and questions in the model, their HTML taken in order from `rendered`; `dates` fills
    `updated` from git."""
    intro_md = section.meta.get("intro") or ""
    intro_html = next(rendered)
    questions = []
    for q in section.questions:
        html = next(rendered)
        questions.append(
            Question(
                slug=q.slug,
                question=q.meta["question"].strip(),
                answer_md=q.body.strip(),
                answer_html=html,
                tags=string_list(q.meta, "tags", q.shown, report),
                updated=q.meta.get("updated") or (dates.date_of(q.path) if dates else None),
                aliases=tuple(a.strip("/") + "/" for a in string_list(q.meta, "aliases", q.shown, report)),
                source=Source(q.shown, q.meta.line),
            )
        )
    return Section(
        slug=section.slug,
        title=section.meta["title"].strip(),
        description=(section.meta.get("description") or "").strip(),
        intro_md=intro_md.strip(),
        intro_html=intro_html,
        questions=tuple(questions),
        aliases=tuple(a.strip("/") + "/" for a in string_list(section.meta, "aliases", section.shown, report)),
        source=Source(section.shown, 1),
    )


def read_pages(content_dir: Path, report: Report, tree: _Tree | None = None) -> list[_MarkdownFile]:
    """Read the front matter of the free-standing pages in `pages/` (optional)."""
    tree = tree or _Tree()
    folder = content_dir / "pages"
    if not folder.is_dir():
        return []
    root = str(folder)
    entries = tree.entries(root)
    tree.note_markdown(root, entries)
    pages = []
    for entry in entries:
        if not entry.name.endswith(".md"):
            continue
        path, shown = join(root, entry.name), tree.shown(root, entry.name)
        text = read_text(path, shown, report)
        if text is None:
            continue
        try:
            doc = split_front_matter(text)
        except (FrontMatterError, YamlSyntaxError) as err:
            report.error(shown, err.line, str(err))
            continue
        if not isinstance(doc.meta, MarkedDict) or not check_keys(doc.meta, PAGE_KEYS, shown, report):
            if not isinstance(doc.meta, MarkedDict):
                report.error(shown, 2, "front matter must be a mapping with at least 'title'")
            continue
        slug = doc.meta.get("slug") or slug_from_filename(entry.name)
        if not check_slug(slug, shown, doc.meta.line_of("slug"), "slug", report):
            continue
        pages.append(_MarkdownFile(path, shown, doc.meta, doc.body, doc.body_line, slug))
    return pages


def build_page(page: _MarkdownFile, html: str) -> Page:
    """A page in the model, with its rendered Markdown."""
    return Page(page.slug, page.meta["title"].strip(), html, Source(page.shown, 1))
