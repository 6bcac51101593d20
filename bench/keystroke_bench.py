"""Time from the last keystroke to the search results' DOM update, in headless Chromium.

Builds the shipped content (or --content DIR), serves it on a free loopback port,
types a few queries into the home page's search box and prints, per query, the
milliseconds between the last `input` event and the first change of the results.

    python bench/keystroke_bench.py [--content content]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kbgen.pipeline import build_site
from kbgen.util.static_host import make_server
from tests.support.chromium import CHROMIUM_ARGS

QUERIES = ["points valid", "refund", "authenticity", "ups", "cancel order", "delete account"]
WATCH = """() => {
  window.addEventListener('input', () => { window.__last = performance.now(); window.__first = null; }, true);
  new MutationObserver(() => {
    if (window.__last && window.__first === null) window.__first = performance.now() - window.__last;
  }).observe(document.querySelector('#home-search').form, {subtree: true, childList: true});
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_site(options.content, site, cache=False)
        server = make_server(site, port=0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=options.chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 375, "height": 800})
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
            box = page.locator("#home-search")
            box.click()
            box.type("poi", delay=60)
            page.wait_for_timeout(500)  # the index loads on first focus
            page.evaluate(WATCH)
            print("query                 ms after last key")
            for query in QUERIES:
                box.fill("")
                page.wait_for_timeout(100)
                page.evaluate("window.__last = 0; window.__first = null")
                box.type(query, delay=40)
                page.wait_for_timeout(300)
                print(f"{query:<22}{page.evaluate('window.__first'):.1f}")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
