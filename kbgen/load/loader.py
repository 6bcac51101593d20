"""Load and validate a content directory into the model: the loader, one call for a whole help center.

With `settings.py` (site.yaml, carriers.yaml), `folders.py` (question and page
files), `files.py` (listing folders, reading text and YAML files) and `schema.py`
(each file checked against its keys in kbgen/config.py), the only code that reads `content/`.
Every problem in every file is collected and reported at once as
`path:line: message`; nothing is skipped. A file stops being checked after its
first structural error so one typo does not cascade, but what could be read of
it (its slug, its question) is still checked against the other files: a
mistake in one file never hides the mistakes of another.
"""

from __future__ import annotations

import difflib
import os
import shlex
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from kbgen.config import SECTION_KEYS
from kbgen.errors import ContentError, Problem
from kbgen.load.checks import (
    QuestionText,
    check_links,
    check_promoted,
    check_questions,
    check_section_titles,
    site_own_paths,
)
from kbgen.load.files import Tree, display_path, join
from kbgen.load.folders import MarkdownFile, SectionDir, check_slug, read_pages, read_sections
from kbgen.load.gitdates import GitDates, GitReading
from kbgen.load.images import load_icon
from kbgen.load.layout import check_root
from kbgen.load.markdown import SHARING, UNSAFE_SCHEMES, LinkResolver, RenderCache, Sharing, render_all
from kbgen.load.schedule import NoticeText, Schedule, read_notice, today
from kbgen.load.schema import (
    Report,
    allowed_warnings,
    string_list,
)
from kbgen.load.settings import check_nav, load_carriers, load_site
from kbgen.load.static import read_static, static_clashes
from kbgen.load.translations import load_translations
from kbgen.model import HelpCenter, Image, Page, Question, Section, Site, Source
from kbgen.urls import ALIAS_PART_RE, RESERVED_SLUGS
from kbgen.util.gc_pause import collector_paused


def check_collisions(
    sections: list[SectionDir], report: Report, pages: list[MarkdownFile] = ()
) -> dict[str, tuple[str, int]]:
    """Report duplicate slugs, pages and aliases; return every live URL with its source."""
    live: dict[str, tuple[str, int]] = {}

    def claim(url: str, shown: str, line: int, what: str) -> None:
        if url in live:
            other, other_line = live[url]
            where = f"{other}:{other_line}" if other_line > 0 else other
            report.error(shown, line, f"{what} '/{url}' is already used by {where}")
        else:
            live[url] = (shown, line)

    for section in sections:
        if section.slug in RESERVED_SLUGS:
            report.error(section.folder_shown, 0, f"section slug '{section.slug}' is reserved for the site's own pages")
        claim(f"{section.slug}/", section.folder_shown, 0, "section URL")
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
        for q in (section, *section.questions):  # both carry .shown, .meta and .aliases
            for alias in q.aliases:
                url = alias.strip("/") + "/"
                if ".." in url.split("/") or not all(ALIAS_PART_RE.match(p) for p in url.strip("/").split("/")):
                    report.error(q.shown, q.meta.line_of("aliases"), f"alias '{alias}' is not a clean site path")
                    continue
                if url.split("/")[0] in RESERVED_SLUGS:
                    own = url.split("/")[0]
                    line = q.meta.line_of("aliases")
                    report.error(q.shown, line, f"alias '/{url}' would replace the site's own '/{own}/'")
                    continue
                claim(url, q.shown, q.meta.line_of("aliases"), "alias")
    return live


def load_help_center(
    content_dir: Path, workers: int | None = None, cache: RenderCache | None = None, sharing: Sharing = SHARING
) -> tuple[HelpCenter, list[Problem]]:
    """Load a whole content directory; raise ContentError listing every problem if any is an error, else return
    the warnings. Much Markdown to render (`sharing` says how much) is spread over `workers` processes (default:
    one per core). `cache` (load/cache.py's, carrying its YAML cache as `.yaml`) remembers renders and parses
    between builds."""
    # git reads the dates beside the loading (on the other core), which takes them once the files are read
    with collector_paused(), closing(GitReading(Path(content_dir))) as git:
        return _load_help_center(Path(content_dir), workers, cache, sharing, git)


