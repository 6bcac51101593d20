"""`kbgen serve` (kbgen/serve/): a real server on a free port, real edits, the reload signal, the error overlay."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import watchfiles

from kbgen.pipeline import build_site
from kbgen.serve.server import RELOAD_TAG, DevServer, inject_reload
from kbgen.serve.state import BuildReport
from kbgen.serve.watch import SiteFilter
from tests.conftest import REPO

# Real servers waiting on file events and polls: seconds each.
pytestmark = pytest.mark.slow

POINTS = Path("sections/01-membership/05-points-validity.md")
POINTS_ERRORS = [
    "content/sections/01-membership/05-points-validity.md:2: missing required key 'question'",
    (
        "content/sections/01-membership/05-points-validity.md:2: unknown key 'questoin' (did you mean 'question'?); "
        "allowed: question, slug, tags, updated, aliases, allow_warnings, promoted, related, publish, expire"
    ),
]


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


class Events:
    """A Server-Sent Events client for `/__kbgen__/events`."""

    def __init__(self, server: DevServer):
        host, port = server.httpd.server_address[:2]
        self.connection = http.client.HTTPConnection(host, port, timeout=20)
        self.connection.request("GET", "/__kbgen__/events")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type").startswith("text/event-stream")

    def next(self, seconds: float = 60) -> dict:
        deadline = time.monotonic() + seconds  # keep-alive lines come all the time: a missed event must still fail
        while True:
            assert time.monotonic() < deadline, f"no event within {seconds} s"
            line = self.response.fp.readline()
            assert line, "event stream closed"
            if line.startswith(b"data: "):
                return json.loads(line[len(b"data: ") :])

    def close(self) -> None:
        self.connection.close()


def get(server: DevServer, path: str, method: str = "GET") -> tuple[int, dict, bytes]:
    host, port = server.httpd.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.fixture(params=["events", "polling"])
def site(
    request: pytest.FixtureRequest, shipped_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[DevServer]:
    """A dev server over a copy of the shipped content, on change events or polling every 0.1 s."""
    monkeypatch.chdir(tmp_path)
    server = DevServer(Path("content"), Path("output"), port=0, interval=0.1, native_events=request.param == "events")
    assert server.rebuild().ok
    server.start()
    yield server
    server.close()


def edit(path: Path, old: str, new: str) -> None:
    """Save an edit as an editor would, a moment after the last save: polling (the fallback when no change events
    can be had, e.g. when the machine's inotify instances are used up) tells saves apart by modification time and
    size, and two saves of one size within the file system's timestamp step look the same to it."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    before = path.stat().st_mtime_ns
    path.write_text(text.replace(old, new), encoding="utf-8")
    after = path.stat().st_mtime_ns
    if after - before < 1_000_000_000:
        os.utime(path, ns=(after, before + 1_000_000_000))


def test_inject_reload() -> None:
    assert inject_reload(b"<html><body><p>x</p></body></html>") == (
        b"<html><body><p>x</p>" + RELOAD_TAG + b"\n</body></html>"
    )
    assert inject_reload(b"<p>no body</p>") == b"<p>no body</p>" + RELOAD_TAG


def test_served_html_has_the_reload_script_but_files_on_disk_do_not(site: DevServer, tmp_path: Path) -> None:
    status, headers, body = get(site, "/membership/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-store"
    assert body.count(RELOAD_TAG) == 1
    on_disk = (tmp_path / "output" / "membership" / "index.html").read_bytes()
    assert body.replace(RELOAD_TAG + b"\n", b"") == on_disk  # one external script tag, nothing inline
    assert b"__kbgen__" not in on_disk
    # The served tree is exactly what `kbgen build` writes.
    build_site(Path("content"), tmp_path / "built")
    assert digest(tmp_path / "output") == digest(tmp_path / "built")
    assert not any(b"__kbgen__" in (tmp_path / "built" / name).read_bytes() for name in digest(tmp_path / "built"))


def test_only_html_responses_are_changed(site: DevServer, tmp_path: Path) -> None:
    css = next((tmp_path / "output" / "assets" / "css").glob("*.css"))
    status, _, body = get(site, "/assets/css/" + css.name)
    assert status == 200 and body == css.read_bytes()
    status, _, body = get(site, "/robots.txt")
    assert status == 200 and body == (tmp_path / "output" / "robots.txt").read_bytes()
    status, headers, body = get(site, "/membership")
    assert status == 301 and headers["Location"] == "/membership/"
    status, _, body = get(site, "/no/such/page/")
    assert status == 404 and RELOAD_TAG in body


def test_files_named_after_their_bytes_may_be_kept_by_the_browser(site: DevServer, tmp_path: Path) -> None:
    css = next((tmp_path / "output" / "assets" / "css").glob("site.*.css"))
    assert get(site, "/assets/css/" + css.name)[1]["Cache-Control"] == "max-age=31536000, immutable"
    # a reload fetches the page alone; whatever else may change under its name is fetched again every time
    assert get(site, "/robots.txt")[1]["Cache-Control"] == "no-store"
    assert get(site, "/membership/")[1]["Cache-Control"] == "no-store"
    impostor = tmp_path / "output" / "assets" / "css" / "fake.0123456789.css"
    impostor.write_text("body {}\n", encoding="utf-8")
    assert get(site, "/assets/css/fake.0123456789.css")[1]["Cache-Control"] == "no-store"
    assert get(site, "/assets/css/gone.0123456789.css")[1]["Cache-Control"] == "no-store"


def test_dev_assets(site: DevServer) -> None:
    status, headers, script = get(site, "/__kbgen__/reload.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert b"EventSource" in script and b"innerHTML" not in script
    status, headers, _ = get(site, "/__kbgen__/overlay.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    assert get(site, "/__kbgen__/other.js")[0] == 404


def test_edit_rebuilds_and_signals_reload(site: DevServer, tmp_path: Path) -> None:
    events = Events(site)
    try:
        first = events.next()
        assert first["ok"] and first["errors"] == []
        edit(tmp_path / "content" / POINTS, "365 days", "400 days")
        second = events.next()
        assert second["ok"] and second["version"] != first["version"]
        status, _, body = get(site, "/membership/points-validity/")
        assert status == 200 and b"400 days" in body
    finally:
        events.close()


def test_broken_file_reports_errors_and_keeps_the_last_good_site(site: DevServer, tmp_path: Path) -> None:
    events = Events(site)
    try:
        good = events.next()
        edit(tmp_path / "content" / POINTS, "question:", "questoin:")
        broken = events.next()
        assert broken["ok"] is False
        assert broken["errors"] == POINTS_ERRORS
        assert broken["version"] != good["version"]
        status, _, body = get(site, "/membership/points-validity/")
        assert status == 200 and b"365 days" in body  # the last good page
        edit(tmp_path / "content" / POINTS, "questoin:", "question:")
        fixed = events.next()
        while not fixed["ok"] and fixed["errors"] == POINTS_ERRORS:  # a poll may see the broken save twice first
            fixed = events.next()
        assert fixed["ok"] and fixed["errors"] == []
    finally:
        events.close()


def test_theme_edit_rebuilds(shipped_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    theme = tmp_path / "theme"
    (theme / "templates").mkdir(parents=True)
    (theme / "templates" / "question.html").write_text('{% extends "default/question.html" %}\n', encoding="utf-8")
    server = DevServer(Path("content"), Path("output"), port=0, interval=0.1, theme_dir=theme)
    assert server.rebuild().ok
    server.start()
    events = Events(server)
    try:
        events.next()
        (theme / "templates" / "question.html").write_text(
            "{% extends 'default/question.html' %}\n{% block x %}\n", encoding="utf-8"
        )
        state = events.next()
        assert state["ok"] is False
        [error] = state["errors"]
        assert error == (
            "theme/templates/question.html:2: template error: Unexpected end of template. Jinja was looking for "
            "the following tags: 'endblock'. The innermost block that needs to be closed is 'block'."
        )
    finally:
        events.close()
        server.close()


def test_first_build_failing_still_serves_the_errors(make_project, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    make_project({"sections/01-orders/01-cancel.md": "---\nquestion: How do I cancel?\n---\n"})
    server = DevServer(Path("content"), Path("output"), port=0, interval=0.1)
    outcome = server.rebuild()
    assert not outcome.ok
    assert outcome.errors == [
        "content/sections/01-orders/01-cancel.md:4: the answer is empty: write it below the front matter"
    ]
    assert not outcome.served
    assert BuildReport(verbose=False)(outcome)[1] == (
        "Build failed: 1 error(s); no site to serve until the errors are fixed (the browser lists them)"
    )
    server.start()
    try:
        status, _, body = get(server, "/")
        assert status == 404 and RELOAD_TAG in body and b"No page here yet" in body
        assert not (tmp_path / "output").exists()
    finally:
        server.close()


def test_cli_serve_prints_url_and_build_summary(shipped_copy: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "kbgen", "serve", "--port", "0", "--content", "content", "--output", "out"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()

    def next_line() -> str:
        """The server's next line of output; a server that says nothing for a minute fails the test, not hangs it."""
        return lines.get(timeout=60)

    try:
        built = next_line()
        serving = next_line()
        assert re.match(r"^Built \d+ pages in \d+\.\d\d s, 1 allowed warning$", built), built
        match = re.match(
            r"^Serving (http://127\.0\.0\.1:(\d+)/) - watching content and the theme; Ctrl\+C to stop$", serving
        )
        assert match, serving
        connection = http.client.HTTPConnection("127.0.0.1", int(match.group(2)), timeout=10)
        connection.request("GET", "/")
        response = connection.getresponse()
        assert response.status == 200 and RELOAD_TAG in response.read()
        connection.close()
        edit(tmp_path / "content" / POINTS, "question:", "questoin:")
        failed = "Build failed: 2 error(s), 1 allowed warning; still serving the last good site"
        assert next_line().strip() == failed
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
    stderr = process.stderr.read()
    assert POINTS_ERRORS[0] in stderr
    assert process.returncode == 130  # Ctrl-C, said in one line
    assert stderr.splitlines()[-1] == "Stopped: out keeps the site as last built"


def test_cli_serve_refuses_a_busy_port(tmp_path: Path) -> None:
    busy = DevServer(tmp_path, tmp_path / "out", port=0)
    try:
        port = busy.httpd.server_address[1]
        run = subprocess.run(  # noqa: PLW1510 - the exit code is the assertion
            [sys.executable, "-m", "kbgen", "serve", "--port", str(port), "--content", str(REPO / "content")],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            capture_output=True,
            text=True,
            timeout=30,
        )
    finally:
        busy.close()
    assert run.returncode == 1
    assert f"Error: cannot listen on 127.0.0.1:{port}" in run.stderr


# --- in a real browser ---------------------------------------------------------------------------


def test_without_change_events_the_server_polls(shipped_copy: Path, tmp_path: Path, monkeypatch) -> None:
    real_watch = watchfiles.watch
    polled = []

    def no_events(*args, force_polling=None, **kwargs):
        if not force_polling:
            raise OSError("OS file watch limit reached")
        polled.append(kwargs["poll_delay_ms"])
        return real_watch(*args, force_polling=force_polling, **kwargs)

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(watchfiles, "watch", no_events)
    outcomes = []
    server = DevServer(Path("content"), Path("output"), port=0, interval=0.1, on_build=outcomes.append)
    assert server.rebuild().ok
    server.start()
    try:
        time.sleep(0.5)  # the first poll has seen the files as they are
        edit(Path("content") / POINTS, "365 days", "400 days")
        deadline = time.monotonic() + 10
        while len(outcomes) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(outcomes) == 2 and outcomes[1].ok
        assert "400 days" in (tmp_path / "output" / "membership" / "points-validity" / "index.html").read_text()
        assert polled == [100]  # watchfiles' own polling, every `interval`
    finally:
        server.close()


def test_changes_that_do_not_matter_are_not_relevant(tmp_path: Path) -> None:
    roots = [tmp_path / ".hidden-parent" / "content"]
    relevant = SiteFilter(roots)
    modified = watchfiles.Change.modified
    assert relevant(modified, str(roots[0] / "sections" / "01-a" / "01-q.md"))
    assert not relevant(modified, str(roots[0] / "sections" / ".01-q.md.swp"))
    assert not relevant(modified, str(roots[0] / "sections" / ".drafts" / "01-q.md"))
    assert not relevant(modified, str(roots[0] / "01-q.md~"))
    assert not relevant(modified, str(roots[0] / "node_modules" / "x.js"))
    assert not relevant(modified, str(tmp_path / "elsewhere.md"))


def test_change_events_rebuild_without_waiting_for_a_poll(shipped_copy: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    outcomes = []
    # A poll every minute: only a change event can rebuild within the few seconds below.
    server = DevServer(Path("content"), Path("output"), port=0, interval=60, on_build=outcomes.append)
    assert server.rebuild().ok
    server.start()
    try:
        time.sleep(0.5)  # the watches are in place
        edit(Path("content") / POINTS, "365 days", "400 days")
        deadline = time.monotonic() + 10
        while len(outcomes) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(outcomes) == 2 and outcomes[1].ok
    finally:
        started = time.monotonic()
        server.close()
    assert time.monotonic() - started < 3  # the watcher sees close() without waiting out the minute
