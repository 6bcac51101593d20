"""Pictures of the built site as a shopper sees it: every page type at 320, 375, 768 and 1280 px, light and dark.

Builds the shipped content with this tree's kbgen, or with the kbgen of an
earlier commit (`--rev`, read with `git archive` into a temporary folder), serves
it on 127.0.0.1 and saves full-page screenshots from Debian's Chromium, so that a
redesign's before and after can be put side by side:

    python bench/look.py --out test-artifacts/design-after
    python bench/look.py --rev 1ae54f0 --out test-artifacts/design-before

Unlike tests/browser/test_screenshots.py (the first screen of three page types,
compared with committed references), this keeps whole pages and compares nothing.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from kbgen.util.static_host import StaticHandler
from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.support.pagetypes import PAGE_TYPES

WIDTHS = [320, 375, 768, 1280]
SCHEMES = ["light", "dark"]


def build(rev: str | None, output: Path, scratch: Path) -> None:
    """The shipped content built into `output` by this tree's kbgen or by the one at `rev`."""
    tree = ROOT
    if rev is not None:
        tree = scratch / "tree"
        tree.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tree, filter="data")
        # the earlier tree's theme needs lunr.js from npm: this tree's installed copy is the same pinned version
        (tree / "theme" / "node_modules").symlink_to(ROOT / "theme" / "node_modules")
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, "-m", "kbgen", "build", "--content", str(tree / "content"), "--output", str(output)]
    subprocess.run(command, check=True, cwd=scratch, env=env, stdout=subprocess.DEVNULL)


def shoot(site: Path, out: Path) -> int:
    handler = functools.partial(StaticHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/"
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for width in WIDTHS:
                for scheme in SCHEMES:
                    context = browser.new_context(viewport={"width": width, "height": 812}, color_scheme=scheme)
                    tab = context.new_page()
                    for page_type in PAGE_TYPES:
                        try:
                            page_type.open(tab, url)
                        except PlaywrightError as error:  # an earlier version may lack a page type: say so, go on
                            print(f"{page_type.name} at {width} px ({scheme}): not shown ({error.__class__.__name__})")
                            continue
                        tab.evaluate("document.activeElement && document.activeElement.blur()")
                        path = out / f"{page_type.name}-{width}-{scheme}.png"
                        tab.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")
                        count += 1
                    context.close()
            browser.close()
    finally:
        server.shutdown()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rev", help="build with the kbgen of this commit instead of this tree's")
    parser.add_argument("--out", type=Path, default=ROOT / "test-artifacts" / "look")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        build(args.rev, site, Path(scratch))
        count = shoot(site, args.out)
    print(f"{count} screenshots in {args.out}")


if __name__ == "__main__":
    main()
