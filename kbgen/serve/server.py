"""The live-preview server behind `kbgen serve`: build, watch, rebuild, reload the browser.

Owns serving the output over HTTP and the live reload: the reload script and
the error overlay (`static/`) exist only in the responses this server sends.
HTML responses get one `<script src>` tag (no inline script, so a strict CSP
holds), and nothing here writes to the output except `pipeline.build_site`
itself. Watching is `watch.py`'s, each build's outcome and the state browsers
follow are `state.py`'s. Nothing here prints: each build's outcome goes to
the `on_build` callback.

Browser protocol: `/__kbgen__/events` is a Server-Sent Events stream of the
build state `{"version", "ok", "errors", "warnings"}`. The page reloads when
the version changes to a good build and shows the errors over the last good
site when a build fails.
"""

from __future__ import annotations

import errno
import http.server
import io
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from kbgen.pipeline import build_site
from kbgen.preview import PreviewBase, preview_pages
from kbgen.publish.hosting import data_type
from kbgen.render.theme import default_theme_dir
from kbgen.serve.state import BuildOutcome, BuildState, Published, attempt
from kbgen.serve.watch import watch_changes
from kbgen.urls import content_hash
from kbgen.util.static_host import StaticHandler

RESERVED_PREFIX = "/__kbgen__/"
RELOAD_SCRIPT_URL = RESERVED_PREFIX + "reload.js"
EVENTS_URL = RESERVED_PREFIX + "events"
OVERLAY_CSS_URL = RESERVED_PREFIX + "overlay.css"
RELOAD_TAG = f'<script src="{RELOAD_SCRIPT_URL}" defer></script>'.encode()
KEEPALIVE_SECONDS = 15.0
#: A file named after its own bytes (`css/site.<hash>.css`, urls.hashed_name) never changes under its name.
HASHED_NAME = re.compile(r"^.+\.([0-9a-f]{10})\.[A-Za-z0-9]+$")
NO_STORE = "no-store"
IMMUTABLE = "max-age=31536000, immutable"
STATIC_DIR = Path(__file__).resolve().parent / "static"
#: From this many questions on, an edit gets a first look (kbgen/preview.py) before the whole build: below it,
#: a whole build takes well under half a second on two cores.
FIRST_LOOK_FROM = 300


def inject_reload(html: bytes) -> bytes:
    """Add the live-reload script tag before `</body>` (or at the end)."""
    index = html.lower().rfind(b"</body>")
    if index < 0:
        return html + RELOAD_TAG
    return html[:index] + RELOAD_TAG + b"\n" + html[index:]


def listen_problem(host: str, port: int, err: OSError) -> tuple[str, bool]:
    """What to say when the server cannot listen on `host:port`, and whether the fault is the host (a usage error:
    no address of this machine) rather than the port (busy, or a privileged one)."""
    if isinstance(err, socket.gaierror) or err.errno == errno.EADDRNOTAVAIL:
        reason = "no such host" if isinstance(err, socket.gaierror) else "not an address of this machine"
        return (f"--host {host}: {reason} ({err.strerror}); use 127.0.0.1, or 0.0.0.0 for every address"), True
    advice = {errno.EADDRINUSE: f" (try --port {port + 1})", errno.EACCES: " (ports below 1024 need privileges)"}
    return f"cannot listen on {host}:{port}: {err.strerror}{advice.get(err.errno, '')}", False


