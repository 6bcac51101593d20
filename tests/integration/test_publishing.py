"""What a build publishes: dates on pages, redirects from aliases, the URL manifest and --previous, _headers, the build report."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import _LazyProgress, main
from kbgen.errors import ContentError, KbgenError
from kbgen.load.loader import load_help_center
from kbgen.pipeline import build_site
from kbgen.publish.hosting import CONTENT_SECURITY_POLICY
from kbgen.publish.manifest import load_manifest
from tests.conftest import REPO, page
from tests.integration.test_build import tree_digest
from tests.support.gitrepo import CANCEL, RETURNS, git

VNU_JAR = REPO / "theme" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_shallow_clone_is_a_warning(repo_project: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{tmp_path}", str(clone))
    _, warnings = load_help_center(clone / "content")
    assert any("shallow git clone" in w.message for w in warnings)
    with pytest.raises(ContentError, match="shallow git clone"):
        build_site(clone / "content", tmp_path / "out", strict=True)


def test_dates_on_question_pages_and_in_the_sitemap(repo_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(repo_project, out, base_url="https://example.org/help/")
    shown = page(out, "/orders/cancel/").select_one(".updated")
    assert shown.get_text(" ", strip=True) == "Updated 3 February 2025"
    assert shown.time["datetime"] == "2025-02-03"
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/help/orders/cancel/</loc><lastmod>2025-02-03</lastmod>" in sitemap
    assert "<loc>https://example.org/help/returns/</loc><lastmod>2025-01-06</lastmod>" in sitemap
    assert "<loc>https://example.org/help/</loc><lastmod>2025-02-03</lastmod>" in sitemap
    assert "<loc>https://example.org/help/search/</loc></url>" in sitemap


def test_two_fresh_clones_build_byte_identical(tmp_path: Path, monkeypatch) -> None:
    trees = []
    for name in ("a", "b"):
        clone = tmp_path / name
        git(tmp_path, "clone", "-q", "--no-hardlinks", str(REPO), str(clone))
        monkeypatch.chdir(clone)
        build_site(Path("content"), tmp_path / f"out-{name}", base_url="https://example.org/help/")
        trees.append(tree_digest(tmp_path / f"out-{name}"))
    assert trees[0] == trees[1]
    assert "manifest.json" in trees[0] and "_headers" in trees[0]


ALIASED = {
    CANCEL: "---\nquestion: How do I cancel?\naliases: [old-orders/cancelling, faq/cancel/]\n---\nEmail us.\n",
    "sections/01-orders/_section.yaml": "title: Orders\naliases: [purchases]\n",
}


def test_aliases_become_redirect_pages(make_project, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(make_project(ALIASED), out, base_url="https://example.org/help/")
    soup = page(out, "/old-orders/cancelling/")
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh["content"] == "0; url=../../orders/cancel/"
    assert soup.find("link", rel="canonical")["href"] == "https://example.org/help/orders/cancel/"
    link = soup.select_one("main a")
    assert link["href"] == "../../orders/cancel/" and link.get_text() == "How do I cancel?"
    assert soup.find("script") is None and soup.html["lang"] == "en"
    section = page(out, "/purchases/")
    assert section.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=../orders/"
    assert (out / "_redirects").read_text(encoding="utf-8").splitlines()[1:] == [
        "/help/faq/cancel/ /help/orders/cancel/ 301",
        "/help/old-orders/cancelling/ /help/orders/cancel/ 301",
        "/help/purchases/ /help/orders/ 301",
    ]
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "old-orders" not in sitemap and "purchases" not in sitemap


@pytest.mark.slow
def test_redirect_pages_are_valid_html(make_project, tmp_path: Path) -> None:
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        pytest.fail("the Nu HTML Checker needs java and theme/node_modules/vnu-jar (npm ci --prefix theme)")
    out = tmp_path / "out"
    build_site(make_project(ALIASED), out, base_url="https://example.org/help/")
    pages = [str(out / alias / "index.html") for alias in ("faq/cancel", "old-orders/cancelling", "purchases")]
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", *pages], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr


def test_redirect_without_base_url_stays_relative(make_project, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(make_project(ALIASED), out)
    soup = page(out, "/faq/cancel/")
    assert soup.find("link", rel="canonical")["href"] == "../../orders/cancel/"
    assert "/faq/cancel/ /orders/cancel/ 301" in (out / "_redirects").read_text(encoding="utf-8")


def test_manifest_lists_every_page_and_redirect(make_project, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(make_project({**ALIASED, **RETURNS}), out)
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    html = {
        p.relative_to(out).as_posix().removesuffix("index.html") for p in out.rglob("*.html") if p.name != "404.html"
    }
    pages = {url for url, entry in data["urls"].items() if entry["kind"] != "data"}
    assert pages == html
    assert {url for url, entry in data["urls"].items() if entry["kind"] == "data"} == {
        p.relative_to(out).as_posix()
        for p in [*out.rglob("*.md"), *out.glob("llms*.txt"), *out.rglob("api/v1/**/*.json")]
    }
    assert data["urls"]["orders/cancel/"] == {
        "kind": "question",
        "title": "How do I cancel?",
        "source": CANCEL,
        "answer": data["urls"]["orders/cancel/"]["answer"],
    }
    assert data["urls"]["purchases/"] == {"kind": "redirect", "title": "Orders", "to": "orders/"}
    assert not any(url.startswith("assets/") for url in data["urls"])


def previous_manifest(content: Path, tmp_path: Path) -> Path:
    """Build `content` once and keep its manifest, as CI keeps the live site's."""
    build_site(content, tmp_path / "live")
    kept = tmp_path / "previous-manifest.json"
    kept.write_bytes((tmp_path / "live" / "manifest.json").read_bytes())
    return kept


