"""Load and validate a content directory into the model.

With `reader.py` (listing folders, reading text and YAML files) and
`schema.py` (the keys each file allows), the only module that reads `content/`.
Every problem in every file is collected and reported at once as
`path:line: message`; nothing is skipped. A file stops being checked after its
first structural error so one typo does not cascade.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .checks import SITE_OWN_PATHS, QuestionText, check_carrier_rules, check_links, check_questions
from .collector import collector_paused
from .errors import ContentError, Problem
from .gitdates import GitDates, read_git_dates
from .markup import LinkResolver, render_all
from .model import Carrier, HelpCenter, NavLink, Page, Question, Section, Site, Source
from .reader import Tree, display_path, is_dir, is_file, join, load_yaml_file, read_text
from .schema import (
    CARRIER_KEYS,
    CONTACT_KEYS,
    NAV_KEYS,
    NAV_SCHEMES,
    PAGE_KEYS,
    QUESTION_KEYS,
    SECTION_KEYS,
    SITE_KEYS,
    Key,
    Report,
    allowed_warnings,
    check_keys,
    string_list,
)
from .slugs import slugify
from .yamlio import FrontMatterError, MarkedDict, YamlSyntaxError, split_front_matter

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ORDER_PREFIX_RE = re.compile(r"^\d+-")
RESERVED_SLUGS = {"assets", "search", "track", "404.html", "sitemap.xml", "robots.txt"}


def slug_from_filename(name: str) -> str:
    """`01-benefits.md` -> `benefits`: drop the order prefix and extension."""
    stem = name.removesuffix(".md")
    return ORDER_PREFIX_RE.sub("", stem)


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
        # one group a line under the key (the documented form)
        synonym_sources=tuple(Source(shown, data.line_of("synonyms") + 1 + i) for i in range(len(synonyms))),
        shop_vocabulary=data.get("shop_vocabulary", True) is not False,
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


def read_sections(content_dir: Path, report: Report, tree: Tree | None = None) -> list[_SectionDir]:
    """Read every section folder and its question files' front matter."""
    tree = tree or Tree()
    sections_dir = content_dir / "sections"
    if not sections_dir.is_dir():
        report.error(display_path(sections_dir), 1, "missing sections/ folder")
        return []
    root = str(sections_dir)
    sections = []
    for folder_entry in tree.entries(root):
        if not is_dir(folder_entry):
            continue
        folder = join(root, folder_entry.name)
        entries = tree.entries(folder)
        tree.note_markdown(folder, entries)
        shown = tree.shown(folder, "_section.yaml")
        # A broken _section.yaml drops the section, but its questions are still checked: all errors at once.
        usable = any(entry.name == "_section.yaml" and is_file(entry) for entry in entries)
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
            if not name.endswith(".md") or not is_file(entry):
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
    tree = Tree()
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
    tree: Tree = field(default_factory=Tree)

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


def read_pages(content_dir: Path, report: Report, tree: Tree | None = None) -> list[_MarkdownFile]:
    """Read the front matter of the free-standing pages in `pages/` (optional)."""
    tree = tree or Tree()
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
