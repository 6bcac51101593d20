"""The `kbgen` command line: parses options, calls one function, reports.

The only module that imports click or prints.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from . import build as pipeline
from .carriers import match_carrier
from .content import load_help_center
from .devserver import BuildOutcome, DevServer
from .errors import ContentError, KbgenError, Problem
from .scaffold import new_question, new_section

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
        strict = " (strict)" if warnings and not errors else ""
        summary = f"{errors} error(s)" + (f", {warnings} warning(s){strict}" if warnings else "")
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
@click.option("--strict", is_flag=True, help="Treat warnings as errors (except those allowed in front matter).")
@click.option("--theme", "theme_dir", type=click.Path(path_type=Path, file_okay=False, exists=True), default=None)
@click.option(
    "--previous",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="manifest.json of the live site: report its URLs that this build loses.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only warnings and errors.")
@click.option("--verbose", "-v", is_flag=True, help="Also print the time of each stage.")
@click.option(
    "--no-cache", is_flag=True, help="Render everything afresh and write a whole new tree; leave .kbgen-cache/ alone."
)
@click.pass_context
def build(
    ctx: click.Context,
    content: Path,
    output: Path,
    base_url: str,
    strict: bool,
    theme_dir: Path | None,
    previous: Path | None,
    quiet: bool,
    verbose: bool,
    no_cache: bool,
) -> None:
    """Build the site into OUTPUT (atomically)."""
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose cannot be used together")
    progress = _LazyProgress(enabled=not quiet)
    try:
        result = pipeline.build(
            content,
            output,
            base_url=base_url,
            strict=strict,
            theme_dir=theme_dir,
            previous=previous,
            progress=progress,
            cache=not no_cache,
        )
    except KbgenError as err:
        progress.close()
        _fail(err, ctx.obj["debug"])
        return
    progress.close()
    _report(result.warnings)
    if quiet:
        return
    redirects = f" + {result.redirects} redirect(s)" if result.redirects else ""
    click.echo(
        f"Built {result.pages} pages{redirects} ({result.files} files, {result.bytes / 1024:.0f} KB, "
        f"search index {result.index_bytes / 1024:.1f} KB) into {output} in {result.seconds:.2f} s"
    )
    if verbose:
        width = max(len(stage) for stage, _ in result.stages) + 2
        for stage, seconds in result.stages:
            click.echo(f"  {stage:<{width}}{seconds:7.3f} s")


class _LazyProgress:
    """A progress bar on stderr that appears only once a build has run longer than DELAY seconds."""

    DELAY = 1.0

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.monotonic()
        self.bar = None
        self.done = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if time.monotonic() - self.started < self.DELAY:
                return
            self.bar = click.progressbar(length=total, label="Building", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@main.command()
@CONTENT_OPTION
@click.option("--strict", is_flag=True, help="Treat warnings as errors (except those allowed in front matter).")
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
@click.option("--port", type=int, default=8000, show_default=True, help="Port; 0 picks a free one.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--base-url", default="", help="Public URL of the site, e.g. https://example.org/help/.")
@click.option("--theme", "theme_dir", type=click.Path(path_type=Path, file_okay=False, exists=True), default=None)
@click.pass_context
def serve(
    ctx: click.Context, content: Path, output: Path, port: int, host: str, base_url: str, theme_dir: Path | None
) -> None:
    """Build, serve on http://HOST:PORT/, and rebuild + reload the browser whenever content or theme change."""
    try:
        server = DevServer(
            content, output, host=host, port=port, base_url=base_url, theme_dir=theme_dir, on_build=_print_build
        )
    except OSError as err:
        raise click.ClickException(f"cannot listen on {host}:{port}: {err.strerror} (try --port {port + 1})") from None
    first = server.rebuild()
    if first.fatal:
        server.close()
        raise click.ClickException(first.errors[0])
    click.echo(f"Serving {server.url} - watching {content} and the theme; Ctrl+C to stop")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def _print_build(outcome: BuildOutcome) -> None:
    if outcome.ok and outcome.result is not None:
        for line in outcome.warnings:
            click.echo(line, err=True)
        warned = f", {len(outcome.warnings)} warning(s)" if outcome.warnings else ""
        click.echo(f"Built {outcome.result.pages} pages in {outcome.seconds:.2f} s{warned}")
        return
    for line in outcome.errors + outcome.warnings:
        click.echo(line, err=True)
    click.echo(f"Build failed: {len(outcome.errors)} error(s); still serving the last good site")