def _load_help_center(
    content_dir: Path, workers: int | None, cache: RenderCache | None, sharing: Sharing, git: GitReading
) -> tuple[HelpCenter, list[Problem]]:
    report = Report()
    yaml_cache = getattr(cache, "yaml", None)
    shown = display_path(content_dir)
    start = f'kbgen new site "Help Center" --content {shlex.quote(shown)}'
    if not content_dir.is_dir():
        report.error(shown, 0, f"content directory not found (to start a help center there: {start})")
        raise ContentError(report.errors)
    if not (content_dir / "site.yaml").exists() and not (content_dir / "sections").exists():
        report.error(shown, 0, f"no help center here: no site.yaml and no sections/ folder (to start one: {start})")
        raise ContentError(report.errors)
    tree = Tree()
    day = today()
    notice_texts: list[NoticeText] = []
    site = load_site(content_dir, report, yaml_cache, notice_texts)
    carriers = load_carriers(content_dir, report, yaml_cache)
    section_dirs = read_sections(content_dir, report, tree, yaml_cache)
    page_files = read_pages(content_dir, report, tree, yaml_cache)
    live = check_collisions(section_dirs, report, page_files)
    own_paths = site_own_paths(track=(content_dir / "carriers.yaml").is_file())
    static = read_static(str(content_dir), tree, report)
    static_clashes(static, set(live) | own_paths, report)
    # What a link may name: the pages, the site's own paths, and the files of static/.
    site_paths = set(live) | own_paths | {file.path for file in static}
    if site is not None:
        check_nav(site, site_paths, report)
    # A link to a file that failed to load is not reported again: its own error says enough.
    urls = dict.fromkeys(tree.markdown, "")
    urls.update({tree.real(q.path): f"{s.slug}/{q.slug}/" for s in section_dirs for q in s.questions})
    urls.update({tree.real(p.path): f"{p.slug}/" for p in page_files})
    links = Links(urls, site_paths, tree)
    dates = git.dates()
    for note in dates.warnings:
        report.warn(display_path(content_dir), 0, note)
    # Every body in one go, in the order the model lists them: the renders are then shared out between processes.
    bodies = [
        *(
            body
            for s in section_dirs
            for body in (_section_intro(s), *(_Body(q.body, q.path, q.shown, q.body_line) for q in s.questions))
        ),
        *(_Body(p.body, p.path, p.shown, p.body_line) for p in page_files),
    ]
    rendered = iter(render_bodies(bodies, links, report, workers, cache, sharing))
    icons = [load_icon(content_dir, s.meta, s.shown, report) for s in section_dirs]
    _check_root(content_dir, tree, site, section_dirs, report)
    schedule = Schedule(day, links.resolver, {f"{s.slug}/{q.slug}/" for s in section_dirs for q in s.questions})
    built = [
        build_section(s, rendered, report, dates, icon, schedule) for s, icon in zip(section_dirs, icons, strict=True)
    ]
    pages = tuple(build_page(p, html) for p, html in zip(page_files, rendered, strict=True) if p.usable)
    # The notices, each rendered like an answer (its links checked) and kept while its window lasts.
    section_notices = [read_notice(s.meta, SECTION_KEYS, s.shown, report) for s in section_dirs]
    written = [(join(str(content_dir), "site.yaml"), notice) for notice in notice_texts]
    written += [(join(s.path, "_section.yaml"), n) for s, n in zip(section_dirs, section_notices, strict=True) if n]
    bodies = [_Body(notice.text, path, notice.shown, notice.line) for path, notice in written]
    notices = dict(zip([n for _, n in written], render_bodies(bodies, links, report, 1, cache, sharing), strict=True))
    if site is not None:
        site = replace(site, notice=schedule.notice(notice_texts[0] if notice_texts else None, notices))
    sections = tuple(
        replace(section, notice=schedule.notice(notice, notices))
        for section, notice in zip(built, section_notices, strict=True)
        if section is not None
    )
    schedule.check_links_to_unpublished(sections, report)
    sections = schedule.without_unpublished_related(sections)
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
            if isinstance(q.meta.get("question"), str) and q.meta["question"].strip()
        ),
        report,
    )
    check_promoted(((q.shown, q.meta) for s in section_dirs for q in s.questions), report)
    check_section_titles(((s.shown, s.meta) for s in section_dirs), report)
    if report.errors or site is None:
        # Warnings go along with the errors: an editor fixing things sees everything in one run.
        raise ContentError(report.errors + report.warnings)
    hc = HelpCenter(
        site=site,
        sections=sections,
        carriers=carriers,
        pages=pages,
        static_files=static,
        unpublished=tuple(schedule.unpublished),
        notes=tuple(schedule.notes),
    )
    if site.locales:

        def render(texts: list[tuple[str, str, str, int]], extra: dict[str, str]) -> list[str]:
            more = Links({**links.files, **extra}, links.site_paths, links.tree)
            return render_bodies([_Body(*text) for text in texts], more, report, workers, cache, sharing)

        translations = load_translations(
            hc, section_dirs, page_files, content_dir, tree, report, render, dates, yaml_cache
        )
        if report.errors:
            raise ContentError(report.errors + report.warnings)
        hc = replace(hc, translations=translations)
    return hc, report.warnings


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


