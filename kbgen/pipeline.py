"""The build pipeline: load -> render (+ search index, redirects, manifest) -> write.

One function per CLI command that touches a site. Nothing here prints; results
come back as values for the CLI to report.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path

from kbgen.errors import ContentError, Problem, blocking
from kbgen.load.cache import CACHE_DIR, cached_markdown, make_cache_folder, output_record_file, save_markdown_cache
from kbgen.load.loader import load_help_center
from kbgen.model import HelpCenter, OutputFile, Source, TranslationStatus
from kbgen.preview import PreviewBase, preview_base
from kbgen.publish.data import related_urls
from kbgen.publish.files import publishing_files
from kbgen.publish.manifest import load_manifest
from kbgen.publish.static import static_output
from kbgen.render.locales import locale_pages
from kbgen.render.pages import (
    PARALLEL_MIN_PAGES,
    RenderedSite,
    SitePlan,
    page_specs,
    plan_site,
    render_others,
    render_pages,
    url_of,
)
from kbgen.render.theme import Theme, default_theme_dir, load_theme
from kbgen.search.incremental import (
    IndexMemory,
    SiteIndex,
    kept_memory,
    let_go,
    memory_bytes,
    memory_from_bytes,
    site_index,
)
from kbgen.search.related import REBUILD_ARRAYS_FROM, related_for
from kbgen.search.shards import DEFAULT_LIMITS, SearchFiles, SearchLimits, build_search_files
from kbgen.search.synonyms import content_warnings
from kbgen.util.atomic import replace_bytes
from kbgen.util.gc_pause import collector_paused
from kbgen.util.interrupts import Interrupted
from kbgen.util.package import PACKAGE_DIR
from kbgen.util.processes import Background
from kbgen.write import faults
from kbgen.write.ownership import MARKER, refuse_always
from kbgen.write.writer import SiteWriter


@dataclass(frozen=True)
class BuildResult:
    """What a build produced, for the one-line summary."""

    pages: int
    files: int
    bytes: int
    index_bytes: int
    seconds: float
    warnings: list[Problem]
    redirects: int = 0
    stages: tuple[tuple[str, float], ...] = ()
    """Seconds spent in each stage, in order, for `--verbose`."""
    notes: tuple[str, ...] = ()
    """What the user should know that is no problem in the content (never fails `--strict`): why no sitemap."""
    preview: PreviewBase | None = field(default=None, compare=False, repr=False)
    """With `build_site(keep_preview=True)`: what the dev server renders an edit's first look from."""


def check_site(content: Path, strict: bool = False) -> list[Problem]:
    """Validate content; raise ContentError on errors (warnings too when strict), else return warnings."""
    return check_content(content, strict).warnings


@dataclass(frozen=True)
class LocaleCheck:
    """One locale's translation status, as `kbgen check` reports it."""

    tag: str
    status: TranslationStatus
    omitted: bool = False

    @property
    def missing(self) -> tuple[Source, ...]:
        return self.status.missing

    def line(self) -> str:
        """`fr: 29 translated, 0 missing, 1 outdated, 0 unknown`."""
        status = self.status
        left = " (left out)" if self.omitted and status.missing else ""
        return (
            f"{self.tag}: {status.translated} translated, {len(status.missing)} missing{left}, "
            f"{len(status.outdated)} outdated, {len(status.unknown)} unknown"
        )


@dataclass(frozen=True)
class CheckResult:
    """What `kbgen check` reports: the warnings, each locale's translation status, and the notes a build gives
    on the content (notices ended, questions left out by their dates)."""

    warnings: list[Problem]
    locales: list[LocaleCheck]
    notes: tuple[str, ...] = ()


def check_content(content: Path, strict: bool = False) -> CheckResult:
    """`check_site`, with each locale's translation status and the content's notes."""
    hc, warnings = load_help_center(content)
    warnings = sorted(warnings + content_warnings(hc))
    if strict and blocking(warnings):
        raise ContentError(blocking(warnings))
    locales = [LocaleCheck(t.locale.tag, t.status, t.locale.untranslated == "omit") for t in hc.translations]
    return CheckResult(warnings, locales, hc.notes)


