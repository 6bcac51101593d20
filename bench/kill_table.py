"""kill -9 of `kbgen build` at points spread over a build, and what the output folder holds after each.

For each point: a fresh folder, a good build of the old content, one change to
the content, then `kbgen build` run with `KBGEN_TEST_FAULTS=kill=POINT`, which
sends itself SIGKILL there (`kbgen/write/faults.py`). The output is then compared with
the old tree and with the new one (a cold build of the changed content); then
a normal build runs and must give the new tree with nothing left beside it.

The last point, `removing`, kills not the build (it has ended) but the process
it left removing the old tree, half-way through: the next build must clear what
it left.

Scenarios: `edit` (one answer edited: the pages kept are linked into the new
tree), `retitle` (the site title changed: every page is new) and
`retitle-plain` (the same, swapping with two renames instead of an atomic
exchange, as on file systems without one).

    python bench/kill_table.py                 # shipped content and a generated 1,000-question site
    python bench/kill_table.py --only shipped
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.corpus import write_corpus
from tests.support.leftovers import settled

SHIPPED = ROOT / "content"
MARKER = ".kbgen-output.json"


def tree(folder: Path) -> dict[str, str] | None:
    """Every file and folder under `folder` with a hash of each file's bytes; None when it is missing."""
    if not folder.is_dir():
        return None
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(folder.rglob("*"))
    }


def first_question(content: Path) -> Path:
    return min((content / "sections").glob("*/*.md"))


def edit(content: Path) -> None:
    question = first_question(content)
    question.write_text(question.read_text(encoding="utf-8") + "\nOne more sentence for this answer.\n", "utf-8")


def retitle(content: Path) -> None:
    site = content / "site.yaml"
    text = site.read_text(encoding="utf-8")
    site.write_text(text.replace("title: ", "title: New ", 1), encoding="utf-8")


SCENARIOS = {"edit": (edit, ""), "retitle": (retitle, ""), "retitle-plain": (retitle, "plain-renames")}


def points(scenario: str, files: int) -> list[str]:
    """The kill points of a scenario, for a site of `files` files."""
    if scenario == "edit":
        return ["loaded", "rendered", "staging", "stage:1", "stage:3", "stage:9", "linked", "marked", "untagged",
                "swapped", "cleaned", "removing"]  # fmt: skip
    if scenario == "retitle":
        return ["loaded", "staging", "stage:1", f"stage:{files // 2}", f"stage:{files - 2}", "rendered", "linked",
                "marked", "untagged", "swapped", "cleaned", "removing"]  # fmt: skip
    return ["untagged", "retired", "swapped", "cleaned", "removing"]


def kbgen(content: Path, output: Path, cwd: Path, faults: str = "") -> int:
    """Run `kbgen build`; its output goes nowhere (a worker that outlived a killed build would hold a pipe open)."""
    env = dict(os.environ)
    env.pop("KBGEN_TEST_FAULTS", None)
    if faults:
        env["KBGEN_TEST_FAULTS"] = faults
    command = [sys.executable, "-m", "kbgen", "build", "--content", str(content), "--output", str(output), "-q"]
    done = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return done.returncode


def survivors(output: Path) -> int:
    """Processes still running for a build into `output` (a killed build's workers must end with it; the old tree's
    remover, which a build killed after the swap may leave at work, ends once its folder is gone and is waited for)."""
    time.sleep(0.3)  # the kernel signals orphaned workers at once; give them a moment to go
    settled(output.parent)  # a build killed after the swap may have left the old tree's remover at work
    mark = str(output).encode()
    count = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if mark in cmdline and state != "Z":
            count += 1
    return count


@dataclass
class Row:
    site: str
    scenario: str
    point: str
    killed: bool
    state: str
    """old, new, mixed or missing: what the output held right after the kill."""
    recovered: bool
    orphans: int = 0
    """Processes of the killed build still running after it (forked workers): must be 0."""


