"""The build pipeline: load -> render (+ search index) -> write.

One function per CLI command that touches a site. Nothing here prints; results
come back as values for the CLI to report.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from .content import load_help_center
from .errors import ContentError, Problem
from .output import check_output_dir, write_site
from .render import render_site
from .search import build_search_files
from .theme import load_theme


@dataclass(frozen=True)
class BuildResult:
    """What a build produced, for the one-line summary."""

    pages: int
    files: int
    bytes: int
    index_bytes: int
    seconds: float
    warnings: list[Problem]


def check(content: Path, strict: bool = False) -> list[Problem]:
    """Validate content; raise ContentError on errors (warnings too when strict), else return warnings."""
    _, warnings = load_help_center(content)
    if strict and warnings:
        raise ContentError(warnings)
    return warnings


def build(
    content: Path,
    output: Path,
    base_url: str = "",
    strict: bool = False,
    theme_dir: Path | None = None,
) -> BuildResult:
    """Build the site from `content` into `output`; the old output survives any failure."""
    started = time.perf_counter()
    check_output_dir(output, [content, Path.cwd() / "pyproject.toml"])
    hc, warnings = load_help_center(content)
    if strict and warnings:
        raise ContentError(warnings)
    theme = load_theme(theme_dir)
    search_files = build_search_files(hc)
    files = render_site(hc, theme, base_url, extra_assets=search_files)
    write_site(files, output)
    index_bytes = sum(len(data) for name, data in files if name.startswith("assets/search/"))
    return BuildResult(
        pages=sum(1 for name, _ in files if name.endswith(".html")),
        files=len(files),
        bytes=sum(len(data) for _, data in files),
        index_bytes=index_bytes,
        seconds=time.perf_counter() - started,
        warnings=warnings,
    )
