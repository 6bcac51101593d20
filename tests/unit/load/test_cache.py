"""The fast load: Markdown rendered in parallel, YAML parses remembered, and the shortcuts on the way.

Timings are bench/load_bench.py's business; these tests check only that every
speed-up gives exactly what the plain way gives: the same model, the same
problems at the same lines, the same cache entries.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kbgen.errors import ContentError, Problem
from kbgen.load import cache, yamlio
from kbgen.load import markdown as markup
from kbgen.load.cache import CACHE_DIR, YAML_FILE, cached_markdown, save_markdown_cache
from kbgen.load.checks import (
    LONG_ANSWER_WORDS,
    QuestionText,
    _may_have_more_words,
    _normalise,
    _normalise_any,
    check_questions,
)
from kbgen.load.files import display_path
from kbgen.load.loader import load_help_center
from kbgen.load.schema import Report
from tests.conftest import CONTENT, REPO

SAME_ANSWER = "See [the first question](01-a.md) of this section: it says everything there is to say here.\n"
LINKED = {
    "sections/01-orders/_section.yaml": "title: Orders\nintro: |\n  Start with [cancel](01-cancel.md).\n",
    "sections/01-orders/01-a.md": "---\nquestion: What is A?\n---\nA is the first.\n",
    "sections/01-orders/02-same.md": "---\nquestion: Same here?\ntags: [x]\n---\n" + SAME_ANSWER,
    "sections/01-orders/03-links.md": (
        "---\nquestion: Where are the others?\nupdated: 2025-03-04\n---\n"
        "Go [there](../02-returns/01-a.md), [here](./01-a.md) or [round](../02-returns/../01-orders/01-a.md).\n\n"
        "A [plain](http://example.org/) link and the [tracker](/track/).\n"
    ),
    "sections/02-returns/_section.yaml": "title: Returns\naliases: [old-returns]\n",
    "sections/02-returns/01-a.md": "---\nquestion: What is A in returns?\nslug: a-returns\n---\nReturns A.\n",
    "sections/02-returns/02-same.md": "---\nquestion: Same here?\n---\n" + SAME_ANSWER,
    "sections/02-returns/03-crlf.md": b"\xef\xbb\xbf---\r\nquestion: Windows?\r\ntags: [a, b]\r\n---\r\nLine.\r\n",
    "pages/about.md": "---\ntitle: About\n---\nRead [returns](../sections/02-returns/01-a.md).\n",
}
CARRIERS = "carriers:\n  - name: X\n    prefix: X\n    website: https://x.org/\n    example: X1\n"
BROKEN = {
    "sections/01-orders/02-typo.md": "---\nquestion: Typo?\ntags: [a]\ntitel: x\n---\nText.\n",
    "sections/01-orders/03-type.md": "---\nquestion: Type?\n\nupdated: soon\n---\nText.\n",
    "sections/01-orders/04-syntax.md": "---\nquestion: Syntax?\ntags: [a\n---\nText.\n",
    "sections/01-orders/05-link.md": "---\nquestion: Link?\n---\nFirst.\n\n[Nowhere](/nowhere/)\n[a](01-cancl.md)\n",
    "sections/01-orders/06-alias.md": "---\nquestion: &q Alias?\nslug: *q\n---\nText.\n",
    "sections/02-more/_section.yaml": "title: More\ncolour: red\n",
    "sections/02-more/01-more.md": "---\nquestion: More?\n---\nText.\n",
}
BROKEN_ERRORS = [
    (
        "sections/01-orders/02-typo.md:4: unknown key 'titel'; allowed: question, slug, tags, updated, aliases, "
        "allow_warnings, promoted, related, publish, expire"
    ),
    "sections/01-orders/03-type.md:4: 'updated' must be a date (YYYY-MM-DD), not 'soon'",
    "sections/01-orders/04-syntax.md:3: YAML syntax error: expected ',' or ']', but got '<stream end>' (column 9)",
    # 02-more's _section.yaml has a mistake, but its URL is still checked against the others (and suggested)
    "sections/01-orders/05-link.md:6: link to '/nowhere/' does not match any page of the site (did you mean '/more/'?)",
    (
        "sections/01-orders/05-link.md:7: link to '01-cancl.md' does not resolve to a question or page "
        "(did you mean '01-cancel.md'?)"
    ),
    (
        "sections/01-orders/06-alias.md:3: slug 'Alias?' is not URL-clean: use lower-case letters, digits and "
        "single hyphens (did you mean 'alias'?)"
    ),
    "sections/02-more/_section.yaml:2: unknown key 'colour'; allowed: title, description, intro, aliases, icon, notice",
]


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def load(content: Path, **options) -> tuple[object, list[Problem]]:
    """The model (None when there are errors) and every problem, as load_help_center gives them."""
    try:
        return load_help_center(content, **options)
    except ContentError as err:
        return None, err.problems


#: Small projects take the parallel path, in small chunks.
MANY_RENDERS = markup.Sharing(min_documents=1, chunk=2)


def test_links_resolve_through_dot_dot_and_other_folders(make_project) -> None:
    hc, _ = load_help_center(make_project({**LINKED, "carriers.yaml": CARRIERS}))  # for /track/
    html = hc.sections[0].questions[3].answer_html
    assert html.count('href="kbroot:orders/a/"') == 2 and 'href="kbroot:returns/a-returns/"' in html
    assert 'href="kbroot:orders/cancel/"' in hc.sections[0].intro_html
    assert 'href="kbroot:returns/a-returns/"' in hc.pages[0].body_html


@pytest.mark.parametrize("files", [LINKED, BROKEN], ids=["valid", "broken"])
def test_parallel_load_gives_what_sequential_gives(make_project, files) -> None:
    content = make_project(files)
    sequential = load(content, workers=1, sharing=MANY_RENDERS)
    parallel = load(content, workers=2, sharing=MANY_RENDERS)
    assert repr(parallel) == repr(sequential)  # repr: sources and lines too, which == leaves out
    assert sequential[1], "the fixture has problems to compare"


#: Run in a fresh interpreter: the test process has threads (servers, browsers), and kbgen never forks then.
IN_OTHER_PROCESSES = """
import os
import subprocess
import sys
from kbgen.load import markdown as markup
from kbgen.util import processes as parallel
assert parallel.can_fork(2)
jobs = [(f"[{n}](q{n}.md)", lambda target: f"{os.getpid()}/{target}") for n in range(9)]
rendered = markup.render_recorded(jobs, workers=2, sharing=markup.Sharing(min_documents=1, chunk=2))
for n, (html, broken, links) in enumerate(rendered):
    [(target, url)] = links
    assert (target, url.split("/")[1], broken) == (f"q{n}.md", f"q{n}.md", [])
    assert html == f'<p><a href="kbroot:{url}">{n}</a></p>'
