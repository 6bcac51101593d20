"""Scale benchmark: generated help centers built with the real `kbgen build`, then searched in Chromium.

For each size it writes a content folder (tests/support/corpus.py: 10,000 questions in
309 sections, answers of 40-250 words) and measures, each in a fresh process:

- cold build (no output, no `.kbgen-cache/`), a rebuild with nothing changed
  (cache and output there), and a rebuild after editing one answer: median of
  `--runs`;
- peak memory (ru_maxrss) of the build process and of its largest worker;
- output: bytes of every file, the number of files, and the disk they take;
- search, on the site served over HTTP in headless Chromium (Debian's): for
  `--browser-queries` shopper-like queries, each in a fresh browser context
  (empty cache), typed into the header search box of a section page: the
  gzipped bytes of everything the search fetched (the engine's modules,
  lunr.min.js, index, term shards, document files; gzip -9, as a static host
  serves them) and the time
  from the last key to the first result on screen (80 ms of it is the typing
  debounce);
- query time in the browser: `--queries` queries run by search/engine.js in
  the page, with their shards loaded (best of three): p50 and p95.

With `--mkdocs-venv DIR` (a venv where `pip install mkdocs` was run), the same
corpus is also built with MkDocs (one page per question, its default theme, a
nav of the sections) and the ratio printed.

    python bench/scale_bench.py                          # 1,000 and 10,000 questions
    python bench/scale_bench.py --sizes 1000 --runs 3
    python bench/scale_bench.py --mkdocs-venv /tmp/mkdocs-venv
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tests.support.corpus import make_queries, write_corpus

CHROMIUM = os.environ.get("KBGEN_CHROMIUM", "/usr/bin/chromium")
#: Runs `kbgen build` (the CLI) in this process and reports its peak memory.
BUILD_CHILD = r"""
import json, resource, sys, time
from kbgen.cli import main
started = time.perf_counter()
main(["build", "-q", "--content", sys.argv[1], "--output", sys.argv[2], "--cache-dir", sys.argv[3]],
     standalone_mode=False)
print(json.dumps({
    "seconds": time.perf_counter() - started,
    "self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "workers_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}))
