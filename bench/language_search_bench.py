"""Search per language: what a first query costs in each language's analyzer.

For English, German, French, Spanish, Japanese, Chinese and Arabic, builds the search files
(`kbgen.search.shards`) of (a) the small help center in that language of
tests/support/language_sites.py (English: the shipped content) and (b) a generated
help center of N questions (tests/support/corpus.py's pseudo-words, the same text for
every language, so only the analyzer differs), then runs bench/query_bench.mjs on them
with the page's lunr.js for that language (lunr.js alone in English; with the
language's lunr-languages files and their registration otherwise): the gzipped bytes
of the page's lunr.js, and of everything a first query fetches, and the engine's
start and query times.

    python bench/language_search_bench.py              # N = 1,000
    python bench/language_search_bench.py --size 300
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kbgen.load.loader import load_help_center
from kbgen.model import HelpCenter
from kbgen.render.theme import load_theme, search_runtime
from kbgen.search.languages import search_language
from kbgen.search.shards import build_search_files
from tests.support.corpus import generate_help_center, make_queries
from tests.support.language_sites import SITES, write_language_site

QUERY_BENCH = Path(__file__).resolve().parent / "query_bench.mjs"
LANGUAGES = ("en", "de", "fr", "es", "ja", "zh", "ar")


def gzip_size(data: bytes) -> int:
    """Size after gzip -9, as a static host would serve it."""
    return len(gzip.compress(data, 9, mtime=0))


def run(hc: HelpCenter, queries: list[str], runtime: bytes) -> dict:
    """query_bench.mjs's figures for `hc`'s search files, with `runtime` as the page's lunr.js."""
    files = build_search_files(hc)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, data in (files.index, *files.parts):
            target = folder / name.removeprefix("assets/").removeprefix("search/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (folder / "lunr-runtime.js").write_bytes(runtime)
        (folder / "queries.json").write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
        done = subprocess.run(
            ["node", str(QUERY_BENCH), str(folder), str(folder / "queries.json")],
            check=False,
            capture_output=True,
            text=True,
        )
    if done.returncode:
        raise SystemExit(f"query_bench.mjs failed:\n{done.stderr}")
    return json.loads(done.stdout)


def small_site(language: str, folder: Path) -> tuple[HelpCenter, list[str]]:
    """The small help center in `language` and its questions' words as queries (English: the shipped content)."""
    if language == "en":
        hc, _ = load_help_center(ROOT / "content")
        return hc, make_queries(hc, 100)
    hc, _ = load_help_center(write_language_site(language, folder / language))
    return hc, [question for questions in SITES[language].values() for question, _ in questions]


def main() -> None:
    """Measure every language, print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000)
    args = parser.parse_args()
    lunr = load_theme().assets["js/lunr.min.js"]
    generated = generate_help_center(args.size)
    queries = make_queries(generated, 200)
    print(
        "| language | lunr.js for the page, gzip | small site: first query gzip p50 / max | engine start ms |"
        f" generated {args.size:,}: first query gzip p50 / max | engine start ms | query p50 ms | p95 ms |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for language in LANGUAGES:
            runtime = search_runtime(lunr, search_language(language))
            small = run(*small_site(language, Path(tmp)), runtime)
            site = dataclasses.replace(generated.site, language=language)
            big = run(dataclasses.replace(generated, site=site), queries, runtime)
            print(
                f"| {language} | {gzip_size(runtime):,} |"
                f" {small['first_query_gzip_p50']:,} / {small['first_query_gzip_max']:,} | {small['decode_ms']:.1f} |"
                f" {big['first_query_gzip_p50']:,} / {big['first_query_gzip_max']:,} | {big['decode_ms']:.1f} |"
                f" {big['p50_ms']:.3f} | {big['p95_ms']:.3f} |"
            )


if __name__ == "__main__":
    main()