assert str(os.getpid()) not in {url.split("/")[0] for _, _, [(_, url)] in rendered}
print("ok")
"""


def test_parallel_renders_happen_in_other_processes_in_order() -> None:
    command = [sys.executable, "-c", IN_OTHER_PROCESSES]
    result = subprocess.run(command, check=False, capture_output=True, text=True, cwd=REPO)
    assert result.stdout == "ok\n", result.stderr


def test_parallel_load_fills_the_cache_as_sequential(make_project, tmp_path: Path) -> None:
    content = make_project(LINKED)
    caches = {}
    for workers in (1, 2):
        folder = tmp_path / f"cache-{workers}"
        with cached_markdown(folder) as cold:
            first = load(content, workers=workers, cache=cold, sharing=MANY_RENDERS)
        save_markdown_cache(cold, folder)
        with cached_markdown(folder) as warm:
            assert load(content, workers=workers, cache=warm, sharing=MANY_RENDERS) == first
        caches[workers] = (cold.used, cold.hits, cold.misses, warm.hits, warm.misses)
    assert caches[2] == caches[1]
    _, hits, misses, _, warm_misses = caches[1]
    # Both "same" answers share one text, and so one entry: the last one's. The first one's link resolves
    # to another URL, so a warm load renders it again, as a sequential one would.
    assert (hits, misses, warm_misses) == (0, 10, 1)


def test_a_cache_is_used_only_by_the_load_it_is_passed_to(make_project, tmp_path: Path) -> None:
    content = make_project(LINKED)
    with cached_markdown(tmp_path / CACHE_DIR) as cache:
        plain = load(content)
        assert (cache.hits, cache.misses, cache.yaml.hits, cache.yaml.misses) == (0, 0, 0, 0)
        assert repr(load(content, cache=cache)) == repr(plain)
        assert cache.misses > 0 and cache.yaml.misses == 11


def test_yaml_cache_gives_the_same_model_and_lines(make_project, tmp_path: Path) -> None:
    content = make_project(LINKED)
    plain = load(content)
    folder = tmp_path / CACHE_DIR
    with cached_markdown(folder) as cold:
        assert repr(load(content, cache=cold)) == repr(plain)
    save_markdown_cache(cold, folder)
    assert cold.yaml.misses == len(json.loads((folder / YAML_FILE).read_text(encoding="utf-8"))["entries"]) == 11
    with cached_markdown(folder) as warm:
        assert repr(load(content, cache=warm)) == repr(plain)
    assert (warm.yaml.hits, warm.yaml.misses) == (11, 0)


def test_yaml_cache_keeps_error_lines(make_project, tmp_path: Path) -> None:
    content = make_project(BROKEN)
    folder = tmp_path / CACHE_DIR
    for _ in range(2):  # fills the cache, then reads it
        with cached_markdown(folder) as used:
            _, problems = load(content, cache=used)
        save_markdown_cache(used, folder)
        assert [str(p).removeprefix("content/") for p in problems] == BROKEN_ERRORS
    assert (used.yaml.hits, used.yaml.misses) == (9, 1)  # the syntax error is parsed again, to be reported again
    assert repr(load(content)) == repr((None, problems))


def test_yaml_strings_no_utf8_file_can_hold_are_remembered_too(make_project, tmp_path: Path) -> None:
    content = make_project({"sections/01-orders/01-cancel.md": '---\nquestion: "Odd \\ud800?"\n---\nText.\n'})
    plain = repr(load(content))
    folder = tmp_path / CACHE_DIR
    for _ in range(2):
        with cached_markdown(folder) as used:
            assert repr(load(content, cache=used)) == plain
        save_markdown_cache(used, folder)
    assert used.yaml.hits == 3


def test_yaml_values_written_down_and_read_back_keep_values_and_lines() -> None:
    texts = [*shipped_yaml_texts(), "a: 1\nb: [1.5, true, null, 2025-01-02]\n3: {x: {y: [z]}}\nnull: ~\n"]
    for text in texts:
        parsed = yamlio.parse_yaml_uncached(text, first_line=2)
        data = json.loads(json.dumps(yamlio.to_plain(parsed, -1)))
        again = yamlio.from_plain(data, 1)
        assert again == parsed and marks(again) == marks(parsed)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [1]\nb: *x\n",
        "when: 2025-01-02 10:00:00\n",
        "s: !!set {a, b}\n",
        "b: !!binary aGk=\n",
        "p: !!pairs [a: 1]\n",
    ],
)
def test_values_yaml_cannot_write_down_exactly_are_parsed_each_time(text: str) -> None:
    with pytest.raises(yamlio.NotPlain):
        yamlio.to_plain(yamlio.parse_yaml_uncached(text))
    remembered = cache.YamlCache()
    first = remembered.parse(text, 2, yamlio.parse_yaml_uncached)
    assert not remembered.used
    assert marks(first) == marks(yamlio.parse_yaml_uncached(text, 2))


def test_a_damaged_yaml_cache_only_costs_time(make_project, tmp_path: Path) -> None:
    content = make_project(LINKED)
    plain = repr(load(content))
    folder = tmp_path / CACHE_DIR
    with cached_markdown(folder) as filled:
        load(content, cache=filled)
    save_markdown_cache(filled, folder)
    data = json.loads((folder / YAML_FILE).read_text(encoding="utf-8"))
    damage = [{"m": 5}, {"x": 1}, {"d": "someday"}, {"m": [1, [[["list"], 1, 2]]]}, {"m": [1, [[1, 2]]]}]
    data["entries"] = {key: damage[n % len(damage)] for n, key in enumerate(sorted(data["entries"]))}
    (folder / YAML_FILE).write_text(json.dumps(data), encoding="utf-8")
    with cached_markdown(folder) as damaged:
        assert repr(load(content, cache=damaged)) == plain
    assert (damaged.yaml.hits, damaged.yaml.misses) == (0, 11)
    (folder / YAML_FILE).write_text("{not json", encoding="utf-8")
    with cached_markdown(folder) as unreadable:
        assert repr(load(content, cache=unreadable)) == plain


def shipped_yaml_texts() -> list[str]:
    """The YAML files and front matter blocks of the shipped content."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(CONTENT.rglob("*.yaml"))]
    for path in sorted(CONTENT.rglob("*.md")):
        lines = path.read_text(encoding="utf-8").split("\n")
        texts.append("\n".join(lines[1 : lines.index("---", 1)]))
    return texts


