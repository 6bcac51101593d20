"""The `kbgen` command line: parses options, calls one function, reports.

This package (with its `options.py` and `progress.py`) is the only one that imports click or prints.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import click

from kbgen.carriers import match_carrier
from kbgen.cli.options import (
    CONTENT_OPTION,
    EMAIL_OPTION,
    STRICT_OPTION,
    VERBOSE_OPTION,
    UsageError,
    check_base_url,
    check_port,
    site_options,
)
from kbgen.cli.progress import LazyProgress
from kbgen.errors import ContentError, KbgenError, Problem
from kbgen.importer.messages import IMPORT_HELP, plan_outline, plan_remarks, plan_summary
from kbgen.load.loader import load_help_center
from kbgen.new import NotAHelpCenter, new_question, new_section, new_site, new_translation
from kbgen.pipeline import build_site, check_content
from kbgen.report import FORMATS, report_events
from kbgen.util.interrupts import Interrupted, stopping

_LazyProgress = LazyProgress  # the name the tests of the progress bar use

if TYPE_CHECKING:
    from kbgen.serve.state import BuildOutcome


def _report(problems: list[Problem], verbose: bool = False) -> None:
    """Print problems to stderr; warnings the content allows on purpose only when `verbose`."""
    for problem in problems:
        if verbose or not problem.allowed:
            click.echo(str(problem), err=True)


def _allowed(problems: list[Problem], verbose: bool) -> str:
    """`1 allowed warning` for the summary line ("" when there is none)."""
    count = sum(1 for p in problems if p.allowed)
    if not count:
        return ""
    return f"{count} allowed warning{'s' if count > 1 else ''}" + ("" if verbose else ": --verbose shows it")


@contextmanager
def _reported(ctx: click.Context, verbose: bool = False) -> Iterator[None]:
    """Turn a KbgenError raised in the block into the CLI's short error and exit 1 (`--debug` re-raises)."""
    try:
        yield
    except KbgenError as err:
        _fail(err, ctx.obj["debug"], verbose)


def _fail(err: KbgenError, debug: bool, verbose: bool = False) -> None:
    if debug:
        raise err
    if isinstance(err, NotAHelpCenter):
        raise UsageError(str(err))
    if isinstance(err, ContentError):
        _report(err.problems, verbose)
        errors = sum(1 for p in err.problems if not p.warning)
        warnings = sum(1 for p in err.problems if p.warning and not p.allowed)
        strict = " (strict)" if warnings and not errors else ""
        parts = [f"{errors} error(s)", *([f"{warnings} warning(s){strict}"] if warnings else [])]
        allowed = _allowed(err.problems, verbose)
        raise click.ClickException(", ".join([*parts, *([allowed] if allowed else [])]))
    raise click.ClickException(str(err))


class _Commands(click.Group):
    """The `kbgen` group: a command stopped by Ctrl-C or SIGTERM ends with one line and 128 + the signal."""

    def invoke(self, ctx: click.Context) -> object:
        with stopping():
            try:
                return super().invoke(ctx)
            except Interrupted as stop:
                click.echo(stop.line(), err=True)
                ctx.exit(stop.exit_code)