def lost(content: Path, tmp_path: Path, previous: Path) -> list[str]:
    result = build_site(content, tmp_path / "out", previous=previous)
    return [str(w) for w in result.warnings if "published before" in w.message]


def test_renamed_slug_is_reported_with_its_new_home(make_project, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    content = make_project(RETURNS)
    previous = previous_manifest(content, tmp_path)
    (content / CANCEL).write_text(
        "---\nquestion: How do I cancel?\nslug: cancel-order\n---\nEmail us.\n", encoding="utf-8"
    )
    assert lost(content, tmp_path, previous) == [
        (
            "content/sections/01-orders/01-cancel.md:2: warning: '/orders/cancel/' was published before but is gone, "
            "and no alias keeps it working; likely new home: '/orders/cancel-order/' (same source file): "
            "add 'orders/cancel' to its aliases"
        )
    ]
    (content / CANCEL).write_text(
        "---\nquestion: How do I cancel?\nslug: cancel-order\naliases: [orders/cancel]\n---\nEmail us.\n",
        encoding="utf-8",
    )
    assert lost(content, tmp_path, previous) == []


def test_moved_question_is_found_by_its_text(make_project, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    content = make_project(RETURNS)
    previous = previous_manifest(content, tmp_path)
    (content / "sections/02-returns/01-start-return.md").rename(content / "sections/01-orders/02-start-return.md")
    assert lost(content, tmp_path, previous) == [
        (
            "content/sections/01-orders/02-start-return.md:2: warning: '/returns/start-return/' was published before "
            "but is gone, and no alias keeps it working; likely new home: '/orders/start-return/' "
            "(same question text): add 'returns/start-return' to its aliases"
        )
    ]


def test_retitled_question_is_found_by_its_answer(make_project, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    content = make_project(RETURNS)
    previous = previous_manifest(content, tmp_path)
    (content / CANCEL).unlink()
    (content / "sections/01-orders/03-stop.md").write_text(
        "---\nquestion: Can I stop an order?\n---\nEmail  us.\n", encoding="utf-8"
    )
    [message] = lost(content, tmp_path, previous)
    assert "likely new home: '/orders/stop/' (same answer)" in message


def test_deleted_question_points_at_the_previous_manifest(make_project, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    content = make_project(RETURNS)
    previous = previous_manifest(content, tmp_path)
    (content / "sections/02-returns/01-start-return.md").unlink()
    line = next(
        n
        for n, row in enumerate(previous.read_text().splitlines(), 1)
        if row.strip().startswith('"returns/start-return/"')
    )
    [message] = lost(content, tmp_path, previous)
    assert message.startswith(f"previous-manifest.json:{line}: warning: '/returns/start-return/' was published before")
    assert "no page looks like its new home: add 'returns/start-return' to the aliases" in message
    # The fix the message asks for: the section now answers the old URL.
    (content / "sections/02-returns/_section.yaml").write_text(
        "title: Returns\naliases: [returns/start-return]\n", encoding="utf-8"
    )
    assert lost(content, tmp_path, previous) == []


def test_lost_url_is_an_error_under_strict_and_nothing_is_written(make_project, tmp_path: Path) -> None:
    content = make_project(RETURNS)
    previous = previous_manifest(content, tmp_path)
    out = tmp_path / "out"
    build_site(content, out)
    before = tree_digest(out)
    (content / "sections/02-returns/01-start-return.md").unlink()
    with pytest.raises(ContentError, match="was published before"):
        build_site(content, out, strict=True, previous=previous)
    assert tree_digest(out) == before
    result = CliRunner().invoke(
        main, ["build", "--content", str(content), "--output", str(out), "--strict", "--previous", str(previous)]
    )
    assert result.exit_code == 1
    assert "'/returns/start-return/' was published before" in result.output
    assert "Error: 0 error(s), 1 warning(s) (strict)" in result.output


def test_previous_manifest_must_exist_and_be_one(make_project, tmp_path: Path) -> None:
    content = make_project()
    args = ["build", "--content", str(content), "--output", str(tmp_path / "out"), "--previous"]
    assert CliRunner().invoke(main, [*args, str(tmp_path / "missing.json")]).exit_code == 2
    bogus = tmp_path / "bogus.json"
    bogus.write_text('{"urls": []}', encoding="utf-8")
    result = CliRunner().invoke(main, [*args, str(bogus)])
    assert result.exit_code == 1 and "not a kbgen manifest" in result.output
    with pytest.raises(KbgenError):
        load_manifest(bogus)


def test_quiet_prints_nothing_on_success(make_project, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, build_args(make_project(), tmp_path, "--quiet"))
    assert result.exit_code == 0 and result.output == ""


def test_verbose_prints_every_stage(make_project, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, build_args(make_project(ALIASED), tmp_path, "--verbose"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Built ") and "+ 3 redirect(s)" in lines[0]
    assert [line.split()[0] for line in lines[1:]] == ["load", "search", "render", "search", "write"]


def test_progress_bar_only_for_slow_builds(make_project, tmp_path: Path, monkeypatch) -> None:
    fast = CliRunner().invoke(main, build_args(make_project(), tmp_path))
    assert "Building" not in fast.output
    monkeypatch.setattr(_LazyProgress, "DELAY", 0.0)
    slow = CliRunner().invoke(main, build_args(make_project(), tmp_path))
    assert slow.exit_code == 0 and "Building" in slow.stderr
    quiet = CliRunner().invoke(main, build_args(make_project(), tmp_path, "--quiet"))
    assert quiet.output == ""


def test_headers_make_hashed_assets_immutable(built_site: Path) -> None:
    headers = (built_site / "_headers").read_text(encoding="utf-8")
    rules = parse_headers(headers)
    assert rules["/assets/*"] == {"Cache-Control": "public, max-age=31536000, immutable"}
    assert rules["/*"]["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "Cache-Control" not in rules["/*"], "HTML must keep the host's revalidating default"
    for asset in (built_site / "assets").rglob("*"):
        if asset.is_file():
            assert len(asset.name.split(".")) >= 3 and len(asset.name.split(".")[-2]) == 10, asset.name


def parse_headers(text: str) -> dict[str, dict[str, str]]:
    """A `_headers` file as {path pattern: {name: value}}."""
    rules: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = rules.setdefault(line.strip(), {})
        else:
            name, _, value = line.strip().partition(": ")
            current[name] = value
    return rules


def build_args(content: Path, tmp_path: Path, *extra: str) -> list[str]:
    return ["build", "--content", str(content), "--output", str(tmp_path / "out"), *extra]


def test_quiet_and_verbose_together_is_a_usage_error(make_project, tmp_path: Path) -> None:
    assert CliRunner().invoke(main, build_args(make_project(), tmp_path, "-q", "-v")).exit_code == 2