def marks(value: object) -> object:
    """A parsed value with the line marks of every mapping spelt out, for comparing."""
    if isinstance(value, dict):
        return (value.line, value.key_lines, {k: marks(v) for k, v in value.items()})  # type: ignore[attr-defined]
    if isinstance(value, list):
        return [marks(v) for v in value]
    return (type(value).__name__, value)


def test_ascii_shortcut_of_normalise_matches_the_general_way() -> None:
    texts = [f"{a}{chr(c)}{b}{chr(c)}{chr(c)}" for c in range(128) for a in ("x", " ", "'", "Q") for b in ("y", "  ")]
    texts += ["", "   ", 'Hello, World!  It\'s `here` -- "quoted"\t\nNEXT_line 42.', "a\x1cb\x1fc\x0bd"]
    for text in texts:
        assert _normalise(text) == _normalise_any(text), repr(text)


def test_long_answers_are_counted_exactly() -> None:
    def warned(answer: str) -> bool:
        report = Report()
        check_questions([QuestionText("q.md", "Q?", 2, answer, 5)], report)
        return any(p.code == "long-answer" for p in report.problems)

    for separator in (" ", "\n", "\t", " \x1c ", "\x1f"):
        assert not warned(separator.join(["word"] * LONG_ANSWER_WORDS))
        assert warned(separator.join(["word"] * (LONG_ANSWER_WORDS + 1)))
    assert warned("\u00a0".join(["mot"] * (LONG_ANSWER_WORDS + 1)))  # a non-breaking space splits words too
    assert not _may_have_more_words("one two three", 3)
    assert _may_have_more_words("one two three four", 3) and _may_have_more_words("café", 3)


