"""Ctrl-C and SIGTERM at moments spread over a large `kbgen build`, and what each leaves.

A generated help center (`tests/support/corpus.py`, 3,000 questions by default) is built once
(the old tree); then, for each trial, a fresh folder holds a copy of that output and of the
content with the site title changed (so every page is new), and `kbgen build` runs in a process
group of its own, as a terminal's foreground job does. It is then stopped:

- at a time: SIGINT to the whole group (what Ctrl-C does) or SIGTERM to the build, at fractions
  of the old build's time (start-up, load, render, index, staging, swap);
- at a step of the writer: `KBGEN_TEST_FAULTS=interrupt=POINT` or `term=POINT`
  (`kbgen/write/faults.py`) makes the build signal itself there (staging, a staged file,
  linking, the marker, just before, half-way through and after the swap, clean-up). Their time to exit is not
  measured (the signal comes from inside).

For each: the exit code (130 and 143 wanted), seconds from the signal to the exit (under 1 s
wanted), what stderr said (one line, no traceback), processes of the build still there
afterwards (forked workers; the old tree's detached remover is waited for), anything left
beside the output, and the output: the old tree byte for byte (`old`), or the new tree complete
(`new`: every file as its marker lists it, the new title); anything else is a failure.

    python bench/interrupt_table.py                   # 3,000 questions
    python bench/interrupt_table.py --questions 1000 --quick
"""

from __future__ import annotations

import argparse
import hashlib
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

from kbgen.write.ownership import foreign_files
from tests.support.corpus import write_corpus
from tests.support.leftovers import settled

HANG = 10.0
"""Seconds after the signal before a build still running counts as hung (and is killed)."""
FRACTIONS = (0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98)
POINTS = (
    "loaded",
    "staging",
    "stage:1",
    "stage:HALF",
    "rendered",
    "linked",
    "marked",
    "untagged",
    "retired,plain-renames",
    "swapped",
    "cleaned",
)
"""The writer's steps; `retired` is the moment between two plain renames (where the exchange is not available)."""


def tree(folder: Path) -> str | None:
    """One digest of every path and byte under `folder`; None when it is missing."""
    if not folder.is_dir():
        return None
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def command(content: Path, output: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "kbgen", "build", "--content", str(content), "--output", str(output), *extra]


def environment(faults: str = "") -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("KBGEN_TEST_FAULTS", None)
    if faults:
        env["KBGEN_TEST_FAULTS"] = faults
    return env


def stages(content: Path, output: Path, cwd: Path) -> list[tuple[str, float]]:
    """Build the old tree; the moments (seconds from the start) each stage of it ends at."""
    started = time.monotonic()
    cwd.mkdir(parents=True, exist_ok=True)
    run = command(content, output, "-v")
    done = subprocess.run(run, cwd=cwd, env=environment(), capture_output=True, text=True, check=False)
    wall = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"the old build failed:\n{done.stderr}")
    timed = [(line.rsplit(None, 2)[0].strip(), float(line.rsplit(None, 2)[1])) for line in done.stdout.splitlines()[1:]]
    clock = wall - sum(seconds for _, seconds in timed)  # Python and the imports, before the build's own clock
    ends = [("start-up", clock)]
    names = {"load": "load", "search index": "index", "write": "stage+swap"}
    for name, seconds in timed:
        clock += seconds
        ends.append((next((short for key, short in names.items() if name.startswith(key)), "render"), clock))
    return ends


def phase_at(moment: float, ends: list[tuple[str, float]]) -> str:
    return next((name for name, end in ends if moment <= end), "after")


def survivors(folder: Path) -> tuple[int, int]:
    """(running, zombie) processes whose command line names `folder`: a build's workers that outlived it."""
    mark = str(folder).encode()
    running = zombies = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if mark in cmdline:
            if state == "Z":
                zombies += 1
            else:
                running += 1
                os.kill(int(entry.name), signal.SIGKILL)  # leave nothing for the next trial
    return running, zombies


@dataclass
class Row:
    how: str
    moment: str
    phase: str
    code: int | str
    seconds: str
    said: str
    lines: int
    traceback: bool
    orphans: int
    zombies: int
    beside: int
    output: str

    @property
    def ok(self) -> bool:
        if self.code == 0:  # the build ended before the signal came: it must have finished its work
            return self.output == "new" and not (self.orphans or self.zombies or self.beside)
        wanted = 143 if self.how == "SIGTERM" else 130
        quick = self.seconds in ("-", "") or float(self.seconds) < 1.0
        return (
            self.code == wanted
            and quick
            and not self.traceback
            and self.lines <= 1
            and not (self.orphans or self.zombies or self.beside)
            and self.output in ("old", "new")
        )


