"""The command line's options that several commands share, written once, and their checks (usage errors, exit 2)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from kbgen.load.rules import email_problem
from kbgen.urls import base_url_problem

CONTENT_OPTION = click.option(
    "--content",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("content"),
    show_default=True,
    help="Content folder.",
)
OUTPUT_OPTION = click.option(
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("output"),
    show_default=True,
    help="Folder to build the site into: missing, empty, or one kbgen built before (anything else is refused).",
)
THEME_OPTION = click.option(
    "--theme",
    "theme_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Theme folder whose templates/ and static/ override the default theme's files of the same name.",
)
FORCE_OPTION = click.option(
    "--force",
    is_flag=True,
    help=(
        "Build into an output folder that holds files kbgen did not write, deleting them. Never allowed for /, "
        "your home folder, the current folder or one above it, or a folder holding .git, pyproject.toml or the content."
    ),
)
CACHE_DIR_OPTION = click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path(".kbgen-cache"),
    show_default=True,
    help="Build cache (rendered Markdown, a record of the output); the only thing a build writes outside the output.",
)


def check_base_url(ctx: click.Context, param: click.Parameter, value: str) -> str:
    problem = base_url_problem(value.strip())
    if problem:
        raise click.BadParameter(problem, ctx=ctx, param=param)
    return value.strip()


BASE_URL_OPTION = click.option(
    "--base-url", default="", callback=check_base_url, help="Public URL of the site, e.g. https://example.org/help/."
)


def check_email(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """An address `kbgen check` would accept, so a new site starts valid; "" for none."""
    problem = email_problem(value.strip()) if value.strip() else ""
    if problem:
        raise click.BadParameter(problem, ctx=ctx, param=param)
    return value.strip()


EMAIL_OPTION = click.option(
    "--email", default="", callback=check_email, help="The contact address shoppers are offered."
)
VERBOSE_OPTION = click.option(
    "--verbose", "-v", is_flag=True, help="Also print the warnings the content allows (allow_warnings)."
)
STRICT_OPTION = click.option(
    "--strict", is_flag=True, help="Treat warnings as errors (except those allowed in front matter)."
)


def site_options(command: Callable) -> Callable:
    """The options `build` and `serve` share: content, output, base URL, theme, force and cache, in that order."""
    shared = (CONTENT_OPTION, OUTPUT_OPTION, BASE_URL_OPTION, THEME_OPTION, FORCE_OPTION, CACHE_DIR_OPTION)
    for option in reversed(shared):  # the last decorator applied is the first option listed
        command = option(command)
    return command


class UsageError(click.UsageError):
    """A usage error (exit 2) said in one line: what is wrong with which option, without click's usage banner."""

    def show(self, file: object = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


def check_port(ctx: click.Context, param: click.Parameter, value: int) -> int:
    if not 0 <= value <= 65535:
        raise UsageError(f"--port {value}: a port is a number from 1 to 65535 (0 picks a free one)")
    return value
