"""The `kbgen` command line: parses options, calls one function, reports.

The only module that imports click or prints.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import build as pipeline
from .carriers import match_carrier
from .content import load_help_center
from .errors import ContentError, KbgenError, Problem
from .serve import make_server

CONTENT_OPTION = click.option(
    "--content",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("content"),
    show_default=True,
    help="Content folder.",
)


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def _fail(err: KbgenError, debug: bool) -> None:
    if debug:
        raise err
    if isinstance(err, ContentError):
        _report(err.problems)
        errors = sum(1 for p in err.problems if not p.warning)
        warnings = len(err.problems) - errors
        summary = f"{errors} error(s)" + (f", {warnings} warning(s) (strict)" if warnings else "")
        raise click.ClickException(summary)
    raise click.ClickException(str(err))


@click.group()
@click.version_option(package_name="kbgen")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of short errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Build a fast, searchable static help center from YAML and Markdown."""
    ctx.obj = {"debug": debug}


@main.command()
@CONTENT_OPTION
@click.option("--output", type=click.Path(path_type=Path, file_okay=False), default=Path("output"), show_default=True)
@click.option("--base-url", default="", help="Public URL of the site, e.g. https://example.org/help/.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--theme", "theme_dir", type=click.Path(path_type=Path, file_okay=False, exists=True), default=None)
@click.pass_context
def build(ctx: click.Context, content: Path, output: Path, base_url: str, strict: bool, theme_dir: Path | None) -> None:
    """Build the site into OUTPUT (atomically)."""
    try:
        result = pipeline.build(content, output, base_url=base_url, strict=strict, theme_dir=theme_dir)
    except KbgenError as err:
        _fail(err, ctx.obj["debug"])
        return
    _report(result.warnings)
    click.echo(
        f"Built {result.pages} pages ({result.files} files, {result.bytes / 1024:.0f} KB, "
        f"search index {result.index_bytes / 1024:.1f} KB) into {output} in {result.seconds:.2f} s"
    )


@main.command()
@CONTENT_OPTION
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_context
def check(ctx: click.Context, content: Path, strict: bool) -> None:
    """Validate the content; exit 1 listing every problem as path:line: message."""
    try:
        warnings = pipeline.check(content, strict=strict)
    except KbgenError as err:
        _fail(err, ctx.obj["debug"])
        return
    _report(warnings)
    click.echo(f"{content}: OK" + (f" ({len(warnings)} warning(s))" if warnings else ""))


@main.command()
@CONTENT_OPTION
@click.option("--output", type=click.Path(path_type=Path, file_okay=False), default=Path("output"), show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.pass_context
def serve(ctx: click.Context, content: Path, output: Path, port: int) -> None:
    """Build the site, then serve it on http://127.0.0.1:PORT/."""
    try:
        pipeline.build(content, output)
    except KbgenError as err:
        _fail(err, ctx.obj["debug"])
        return
    server = make_server(output, port=port)
    click.echo(f"Serving {output} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@main.command()
@CONTENT_OPTION
@click.argument("number")
@click.pass_context
def carrier(ctx: click.Context, content: Path, number: str) -> None:
    """Say which carrier a tracking NUMBER belongs to (exit 1 when none)."""
    try:
        hc, _ = load_help_center(content)
    except KbgenError as err:
        _fail(err, ctx.obj["debug"])
        return
    found = match_carrier(number, hc.carriers)
    if found is None:
        click.echo(f"No carrier matches '{number}'.", err=True)
        sys.exit(1)
    click.echo(f"{found.carrier.name}\t{found.url}")
