"""Peer benchmark: kbgen against Hugo, Hugo + Pagefind and MkDocs on the same generated corpora.

One command. It installs the peers into a tools folder outside the repository
(default ~/.cache/kbgen-bench, or --tools): Hugo from Debian (apt-get, asked
only when no `hugo` is on PATH), Pagefind from npm (the `pagefind` package
brings its binary), MkDocs from PyPI into a venv there. It then writes each
corpus of tests/support/corpus.py (1,000 and 10,000 questions) three ways: as
kbgen content, as a Hugo site with a minimal layout of its own (a page per
question, a list per section, the home listing the sections), and as MkDocs
docs (bench/scale_bench.py's `write_mkdocs_project`). Every build is cold (no
output, no cache), wall time of the tool's process, its CPU seconds (user +
system, of all its processes and threads: less moved by a busy machine than
wall time), peak RSS of its largest process (ru_maxrss of the children of a
small wrapper), files in its output.
Medians of 5 builds at 1,000 questions, of 3 at 10,000 (`--quick`: 2 and 1).

    python bench/peers.py                      # 1,000 and 10,000 questions
    python bench/peers.py --quick --sizes 1000
    python bench/peers.py --tools /tmp/peer-tools
    python bench/peers.py --where /dev/shm     # every tool on a RAM disk: the work, not the disk's latency
"""

from __future__ import annotations

import argparse
import json
import os
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

from scale_bench import write_mkdocs_project

from tests.support.corpus import write_corpus

#: Runs one command and reports its wall time and the peak RSS of its largest process.
MEASURE_CHILD = r"""
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
seconds = time.perf_counter() - started
if done.returncode:
    sys.exit(f"{sys.argv[1:]} failed:\n{done.stderr[-3000:]}")
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "kb": usage.ru_maxrss, "cpu": usage.ru_utime + usage.ru_stime}))
"""
#: Hugo's minimal layout: the same three kinds of page a help center has.
HUGO_LAYOUTS = {
    "_default/baseof.html": (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>\n'
        '<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>\n'
        '<main data-pagefind-body>{{ block "main" . }}{{ end }}</main></body></html>\n'
    ),
    "_default/single.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}\n'
        '<p><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></p>{{ end }}\n'
    ),
    "_default/list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}\n<ul>{{ range .Pages }}'
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n'
    ),
}


def run(command: list[str], **kwargs) -> None:
    """Run an install step, its output shown, failing loudly."""
    print("+", " ".join(command), file=sys.stderr)
    subprocess.run(command, check=True, **kwargs)


def install_tools(tools: Path) -> dict[str, Path]:
    """Hugo, Pagefind and MkDocs, installed where missing; their executables."""
    tools.mkdir(parents=True, exist_ok=True)
    hugo = shutil.which("hugo")
    if hugo is None:
        run(["apt-get", "install", "-y", "--no-install-recommends", "hugo"])
        hugo = shutil.which("hugo")
    pagefind = tools / "npm" / "node_modules" / ".bin" / "pagefind"
    if not pagefind.exists():
        (tools / "npm").mkdir(exist_ok=True)
        run(["npm", "install", "--prefix", str(tools / "npm"), "--no-audit", "--no-fund", "pagefind"])
    mkdocs = tools / "mkdocs-venv" / "bin" / "mkdocs"
    if not mkdocs.exists():
        run([sys.executable, "-m", "venv", str(tools / "mkdocs-venv")])
        run([str(tools / "mkdocs-venv" / "bin" / "python"), "-m", "pip", "install", "-q", "mkdocs"])
    if hugo is None:
        raise SystemExit("hugo: not on PATH after apt-get install")
    return {"hugo": Path(hugo), "pagefind": pagefind, "mkdocs": mkdocs}


def _front_value(front: str, key: str) -> str:
    """A top-level scalar of a corpus YAML file (they are simple: `key: "json string"` or `key: word`)."""
    for line in front.splitlines():
        if line.startswith(f"{key}: "):
            value = line[len(key) + 2 :]
            return json.loads(value) if value.startswith('"') else value
    return ""


