"""Large help centers: the Markdown cache, parallel rendering, the fast YAML path, the A-Z home page.

Timings are bench/scale_bench.py's business; these tests check only that the
speed-ups never change a byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.load import yamlio
from kbgen.load.cache import CACHE_DIR, MARKDOWN_FILE
from kbgen.pipeline import build_site
from kbgen.render import pages as render
from kbgen.render.pages import render_site
from kbgen.render.theme import load_theme
from tests.conftest import CONTENT, page
from tests.support.corpus import generate_help_center, write_corpus

pytestmark = pytest.mark.slow


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated help center on disk: 90 questions, links between them, lists, emphasis."""
    return write_corpus(tmp_path_factory.mktemp("corpus"), 90)


def test_cached_build_is_byte_identical_to_a_cold_one(corpus: Path, tmp_path: Path) -> None:
    build_site(corpus, tmp_path / "cold" / "out", cache=False)
    assert not (tmp_path / "cold" / CACHE_DIR).exists()
    cache = tmp_path / "warm" / CACHE_DIR
    build_site(corpus, tmp_path / "warm" / "out", cache_dir=cache)  # fills the cache
    assert (cache / MARKDOWN_FILE).is_file()
    build_site(corpus, tmp_path / "warm" / "again", cache_dir=cache)  # reads it
    cold = tree(tmp_path / "cold" / "out")
    assert tree(tmp_path / "warm" / "out") == cold
    assert tree(tmp_path / "warm" / "again") == cold


def test_cache_entries_whose_links_now_resolve_elsewhere_are_not_used(make_project, tmp_path: Path) -> None:
    content = make_project(
        {
            "sections/01-orders/02-refund.md": "---\nquestion: How do refunds work?\n---\nSee [cancel](01-cancel.md).\n",
        }
    )
    output = tmp_path / "out"
    build_site(content, output)

    def answer_links() -> list[str]:
        return [a["href"] for a in page(output, "/orders/refund/").select(".prose a")]

    assert answer_links() == ["../../orders/cancel/"]
    cancel = content / "sections" / "01-orders" / "01-cancel.md"
    cancel.write_text(cancel.read_text(encoding="utf-8").replace("---\nquestion", "---\nslug: stop\nquestion"))
    build_site(content, output)  # the refund answer's text is unchanged, its link target moved
    assert answer_links() == ["../../orders/stop/"]
    build_site(content, tmp_path / "cold" / "out", cache=False)
    assert tree(output) == tree(tmp_path / "cold" / "out")


def test_an_unreadable_cache_only_costs_time(corpus: Path, tmp_path: Path) -> None:
    (tmp_path / CACHE_DIR).mkdir()
    (tmp_path / CACHE_DIR / MARKDOWN_FILE).write_text("{not json", encoding="utf-8")
    build_site(corpus, tmp_path / "out", cache_dir=tmp_path / CACHE_DIR)
    build_site(corpus, tmp_path / "cold", cache=False)
    assert tree(tmp_path / "out") == tree(tmp_path / "cold")


def test_parallel_rendering_gives_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    hc = generate_help_center(120)
    theme = load_theme()
    serial = render_site(hc, theme, workers=1)
    monkeypatch.setattr(render, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(render, "_CHUNK", 7)
    done: list[int] = []
    parallel = render_site(hc, theme, workers=2, progress=lambda n, total: done.append(n))
    assert parallel == serial
    assert done and done[-1] == len(render.page_specs(hc))


def test_large_home_page_is_an_a_to_z_index_and_headers_stay_small(tmp_path: Path) -> None:
    hc = generate_help_center(30 * 40)  # 40 sections
    files = dict(render_site(hc, load_theme()).files)
    (tmp_path / "index.html").write_bytes(files["index.html"])
    home = page(tmp_path, "/")
    assert not home.select(".topic-card h3 a[href^='s']"), "no card per section"
    links = home.select(".topic-index a")
    assert len(links) == 40
    letters = [a.get_text() for a in home.select(".letter-bar a")]
    assert letters == sorted(letters) and all(home.find(id=a["href"][1:]) for a in home.select(".letter-bar a"))
    question = next(name for name in files if name.count("/") == 2)
    (tmp_path / "q.html").write_bytes(files[question])
    header = page(tmp_path, "/q.html").select_one("header")
    assert len(header.select("a")) <= 5, "the header carries no per-section links"


def test_small_home_page_keeps_its_cards(built_site: Path) -> None:
    home = page(built_site, "/")
    assert home.select(".topic-card") and not home.select(".topic-index")


def _shipped_yaml_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CONTENT.rglob("*.yaml"))]
    for path in sorted(CONTENT.rglob("*.md")):
        lines = path.read_text(encoding="utf-8").split("\n")
        end = lines.index("---", 1)
        texts.append("\n".join(lines[1:end]))
    return texts


def test_libyaml_path_gives_the_same_values_and_lines_as_the_pure_python_one() -> None:
    fast = [yamlio.parse_yaml_uncached(text, 2) for text in _shipped_yaml_texts()]
    slow = [yamlio.parse_yaml_uncached(text, 2, fast=False) for text in _shipped_yaml_texts()]
    assert fast == slow

    def marks(value: object) -> object:
        if isinstance(value, dict):
            return (value.line, value.key_lines, {k: marks(v) for k, v in value.items()})  # type: ignore[attr-defined]
        if isinstance(value, list):
            return [marks(v) for v in value]
        return value

    assert [marks(v) for v in fast] == [marks(v) for v in slow]


@pytest.mark.parametrize("text", ["a: [1,\n", "a: b: c\n", "\tkey: 1\n", "k: 2025-13-01\n", "a: 1\na: 2\n"])
def test_yaml_errors_read_the_same_with_libyaml_there(text: str) -> None:
    with pytest.raises(yamlio.YamlSyntaxError) as fast:
        yamlio.parse_yaml_uncached(text)
    with pytest.raises(yamlio.YamlSyntaxError) as slow:
        yamlio.parse_yaml_uncached(text, fast=False)
    assert (str(fast.value), fast.value.line) == (str(slow.value), slow.value.line)
