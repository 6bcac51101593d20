"""Edit benchmark: from saving one answer to the rebuilt site, in process and through the command line.

For the shipped site and generated help centers (tests/support/corpus.py) it builds once with the
cache, then edits one answer at a time (a sentence appended to a different question each time) and
times `build_site` again in the same process, as `kbgen serve` rebuilds: the median of `--edits`
edits, with the stages of the median one (`-v`'s). Then the same edit through the command line
(`python -m kbgen build -q`, a fresh process: start-up and imports included), median of the edits.
`build_site` removes the old tree before it returns (as `kbgen serve` calls it); `--detach-removal` leaves it
to a detached process, as `kbgen build` does.

    python bench/edit_bench.py                      # shipped site, 1,000 and 10,000 questions
    python bench/edit_bench.py --sizes 1000 --edits 3
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kbgen.pipeline import BuildResult, build_site
from tests.support.corpus import write_corpus


def answers(content: Path) -> list[Path]:
    """The question files of a content folder, in a fixed order."""
    return sorted(path for path in (content / "sections").rglob("*.md"))


def edit(path: Path, number: int) -> None:
    """Append a sentence to an answer (different words each time, so the index changes)."""
    path.write_text(
        path.read_text(encoding="utf-8") + f"\nEdited answer {number}: parcels wrapped zyx{number} arrive sooner.\n",
        encoding="utf-8",
    )


def measure(
    content: Path, work: Path, edits: int, seed: int, detach: bool, no_cli: bool = False
) -> tuple[list[float], BuildResult, list[float]]:
    """In-process edit-to-rebuilt seconds, the median build's result, and the CLI's wall seconds."""
    output, cache = work / "site", work / "cache"
    build_site(content, output, cache_dir=cache, detach_removal=detach)
    build_site(content, output, cache_dir=cache, detach_removal=detach)  # warm: templates compiled, output recorded
    files = answers(content)
    rng = random.Random(seed)
    seconds: list[tuple[float, BuildResult]] = []
    for number in range(edits):
        edit(rng.choice(files), number)
        started = time.perf_counter()
        result = build_site(content, output, cache_dir=cache, detach_removal=detach)
        seconds.append((time.perf_counter() - started, result))
    cli: list[float] = []
    for number in range(0 if no_cli else edits):
        edit(rng.choice(files), edits + number)
        command = [sys.executable, "-m", "kbgen", "build", "-q", "--content", str(content), "--output", str(output)]
        started = time.perf_counter()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this tree's kbgen, whatever the venv installed
        subprocess.run([*command, "--cache-dir", str(cache)], check=True, cwd=work, env=env)
        cli.append(time.perf_counter() - started)
    ordered = sorted(seconds, key=lambda item: item[0])
    return [s for s, _ in seconds], ordered[len(ordered) // 2][1], cli


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000], help="generated help centers")
    parser.add_argument("--edits", type=int, default=5, help="edits per site (the median is printed)")
    parser.add_argument("--no-shipped", action="store_true", help="leave the shipped site out")
    parser.add_argument(
        "--detach-removal",
        action="store_true",
        help="in process too, leave the old tree to a detached remover (as `kbgen build` does)",
    )
    parser.add_argument("--no-cli", action="store_true", help="skip the command-line rebuilds")
    args = parser.parse_args()
    sites: list[tuple[str, int | None]] = [] if args.no_shipped else [("shipped site", None)]
    sites += [(f"{size:,} questions", size) for size in args.sizes]
    print("| site | edit → rebuilt, in process (median) | min / max | CLI rebuild wall (median) |")
    print("| --- | ---: | ---: | ---: |")
    stages: list[str] = []
    for name, size in sites:
        with tempfile.TemporaryDirectory(prefix="kbgen-edit-") as folder:
            work = Path(folder)
            if size is None:
                content = work / "content"
                shutil.copytree(ROOT / "content", content)
            else:
                content = write_corpus(work, size)
            seconds, median_result, cli = measure(
                content, work, args.edits, size or 0, args.detach_removal, args.no_cli
            )
        print(
            f"| {name} | {statistics.median(seconds) * 1000:.0f} ms | {min(seconds) * 1000:.0f} / "
            f"{max(seconds) * 1000:.0f} ms | {f'{statistics.median(cli) * 1000:.0f} ms' if cli else '-'} |",
            flush=True,
        )
        laps = ", ".join(f"{stage} {lap * 1000:.0f} ms" for stage, lap in median_result.stages)
        stages.append(f"{name}: {laps}")
    print()
    print("Stages of the median in-process rebuild:")
    for line in stages:
        print(f"- {line}")


if __name__ == "__main__":
    main()