def build_site(
    content: Path,
    output: Path,
    base_url: str = "",
    strict: bool = False,
    theme_dir: Path | None = None,
    previous: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    cache: bool = True,
    workers: int | None = None,
    force: bool = False,
    cache_dir: Path | None = None,
    detach_removal: bool = False,
    search_limits: SearchLimits = DEFAULT_LIMITS,
    keep_preview: bool = False,
) -> BuildResult:
    """Build the site from `content` into `output`; the old output survives any failure.

    `previous` is the manifest of an earlier build: URLs it lists that this build
    neither publishes nor redirects are warnings. `strict` turns every warning
    into an error. `progress(done, total)` is called as pages are rendered.
    `cache` keeps rendered Markdown and a record of the output in `cache_dir`
    (default `.kbgen-cache/` in the current folder): pages the output holds as
    they would render again are neither rendered nor written (never changing a
    byte of the result). `workers` processes render the pages (default: one per
    core). The output must be missing, empty or written by kbgen, unless `force`;
    some folders are refused always (`ownership.refuse_always`). With
    `detach_removal`, the old tree, once swapped out, is removed by a process
    of its own that the build does not wait for (the command line's choice;
    a thread of its own in a process with threads: the dev server's).
    `search_limits` sizes the search files (tests pass small ones to split a small index). `keep_preview`
    keeps in the result what the dev server needs to show an edit before the next whole build (kbgen/preview.py).
    """
    started = time.perf_counter()
    clock = _StageClock(started)
    cache_dir = (Path(cache_dir) if cache_dir is not None else Path.cwd() / CACHE_DIR) if cache else None
    try:
        writer = _open_writer(content, output, theme_dir, cache_dir, force, detach_removal)
    except Interrupted as stop:
        stop.outcome = f"the output folder {output} is unchanged"
        raise
    try:
        previous_manifest = load_manifest(previous) if previous is not None else None
        writer.prelink()  # the output's files, linked into the staging folder while the content loads
        with cached_markdown(cache_dir) as markdown_cache:
            hc, warnings = load_help_center(content, cache=markdown_cache)
        clock.lap("load")
        faults.point("loaded")
        theme = load_theme(theme_dir, cache_dir)  # templates compiled by an earlier build are read back
    except BaseException as error:
        _stopped(writer, error)
        raise
    workers = workers or os.cpu_count() or 1
    # Pages do not name the index, so the index is built beside the rendering, in its own process on large sites;
    # pages are staged as they come from the render workers. The output changes only in `writer.finish()`.
    large = sum(len(section.questions) for section in hc.sections) >= PARALLEL_MIN_PAGES
    try:
        # one search index per locale, updated from this process's last build of it: related questions and
        # the search files both come from it; its files are encoded in a process of their own only when
        # built cold (a warm update reuses the shards it kept, which a forked encoder could not keep)
        indexes, warm = search_indexes(hc, cache_dir)
        let_go(indexes)  # what only a next build of an index this process does not keep would read
        fork = large and workers > 1 and not warm
        with Background(lambda: search_files_of(hc, search_limits, indexes), fork=fork) as search:
            arrays_from = REBUILD_ARRAYS_FROM if warm else None  # numpy is worth its import in a server's rebuilds
            related = [
                related_for(center, index=index, arrays_from=arrays_from)
                for (_, center), index in zip(hc.in_every_locale(), indexes)
            ]
            if search.forked:  # the search files' process has the indexes: this one frees them while it renders
                indexes.clear()
            clock.lap("search index, related questions")
            plans = plan_locales(hc, theme, base_url, related)
            fingerprints = {path: print_ for plan in plans for path, print_ in plan.fingerprints.items()}
            kept = writer.reusable(fingerprints)  # pages the output holds as they would render
            todo, done = len(fingerprints) - len(kept), 0
            search.take_if_done()  # a search files' process that has finished ends now, not beside the render workers
            stage = writer.stager()  # each page is written into the staging folder by the process that renders it
            for plan in plans:
                with closing(render_pages(plan, theme, skip=kept, workers=workers, stage=stage)) as pages:
                    for path, staged in pages:
                        writer.added(path, staged, plan.fingerprints[path])
                        done += 1
                        if progress is not None:
                            progress(1 + done, 2 + todo)
            rendered = render_others(hc, theme, plans[0], plans[1:])
            rendered = RenderedSite(rendered.files, fingerprints, rendered.notes)
            writer.start_linking()  # the kept pages, in a thread, beside the manifest and the search index
            related = [related_urls(plan.specs) for plan in plans]  # each locale's data files list its picks
            published, lost, published_notes = publishing_files(
                hc, theme, content, base_url, previous_manifest, related, [plan.specs for plan in plans]
            )
            if markdown_cache is not None and cache_dir is not None:  # pure results: kept even if the build fails
                save_markdown_cache(markdown_cache, cache_dir)
            clock.lap("render + stage pages, redirects, manifest")
            faults.point("rendered")
            search_files = search.result()
        clock.lap("search index (waited for)" if search.forked else "search index")
        warnings = sorted(warnings + lost + list(search_files.warnings))
        built = [name for name, _ in [*rendered.files, *published, search_files.index, *search_files.parts]]
        static, clashes = static_output(hc, [*built, *rendered.fingerprints, MARKER])
        if clashes:
            raise ContentError(sorted(clashes + warnings))
        if strict and blocking(warnings):
            raise ContentError(blocking(warnings))
        writer.add_all([*rendered.files, *published, search_files.index, *search_files.parts, *static])
        writer.finish()
        clock.lap("write")
        if progress is not None:
            progress(1, 1)
        result = _summary(
            started, clock, rendered, published, search_files, writer, warnings, hc.notes + published_notes
        )
        return replace(result, preview=preview_base(hc, theme, plans[0])) if keep_preview else result
    except BaseException as error:
        _stopped(writer, error)
        raise


def _stopped(writer: SiteWriter, error: BaseException) -> None:
    """A build that failed or was interrupted: drop what was staged; an interrupt says what the output holds."""
    interrupted = isinstance(error, Interrupted)
    writer.discard(at_once=interrupted)
    if interrupted:
        error.outcome = writer.outcome()