@click.group(cls=_Commands)
@click.version_option(package_name="kbgen")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of short errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Build a fast, searchable static help center from YAML and Markdown."""
    ctx.obj = {"debug": debug}


@main.command()
@site_options
@STRICT_OPTION
@click.option(
    "--previous",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="manifest.json of the live site: report its URLs that this build loses.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only warnings and errors.")
@click.option("--verbose", "-v", is_flag=True, help="Also print the time of each stage.")
@click.option(
    "--no-cache", is_flag=True, help="Render everything afresh and write a whole new tree; leave the cache alone."
)
@click.pass_context
def build(ctx: click.Context, output: Path, quiet: bool, verbose: bool, no_cache: bool, **site) -> None:
    """Build the site into OUTPUT (atomically)."""
    if quiet and verbose:
        raise UsageError("--quiet and --verbose cannot be used together")
    progress = LazyProgress(enabled=not quiet)
    with _reported(ctx, verbose):
        try:  # site: content, base_url, theme_dir, force, cache_dir, strict, previous (build_site's own names)
            result = build_site(
                output=output,
                progress=progress,
                cache=not no_cache,
                detach_removal=True,  # the old tree goes in the background: the command returns once the new is in
                **site,
            )
        finally:
            progress.close()
    _report(result.warnings, verbose)
    if quiet:
        return
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    redirects = f" + {result.redirects} redirect(s)" if result.redirects else ""
    allowed = _allowed(result.warnings, verbose)
    click.echo(
        f"Built {result.pages} pages{redirects} ({result.files} files, {result.bytes / 1024:.0f} KB, "
        f"search index {result.index_bytes / 1024:.1f} KB) into {output} in {result.seconds:.2f} s"
        + (f"; {allowed}" if allowed else "")
    )
    if verbose:
        width = max(len(stage) for stage, _ in result.stages) + 2
        for stage, seconds in result.stages:
            click.echo(f"  {stage:<{width}}{seconds:7.3f} s")


@main.command()
@CONTENT_OPTION
@STRICT_OPTION
@VERBOSE_OPTION
@click.pass_context
def check(ctx: click.Context, content: Path, strict: bool, verbose: bool) -> None:
    """Validate the content; exit 1 listing every problem as path:line: message."""
    with _reported(ctx, verbose):
        result = check_content(content, strict=strict)
    warnings = result.warnings
    _report(warnings, verbose)
    for note in result.notes:  # as a build gives them: what its pages will leave out today
        click.echo(f"note: {note}", err=True)
    for status in result.locales:
        click.echo(status.line())
        for where in status.missing if verbose else ():
            click.echo(f"  missing: {where.path}:{where.line}")
    shown = sum(1 for w in warnings if not w.allowed)
    counts = [*([f"{shown} warning(s)"] if shown else []), *filter(None, [_allowed(warnings, verbose)])]
    click.echo(f"{content}: OK" + (f" ({', '.join(counts)})" if counts else ""))


@main.command()
@site_options
@click.option(
    "--port", type=int, default=8000, show_default=True, callback=check_port, help="Port; 0 picks a free one."
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@VERBOSE_OPTION
@click.pass_context
def serve(ctx: click.Context, content: Path, output: Path, port: int, host: str, verbose: bool, **site) -> None:
    """Build, serve on http://HOST:PORT/, and rebuild + reload the browser whenever content or theme change."""
    # Imported here: the server and its file watcher cost a build (every other command) a tenth of a second.
    from kbgen.serve.server import DevServer, listen_problem
    from kbgen.serve.signals import Stopped, stop_on_signals

    try:  # site: base_url, theme_dir, force, cache_dir
        server = DevServer(content, output, host=host, port=port, **site)
    except OSError as err:
        message, host_fault = listen_problem(host, port, err)
        raise (UsageError(message) if host_fault else click.ClickException(message)) from None
    try:
        with stop_on_signals():
            try:
                first = server.rebuild()
                if first.fatal:  # a refused output folder: said once, as the error it is
                    raise click.ClickException(first.errors[0])
                server.on_build = _print_build(verbose)
                server.on_build(first)
                # said once the watches are in place: an edit saved after the line is seen
                serving = f"Serving {server.url} - watching {content} and the theme; Ctrl+C to stop"
                server.serve_forever(on_ready=lambda: click.echo(serving))
            finally:
                server.close(wait=0.5)
    except Stopped as stop:
        click.echo(server.stop_note(), err=True)
        sys.exit(stop.exit_code)


def _print_build(verbose: bool) -> Callable[[BuildOutcome], None]:
    """Print each build of `kbgen serve` as `BuildReport` words it."""
    from kbgen.serve.state import BuildReport

    report = BuildReport(verbose)

    def print_build(outcome: BuildOutcome) -> None:
        lines, summary = report(outcome)
        for line in lines:
            click.echo(line, err=True)
        click.echo(summary)

    return print_build


@main.group()
def new() -> None:
    """Start a help center, or create a section folder or a question file, numbered and named correctly."""


@new.command("site")
@CONTENT_OPTION
@click.argument("title")
@EMAIL_OPTION
@click.pass_context
def new_site_command(ctx: click.Context, content: Path, title: str, email: str) -> None:
    """Start a help center titled TITLE in the content folder (missing or empty)."""
    with _reported(ctx):
        created = new_site(content, title, email)
    click.echo("\n".join(f"Created {c.path}" for c in created) + f"\nNext: kbgen serve --content {content}")


