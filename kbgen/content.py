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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .checks import QUESTION_WARNINGS, SITE_OWN_PATHS, QuestionText, check_carrier_rules, check_links, check_questions
from .errors import ContentError, Problem
from .gitdates import GitDates, read_git_dates
from .markup import render_markdown
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


def slug_from_filename(name: str) -> str:
    """`01-benefits.md` -> `benefits`: drop the order prefix and extension."""
    stem = name.removesuffix(".md")
    return ORDER_PREFIX_RE.sub("", stem)


def read_text(path: Path, report: Report) -> str | None:
    """Read a UTF-8 file, reporting unreadable, non-UTF-8 or empty files."""
    shown = display_path(path)
    try:
        data = path.read_bytes()
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


def load_yaml_file(path: Path, report: Report) -> MarkedDict | None:
    """Read a YAML file whose top level must be a mapping."""
    text = read_text(path, report)
    if text is None:
        return None
    try:
        data = parse_yaml(text)
    except YamlSyntaxError as err:
        report.error(display_path(path), err.line, str(err))
        return None
    if not isinstance(data, MarkedDict):
        report.error(display_path(path), 1, "expected a mapping of keys to values at the top level")
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
    data = load_yaml_file(path, report)
    shown = display_path(path)
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
        nav.append(NavLink(item["title"], item["url"]))
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
    data = load_yaml_file(path, report)
    shown = display_path(path)
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

    path: Path
    shown: str
    meta: MarkedDict
    body: str
    body_line: int
    slug: str


@dataclass
class _SectionDir:
    path: Path
    shown: str
    slug: str
    meta: MarkedDict
    questions: list[_MarkdownFile]


def read_question(path: Path, report: Report) -> _MarkdownFile | None:
    """Read a question file's front matter and body."""
    shown = display_path(path)
    text = read_text(path, report)
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
    slug = doc.meta.get("slug") or slug_from_filename(path.name)
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


def read_sections(content_dir: Path, report: Report) -> list[_SectionDir]:
    """Read every section folder and its question files' front matter."""
    sections_dir = content_dir / "sections"
    if not sections_dir.is_dir():
        report.error(display_path(sections_dir), 1, "missing sections/ folder")
        return []
    sections = []
    for folder in sorted(p for p in sections_dir.iterdir() if p.is_dir()):
        meta_path = folder / "_section.yaml"
        shown = display_path(meta_path)
        # A broken _section.yaml drops the section, but its questions are still checked: all errors at once.
        usable = meta_path.is_file()
        if not usable:
            report.error(shown, 1, "missing _section.yaml: every section folder needs one")
        meta = load_yaml_file(meta_path, report) if usable else None
        usable = meta is not None and check_keys(meta, SECTION_KEYS, shown, report)
        slug = slug_from_filename(folder.name)
        usable = usable and check_slug(slug, shown, 1, "section folder name gives slug", report)
        questions = []
        for path in sorted(folder.iterdir()):
            if path.name == "_section.yaml" or path.name.startswith("."):
                continue
            if path.suffix != ".md" or not path.is_file():
                report.error(display_path(path), 1, "unexpected file: a section holds _section.yaml and .md questions")
                continue
            question = read_question(path, report)
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


def load_help_center(content_dir: Path) -> tuple[HelpCenter, list[Problem]]:
    """Load a whole content directory; raise ContentError listing every problem if any is an error, else return
    the warnings."""
    content_dir = Path(content_dir)
    report = Report()
    if not content_dir.is_dir():
        report.error(display_path(content_dir), 1, "content directory not found")
        raise ContentError(report.errors)
    site = load_site(content_dir, report)
    carriers = load_carriers(content_dir, report)
    section_dirs = read_sections(content_dir, report)
    page_files = read_pages(content_dir, report)
    live = check_collisions(section_dirs, report, page_files)
    # A link to a file that failed to load is not reported again: its own error says enough.
    urls = {path.resolve(): "" for path in (*content_dir.glob("sections/*/*.md"), *content_dir.glob("pages/*.md"))}
    urls.update({q.path.resolve(): f"{s.slug}/{q.slug}/" for s in section_dirs for q in s.questions})
    urls.update({p.path.resolve(): f"{p.slug}/" for p in page_files})
    links = Links(urls, set(live) | SITE_OWN_PATHS)
    dates = read_git_dates(content_dir)
    for note in dates.warnings:
        report.warn(display_path(content_dir), 1, note)
    sections = tuple(build_section(s, links, report, dates) for s in section_dirs)
    pages = tuple(build_page(p, links, report) for p in page_files)
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
    """What a Markdown body may link to: `.md` files by resolved path, and the site's own paths."""

    files: dict[Path, str]
    site_paths: set[str]


def _resolver(base: Path, urls: dict[Path, str]) -> Callable[[str], str | None]:
    def resolve(target: str) -> str | None:
        return urls.get((base.parent / target).resolve())

    return resolve


def render_body(text: str, path: Path, links: Links, shown: str, line: int, report: Report) -> str:
    """Render Markdown, reporting links to `.md` files or site paths that do not exist."""
    html, broken = render_markdown(text, _resolver(path, links.files))
    for href in broken:
        offset = next((i for i, row in enumerate(text.split("\n")) if href in row), 0)
        hint = _link_hint(path, href)
        report.error(shown, line + offset, f"link to '{href}' does not resolve to a question or page{hint}")
    check_links(text, html, links.site_paths, shown, line, report)
    return html


def _link_hint(path: Path, href: str) -> str:
    """Suggest the `.md` file an editor probably meant."""
    target = href.split("#", 1)[0].split("?", 1)[0]
    if not target.endswith(".md"):
        return ": link to the question's .md file, or use a site path such as '/track/'"
    folder = (path.parent / target).parent
    names = sorted(p.name for p in folder.glob("*.md") if p != path) if folder.is_dir() else []
    close = difflib.get_close_matches(Path(target).name, names, n=1)
    if not close:
        return ""
    return f" (did you mean '{(Path(target).parent / close[0]).as_posix().removeprefix('./')}'?)"


def build_section(section: _SectionDir, urls: Links, report: Report, dates: GitDates | None = None) -> Section:
    """Render a section's intro and questions into the model; `dates` fills `updated` from git."""
    intro_md = section.meta.get("intro") or ""
    intro_line = section.meta.line_of("intro") + 1
    intro_html = render_body(intro_md, section.path / "_section.yaml", urls, section.shown, intro_line, report)
    questions = []
    for q in section.questions:
        html = render_body(q.body, q.path, urls, q.shown, q.body_line, report)
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


def read_pages(content_dir: Path, report: Report) -> list[_MarkdownFile]:
    """Read the front matter of the free-standing pages in `pages/` (optional)."""
    folder = content_dir / "pages"
    if not folder.is_dir():
        return []
    pages = []
    for path in sorted(folder.glob("*.md")):
        shown = display_path(path)
        text = read_text(path, report)
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
        slug = doc.meta.get("slug") or slug_from_filename(path.name)
        if not check_slug(slug, shown, doc.meta.line_of("slug"), "slug", report):
            continue
        pages.append(_MarkdownFile(path, shown, doc.meta, doc.body, doc.body_line, slug))
    return pages


def build_page(page: _MarkdownFile, links: Links, report: Report) -> Page:
    """Render a page's Markdown into the model."""
    html = render_body(page.body, page.path, links, page.shown, page.body_line, report)
    return Page(page.slug, page.meta["title"].strip(), html, Source(page.shown, 1))
