"""In Chromium: every old Zendesk address of an imported export redirects to its question."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from click.testing import CliRunner

from kbgen.cli import main
from kbgen.load.loader import load_help_center
from kbgen.pipeline import build_site
from kbgen.util.static_host import make_server
from tests.unit.importer.test_exports import ZENDESK, _zendesk_records


def test_every_old_zendesk_address_redirects_to_its_question(tmp_path: Path, browser) -> None:
    assert CliRunner().invoke(main, ["import", str(ZENDESK), "--content", "site"]).exit_code == 0
    for locale in ("en-us", "de"):
        out = tmp_path / f"out-{locale}"
        build_site(tmp_path / "site" / locale, out)
        server = make_server(out, port=0)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        root = f"http://127.0.0.1:{server.server_address[1]}"
        hc, _ = load_help_center(tmp_path / "site" / locale)
        targets = {a: f"/{s.slug}/{q.slug}/" for s in hc.sections for q in s.questions for a in q.aliases}
        targets.update({a: f"/{s.slug}/" for s in hc.sections for a in s.aliases})
        context = browser.new_context()
        tab = context.new_page()
        try:
            articles = [a for a in _zendesk_records("articles") if a["locale"] == locale and not a.get("draft")]
            assert len(articles) == 18
            for article in articles:
                old = urlsplit(article["html_url"]).path
                for path in (old, re.sub(r"/(\d+)-[^/]*$", r"/\1", old)):
                    tab.goto(root + path)
                    expected = targets[unquote(path).strip("/") + "/"]
                    tab.wait_for_url(root + quote(expected), timeout=5000)
                    assert tab.locator("h1").first.inner_text() == article["title"]
            groups = [r for kind in ("sections", "categories") for r in _zendesk_records(kind) if r["locale"] == locale]
            assert len(groups) == 11
            for group in groups:  # a section's and a category's old address lead to the (first) section
                old = urlsplit(group["html_url"]).path
                for path in (old, re.sub(r"/(\d+)-[^/]*$", r"/\1", old)):
                    tab.goto(root + path)
                    tab.wait_for_url(root + quote(targets[unquote(path).strip("/") + "/"]), timeout=5000)
        finally:
            context.close()
            server.shutdown()
            server.server_close()
