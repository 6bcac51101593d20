"""The build pipeline: load -> render (+ search index, redirects, manifest) -> write.

One function per CLI command that touches a site. Nothing here prints; results
come back as values for the CLI to report.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .cache import cache_dir_for, cached_markdown, save_markdown_cache
from .content import load_help_center
from .errors import ContentError, Problem, blocking
from .manifest import load_manifest
from .output import check_output_dir, write_site
from .publish import publishing_files
from .render import page_specs, render_site
from .search_transport import build_search_files
from .theme import PACKAGE_DIR, default_theme_dir, load_theme


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


def check(content: Path, strict: bool = False) -> list[Problem]:
    """Validate content; raise ContentError on errors (warnings too when strict), else return warnings."""
    _, warnings = load_help_center(content)
    if strict and blocking(warnings):
        raise ContentError(blocking(warnings))
    return warnings


def build(
    content: Path,
    output: Path,
    base_url: str = "",
    strict: bool = False,
    theme_dir: Path | None = None,
    previous: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    cache: bool = True,
    workers: int | None = None,
) -> BuildResult:
    """Build the site from `content` into `output`; the old output survives any failure.

    `previous` is the manifest of an earlier build: URLs it lists that this build
    neither publishes nor redirects are warnings. `strict` turns every warning
    into an error. `progress(done, total)` is called as pages are rendered.
    `cache` keeps rendered Markdown in `.kbgen-cache/` beside the output (it
    never changes a byte of the output); `workers` processes render the pages
    (default: one per core).
    """
    started = time.perf_counter()
    clock = _StageClock(started)
    theme_dirs = [default_theme_dir(), *([theme_dir] if theme_dir else [])]
    check_output_dir(output, [content, Path.cwd() / "pyproject.toml", PACKAGE_DIR, *theme_dirs])
    previous_manifest = load_manifest(previous) if previous is not None else None
    with cached_markdown(cache_dir_for(output) if cache else None) as markdown_cache:
        hc, warnings = load_help_center(content)
    clock.lap("load")
    theme = load_theme(theme_dir)
    total = len(page_specs(hc)) + 2
    search_files = build_search_files(hc)
    clock.lap("search index")
    if progress is not None:
        progress(1, total)
    on_page = None if progress is None else (lambda done, _: progress(1 + done, total))
    files = render_site(
        hc, theme, base_url, extra_assets=[search_files.index], progress=on_page, workers=workers or os.cpu_count() or 1
    )
    files.extend(search_files.parts)  # shards: already named by content hash, referenced from the index
    clock.lap("render")
    published, lost = publishing_files(hc, theme, content, base_url, previous_manifest)
    files.extend(published)
    warnings = sorted(warnings + lost)
    clock.lap("redirects + manifest")
    if strict and blocking(warnings):
        raise ContentError(blocking(warnings))
    write_site(files, output)
    if markdown_cache is not None:
        save_markdown_cache(markdown_cache, cache_dir_for(output))
    clock.lap("write")
    if progress is not None:
        progress(total, total)
    index_bytes = sum(len(data) for name, data in files if name.startswith("assets/search/"))
    redirects = sum(1 for name, _ in published if name.endswith("index.html"))
    return BuildResult(
        pages=sum(1 for name, _ in files if name.endswith(".html")) - redirects,
        files=len(files),
        bytes=sum(len(data) for _, data in files),
        index_bytes=index_bytes,
        seconds=time.perf_counter() - started,
        warnings=warnings,
        redirects=redirects,
        stages=tuple(clock.stages),
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