def write_hugo_site(content: Path, folder: Path) -> Path:
    """The corpus as a Hugo site: a section per folder, a page per question; its folder."""
    (folder / "content").mkdir(parents=True)
    (folder / "hugo.toml").write_text(
        'baseURL = "https://help.example.com/"\ntitle = "Generated Help Center"\n'
        'disableKinds = ["taxonomy", "term", "RSS"]\n',
        encoding="utf-8",
    )
    for name, text in HUGO_LAYOUTS.items():
        (folder / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "layouts" / name).write_text(text, encoding="utf-8")
    (folder / "content" / "_index.md").write_text('---\ntitle: "Generated Help Center"\n---\n', encoding="utf-8")
    for section in sorted((content / "sections").iterdir()):
        target = folder / "content" / section.name
        target.mkdir()
        meta = (section / "_section.yaml").read_text(encoding="utf-8")
        title = json.dumps(_front_value(meta, "title"))
        (target / "_index.md").write_text(f"---\ntitle: {title}\n---\n", encoding="utf-8")
        for weight, question in enumerate(sorted(section.glob("*.md")), start=1):
            _, front, body = question.read_text(encoding="utf-8").split("---\n", 2)
            title = json.dumps(_front_value(front, "question"))
            page = f"---\ntitle: {title}\nweight: {weight}\n---\n{body}"
            (target / question.name).write_text(page, encoding="utf-8")
    return folder