def plan_locales(
    hc: HelpCenter, theme: Theme, base_url: str, related: list[dict[str, tuple[str, ...]]] | None = None
) -> list[SitePlan]:
    """The plan of the site's pages in each of its locales, the default's first (one plan for a site of one).

    `related`: each locale's related questions (`related_for`), in that order, when the caller has them."""
    pick = related or [None] * (1 + len(hc.translations))
    if not hc.translations:
        return [plan_site(hc, theme, base_url, related=pick[0])]
    urls = [url_of(spec.path) for spec in page_specs(hc)]
    views = locale_pages(hc, urls)
    return [
        plan_site(center, theme, base_url, view, related=chosen)
        for (_, center), view, chosen in zip(hc.in_every_locale(), views, pick, strict=True)
    ]


def search_indexes(hc: HelpCenter, cache_dir: Path | None) -> tuple[list[SiteIndex], bool]:
    """The search index of each locale (the default's first), and whether each was updated from one this
    process built before under the same cache folder (without a cache, every build is cold).

    A locale this process has not built yet starts from the index the cache folder keeps (`search-index*.marshal`,
    written here for the next process: the command line's next build)."""
    if cache_dir is None:
        return [site_index(center) for _, center in hc.in_every_locale()], False
    indexes, warm = [], True
    for prefix, center in hc.in_every_locale():
        key = f"{cache_dir.resolve()}|{prefix}"
        if kept_memory(key) is not None:
            indexes.append(site_index(center, key))
            continue
        warm = False
        path = cache_dir / f"search-index{'-' + prefix.strip('/').replace('/', '-') if prefix else ''}.marshal"
        stored = _read_memory(path)
        index = site_index(center, key, stored)
        if stored is None or index.memory.changed != frozenset():
            with contextlib.suppress(OSError):
                replace_bytes(path, memory_bytes(index.memory))
        indexes.append(index)
    return indexes, warm


def _read_memory(path: Path) -> IndexMemory | None:
    """The index memory kept in `path`; None when missing, unreadable or of other code."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    with collector_paused():  # a million small objects: no collection passes while they are made
        return memory_from_bytes(data)


def search_files_of(
    hc: HelpCenter, limits: SearchLimits = DEFAULT_LIMITS, indexes: list[SiteIndex] | None = None
) -> SearchFiles:
    """The search files of every locale: each its own index, under its folder (`fr/search/index.json`).

    From `indexes` (`search_indexes`) when given, else from indexes built here."""
    indexes = indexes or [site_index(center) for _, center in hc.in_every_locale()]
    files = build_search_files(hc, limits, indexes[0])
    for translation, index in zip(hc.translations, indexes[1:], strict=True):
        prefix = translation.locale.prefix
        local = build_search_files(translation.hc, limits, index)
        index = (prefix + local.index[0], local.index[1])
        parts = tuple((prefix + name, data) for name, data in local.parts)
        files = SearchFiles(files.index, (*files.parts, index, *parts), (*files.warnings, *local.warnings))
    return files


def _open_writer(
    content: Path,
    output: Path,
    theme_dir: Path | None,
    cache_dir: Path | None,
    force: bool,
    detach_removal: bool,
) -> SiteWriter:
    """The writer for `output`, once the folder is one a site may go in (before anything is read or written)."""
    protected = {"the content": content, "kbgen's own files": PACKAGE_DIR, "the default theme": default_theme_dir()}
    if theme_dir is not None:
        protected["the theme"] = theme_dir
    if cache_dir is not None:
        protected["the cache"] = cache_dir
    refuse_always(output, protected, cwd=Path.cwd(), home=Path.home())
    record = output_record_file(cache_dir, output) if cache_dir is not None else None
    writer = SiteWriter(output, record, force=force, detach_removal=detach_removal)
    if cache_dir is not None:
        make_cache_folder(cache_dir)
    return writer


def _summary(
    started: float,
    clock: _StageClock,
    rendered: RenderedSite,
    published: list[OutputFile],
    search_files: SearchFiles,
    writer: SiteWriter,
    warnings: list[Problem],
    dated: tuple[str, ...] = (),
) -> BuildResult:
    """The figures of a finished build, for the one-line summary."""
    index_bytes = len(search_files.index[1]) + sum(len(data) for _, data in search_files.parts)
    redirects = sum(1 for name, _ in published if name.endswith("index.html"))
    return BuildResult(
        pages=len(rendered.fingerprints) + 1,  # and 404.html
        files=len(writer.entries),
        bytes=writer.bytes,
        index_bytes=index_bytes,
        seconds=time.perf_counter() - started,
        warnings=warnings,
        redirects=redirects,
        stages=tuple(clock.stages),
        notes=dated + rendered.notes,  # notices ended and questions left out by their dates, then the rest
    )


class _StageClock:
    """Seconds spent in each stage (a monotonic timer for the report, never the date)."""

    def __init__(self, started: float) -> None:
        self.last = started
        self.stages: list[tuple[str, float]] = []

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.stages.append((name, now - self.last))
        self.last = now
