"""Load benchmark: `load_help_center` on a large help center, cold and warm.

Times the load stage alone (kbgen/load/), each run in a fresh process so
imports, the Markdown instance and the file system's own caches are as a real
build finds them:

- cold: no `.kbgen-cache/`, every answer rendered (in worker processes when
  the machine has several cores);
- warm: the cache a previous build left (rendered Markdown, parsed YAML).

It prints the median of `--runs` for each, the seconds opening the cache took
besides (reading its files, part of a warm build), and the CPU seconds of the
load (its worker processes included). Every run must give the same model and
problems (checked by a digest), or the benchmark stops.

    python bench/load_bench.py                              # a generated 10,000-question help center
    python bench/load_bench.py --content /tmp/c10k/content --runs 5
    python bench/load_bench.py --kbgen /tmp/old-checkout    # the same, timing another checkout's kbgen
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

#: One timed load in a fresh process: prints seconds, digest, problems, seconds opening the cache, CPU seconds.
CHILD = r"""
import hashlib, resource, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from kbgen.load.cache import cached_markdown, save_markdown_cache
from kbgen.load.loader import load_help_center
from kbgen.errors import ContentError

def cpu():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

content, folder, mode = Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
opening = time.perf_counter()
with cached_markdown(None if mode == "cold" else folder) as cache:
    started, cpu_started = time.perf_counter(), cpu()
    try:
        result = load_help_center(content, cache=cache)
    except ContentError as err:
        result = (None, err.problems)
    seconds, cpu_seconds = time.perf_counter() - started, cpu() - cpu_started
if mode == "fill":
    save_markdown_cache(cache, folder)
digest = hashlib.sha256(repr(result).encode("utf-8")).hexdigest()[:16]
print(seconds, digest, len(result[1]), started - opening, cpu_seconds)
"""


def timed_load(kbgen: Path, content: Path, cache_dir: Path, mode: str) -> tuple[float, str, int, float, float]:
    """One load in a fresh process (`mode`: cold, warm, or fill to write the cache)."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(kbgen), str(content), str(cache_dir), mode],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(done.stderr)
    seconds, digest, problems, opening, cpu = done.stdout.split()
    return float(seconds), digest, int(problems), float(opening), float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, help="a content folder (default: generate one)")
    parser.add_argument("--questions", type=int, default=10_000, help="size of the generated help center")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kbgen", type=Path, default=ROOT, help="the checkout whose kbgen package is timed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kbgen-load-") as temp:
        content = args.content
        if content is None:
            from tests.support.corpus import write_corpus

            content = write_corpus(Path(temp) / "corpus", args.questions)
        cache_dir = Path(temp) / ".kbgen-cache"
        _, expected, problems, _, _ = timed_load(args.kbgen, content, cache_dir, "fill")
        print(f"{content}: {problems} problem(s)")
        for mode in ("cold", "warm"):
            runs = [timed_load(args.kbgen, content, cache_dir, mode) for _ in range(args.runs)]
            if {digest for _, digest, _, _, _ in runs} != {expected}:
                sys.exit(f"{mode} loads gave another model or other problems than the first load")
            seconds = statistics.median(r[0] for r in runs)
            opening = statistics.median(r[3] for r in runs)
            cpu = statistics.median(r[4] for r in runs)
            each = " ".join(f"{r[0]:.2f}" for r in runs)
            print(f"{mode}: {seconds:.2f} s (runs: {each}); opening the cache {opening:.2f} s; CPU {cpu:.2f} s")


if __name__ == "__main__":
    main()