@main.group()
def new() -> None:
    """Create a section folder or a question file, numbered and named correctly."""


@new.command("section")
@CONTENT_OPTION
@click.argument("title")
@click.option("--slug", default=None, help="URL slug; default from the title.")
@click.pass_context
def new_section_command(ctx: click.Context, content: Path, title: str, slug: str | None) -> None:
    """Create sections/NN-slug/_section.yaml for a section titled TITLE."""
    try:
        created = new_section(content, title, slug=slug)
    except KbgenError as err:
        _fail(err, ctx.obj["debug"])
        return
    click.echo(f"Created {created.path}")


@new.command("question")
@CONTENT_OPTION
@click.argument("section")
@click.argument("question")
@click.option("--slug", default=None, help="URL slug; default from the question's words.")
@click.pass_context
def new_question_command(ctx: click.Context, content: Path, section: str, question: str, slug: str | None) -> None:
    """Create NN-slug.md in SECTION (its slug or folder name) asking QUESTION."""
    try:
        created = new_question(content, section, question, slug=slug)
    except KbgenError as err:
        _fail(err, ctx.obj["debug"])
        return
    click.echo(f"Created {created.path}: write the answer below the front matter")


IMPORT_HELP = """Import SOURCE, an existing FAQ, as content files (never overwriting any).

\b
SOURCE may be:
- a plain-text FAQ page: numbered section headings ("1. Orders"), "•" questions;
- an HTML FAQ page: <details>/<summary>, <dl> terms, accordions (a trigger with
  aria-controls / data-target and its panel, or a button followed by its panel),
  repeated items of the same tag and class (a short head, then the answer;
  a <table> or <tr> per entry, list items whose first line is the question),
  headings, bold or anchored lines (<a name><b>Q</b></a><br>) with their text;
  the heading above a run of questions names its section; page chrome (header,
  nav, footer, share bars, tables of contents) is left out; schema.org FAQPage
  JSON-LD fills in only what the visible page lacks;
- a Zendesk Help Center export: a folder (or JSON file) with the Help Center
  API's categories, sections and articles; one content folder per locale
  (CONTENT/<locale>), every old html_url kept as an alias (redirect);
- an Intercom Articles export: the API's lists of collections and articles,
  likewise one content folder per locale, every old url kept as an alias.

An import writes all of its files or none. --dry-run shows what it would write.
"""


@main.command("import", help=IMPORT_HELP)
@CONTENT_OPTION
@click.argument("source", type=click.Path(path_type=Path, exists=True))
@click.option("--base-url", default="", help="Address the page was published at, to keep its relative links.")
@click.option("--dry-run", is_flag=True, help="Print the sections and questions it would write; write nothing.")
@click.pass_context
def import_command(ctx: click.Context, content: Path, source: Path, base_url: str, dry_run: bool) -> None:
    try:
        # here, not at the top: BeautifulSoup would slow every other command's start
        from .importer import plan_import, write_plans
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
        for why in plan.skipped:
            click.echo(f"Skipped (already there): {why}", err=True)
        for note in plan.notes:
            click.echo(f"Note: {note}", err=True)
    for plan in plans:
        written = sum(1 for f in plan.files if f.what == "question")
        verb = "Would import" if dry_run else "Imported"
        left = f" ({len(plan.skipped)} already there)" if plan.skipped else ""
        click.echo(
            f"{verb} {written} of {plan.questions} questions{left} from {source}; "
            f"next: kbgen check --content {plan.content}"
        )


def plan_outline(plan) -> list[str]:
    """What a dry run prints: each section and question it would write, with the first words of each answer."""
    lines = []
    for item in plan.files:
        if item.what == "site":
            lines.append(f"{item.path}")
        elif item.what == "section":
            lines.append(f"{item.path.parent}/")
        else:
            words = " ".join(item.answer.split()[:12])
            lines.append(f"  {item.path.name}: {item.question}")
            lines.append(f"      {words}{' …' if len(item.answer.split()) > 12 else ''}")
    return lines


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
