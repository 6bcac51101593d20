"""Bad input that used to be accepted: each case with the exact message (or output) it must give now."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.errors import ContentError
from kbgen.load.loader import load_help_center
from kbgen.pipeline import build_site
from kbgen.render.site_files import NO_SITEMAP_NOTE
from kbgen.urls import base_url_problem
from tests.conftest import page

C = "content/"
Q = "sections/01-orders/01-cancel.md"
CARRIERS = "carriers:\n  - name: UPS\n    prefix: 1Z\n    website: https://www.ups.com/\n    example: 1Z123456789\n"
ANSWER = "Write to us with your order number and we will cancel it for you today.\n"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def errors(content: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_help_center(content)
    return [str(p) for p in caught.value.problems]


def question(front: str, body: str = "Email us.\n") -> str:
    return f"---\n{front}---\n{body}"


# --- --base-url -----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["build", "serve"])
@pytest.mark.parametrize("url", ["notaurl", "example.org/help/", "ftp://example.org/", "https://", "/help/"])
def test_base_url_must_be_an_absolute_http_url(make_project, command: str, url: str) -> None:
    make_project()
    result = CliRunner().invoke(main, [command, "--content", "content", "--output", "out", "--base-url", url])
    assert result.exit_code == 2
    assert f"Invalid value for '--base-url': '{url}' is not an absolute http(s) URL" in result.stderr
    assert not Path("out").exists()


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://example.org/help/", ""),
        ("http://localhost:8000", ""),
        ("", ""),
        ("https://exa mple.org/", "contains spaces"),
        ("https://example.org/?page=1", "has a query or fragment"),
        ("https://example.org:80a/", "is not a URL"),
    ],
)
def test_base_url_problem(url: str, problem: str) -> None:
    found = base_url_problem(url)
    assert (problem in found and bool(found)) if problem else found == ""


def test_base_url_in_site_yaml_is_checked_too(make_project) -> None:
    content = make_project({"site.yaml": "title: Test Help\nbase_url: help.example.org\n"})
    assert errors(content) == [
        (
            f"{C}site.yaml:2: base_url 'help.example.org' is not an absolute http(s) URL: the base URL must start "
            "with https:// (or http://) and a host, such as https://example.org/help/"
        )
    ]


# --- sitemap ----------------------------------------------------------------------------------------


def test_no_base_url_no_sitemap_and_a_note_that_never_fails_strict(make_project) -> None:
    make_project()
    result = CliRunner().invoke(main, ["build", "--content", "content", "--output", "out", "--strict"])
    assert result.exit_code == 0, result.output
    assert f"note: {NO_SITEMAP_NOTE}" in result.stderr.splitlines() and "warning" not in result.stderr
    assert not Path("out/sitemap.xml").exists()
    assert Path("out/robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    assert "sitemap" not in Path("out/manifest.json").read_text()
    quiet = CliRunner().invoke(main, ["build", "--content", "content", "--output", "out", "--quiet"])
    assert quiet.exit_code == 0 and quiet.output == ""


def test_base_url_gives_absolute_sitemap_urls(make_project) -> None:
    make_project()
    result = CliRunner().invoke(
        main, ["build", "--content", "content", "--output", "out", "--base-url", "https://example.org/help"]
    )
    assert result.exit_code == 0 and "note:" not in result.stderr and "warning" not in result.stderr
    sitemap = Path("out/sitemap.xml").read_text()
    locs = [row.split("<loc>")[1].split("</loc>")[0] for row in sitemap.splitlines() if "<loc>" in row]
    assert locs == [f"https://example.org/help/{url}" for url in ["", "orders/", "orders/cancel/", "search/"]]
    assert "Sitemap: https://example.org/help/sitemap.xml" in Path("out/robots.txt").read_text()


def test_base_url_from_site_yaml_gives_the_sitemap(make_project) -> None:
    build_site(make_project({"site.yaml": "title: Test Help\nbase_url: https://help.example.org\n"}), Path("out"))
    assert "<loc>https://help.example.org/orders/</loc>" in Path("out/sitemap.xml").read_text()


# --- no carriers, no track page ---------------------------------------------------------------------


def test_no_carriers_no_track_page_and_no_link_to_it(make_project) -> None:
    build_site(make_project(), Path("out"))
    assert not Path("out/track").exists()
    for name in ["index.html", "orders/index.html", "orders/cancel/index.html", "search/index.html", "404.html"]:
        text = Path("out", name).read_text(encoding="utf-8")
        assert "track/" not in text and "Track a parcel" not in text and "Which carrier" not in text, name
    assert "track" not in json.loads(Path("out/manifest.json").read_text())["urls"]
    assert "track" not in Path("out/search/index.json").read_text().lower()
    build_site(Path("content"), Path("out2"), base_url="https://example.org/")
    assert "track" not in Path("out2/sitemap.xml").read_text()


def test_carriers_give_the_track_page_and_its_links(make_project) -> None:
    build_site(make_project({"carriers.yaml": CARRIERS}), Path("out"))
    assert Path("out/track/index.html").is_file()
    home = page(Path("out"), "/")
    assert home.select_one('header a[href="track/"]') and home.select_one('.help-cards form[action="track/"]')
    assert "track/" in json.loads(Path("out/manifest.json").read_text())["urls"]


def test_links_to_the_track_page_without_carriers_are_errors(make_project) -> None:
    site = "title: Test Help\nnav:\n  - title: Track\n    url: /track/\n"
    content = make_project({"site.yaml": site, Q: question("question: How do I cancel?\n", "See [it](/track/).\n")})
    hint = "(the site has no carriers.yaml, so it has no '/track/' page)"
    assert errors(content) == [
        f"{C}{Q}:4: link to '/track/' does not match any page of the site {hint}",
        f"{C}site.yaml:4: nav link '/track/' is not a page of the site {hint}",
    ]


def test_a_carriers_file_without_carriers_is_an_error(make_project) -> None:
    content = make_project({"carriers.yaml": "carriers: []\n"})
    assert errors(content) == [f"{C}carriers.yaml:1: no carriers listed: add one, or delete carriers.yaml"]


# --- YAML mistakes with the right hint --------------------------------------------------------------


def test_an_over_indented_key_is_called_an_indentation_mistake(make_project) -> None:
    content = make_project({Q: question("question: How do I cancel?\n  slug: cancel-it\n")})
    assert errors(content) == [
        (
            f"{C}{Q}:3: YAML syntax error: mapping values are not allowed here (column 7); check the indentation: this "
            "key is indented deeper than the line above it, so YAML reads it as part of that value (keys of one "
            "mapping start in the same column; a value with ': ' goes in quotes)"
        )
    ]


def test_a_colon_in_a_value_still_asks_for_quotes(make_project) -> None:
    content = make_project({Q: question("question: Note: how do I cancel?\n")})
    assert errors(content) == [
        (
            f"{C}{Q}:2: YAML syntax error: mapping values are not allowed here (column 15); "
            "a value that contains ': ' must be put in quotes"
        )
    ]


def test_a_list_item_that_swallows_a_deeper_item_is_refused(make_project) -> None:
    content = make_project({Q: question("question: How do I cancel?\ntags:\n  - cards\n    - money\n")})
    assert errors(content) == [
        (
            f"{C}{Q}:5: the list item '- cards' runs on into the line '- money', which is indented deeper: check the "
            "indentation (every '- ' item of a list starts in the same column), or put the item in quotes"
        )
    ]
    make_project({Q: question("question: How do I cancel?\ntags:\n  - cards\n  - money\n")})
    assert load_help_center(Path("content"))[0].sections[0].questions[0].tags == ("cards", "money")
    make_project({Q: question("question: How do I cancel?\ntags:\n  - gift\n    cards\n")})  # a folded item: fine
    assert load_help_center(Path("content"))[0].sections[0].questions[0].tags == ("gift cards",)


def test_a_mis_indented_nested_key_says_so(make_project) -> None:
    content = make_project({"site.yaml": "title: Test Help\ncontact:\nemail: help@example.org\n"})
    assert errors(content) == [
        (
            f"{C}site.yaml:3: unknown key 'email' ('email' belongs under 'contact:': it is probably mis-indented); "
            "allowed: title, base_url, language, description, contact, logo, nav, synonyms, carrier_help, brand, shop_vocabulary, "
            "feedback, notice, recent, data, locales"
        )
    ]
    make_project({"site.yaml": "title: Test Help\ncontact:\n  email: help@example.org\n  logo: logo.svg\n"})
    assert errors(content) == [
        (
            f"{C}site.yaml:4: unknown key 'logo' ('logo' belongs one level up: it is probably indented too deep); "
            "allowed: email, form"
        )
    ]


# --- folders have no line ---------------------------------------------------------------------------


def test_folder_problems_have_no_line_number(make_project, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--content", "nowhere"])
    assert result.exit_code == 1 and result.stderr.splitlines()[0] == (
        'nowhere: content directory not found (to start a help center there: kbgen new site "Help Center" '
        "--content nowhere)"
    )
    content = make_project({"sections/01-orders/_section.yaml": None, "sections/01-orders/01-cancel.md": None})
    assert errors(content) == [f"{C}sections: missing sections/ folder: questions live in sections/NN-name/"]
    make_project(
        {
            "sections/02-Bad Name/01-x.md": question("question: What?\n"),
            "sections/03-track/_section.yaml": "title: T\n",
            "sections/01-orders/notes.txt": "x",
            "sections/01-orders/drafts/01-x.md": question("question: What?\n"),
        }
    )
    assert errors(content) == [
        f"{C}sections/01-orders/drafts: unexpected folder: a section holds _section.yaml and .md questions",
        f"{C}sections/01-orders/notes.txt: unexpected file: a section holds _section.yaml and .md questions",
        (
            f"{C}sections/02-Bad Name: section folder name gives slug 'Bad Name' is not URL-clean: use lower-case "
            "letters, digits and single hyphens (did you mean 'bad-name'?)"
        ),
        f"{C}sections/02-Bad Name/_section.yaml: missing _section.yaml: every section folder needs one",
        f"{C}sections/03-track: section slug 'track' is reserved for the site's own pages",
    ]


# --- every problem at once --------------------------------------------------------------------------


def test_a_broken_section_file_does_not_hide_its_questions_problems(make_project) -> None:
    content = make_project(
        {
            "sections/01-orders/_section.yaml": "title: Orders\ncolour: red\n",
            Q: question("question: How do I cancel?\nslug: cancel\n", ANSWER),
            "sections/01-orders/02-stop.md": question("question: How do I stop an order?\nslug: cancel\n", ANSWER),
        }
    )
    assert errors(content) == [
        f"{C}sections/01-orders/02-stop.md:3: question URL '/orders/cancel/' is already used by {C}{Q}:3",
        (
            f"{C}sections/01-orders/02-stop.md:5: warning: the answer repeats the answer in {C}{Q}:5 word for word: "
            "write the answer this question needs, or link to the other one"
        ),
        f"{C}sections/01-orders/_section.yaml:2: unknown key 'colour'; allowed: title, description, intro, aliases, icon, notice",
    ]


def test_a_broken_question_file_is_still_checked_against_the_others(make_project) -> None:
    content = make_project(
        {
            Q: question("question: How do I cancel?\n", ANSWER),
            "sections/01-orders/02-stop.md": question("question: How do I cancel?\nslug: cancel\ncolour: red\n"),
            "pages/cancel.md": question("title: Orders\nslug: orders\nsize: 3\n"),
        }
    )
    assert errors(content) == [
        f"{C}pages/cancel.md:3: page URL '/orders/' is already used by {C}sections/01-orders",
        f"{C}pages/cancel.md:4: unknown key 'size'; allowed: title, slug",
        f"{C}sections/01-orders/02-stop.md:2: warning: the same question is asked in {C}{Q}:2",
        f"{C}sections/01-orders/02-stop.md:3: question URL '/orders/cancel/' is already used by {C}{Q}:2",
        (
            f"{C}sections/01-orders/02-stop.md:4: unknown key 'colour'; allowed: question, slug, tags, updated, "
            "aliases, allow_warnings, promoted, related, publish, expire"
        ),
    ]


def test_a_broken_carrier_is_still_checked_against_the_others(make_project) -> None:
    carriers = (
        CARRIERS + "  - name: DHL\n    prefix: 1Z\n    website: https://dhl.com/\n    example: 1Z9\n    colour: y\n"
    )
    content = make_project({"carriers.yaml": carriers})
    found = errors(content)
    assert any("prefix '1Z' of carrier 'DHL' is already used by carrier 'UPS'" in line for line in found), found
    assert any("unknown key 'colour'" in line for line in found), found


def test_a_site_yaml_mistake_does_not_hide_its_nav_mistakes(make_project) -> None:
    site = "title: Test Help\ncolour: red\nnav:\n  - title: Typo\n    url: /order/\n"
    content = make_project({"site.yaml": site})
    found = errors(content)
    assert f"{C}site.yaml:5: nav link '/order/' is not a page of the site (did you mean '/orders/'?)" in found
    assert any(line.startswith(f"{C}site.yaml:2: unknown key 'colour'") for line in found)


# --- allowed warnings -------------------------------------------------------------------------------


def allowing_project(make_project, **more: str) -> Path:
    return make_project(
        {
            **more,
            Q: question("question: How do I cancel?\n", ANSWER),
            "sections/01-orders/02-stop.md": question(
                "question: How do I stop an order?\nallow_warnings: [duplicate-answer]\n", ANSWER
            ),
        }
    )


def test_allowed_warnings_are_counted_and_printed_only_with_verbose(make_project) -> None:
    allowing_project(make_project)
    build_args = ["build", "--content", "content", "--output", "out", "--base-url", "https://example.org/"]
    for args in (["check"], ["check", "--strict"], build_args, [*build_args, "--strict"]):
        result = CliRunner().invoke(main, args if args[0] == "build" else [*args, "--content", "content"])
        assert result.exit_code == 0, result.output
        assert "warning" not in result.stderr, args
        assert "1 allowed warning: --verbose shows it" in result.stdout, args
        verbose = CliRunner().invoke(
            main, [*args, "--verbose"] if args[0] == "build" else [*args, "-v", "--content", "content"]
        )
        assert verbose.stderr.startswith(f"{C}sections/01-orders/02-stop.md:5: warning (duplicate-answer, allowed)")
        assert "1 allowed warning" in verbose.stdout and "--verbose shows it" not in verbose.stdout


def test_allowed_warnings_beside_errors_are_counted_too(make_project) -> None:
    allowing_project(make_project, **{"sections/01-orders/03-x.md": question("questoin: What?\n")})
    result = CliRunner().invoke(main, ["check", "--content", "content"])
    assert result.exit_code == 1
    assert "warning (duplicate-answer, allowed)" not in result.stderr
    assert result.stderr.splitlines()[-1] == "Error: 2 error(s), 1 allowed warning: --verbose shows it"


def test_serve_prints_allowed_warnings_only_when_verbose(make_project) -> None:
    from kbgen.cli import _print_build
    from kbgen.serve.server import DevServer

    content = allowing_project(make_project)
    for verbose in (False, True):
        lines: list[tuple[str, bool]] = []
        printer = _print_build(verbose)
        server = DevServer(content, Path("out"), port=0, on_build=printer)
        try:
            runner = CliRunner()
            with runner.isolation() as (out, err, _):
                server.rebuild()
                server.rebuild()  # the note about the sitemap is printed once
                lines = [out.getvalue().decode(), err.getvalue().decode()]
        finally:
            server.close()
        stdout, stderr = lines
        assert stdout.count(", 1 allowed warning\n") == 2
        assert stderr.count("note: no sitemap.xml") == 1
        assert ("warning (duplicate-answer, allowed)" in stderr) is verbose