class DevServer:
    """Serves `output` on `host:port`, rebuilding it from `content` whenever content or theme change."""

    def __init__(
        self,
        content: Path,
        output: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        base_url: str = "",
        theme_dir: Path | None = None,
        interval: float = 0.5,
        native_events: bool = True,
        on_build: Callable[[BuildOutcome], None] | None = None,
        force: bool = False,
        cache_dir: Path | None = None,
    ):
        self.content = Path(content)
        self.force = force
        """Take over an output folder kbgen did not write (first build only: after it, the folder is kbgen's)."""
        self.cache_dir = cache_dir
        self.output = Path(output)
        self.base_url = base_url
        self.theme_dir = theme_dir
        self.interval = interval
        """Seconds between two polls, when polling."""
        self.native_events = native_events
        """Watch the file system's change events (False: poll every `interval`)."""
        self.on_build = on_build
        self.published = Published()
        self._base: PreviewBase | None = None
        """What the last good build knew, for an edit's first look."""
        self.first_look_from = FIRST_LOOK_FROM
        """A first look is shown on help centers of at least this many questions (a smaller one's whole build is
        quick enough to be its own first look)."""
        self.pages: dict[str, bytes] = {}
        """The first look's pages by their output file's path, served in place of the files until the build ends."""
        self._building = False
        self._threads: list[threading.Thread] = []
        self._serving = False
        self.httpd = http.server.ThreadingHTTPServer((host, port), _handler_for(self))
        self.httpd.daemon_threads = True

    @property
    def url(self) -> str:
        """The address to open in a browser."""
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def watched(self) -> list[Path]:
        """Folders whose changes trigger a rebuild: the content and the theme(s). Of the default theme only its
        templates/ and static/: beside them a checkout has node_modules/, thousands of files no watch should scan."""
        roots = [self.content, default_theme_dir() / "templates", default_theme_dir() / "static"]
        if self.theme_dir is not None:
            roots.append(self.theme_dir)
        return roots

    def rebuild(self, changed: Collection[Path] = ()) -> BuildOutcome:
        """Build once; publish the new state to open browser tabs and to `on_build`. When the `changed` files are
        edits of questions the last build showed, their pages are shown first, rendered alone (kbgen/preview.py),
        and the whole build then takes over."""
        self._building = True
        after = self._first_look(changed)
        outcome = attempt(self._build)  # a signal ends it with `Stopped`: `_building` stays true for `stop_note`
        self._building = False
        kept = self._kept() if outcome.ok else []
        self.pages = {}  # the whole build's output (or, after a failure, the last good one) is served again
        if outcome.ok:
            self.force = False
            self._base = outcome.result.preview if outcome.result is not None else None
        else:
            outcome = replace(outcome, served=self.has_site())
        self.published.publish(outcome, after, kept)
        if self.on_build is not None:
            self.on_build(outcome)
        return outcome

    def _first_look(self, changed: Collection[Path]) -> str:
        """Show the pages of edited questions before the whole build, when the last build was good and every change
        is such an edit, and return the version published for them; else "" (the whole build alone decides what
        is shown)."""
        last = self.published.current()
        if not changed or self._base is None or not last.ok or len(self._base.places) < self.first_look_from:
            return ""
        try:
            pages = preview_pages(self._base, changed)
        except Exception:  # noqa: BLE001 - the first look is a courtesy: the whole build that follows reports
            return ""
        if not pages:
            return ""
        self.pages = {os.path.join(self.output, path): page for path, page in pages.items()}
        return self.published.publish(BuildOutcome(True, None, [], last.warnings, 0.0)).version

    def _kept(self) -> list[str]:
        """The URL paths of the first look's pages that the whole build wrote byte for byte."""
        kept = []
        for local, page in self.pages.items():
            try:
                same = Path(local).read_bytes() == page
            except OSError:
                same = False
            if same:
                kept.append("/" + Path(local).relative_to(self.output).as_posix().removesuffix("index.html"))
        return kept

    def _build(self):
        return build_site(
            self.content,
            self.output,
            base_url=self.base_url,
            theme_dir=self.theme_dir,
            force=self.force,
            cache_dir=self.cache_dir,
            detach_removal=True,  # the old tree goes in a thread: the browser reloads once the new one is in
            keep_preview=True,
        )

    def has_site(self) -> bool:
        """Whether the output holds a built site to serve (from this run or an earlier one)."""
        return (self.output / "index.html").is_file()

    def stop_note(self) -> str:
        """One line on what the output holds once the server is stopped (builds swap in whole or not at all)."""
        if self._building:
            kept = "keeps its last complete build" if self.has_site() else "holds no site yet"
            return f"Stopped mid-build: {self.output} {kept}"
        if self.has_site():
            return f"Stopped: {self.output} keeps the site as last built"
        return f"Stopped: no site was built into {self.output}"

    @property
    def stopping(self) -> bool:
        """True once `close()` has been called."""
        return self.published.stop_event.is_set()

    def state(self) -> BuildState:
        """The latest build state."""
        return self.published.current()

    def watch(
        self, on_change: Callable[[set[Path]], object] | None = None, ready: threading.Event | None = None
    ) -> None:
        """Call `on_change` (default: rebuild) with the changed paths on any change to the watched folders, until
        `close()`; set `ready` once watching."""
        stop, polling = self.published.stop_event, not self.native_events
        changed = on_change or self.rebuild
        watch_changes(self.watched(), changed, stop, polling=polling, interval=self.interval, ready=ready)

    def start(self) -> None:
        """Serve, and watch and rebuild, in background threads (the initial build is the caller's: `rebuild()`)."""
        self._start(self.rebuild)

    def serve_forever(self, on_ready: Callable[[], object] | None = None) -> None:
        """Serve and watch in background threads and rebuild in this one, until `close()` or a signal's exception;
        call `on_ready` once serving and watching (an edit saved from then on is seen).

        Rebuilding in the main thread lets a signal's exception (`Stopped`) unwind a rebuild under way like the
        first build: the writer discards what it staged, and the process ends within a second."""
        changed, paths, lock = threading.Event(), set(), threading.Lock()

        def on_change(seen: set[Path]) -> None:
            with lock:
                paths.update(seen)
            changed.set()

        self._start(on_change)
        if on_ready is not None:
            on_ready()
        stop = self.published.stop_event
        while not stop.is_set():
            if changed.wait(timeout=1.0) and not stop.is_set():
                changed.clear()  # changes seen during the rebuild set it again: one more rebuild follows
                with lock:
                    seen = set(paths)
                    paths.clear()
                self.rebuild(seen)

    def _start(self, on_change: Callable[[set[Path]], object]) -> None:
        self._serving = True
        ready = threading.Event()
        serve = lambda: self.httpd.serve_forever(poll_interval=0.1)
        for name, target in (("serve", serve), ("watch", lambda: self.watch(on_change, ready))):
            thread = threading.Thread(target=target, daemon=True, name=f"kbgen-{name}")
            thread.start()
            self._threads.append(thread)
        # An edit saved once this returns is seen: the watches are in place (a moment; a watcher that fails to
        # start at all is not waited for long).
        ready.wait(timeout=10)

    def close(self, wait: float = 5.0) -> None:
        """Stop serving and watching; end open event streams. Waits up to `wait` seconds in all for the threads (a
        rebuild under way in one, after `start()`, is left to end with the process: the next build clears its files)."""
        self.published.stop()
        if self._serving:
            self.httpd.shutdown()
        self.httpd.server_close()
        deadline = time.monotonic() + wait
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout=max(0.0, deadline - time.monotonic()))