"""
MKDOCS_CHILD = r"""
import json, resource, subprocess, sys, time
started = time.perf_counter()
subprocess.run([sys.argv[1], "build", "-q", "-f", sys.argv[2]], check=True)
print(json.dumps({"seconds": time.perf_counter() - started,
                  "workers_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "self_kb": 0}))
"""


@dataclass
class Row:
    """One help center's figures."""

    questions: int
    cold_s: float = 0.0
    warm_s: float = 0.0
    edit_s: float = 0.0
    main_mb: float = 0.0
    worker_mb: float = 0.0
    output_mb: float = 0.0
    disk_mb: float = 0.0
    files: int = 0
    search_kb: list[float] = field(default_factory=list)
    first_ms: list[float] = field(default_factory=list)
    query_ms: list[float] = field(default_factory=list)
    mkdocs: dict[str, float] = field(default_factory=dict)


def run_build(code: str, *args: str) -> dict:
    """Run a build child; its JSON report, wall time included."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr[-3000:]}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    report["wall"] = time.perf_counter() - started
    return report


def measure_builds(row: Row, content: Path, output: Path, runs: int) -> None:
    """Cold, warm and edit-one-answer builds, medians of `runs`; peak memory of the cold ones."""
    cache = output.parent / ".kbgen-cache"
    cold, memory = [], []
    for _ in range(runs):
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        report = run_build(BUILD_CHILD, str(content), str(output), str(cache))
        cold.append(report["wall"])
        memory.append((report["self_kb"], report["workers_kb"]))
    warm = [run_build(BUILD_CHILD, str(content), str(output), str(cache))["wall"] for _ in range(runs)]
    answers = sorted((content / "sections").glob("*/*.md"))
    answer = answers[len(answers) // 2]
    original = answer.read_text(encoding="utf-8")
    edits = []
    try:
        for number in range(runs):
            answer.write_text(original.rstrip("\n") + f" Edited {number}: now shipped in two days.\n", encoding="utf-8")
            edits.append(run_build(BUILD_CHILD, str(content), str(output), str(cache))["wall"])
    finally:
        answer.write_text(original, encoding="utf-8")
    run_build(BUILD_CHILD, str(content), str(output), str(cache))
    row.cold_s, row.warm_s, row.edit_s = (statistics.median(x) for x in (cold, warm, edits))
    row.main_mb = max(m for m, _ in memory) / 1024
    row.worker_mb = max(w for _, w in memory) / 1024
    sizes = [(p.stat().st_size, p.stat().st_blocks * 512) for p in output.rglob("*") if p.is_file()]
    row.files = len(sizes)
    row.output_mb = sum(s for s, _ in sizes) / 1e6
    row.disk_mb = (sum(b for _, b in sizes) + sum(4096 for p in output.rglob("*") if p.is_dir())) / 1e6


def gzip_size(data: bytes) -> int:
    """Bytes after gzip -9, as a static host would serve the file."""
    return len(gzip.compress(data, 9, mtime=0))


def measure_search(row: Row, output: Path, typed: list[str], timed: list[str]) -> None:
    """Bytes and time of a first search per query (cold cache), and query times with data loaded."""
    from playwright.sync_api import sync_playwright

    from kbgen.util.static_host import make_server

    server = make_server(output, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    section = next(
        p.parent.name for p in sorted(output.glob("*/index.html")) if p.parent.name not in {"search", "track"}
    )
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            for query in typed:
                context = browser.new_context(viewport={"width": 375, "height": 812})
                tab = context.new_page()
                tab.goto(f"{base}{section}/")
                tab.wait_for_load_state("networkidle")
                fetched: list = []
                tab.on("response", functools.partial(_keep_search_response, fetched))
                tab.locator(".header-search-link").click()  # on a phone the header's box opens from its search link
                box = tab.locator("#site-search")
                box.click()
                box.press_sequentially(query, delay=40)
                last_key = time.perf_counter()
                tab.locator("#site-search-suggest [role=option], #site-search-suggest .search-empty").first.wait_for()
                row.first_ms.append((time.perf_counter() - last_key) * 1000)
                tab.wait_for_load_state("networkidle")
                row.search_kb.append(sum(gzip_size(r.body()) for r in fetched) / 1024)
                context.close()
            tab = browser.new_page()
            tab.goto(f"{base}search/")  # the page that preloads the engine's modules, which QUERY_TIMES imports
            row.query_ms = tab.evaluate(QUERY_TIMES, timed)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()


def _keep_search_response(kept: list, response) -> None:
    url = response.url
    if any(part in url for part in ("/assets/search/", "/search/index.json", "lunr", "/assets/js/search/")):
        kept.append(response)


#: In the page: the engine of search/engine.js (the page's own module) over the served index; per query, best of three of the
#: synchronous work (query building, expansion, ranking) once its shards are loaded.
QUERY_TIMES = """async (queries) => {
  const body = document.body;
  const lunrUrl = body.getAttribute("data-lunr"), indexUrl = new URL(body.getAttribute("data-search-index"), document.baseURI);
  const partsUrl = new URL(body.getAttribute("data-search-parts"), document.baseURI);
  await new Promise((ok, fail) => { const s = document.createElement("script"); s.src = lunrUrl; s.onload = ok; s.onerror = fail; document.head.appendChild(s); });
  const json = (url) => fetch(url).then((r) => r.json());
  const { createEngine } = await import(document.querySelector('link[rel=modulepreload][href*="/search/engine."]').href);
  const engine = createEngine(await json(indexUrl.href), window.lunr, (name) => json(new URL(name, partsUrl).href));
  const times = [];
  for (const q of queries) {
    await engine.search(q, 6);
    let best = Infinity;
    for (let round = 0; round < 3; round++) {
      const t0 = performance.now();
      const expansion = await engine.prepare(q);
      engine.reRank(expansion, 50);  // the search page's PAGE_LIMIT: it never ranks past it
      best = Math.min(best, performance.now() - t0);
    }
    times.push(best);
  }
  return times;
}"""


def write_mkdocs_project(content: Path, folder: Path) -> Path:
    """The corpus as an MkDocs project: one page per question, a folder per section; its mkdocs.yml."""
    import yaml

    docs = folder / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Generated Help Center\n", encoding="utf-8")
    nav: list[dict[str, str]] = [{"Home": "index.md"}]
    for section in sorted((content / "sections").iterdir()):
        target = docs / section.name
        target.mkdir()
        meta = yaml.safe_load((section / "_section.yaml").read_text(encoding="utf-8"))
        nav.append({meta["title"]: f"{section.name}/index.md"})
        (target / "index.md").write_text(f"# {meta['title']}\n\n{meta.get('intro', '')}\n", encoding="utf-8")
        for question in sorted(section.glob("*.md")):
            _, front, body = question.read_text(encoding="utf-8").split("---\n", 2)
            title = yaml.safe_load(front)["question"]
            (target / question.name).write_text(f"# {title}\n\n{body}", encoding="utf-8")
    config = folder / "mkdocs.yml"
    # The nav lists the sections only (every page then carries 309 links at 10,000 questions): a nav of
    # every page would put 10,000 links in each of 10,000 pages (tens of GB).
    settings = {"site_name": "Generated Help Center", "use_directory_urls": True, "nav": nav}
    config.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return config


def measure_mkdocs(row: Row, content: Path, venv: Path, work: Path) -> None:
    """Cold build of the same corpus with MkDocs: time, peak memory, output size."""
    folder = work / "mkdocs"
    config = write_mkdocs_project(content, folder)
    report = run_build(MKDOCS_CHILD, str(venv / "bin" / "mkdocs"), str(config))
    site = folder / "site"
    sizes = [p.stat().st_size for p in site.rglob("*") if p.is_file()]
    row.mkdocs = {"seconds": report["wall"], "mb": report["workers_kb"] / 1024, "output_mb": sum(sizes) / 1e6}


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0


def format_table(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    lines = [
        (
            "| questions | cold build | rebuild, no change | rebuild, one answer edited | peak RSS main / worker"
            " | output (files, disk)"
            " | first search fetches, gzip (median / max) | first result after last key (median / p95)"
            " | query p50 / p95 (browser) |"
        ),
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r.questions:,} | {r.cold_s:.1f} s | {r.warm_s:.1f} s | {r.edit_s:.1f} s"
            f" | {r.main_mb:.0f} / {r.worker_mb:.0f} MB | {r.output_mb:.0f} MB ({r.files:,} files, {r.disk_mb:.0f} MB)"
            f" | {statistics.median(r.search_kb):.0f} / {max(r.search_kb):.0f} KB"
            f" | {statistics.median(r.first_ms):.0f} / {_pct(r.first_ms, 95):.0f} ms"
            f" | {_pct(r.query_ms, 50):.1f} / {_pct(r.query_ms, 95):.1f} ms |"
        )
    mk = [r for r in rows if r.mkdocs]
    if mk:
        lines += ["", "| questions | MkDocs build | MkDocs peak RSS | MkDocs output | kbgen cold build / MkDocs |"]
        lines.append("| ---: | ---: | ---: | ---: | ---: |")
        for r in mk:
            lines.append(
                f"| {r.questions:,} | {r.mkdocs['seconds']:.1f} s | {r.mkdocs['mb']:.0f} MB"
                f" | {r.mkdocs['output_mb']:.0f} MB | {r.cold_s / r.mkdocs['seconds']:.2f} |"
            )
    return "\n".join(lines)


def main() -> None:
    """Parse options, measure each size, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000])
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind (median)")
    parser.add_argument("--browser-queries", type=int, default=20, help="first searches, each in a fresh context")
    parser.add_argument("--queries", type=int, default=200, help="queries timed in the page")
    parser.add_argument("--mkdocs-venv", type=Path, default=None)
    parser.add_argument("--keep", type=Path, default=None, help="work folder to keep (default: a temporary one)")
    args = parser.parse_args()
    rows = []
    work_root = args.keep or Path(tempfile.mkdtemp(prefix="kbgen-scale-"))
    try:
        for size in args.sizes:
            work = work_root / f"q{size}"
            shutil.rmtree(work, ignore_errors=True)
            content = write_corpus(work, size)
            row = Row(size)
            print(f"{size:,} questions: building...", file=sys.stderr)
            measure_builds(row, content, work / "output", args.runs)
            from kbgen.load.loader import load_help_center

            hc, _ = load_help_center(content)
            queries = make_queries(hc, max(args.queries, args.browser_queries))
            print(f"{size:,} questions: searching in Chromium...", file=sys.stderr)
            measure_search(row, work / "output", queries[: args.browser_queries], queries[: args.queries])
            if args.mkdocs_venv is not None and (args.mkdocs_venv / "bin" / "mkdocs").exists():
                print(f"{size:,} questions: MkDocs...", file=sys.stderr)
                measure_mkdocs(row, content, args.mkdocs_venv, work)
            rows.append(row)
            print(format_table([row]), file=sys.stderr)
    finally:
        if args.keep is None:
            shutil.rmtree(work_root, ignore_errors=True)
    print(format_table(rows))


if __name__ == "__main__":
    main()