@pytest.mark.parametrize("where", ["above", "inside", "sibling", "sibling-relative"])
def test_problem_paths_read_as_display_path_gives_them(make_project, tmp_path: Path, monkeypatch, where) -> None:
    content = make_project(BROKEN)
    given = content
    if where == "inside":
        monkeypatch.chdir(content)
    elif where.startswith("sibling"):
        (tmp_path / "elsewhere").mkdir()
        monkeypatch.chdir(tmp_path / "elsewhere")
        given = Path("../content") if where == "sibling-relative" else content
    _, problems = load(given)
    expected = [display_path(given / error.split(":")[0]) + ":" + error.split(":", 1)[1] for error in BROKEN_ERRORS]
    assert [str(p) for p in problems] == expected


def test_the_garbage_collector_runs_again_after_any_load(make_project) -> None:
    assert gc.isenabled()
    load_help_center(make_project())
    assert gc.isenabled()
    gc.disable()
    try:
        load_help_center(make_project())
        assert not gc.isenabled(), "a collector paused by the caller stays paused"
    finally:
        gc.enable()
    load(make_project(BROKEN))  # raises inside
    assert gc.isenabled()


def test_a_rebuild_in_the_same_process_takes_the_kept_entries_as_the_file_would_give_them(
    make_project, tmp_path: Path, monkeypatch
) -> None:
    content = make_project(LINKED)
    folder = tmp_path / CACHE_DIR
    with cached_markdown(folder) as cold:
        plain = repr(load(content, cache=cold))
    save_markdown_cache(cold, folder)
    results = {}
    for kept in (True, False):
        if not kept:
            monkeypatch.setattr(cache, "_KNOWN", {})  # as a new process: the files are read
        with cached_markdown(folder) as warm:
            assert repr(load(content, cache=warm)) == plain
        results[kept] = (warm.hits, warm.misses, warm.yaml.hits, warm.yaml.misses, sorted(warm.used))
    assert results[True] == results[False] == (9, 1, 11, 0, sorted(cold.used))
    # a file changed since (here: of another version) is read again, whatever this process kept
    for name in (cache.MARKDOWN_FILE, YAML_FILE):
        data = json.loads((folder / name).read_text(encoding="utf-8"))
        (folder / name).write_text(json.dumps({**data, "version": "other"}), encoding="utf-8")
    with cached_markdown(folder) as stale:
        assert repr(load(content, cache=stale)) == plain
    assert (stale.hits, stale.yaml.hits) == (0, 0)