def run_point(source: Path, scenario: str, point: str, old: dict, new: dict, work: Path, site: str) -> Row:
    change, extra = SCENARIOS[scenario]
    folder = Path(tempfile.mkdtemp(dir=work))
    content = folder / "content"
    shutil.copytree(source, content)
    output = folder / "www" / "site"
    if kbgen(content, output, folder) != 0:
        raise SystemExit(f"the old build failed in {folder}")
    change(content)
    faults = ",".join(filter(None, [f"kill={point}", extra]))
    code = kbgen(content, output, folder, faults)
    orphans = survivors(output)
    if point == "removing":  # the build ended well; its detached remover was killed half-way through the old tree
        killed = code == 0 and any(".kbgen-new-" in name for name in settled(output.parent))
    else:
        killed = code == -signal.SIGKILL
    after = tree(output)
    state = "old" if after == old else "new" if after == new else "missing" if after is None else "mixed"
    recovered = kbgen(content, output, folder) == 0 and tree(output) == new
    beside = settled(output.parent)  # once the old tree's remover is done
    recovered = recovered and beside == ["site"]
    shutil.rmtree(folder)
    return Row(site, scenario, point, killed, state, recovered, orphans)


def reference(source: Path, change, work: Path) -> tuple[dict, dict, int]:
    """The old tree, the new tree (cold builds) and the old tree's file count."""
    folder = Path(tempfile.mkdtemp(dir=work))
    shutil.copytree(source, folder / "content")
    kbgen(folder / "content", folder / "old", folder)
    change(folder / "content")
    kbgen(folder / "content", folder / "new", folder)
    old, new = tree(folder / "old"), tree(folder / "new")
    files = len(json.loads((folder / "old" / MARKER).read_text(encoding="utf-8"))["files"])
    shutil.rmtree(folder)
    assert old is not None and new is not None and old != new
    return old, new, files


def kill_table(source: Path, site: str, work: Path, only_points: int | None = None) -> list[Row]:
    """Every scenario's points for one site (the first `only_points` of each, if given)."""
    rows = []
    for scenario, (change, _) in SCENARIOS.items():
        old, new, files = reference(source, change, work)
        chosen = points(scenario, files)
        if only_points is not None:
            chosen = chosen[:: max(1, len(chosen) // only_points)][:only_points]
        for point in chosen:
            rows.append(run_point(source, scenario, point, old, new, work, site))
    return rows


def summary(rows: list[Row]) -> dict[str, int]:
    return {
        "points": len(rows),
        "killed": sum(r.killed for r in rows),
        "old tree": sum(r.state == "old" for r in rows),
        "new tree": sum(r.state == "new" for r in rows),
        "mixed": sum(r.state == "mixed" for r in rows),
        "missing": sum(r.state == "missing" for r in rows),
        "recovered": sum(r.recovered for r in rows),
        "orphans": sum(r.orphans for r in rows),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=["shipped", "generated"])
    parser.add_argument("--questions", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        sites = []
        if args.only != "generated":
            sites.append(("shipped", SHIPPED))
        if args.only != "shipped":
            sites.append((f"generated {args.questions:,}", write_corpus(work / "corpus", args.questions)))
        all_rows = []
        for site, source in sites:
            rows = kill_table(source, site, work)
            all_rows += rows
            for row in rows:
                print(f"{row.site:16} {row.scenario:14} {row.point:12} killed={row.killed!s:5} "
                      f"after={row.state:7} recovered={row.recovered} orphans={row.orphans}")  # fmt: skip
        print()
        print("| site | points tried | killed | old tree | new tree | mixed | missing | recovered | orphans |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for site, _ in sites:
            s = summary([r for r in all_rows if r.site == site])
            print(f"| {site} | {s['points']} | {s['killed']} | {s['old tree']} | {s['new tree']} | {s['mixed']} "
                  f"| {s['missing']} | {s['recovered']} | {s['orphans']} |")  # fmt: skip


if __name__ == "__main__":
    main()