@new.command("section")
@CONTENT_OPTION
@click.argument("title")
@click.option("--slug", default=None, help="URL slug; default from the title.")
@click.pass_context
def new_section_command(ctx: click.Context, content: Path, title: str, slug: str | None) -> None:
    """Create sections/NN-slug/_section.yaml for a section titled TITLE."""
    with _reported(ctx):
        created = new_section(content, title, slug=slug)
    click.echo(f"Created {created.path}")


@new.command("question")
@CONTENT_OPTION
@click.argument("section")
@click.argument("question")
@click.option("--slug", default=None, help="URL slug; default from the question's words.")
@click.pass_context
def new_question_command(ctx: click.Context, content: Path, section: str, question: str, slug: str | None) -> None:
    """Create NN-slug.md in SECTION (its slug or folder name) asking QUESTION."""
    with _reported(ctx):
        created = new_question(content, section, question, slug=slug)
    click.echo(f"Created {created.path}: write the answer below the front matter")


@new.command("translation")
@CONTENT_OPTION
@click.argument("question")
@click.argument("tag")
@click.pass_context
def new_translation_command(ctx: click.Context, content: Path, question: str, tag: str) -> None:
    """Write the translation into TAG of QUESTION (SECTION/QUESTION) beside it, with its source_hash."""
    with _reported(ctx):
        created = new_translation(content, question, tag)
    click.echo(f"Created {created.path}: translate the question and the answer")


@main.command("import", help=IMPORT_HELP)
@CONTENT_OPTION
@click.argument("source", type=click.Path(path_type=Path, exists=True))
@click.option(
    "--base-url",
    default="",
    callback=check_base_url,
    help="Address the page was published at, to keep its relative links.",
)
@click.option("--dry-run", is_flag=True, help="Print the sections and questions it would write; write nothing.")
@click.pass_context
def import_command(ctx: click.Context, content: Path, source: Path, base_url: str, dry_run: bool) -> None:
    try:
        # here, not at the top: the importer loads only for `kbgen import`
        from kbgen.importer.command import plan_import
        from kbgen.importer.write import write_plans
    except ImportError as err:
        click.echo(
            f"Error: kbgen import needs the 'import' extra ({err.name} is missing): pip install 'kbgen[import]'",
            err=True,
        )
        sys.exit(1)
    try:
        plans = plan_import(source, content, base_url)
        if dry_run:
            for plan in plans:
                for line in plan_outline(plan):
                    click.echo(line)
        else:
            for created in write_plans(plans):  # every locale's files, or none
                click.echo(f"Created {created.path}")
    except KbgenError as err:
        _fail(err, ctx.obj["debug"])
        return
    for plan in plans:
        for line in plan_remarks(plan):
            click.echo(line, err=True)
    for plan in plans:
        click.echo(plan_summary(plan, source, dry_run))


@main.command()
@CONTENT_OPTION
@click.argument("number")
@click.pass_context
def carrier(ctx: click.Context, content: Path, number: str) -> None:
    """Say which carrier a tracking NUMBER belongs to (exit 1 when none)."""
    with _reported(ctx):
        hc, _ = load_help_center(content)
    found = match_carrier(number, hc.carriers)
    if not hc.carriers:
        click.echo(f"No carrier matches '{number}': {content} has no carriers.yaml, so it knows no carriers.", err=True)
        sys.exit(1)
    if found is None:
        click.echo(f"No carrier matches '{number}'.", err=True)
        sys.exit(1)
    click.echo(f"{found.carrier.name}\t{found.url}")


@main.command()
@click.argument("events", type=click.File("rb"))
@click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True, help="Report format."
)
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="Rows per list at most.")
def report(events: BinaryIO, output_format: str, top: int) -> None:
    """Tell editors what shoppers could not find, from feedback EVENTS (JSON lines; - for stdin).

    Searches that found nothing by count, suggested synonyms with ready-to-paste site.yaml lines, and the least
    helpful questions with their reasons (docs/feedback.md). Malformed lines are counted and skipped.
    """
    click.echo(report_events(events, output_format, top), nl=False)
