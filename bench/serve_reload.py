"""Edit to reload in `kbgen serve`: from saving an answer to the open page in Chromium showing the new words.

Runs the real `kbgen serve -v` in a fresh process over a copy of the shipped
content (or, with `--size N`, a generated help center of N questions:
tests/support/corpus.py), opens one question page in headless Chromium
(Playwright, /usr/bin/chromium as the browser tests use), then `--edits` times:
saves the answer with a new sentence and waits until the page shows it. Each
edit's time is cut into the parts the server and the page can tell apart:

- published: from the save to the first new state on the event stream: the
  edited page's first look (rendered alone, preview.py) when the edit
  allows one, else the whole build's;
- reload: from there to the reload's start (the page's message, the reload
  script: the new page's `performance.timeOrigin`);
- load: from there to the new page's first animation frame whose `main` holds
  the new words (that frame paints them; timed in the page, not by
  Playwright's polling);
- total: from the save to that frame: what the editor waits for;
- whole build: from the save to the terminal's `Built N pages` line, when the
  whole site (search, related questions, every other page) is rebuilt and
  swapped in.

Prints each edit and the medians.

    python bench/serve_reload.py                 # the shipped site, five edits
    python bench/serve_reload.py --size 10000    # 10,000 generated questions
    python bench/serve_reload.py --poll          # watchfiles' polling instead of file events
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.corpus import write_corpus

CHROMIUM = os.environ.get("KBGEN_CHROMIUM", "/usr/bin/chromium")
#: The shipped site's page the browser tests edit.
SHIPPED_ANSWER = Path("sections/01-membership/05-points-validity.md")
BUILT = re.compile(r"^Built \d+ pages in ([0-9.]+) s")
PARTS = ("published", "reload", "load", "total", "whole build")
#: In every page, before its own scripts: the first animation frame whose `main` holds the awaited words (that
#: frame paints them), kept in sessionStorage as epoch ms with the time the page began to load.
SHOWN = """(() => {
  const want = sessionStorage.getItem("bench-want");
  if (!want) return;
  const check = () => {
    const main = document.querySelector("main");
    if (main && main.textContent.includes(want)) {
      const now = performance.timeOrigin + performance.now();
      sessionStorage.setItem("bench-shown", JSON.stringify([performance.timeOrigin, now]));
    } else {
      requestAnimationFrame(check);
    }
  };
  requestAnimationFrame(check);
})();"""


def free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def page_path(answer: Path) -> str:
    """The URL path of a question file (`sections/NN-section/NN-question.md` → `section/question/`)."""
    section, question = answer.parent.name, answer.stem
    return f"{section.split('-', 1)[1]}/{question.split('-', 1)[1]}/"


class Lines:
    """The server's output lines, each with the time it arrived."""

    def __init__(self, stream) -> None:
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.put((time.time(), line.rstrip("\n")))

    def wait_for(self, pattern: re.Pattern[str] | str, seconds: float) -> tuple[float, re.Match[str]]:
        """The arrival time and match of the next line matching `pattern`."""
        deadline = time.monotonic() + seconds
        while True:
            at, line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            found = re.search(pattern, line)
            if found:
                return at, found


class Published:
    """The server's event stream (`/__kbgen__/events`), each build state with the time it arrived."""

    def __init__(self, port: int) -> None:
        self.states: queue.Queue[tuple[float, dict]] = queue.Queue()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=None)
        connection.request("GET", "/__kbgen__/events")
        self.response = connection.getresponse()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.response.fp:
            if line.startswith(b"data: "):
                self.states.put((time.time(), json.loads(line[len(b"data: ") :])))

    def after(self, moment: float, seconds: float) -> float:
        """When the first state published after `moment` arrived."""
        while True:
            at, _ = self.states.get(timeout=seconds)
            if at > moment:
                return at


def measure(content: Path, answer: Path, edits: int, poll: bool) -> list[dict[str, float]]:
    """Serve `content`, edit `answer` `edits` times; each edit's parts in seconds."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    command = [sys.executable, "-m", "kbgen", "serve", "-v", "--content", str(content)]
    command += ["--output", str(content.parent / "output"), "--port", str(port)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **({"WATCHFILES_FORCE_POLLING": "1"} if poll else {})}
    server = subprocess.Popen(
        command, cwd=content.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines = Lines(server.stdout)
    results = []
    try:
        lines.wait_for(r"^Serving http", 900)
        published = Published(port)
        original = answer.read_text(encoding="utf-8")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
            tab = browser.new_page()
            tab.add_init_script(SHOWN)
            tab.goto(f"http://127.0.0.1:{port}/{page_path(answer)}")
            tab.wait_for_load_state("load")
            tab.wait_for_timeout(1000)  # the event stream delivers the current state
            for number in range(edits):
                word = f"Reloadmark{number}x"
                tab.evaluate(
                    "(word) => { sessionStorage.setItem('bench-want', word); sessionStorage.removeItem('bench-shown'); }",
                    word,
                )
                saved = time.time()
                answer.write_text(original.rstrip("\n") + f"\n\nNow {word} in stock.\n", encoding="utf-8")
                tab.locator("main").get_by_text(word).wait_for(timeout=120_000)
                published_at = published.after(saved, 10)  # the first state after the save: a first look or the build
                tab.wait_for_function("sessionStorage.getItem('bench-shown') !== null")
                started, shown = (ms / 1000 for ms in json.loads(tab.evaluate("sessionStorage.getItem('bench-shown')")))
                built_at, _ = lines.wait_for(BUILT, 300)
                parts = {
                    "published": published_at - saved,
                    "reload": started - published_at,
                    "load": shown - started,
                    "total": shown - saved,
                    "whole build": built_at - saved,
                }
                results.append(parts)
                print("  ".join(f"{k} {v * 1000:6.0f} ms" for k, v in parts.items()), file=sys.stderr)
                tab.wait_for_timeout(1200)  # polling tells saves apart by time and size
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


def main() -> None:
    """Parse options, prepare the content, measure, print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=0, help="generated questions (0: the shipped site)")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--poll", action="store_true", help="watchfiles' polling instead of file events")
    parser.add_argument("--keep", type=Path, default=None, help="work folder to keep (default: a temporary one)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kbgen-reload-"))
    try:
        content = work / "content"
        if args.size:
            if not (content / "site.yaml").is_file():
                write_corpus(work, args.size)
            answers = sorted((content / "sections").glob("*/*.md"))
            answer = answers[len(answers) // 2]
        else:
            shutil.rmtree(content, ignore_errors=True)
            shutil.copytree(ROOT / "content", content)
            answer = content / SHIPPED_ANSWER
        results = measure(content, answer, args.edits, args.poll)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    site = f"{args.size:,} questions" if args.size else "the shipped site"
    print(f"| {site}, median of {len(results)} edits | " + " | ".join(PARTS) + " |")
    print("| --- |" + " ---: |" * len(PARTS))
    medians = [statistics.median(r[p] for r in results) * 1000 for p in PARTS]
    print("| edit to reload | " + " | ".join(f"{m:.0f} ms" for m in medians) + " |")


if __name__ == "__main__":
    main()