def measure(command: list[str], cwd: Path) -> dict[str, float]:
    """One build in a fresh process: wall seconds, peak RSS (MB) of its largest process, CPU seconds of all."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE_CHILD, *command], capture_output=True, text=True, cwd=cwd, check=False
    )
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return {"seconds": report["seconds"], "mb": report["kb"] / 1024, "cpu": report["cpu"]}


def count_files(folder: Path) -> int:
    """Files under `folder`."""
    return sum(1 for path in folder.rglob("*") if path.is_file())


def kbgen_command() -> list[str]:
    """The kbgen CLI of this checkout (the repository's venv when there is one)."""
    venv = ROOT / ".venv" / "bin" / "kbgen"
    return [str(venv)] if venv.exists() else [sys.executable, "-m", "kbgen.cli"]


def bench_size(size: int, runs: int, tools: dict[str, Path], work: Path) -> dict[str, dict[str, float]]:
    """Cold builds of one corpus by each tool: medians of `runs`, the largest peak RSS, output files."""
    content = write_corpus(work / "kbgen", size)
    hugo_site = write_hugo_site(content, work / "hugo")
    mkdocs_config = write_mkdocs_project(content, work / "mkdocs")
    kb_out, kb_cache = work / "kbgen" / "output", work / "kbgen" / ".kbgen-cache"
    public = hugo_site / "public"
    samples: dict[str, list[dict[str, float]]] = {"kbgen": [], "hugo": [], "pagefind": [], "mkdocs": []}
    for _ in range(runs):
        for folder in (kb_out, kb_cache, public, hugo_site / "resources", work / "mkdocs" / "site"):
            shutil.rmtree(folder, ignore_errors=True)
        kb = [*kbgen_command(), "build", "-q", "--content", str(content), "--output", str(kb_out)]
        samples["kbgen"].append(measure([*kb, "--cache-dir", str(kb_cache)], work))
        samples["hugo"].append(measure([str(tools["hugo"]), "--quiet", "-s", str(hugo_site)], hugo_site))
        samples["pagefind"].append(measure([str(tools["pagefind"]), "--site", str(public)], hugo_site))
        samples["mkdocs"].append(measure([str(tools["mkdocs"]), "build", "-q", "-f", str(mkdocs_config)], work))
    result = {
        name: {
            "seconds": statistics.median(s["seconds"] for s in runs_),
            "mb": max(s["mb"] for s in runs_),
            "cpu": statistics.median(s["cpu"] for s in runs_),
        }
        for name, runs_ in samples.items()
    }
    pagefind_files = count_files(public / "pagefind")
    result["kbgen"]["files"] = count_files(kb_out)
    result["hugo"]["files"] = count_files(public) - pagefind_files
    result["pagefind"]["files"] = pagefind_files
    result["mkdocs"]["files"] = count_files(work / "mkdocs" / "site")
    return result


def _seconds_row(label: str, seconds: dict[str, float]) -> str:
    """One row of seconds per tool (wall or CPU), with Hugo + Pagefind summed and kbgen's two ratios."""
    both = seconds["hugo"] + seconds["pagefind"]
    return (
        f"| {label} | {seconds['kbgen']:.2f} s | {seconds['hugo']:.2f} s | {seconds['pagefind']:.2f} s"
        f" | {both:.2f} s | {seconds['mkdocs']:.2f} s"
        f" | {seconds['kbgen'] / both:.2f}× | {seconds['kbgen'] / seconds['mkdocs']:.2f}× |"
    )


def format_table(results: dict[int, dict[str, dict[str, float]]]) -> str:
    """The issue's ratio table: one column per tool, rows of time, ratios, peak RSS and files."""
    lines = [
        "| | kbgen | Hugo | + Pagefind | Hugo + Pagefind | MkDocs | kbgen / (Hugo + Pagefind) | kbgen / MkDocs |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, label in (("seconds", "{:,} questions"), ("cpu", "CPU (user + sys) at {:,}")):
        lines.extend(
            _seconds_row(label.format(size), {tool: r[tool][key] for tool in r}) for size, r in results.items()
        )
    for size, r in results.items():
        lines.append(
            f"| peak RSS at {size:,} | {r['kbgen']['mb']:.0f} MB | {r['hugo']['mb']:.0f} MB"
            f" | {r['pagefind']['mb']:.0f} MB | | {r['mkdocs']['mb']:.0f} MB | | |"
        )
    for size, r in results.items():
        lines.append(
            f"| output files at {size:,} | {r['kbgen']['files']:,.0f} | {r['hugo']['files']:,.0f}"
            f" | +{r['pagefind']['files']:,.0f} | | {r['mkdocs']['files']:,.0f} | | |"
        )
    return "\n".join(lines)


def main() -> None:
    """Parse options, install the peers, measure each size, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000])
    parser.add_argument("--tools", type=Path, default=Path.home() / ".cache" / "kbgen-bench")
    parser.add_argument("--quick", action="store_true", help="2 builds at 1,000 questions, 1 at 10,000")
    parser.add_argument("--runs", type=int, default=None, help="builds per tool and size (median)")
    parser.add_argument("--keep", type=Path, default=None, help="work folder to keep (default: a temporary one)")
    parser.add_argument(
        "--where", type=Path, default=None, help="folder to put the temporary work folder in (default: the system's)"
    )
    args = parser.parse_args()
    if ROOT in args.tools.resolve().parents or args.tools.resolve() == ROOT:
        raise SystemExit(f"--tools {args.tools}: must be outside the repository")
    tools = install_tools(args.tools)
    work_root = args.keep or Path(tempfile.mkdtemp(prefix="kbgen-peers-", dir=args.where))
    results = {}
    try:
        for size in args.sizes:
            runs = args.runs or ((2 if size < 5_000 else 1) if args.quick else (5 if size < 5_000 else 3))
            work = work_root / f"q{size}"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            print(f"{size:,} questions: {runs} cold builds per tool...", file=sys.stderr)
            started = time.perf_counter()
            results[size] = bench_size(size, runs, tools, work)
            print(f"{size:,} questions: done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    finally:
        if args.keep is None:
            shutil.rmtree(work_root, ignore_errors=True)
    print(f"cold builds; {os.cpu_count()} cores; in {work_root}; kbgen {' '.join(kbgen_command())}")
    print(format_table(results))


if __name__ == "__main__":
    main()
