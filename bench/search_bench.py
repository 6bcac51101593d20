"""Search benchmark: index size, build time and query latency by help center size.

Generates help centers of N questions deterministically (tests/support/corpus.py:
seeded pseudo-words with a Zipf-Mandelbrot distribution, English stop words mixed in,
sections of 30 questions, answers of 40-250 words) as model objects in memory, builds the search files
with `kbgen.search.shards`, and times queries in node with the real lunr.js and
search/engine.js (`bench/query_bench.mjs`): the engine's start, each query with its shards
loaded, and the gzipped bytes a first query fetches; then how many search files
a one-sentence edit of one answer rewrites (what a deploy uploads and browsers
fetch again). bench/scale_bench.py measures the same in Chromium on a built site.

    python bench/search_bench.py                 # shipped content, 1,000, 10,000
    python bench/search_bench.py --sizes 1000    # generated sizes only
    python bench/search_bench.py --json          # machine-readable rows
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kbgen.model import HelpCenter
from kbgen.search.shards import SearchFiles, build_search_files
from tests.support.corpus import generate_help_center, make_queries

QUERY_BENCH = Path(__file__).resolve().parent / "query_bench.mjs"


@dataclass(frozen=True)
class Row:
    """One line of the benchmark table."""

    label: str
    questions: int
    files: int
    index_gzip: int
    total_gzip: int
    first_p50: int
    first_max: int
    build_s: float
    decode_ms: float
    p50_ms: float
    p95_ms: float
    edit_files: int


def gzip_size(data: bytes) -> int:
    """Size after gzip -9, as a static host would serve it."""
    return len(gzip.compress(data, 9, mtime=0))


def with_edited_answer(hc: HelpCenter) -> HelpCenter:
    """`hc` with a sentence (a new word among known ones) added to the answer of the middle section's first question."""
    sections = list(hc.sections)
    middle = sections[len(sections) // 2]
    first = replace(middle.questions[0], answer_html=middle.questions[0].answer_html + "<p>Zyxwvut parcels arrive.</p>")
    sections[len(sections) // 2] = replace(middle, questions=(first, *middle.questions[1:]))
    return replace(hc, sections=tuple(sections))


def rewritten(before: SearchFiles, after: SearchFiles) -> int:
    """Search files the second build writes that the first did not (new names, or new bytes under a name)."""
    old = {before.index, *before.parts}
    return sum(1 for file in (after.index, *after.parts) if file not in old)


def measure(label: str, hc: HelpCenter, queries: list[str]) -> Row:
    """Build the search files for `hc` and time `queries` against them in node."""
    start = time.perf_counter()
    files = build_search_files(hc)
    build_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, data in (files.index, *files.parts):
            target = folder / name.removeprefix("assets/").removeprefix("search/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        queries_path = folder / "queries.json"
        queries_path.write_text(json.dumps(queries))
        run = subprocess.run(
            ["node", str(QUERY_BENCH), str(folder), str(queries_path)],
            check=False,
            capture_output=True,
            text=True,
        )
        if run.returncode:
            raise SystemExit(f"query_bench.mjs failed:\n{run.stderr}")
    timing = json.loads(run.stdout)
    edit_files = rewritten(files, build_search_files(with_edited_answer(hc)))
    return Row(
        label,
        sum(len(s.questions) for s in hc.sections),
        1 + len(files.parts),
        gzip_size(files.index[1]),
        sum(gzip_size(data) for _, data in (files.index, *files.parts)),
        timing["first_query_gzip_p50"],
        timing["first_query_gzip_max"],
        build_s,
        timing["decode_ms"],
        timing["p50_ms"],
        timing["p95_ms"],
        edit_files,
    )


def format_table(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    lines = [
        (
            "| help center | questions | search files | index.json gzip | all files gzip | first query gzip"
            " (incl. lunr.min.js; p50 / max) | build s | engine start ms | p50 ms | p95 ms | files an edit rewrites |"
        ),
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r.label} | {r.questions:,} | {r.files:,} | {r.index_gzip:,} | {r.total_gzip:,} |"
            f" {r.first_p50:,} / {r.first_max:,} | {r.build_s:.2f} | {r.decode_ms:.1f} |"
            f" {r.p50_ms:.3f} | {r.p95_ms:.3f} | {r.edit_files:,} |"
        )
    return "\n".join(lines)


def shipped_rows(content: Path) -> list[Row]:
    """The shipped content's row, when the content and its loader exist."""
    try:
        from kbgen.load.loader import load_help_center  # type: ignore[import-not-found]
    except ImportError:
        print("kbgen.load.loader not available: shipped content skipped", file=sys.stderr)
        return []
    hc, _warnings = load_help_center(content)
    queries_file = ROOT / "tests" / "data" / "search_queries.yaml"
    queries = make_queries(hc, 200)
    if queries_file.exists():
        import yaml

        queries = [item["query"] for item in yaml.safe_load(queries_file.read_text(encoding="utf-8"))]
    return [measure("shipped content", hc, queries)]


def main() -> None:
    """Parse options, run the sizes, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--no-shipped", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = [] if args.no_shipped else shipped_rows(args.content)
    for size in args.sizes:
        hc = generate_help_center(size)
        rows.append(measure(f"generated {size:,}", hc, make_queries(hc, args.queries)))
    if args.json:
        print(json.dumps([r.__dict__ for r in rows], indent=2))
    else:
        print(format_table(rows))


if __name__ == "__main__":
    main()
