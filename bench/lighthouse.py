"""Lighthouse benchmark: the four category scores of the built site's page types, in mobile emulation.

Builds the shipped content (or `--content`) into a temporary folder, serves it
on 127.0.0.1 as a static host would (gzip for text, long cache lifetimes for
the content-hashed assets) and runs Lighthouse from npm (theme/package.json,
pinned) against Debian's Chromium on: home, a section, a question, search with
results and track with a result. Prints one row per page and the lowest score
of each category; the JSON reports go to test-artifacts/lighthouse/.

    python bench/lighthouse.py
    python bench/lighthouse.py --pages home,section --runs 3   # the median of 3 runs each

Needs `npm ci --prefix theme` (scripts/setup.sh does it) and Chromium at
/usr/bin/chromium (or KBGEN_CHROMIUM). A benchmark, not a test: it prints
figures and fails only when Lighthouse cannot run.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kbgen.pipeline import build_site
from kbgen.util.static_host import StaticHandler
from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS

LIGHTHOUSE = ROOT / "theme" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME_FLAGS = ["--headless=new", *CHROMIUM_ARGS]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PAGES = {
    "home": "",
    "section": "membership/",
    "question": "common-logistics-providers/contact-your-carrier/",
    "search": "search/?q=points",
    "track": "track/?number=1Z999AA10123456784",
}
TEXT_TYPES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".webmanifest")


class HostHandler(StaticHandler):
    """StaticHandler plus what a static host adds: gzip for text, a year's caching for hashed assets."""

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not path.name.endswith(TEXT_TYPES) or not accepts_gzip or self.path.endswith("/."):
            return super().send_head()
        if not self.path.split("?", 1)[0].endswith(("/", path.name)):
            return super().send_head()  # the folder redirect
        body = gzip.compress(path.read_bytes(), 9, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        hashed = "/assets/" in self.path
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if hashed else "no-cache")
        self.end_headers()
        return io.BytesIO(body)


HostHandler.extensions_map = {**StaticHandler.extensions_map, ".webmanifest": "application/manifest+json"}


def run_lighthouse(url: str, report: Path) -> dict[str, int]:
    """One Lighthouse run (mobile, the default): the four scores out of 100."""
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
    ]
    done = subprocess.run(
        command, check=False, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    return {name: round((data["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}


def failing_audits(report: Path) -> list[str]:
    """The audits below full marks that count towards a score, for the notes under the table."""
    data = json.loads(report.read_text(encoding="utf-8"))
    found = []
    for category in CATEGORIES:
        for ref in data["categories"][category]["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                found.append(f"{category}: {ref['id']} ({audit['score']:.2f})")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated: " + ", ".join(PAGES))
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is shown")
    args = parser.parse_args()
    if not LIGHTHOUSE.is_file():
        raise SystemExit(f"{LIGHTHOUSE} missing: run 'npm ci --prefix theme'")
    reports = ROOT / "test-artifacts" / "lighthouse"
    reports.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        build_site(args.content, site)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(HostHandler, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        rows, notes = [], []
        for name in args.pages.split(","):
            runs = []
            for number in range(args.runs):
                report = reports / f"{name}-{number + 1}.json"
                runs.append(run_lighthouse(base + PAGES[name], report))
                notes.extend(f"{name}: {line}" for line in failing_audits(report))
            rows.append((name, {c: int(statistics.median(r[c] for r in runs)) for c in CATEGORIES}))
        server.shutdown()
    width = max(len(name) for name, _ in rows)
    print(f"{'page':<{width}}  " + "  ".join(f"{c:>14}" for c in CATEGORIES))
    for name, scores in rows:
        print(f"{name:<{width}}  " + "  ".join(f"{scores[c]:>14}" for c in CATEGORIES))
    print(f"{'lowest':<{width}}  " + "  ".join(f"{min(s[c] for _, s in rows):>14}" for c in CATEGORIES))
    for line in sorted(set(notes)):
        print("  below full marks:", line)
    print(f"Lighthouse 12.2.3, mobile emulation, {args.runs} run(s) a page; reports in {reports}")


if __name__ == "__main__":
    main()
