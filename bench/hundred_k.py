"""100,000 questions: one generated help center built cold, then searched in Chromium.

Writes a content folder like the other benchmarks (tests/support/corpus.py; at
100,000 questions 3,090 sections), then measures:

- the cold build with the real `kbgen build -v` in a fresh process (no output,
  no cache): wall time, its stage lines, and peak memory: ru_maxrss of the
  build process and of its largest worker (each counts the pages a worker
  shares with the process it was forked from), and the peak of the build's
  processes together, their PSS summed (a shared page counted once, split
  between its sharers), sampled every 0.2 s from /proc where there is one;
- the output: files (the search files among them), bytes, the largest file, the most entries in one folder,
  and the files a host with a per-file cap would refuse (25 MiB: Cloudflare
  Pages);
- search on the site served over HTTP in headless Chromium (bench/scale_bench.py's
  measure: the gzipped bytes a first search fetches, and the engine's query
  time in the page over queries from `corpus.make_queries`: p50, p95).

The goals of issue 23 are printed beside the figures: build ≤ 2 min, RSS ≤ 1 GB,
first search fetch ≤ 300 KB gzip, p95 query ≤ 30 ms.

    python bench/hundred_k.py                       # 100,000 questions
    python bench/hundred_k.py --size 20000 --keep /tmp/kb20k
"""

from __future__ import annotations

import argparse
import collections
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_bench import Row, _pct, measure_search

from tests.support.corpus import make_queries, write_corpus

#: Runs `kbgen build -v` (the CLI) in this process: its stage lines, then its figures as JSON, on stdout.
BUILD_CHILD = r"""
import json, resource, sys, time
from kbgen.cli import main
started = time.perf_counter()
main(["build", "-v", "--content", sys.argv[1], "--output", sys.argv[2], "--cache-dir", sys.argv[3]],
     standalone_mode=False)
print(json.dumps({
    "seconds": time.perf_counter() - started,
    "self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "workers_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}))
"""
#: Cloudflare Pages refuses a file over 25 MiB (docs/large-help-centers.md, "Hosting limits").
FILE_CAP = 25 * 1024 * 1024


def cold_build(content: Path, output: Path, cache: Path) -> dict:
    """One cold build in a fresh process: its figures, wall time and stage lines."""
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        build = subprocess.Popen(
            [sys.executable, "-c", BUILD_CHILD, str(content), str(output), str(cache)],
            stdout=out,
            stderr=err,
            text=True,
            cwd=ROOT,
        )
        peak_pss = 0
        while build.poll() is None:
            peak_pss = max(peak_pss, tree_pss_kb(build.pid))
            time.sleep(0.2)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if build.returncode != 0:
        raise SystemExit(f"build failed:\n{stderr[-3000:]}")
    *stages, figures = stdout.strip().splitlines()
    report = json.loads(figures)
    report["wall"] = wall
    report["pss_kb"] = peak_pss
    report["stages"] = "\n".join([stderr.strip(), *stages])
    return report


def tree_pss_kb(root: int) -> int:
    """The PSS of process `root` and its descendants, summed (kB; 0 without /proc's smaps_rollup)."""
    if not Path("/proc/self/smaps_rollup").is_file():
        return 0
    children: dict[int, list[int]] = collections.defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # ended meanwhile
                continue
            children[int(stat.rsplit(")", 1)[1].split()[1])].append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += sum(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
    return total


def survey_output(output: Path) -> dict:
    """Files (search files too), bytes, the largest file, the fullest folder (files and folders) and files over the cap."""
    sizes: dict[Path, int] = {}
    per_folder: collections.Counter[Path] = collections.Counter()
    for path in output.rglob("*"):
        per_folder[path.parent] += 1  # files and folders: a host's per-folder limit (Netlify's) counts both
        if path.is_file():
            sizes[path] = path.stat().st_size
    largest = max(sizes, key=sizes.__getitem__)
    folder, crowd = per_folder.most_common(1)[0]
    return {
        "files": len(sizes),
        # the search files: search/index.json and the parts it names (kbgen/search/shards.py)
        "search_files": 1 + sum(1 for path in sizes if path.is_relative_to(output / "assets" / "search")),
        "bytes": sum(sizes.values()),
        "largest": (str(largest.relative_to(output)), sizes[largest]),
        "fullest": (str(folder.relative_to(output)) or ".", crowd),
        "over_cap": sum(1 for size in sizes.values() if size > FILE_CAP),
    }


def report(size: int, build: dict, out: dict, row: Row) -> str:
    """The figures as a Markdown table, each beside its goal."""
    kb, ms = row.search_kb, row.query_ms
    lines = [
        f"| {size:,} questions | figure | goal |",
        "| --- | ---: | ---: |",
        f"| cold build, wall | {build['wall']:.1f} s | ≤ 120 s |",
        f"| peak RSS main / largest worker | {build['self_kb'] / 1024:.0f} / {build['workers_kb'] / 1024:.0f} MB | ≤ 1,024 MB |",
        f"| peak PSS, all build processes | {build['pss_kb'] / 1024:.0f} MB | |",
        f"| output files (search files) | {out['files']:,} ({out['search_files']:,}) | |",
        f"| output bytes | {out['bytes'] / 1e6:,.0f} MB | |",
        f"| largest file | {out['largest'][0]} ({out['largest'][1] / 1e6:.1f} MB) | |",
        f"| most entries in one folder | {out['fullest'][0]} ({out['fullest'][1]:,}) | |",
        f"| files over 25 MiB | {out['over_cap']} | 0 |",
        f"| first search fetch, gzip (median / max) | {statistics.median(kb):.0f} / {max(kb):.0f} KB | ≤ 300 KB |",
        f"| query in Chromium, p50 / p95 | {_pct(ms, 50):.1f} / {_pct(ms, 95):.1f} ms | p95 ≤ 30 ms |",
    ]
    return "\n".join(lines)


def main() -> None:
    """Parse options, write the corpus, build it, survey and search it, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="questions")
    parser.add_argument("--browser-queries", type=int, default=5, help="first searches, each in a fresh context")
    parser.add_argument("--queries", type=int, default=200, help="queries timed in the page")
    parser.add_argument("--keep", type=Path, default=None, help="work folder to keep (default: a temporary one)")
    parser.add_argument("--no-search", action="store_true", help="build and survey only")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kbgen-100k-"))
    try:
        content = work / "content"
        if not (content / "site.yaml").is_file():
            started = time.perf_counter()
            write_corpus(work, args.size)
            print(f"corpus of {args.size:,} written in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        output, cache = work / "output", work / ".kbgen-cache"
        build = cold_build(content, output, cache)
        print(build["stages"], file=sys.stderr)
        out = survey_output(output)
        row = Row(args.size)
        if not args.no_search:
            from kbgen.load.loader import load_help_center

            hc, _ = load_help_center(content)
            queries = make_queries(hc, max(args.queries, args.browser_queries))
            measure_search(row, output, queries[: args.browser_queries], queries[: args.queries])
        else:
            row.search_kb, row.query_ms = [0.0], [0.0]
        print(report(args.size, build, out, row))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