def _check_root(content_dir: Path, tree: Tree, site: Site | None, sections: list[SectionDir], report: Report) -> None:
    """Warn about what the top of the content folder holds that the site will not show."""
    root = str(content_dir)
    named = [site.logo if site is not None else "", *(str(s.meta.get("icon") or "") for s in sections)]
    used = {PurePosixPath(value.strip()).parts[0] for value in named if value.strip()}
    check_root(root, {entry.name: tree.shown(root, entry.name) for entry in tree.entries(root)}, used, report)


def _section_intro(section: SectionDir) -> _Body:
    intro_md = section.meta.get("intro") or ""
    path = join(section.path, "_section.yaml")
    return _Body(intro_md, path, section.shown, section.meta.line_of("intro") + 1)


def render_bodies(
    bodies: list[_Body],
    links: Links,
    report: Report,
    workers: int | None = None,
    cache: RenderCache | None = None,
    sharing: Sharing = SHARING,
) -> list[str]:
    """Render Markdown bodies in order (in `workers` processes when there are many), reporting links to `.md`
    files or site paths that do not exist."""
    resolvers: dict[str, LinkResolver] = {}
    for body in bodies:
        if body.folder not in resolvers:
            resolvers[body.folder] = links.resolver(body.folder)
    jobs = [(b.text, resolvers[b.folder]) for b in bodies]
    results = render_all(jobs, workers or os.cpu_count() or 1, cache, sharing)
    htmls = []
    for body, (html, broken) in zip(bodies, results, strict=True):
        for href in broken:
            offset = next((i for i, row in enumerate(body.text.split("\n")) if href in row), 0)
            scheme = urlsplit(href).scheme
            if scheme:
                report.warn(
                    body.shown,
                    body.line + offset,
                    f"link to '{href}' dropped, its text kept: {_refused(scheme)}; "
                    "only http, https, mailto and tel links are published",
                )
                continue
            hint = _link_hint(body.path, href)
            report.error(
                body.shown, body.line + offset, f"link to '{href}' does not resolve to a question or page{hint}"
            )
        check_links(body.text, html, links.site_paths, body.shown, body.line, report)
        htmls.append(html)
    return htmls


def _refused(scheme: str) -> str:
    if scheme.lower() in UNSAFE_SCHEMES:
        return f"{scheme}: links are unsafe"
    return f"{scheme}: links may not open in a shopper's browser"


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
    section: SectionDir,
    rendered: Iterator[str],
    report: Report,
    dates: GitDates | None = None,
    icon: tuple[str, Image | None] = ("", None),
    schedule: Schedule | None = None,
) -> Section | None:
    """A section's intro and questions in the model, their HTML taken in order from `rendered`; `dates` fills
    `updated` from git; `icon` is the loaded `icon:` (a shipped name, or an image); `schedule` leaves out the
    questions outside their dates and resolves `related:`. None for a section that is not usable (its errors
    are reported)."""
    intro_md = section.meta.get("intro") or ""
    intro_html = next(rendered)
    questions = []
    for q in section.questions:
        html = next(rendered)
        if not q.usable:
            string_list(q.meta, "tags", q.shown, report)  # for its own errors: the file is left out
            continue
        url = f"{section.slug}/{q.slug}/"
        related = schedule.related(q.meta, q.path, q.shown, report, url) if schedule is not None else ()
        if schedule is not None and schedule.left_out(url, q.meta, Source(q.shown, q.meta.line), report):
            continue
        questions.append(
            Question(
                slug=q.slug,
                question=q.meta["question"].strip(),
                answer_md=q.body.strip(),
                answer_html=html,
                tags=string_list(q.meta, "tags", q.shown, report),
                updated=q.meta.get("updated") or (dates.date_of(q.path) if dates else None),
                aliases=tuple(a.strip("/") + "/" for a in q.aliases),
                promoted=q.meta.get("promoted") is True,
                related=related,
                source=Source(q.shown, q.meta.line),
            )
        )
    if not section.usable:
        return None
    return Section(
        slug=section.slug,
        title=section.meta["title"].strip(),
        description=(section.meta.get("description") or "").strip(),
        intro_md=intro_md.strip(),
        intro_html=intro_html,
        icon=icon[0],
        icon_image=icon[1],
        questions=tuple(questions),
        aliases=tuple(a.strip("/") + "/" for a in section.aliases),
        source=Source(section.shown, 1),
    )


def build_page(page: MarkdownFile, html: str) -> Page:
    """A page in the model, with its rendered Markdown."""
    return Page(page.slug, page.meta["title"].strip(), html, Source(page.shown, 1))