def trial(
    work: Path, content: Path, old: Path, old_digest: str, how: str, delay: float | None, faults: str, title: str
) -> tuple[int | str, str, str, str, tuple[int, int], int]:
    """One interrupted build: (exit code, seconds to exit, stderr, output state, survivors, things left beside)."""
    folder = Path(tempfile.mkdtemp(dir=work))
    shutil.copytree(content, folder / "content")
    site = folder / "content" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("title: ", f"title: {title} ", 1), encoding="utf-8")
    output = folder / "www" / "site"
    shutil.copytree(old, output)
    process = subprocess.Popen(
        command(Path("content"), Path("www/site")),  # as typed in a terminal: the line names them so
        cwd=folder,
        env=environment(faults),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # a process group of its own, as a terminal's foreground job
    )
    sent = time.monotonic()
    if delay is not None:
        time.sleep(delay)
        sent = time.monotonic()
        if process.poll() is None:
            if how == "SIGINT":
                os.killpg(process.pid, signal.SIGINT)
            else:
                process.send_signal(signal.SIGTERM)
    try:
        _, err = process.communicate(timeout=HANG + (0 if delay is not None else 120))
        code: int | str = process.returncode
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _, err = process.communicate()
        code = "HUNG"
    seconds = f"{time.monotonic() - sent:.2f}" if delay is not None else "-"
    settled(output.parent)  # a build stopped after the swap, or with a staging folder, leaves it to a remover
    time.sleep(0.2)
    left = survivors(folder)
    beside = [name for name in os.listdir(output.parent) if name != "site"]
    if tree(output) == old_digest:
        state = "old"
    elif output.is_dir() and not foreign_files(output) and f"{title} " in (output / "index.html").read_text("utf-8"):
        state = "new"
    else:
        state = "MIXED" if output.is_dir() else "MISSING"
    shutil.rmtree(folder, ignore_errors=True)
    return code, seconds, err.decode("utf-8", "replace"), state, left, len(beside)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=3000)
    parser.add_argument("--quick", action="store_true", help="half the moments")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kbgen-interrupts-"))
    try:
        content = write_corpus(work / "corpus", args.questions)
        old = work / "old" / "site"
        ends = stages(content, old, work / "old")
        old_digest = tree(old)
        assert old_digest is not None
        total = ends[-1][1]
        print(f"{args.questions} questions; the old build took {total:.1f} s: " + ", ".join(
            f"{name} until {end:.1f} s" for name, end in ends))  # fmt: skip
        fractions = FRACTIONS[::2] if args.quick else FRACTIONS
        plans = [(how, fraction * total, "") for fraction in fractions for how in ("SIGINT", "SIGTERM")]
        half = f"stage:{sum(1 for path in old.rglob('*') if path.is_file()) // 2}"
        plans += [(how, None, f"{'interrupt' if how == 'SIGINT' else 'term'}={point.replace('stage:HALF', half)}")
                  for point in POINTS for how in ("SIGINT", "SIGTERM")]  # fmt: skip
        rows = []
        header = f"{'signal':8}{'moment':22}{'phase':11}{'exit':>5}{'secs':>6}  {'lines':>5} {'tb':>3} {'orph':>5}"
        print(header + f" {'zomb':>5} {'beside':>6}  {'output':7} line")
        for number, (how, delay, faults) in enumerate(plans):
            code, seconds, err, state, (orphans, zombies), beside = trial(
                work, content, old, old_digest, how, delay, faults, f"Trial{number}"
            )
            said = [line for line in err.splitlines() if line.strip() and line.strip() != "Building"]
            moment = f"{delay:.2f} s" if delay is not None else faults.split("=", 1)[1]
            phase = phase_at(delay, ends) if delay is not None else "writer"
            row = Row(how, moment, phase, code, seconds, said[-1] if said else "", len(said),
                      "Traceback" in err, orphans, zombies, beside, state)  # fmt: skip
            rows.append(row)
            print(
                f"{how:8}{moment:22}{phase:11}{code!s:>5}{seconds:>6}  {row.lines:>5} {'yes' if row.traceback else 'no':>3}"
                f" {orphans:>5} {zombies:>5} {beside:>6}  {state:7} {row.said[:90]}",
                flush=True,
            )
        bad = [row for row in rows if not row.ok]
        timed = [float(row.seconds) for row in rows if row.seconds not in ("-", "")]
        print(f"{len(rows)} trials, {len(bad)} failed; slowest exit after the signal: {max(timed, default=0):.2f} s")
        if bad:
            raise SystemExit(1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