def _handler_for(server: DevServer) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(_DevHandler):
        dev = server

    return Handler


def cache_control(local: str) -> str:
    """The Cache-Control of a served file: a file whose name is its bytes' hash may be kept (a reload then fetches
    the page alone; a changed asset has another name), anything else is fetched again every time."""
    named = HASHED_NAME.match(os.path.basename(local))
    try:
        kept = named is not None and content_hash(Path(local).read_bytes()) == named.group(1)
    except OSError:
        kept = False
    return IMMUTABLE if kept else NO_STORE


class _DevHandler(StaticHandler):
    dev: DevServer
    cache = NO_STORE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(self.dev.output), **kwargs)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", self.cache)
        super().end_headers()

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == EVENTS_URL:
            self._stream_events()
            return
        super().do_GET()

    def guess_type(self, path) -> str:
        # the data files as `_headers` types them (publish/hosting.py), so the preview serves what the host will
        return data_type(str(path)) or super().guess_type(path)

    def send_head(self):
        path = urlsplit(self.path).path
        if path.startswith(RESERVED_PREFIX):
            return self._send_own_asset(path)
        local = self.translate_path(self.path)
        if os.path.isdir(local) and path.endswith("/"):
            local = os.path.join(local, "index.html")
        first_look = self.dev.pages.get(local)
        if first_look is not None:
            return self._send_html(200, first_look)
        if local.endswith(".html") and os.path.isfile(local):
            return self._send_html(200, Path(local).read_bytes())
        self.cache = cache_control(local) if os.path.isfile(local) else NO_STORE
        return super().send_head()

    def not_found_page(self) -> bytes:
        return super().not_found_page() or _placeholder_page()

    def send_html_head(self, code: int, body: bytes) -> bytes:
        return super().send_html_head(code, inject_reload(body))

    def _send_html(self, code: int, body: bytes) -> io.BytesIO:
        return io.BytesIO(self.send_html_head(code, body))

    def _send_own_asset(self, path: str) -> io.BytesIO | None:
        name = path[len(RESERVED_PREFIX) :]
        types = {"reload.js": "text/javascript; charset=utf-8", "overlay.css": "text/css; charset=utf-8"}
        if name not in types:
            http.server.SimpleHTTPRequestHandler.send_error(self, 404, "no such dev-server file")
            return None
        body = (STATIC_DIR / name).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", types[name])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def _stream_events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.end_headers()
        self.close_connection = True
        version = None
        try:
            while not self.dev.stopping:
                state = self.dev.published.wait_for_change(version or "", KEEPALIVE_SECONDS)
                if self.dev.stopping:
                    break
                if state.version != version and state.version:
                    self.wfile.write(b"data: " + state.as_json() + b"\n\n")
                    version = state.version
                else:
                    self.wfile.write(b": keepalive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


def _placeholder_page() -> bytes:
    """Shown when there is no site yet (the first build failed): only the overlay has something to say."""
    return (
        b'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        b"<title>kbgen preview</title>\n</head>\n<body>\n<main>\n<h1>No page here yet</h1>\n"
        b"<p>Nothing has been built at this address. Fix the errors listed and save; this page reloads.</p>\n"
        b"</main>\n</body>\n</html>\n"
    )
