"""The live-preview server behind `kbgen serve`: build, watch, rebuild, reload the browser.

Owns watching (the file system's own change events through watchfiles, or
polling file mtimes where those cannot be had), rebuilding through
`pipeline.build_site`, and serving the output over HTTP on loopback. The live-reload
script and the error overlay exist only in the responses this server sends:
HTML responses get one `<script src>` tag (no inline script, so a strict CSP
holds), and nothing here writes to the output except `pipeline.build_site` itself.
Nothing here prints: each build's outcome goes to the `on_build` callback.

Browser protocol: `/__kbgen__/events` is a Server-Sent Events stream of the
build state `{"version", "ok", "errors", "warnings"}`. The page reloads when
the version changes to a good build and shows the errors over the last good
site when a build fails.
"""

from __future__ import annotations

import http.server
import io
import json
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import watchfiles

from kbgen.errors import ContentError, KbgenError
from kbgen.load.files import display_path
from kbgen.pipeline import BuildResult, build_site
from kbgen.render.theme import default_theme_dir
from kbgen.util.static_host import StaticHandler

RESERVED_PREFIX = "/__kbgen__/"
RELOAD_SCRIPT_URL = RESERVED_PREFIX + "reload.js"
EVENTS_URL = RESERVED_PREFIX + "events"
OVERLAY_CSS_URL = RESERVED_PREFIX + "overlay.css"
RELOAD_TAG = f'<script src="{RELOAD_SCRIPT_URL}" defer></script>'.encode()
KEEPALIVE_SECONDS = 15.0
STATIC_DIR = Path(__file__).resolve().parent / "serve_static"


@dataclass(frozen=True)
class BuildOutcome:
    """One build attempt: the result when it worked, else every error message."""

    ok: bool
    result: BuildResult | None
    errors: list[str]
    warnings: list[str]
    seconds: float
    fatal: bool = False
    """The failure is not in the content or theme (say, a refused output folder): editing will not fix it."""
    allowed: list[str] = field(default_factory=list)
    """Warnings the content allows on purpose (`allow_warnings`): not in `warnings`, nor shown in the browser."""


@dataclass
class _State:
    version: str = ""
    ok: bool = True
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> bytes:
        payload = {"version": self.version, "ok": self.ok, "errors": self.errors, "warnings": self.warnings}
        return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")


def relevant(path: str, roots: list[Path]) -> bool:
    """Whether a change to `path` under one of `roots` matters for the site: below its root, no dotfile or dot
    folder, backup or node_modules (what `snapshot` skips)."""
    for root in roots:
        try:
            parts = Path(path).relative_to(root).parts
        except ValueError:
            continue
        return not any(part.startswith(".") or part == "node_modules" for part in parts) and not path.endswith("~")
    return False


def snapshot(roots: list[Path]) -> dict[str, tuple[int, int]]:
    """Modification time and size of every file under `roots`, skipping dotfiles, backups and node_modules."""
    found: dict[str, tuple[int, int]] = {}
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if not d.startswith(".") and d != "node_modules"]
            for name in files:
                if name.startswith(".") or name.endswith("~"):
                    continue
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def inject_reload(html: bytes) -> bytes:
    """Add the live-reload script tag before `</body>` (or at the end)."""
    index = html.lower().rfind(b"</body>")
    if index < 0:
        return html + RELOAD_TAG
    return html[:index] + RELOAD_TAG + b"\n" + html[index:]


def describe_failure(err: BaseException) -> list[str]:
    """Turn a failed build into `path:line: message` lines (errors only) for the terminal and the overlay."""
    if isinstance(err, ContentError):
        return [str(p) for p in err.problems if not p.warning] or [str(p) for p in err.problems]
    if isinstance(err, jinja2.TemplateSyntaxError):
        where = display_path(Path(err.filename)) if err.filename else err.name
        return [f"{where}:{err.lineno}: template error: {err.message}"]
    if isinstance(err, KbgenError):
        return [str(err)]
    return [f"build failed: {type(err).__name__}: {err}"]


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
        self.native_events = native_events
        self.on_build = on_build
        self._token = secrets.token_hex(4)
        self._generation = 0
        self._state = _State()
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._serving = False
        self._seen: dict[str, tuple[int, int]] = {}
        self.httpd = http.server.ThreadingHTTPServer((host, port), _handler_for(self))
        self.httpd.daemon_threads = True

    @property
    def url(self) -> str:
        """The address to open in a browser."""
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def watched(self) -> list[Path]:
        """Folders whose changes trigger a rebuild: the content and the theme(s)."""
        roots = [self.content, default_theme_dir()]
        if self.theme_dir is not None:
            roots.append(self.theme_dir)
        return roots

    def rebuild(self) -> BuildOutcome:
        """Build once; publish the new state to open browser tabs and to `on_build`."""
        started = time.perf_counter()
        # Snapshot before building: an edit made during the build is seen as a change afterwards.
        self._seen = snapshot(self.watched())
        try:
            result = build_site(
                self.content,
                self.output,
                base_url=self.base_url,
                theme_dir=self.theme_dir,
                force=self.force,
                cache_dir=self.cache_dir,
            )
            self.force = False
        except Exception as err:  # noqa: BLE001 - a broken edit must never stop the preview
            fatal = isinstance(err, KbgenError) and not isinstance(err, ContentError)
            problems = err.problems if isinstance(err, ContentError) else []
            warnings = [str(p) for p in problems if p.warning and not p.allowed]
            allowed = [str(p) for p in problems if p.allowed]
            seconds = time.perf_counter() - started
            outcome = BuildOutcome(False, None, describe_failure(err), warnings, seconds, fatal, allowed)
        else:
            warnings = [str(w) for w in result.warnings if not w.allowed]
            allowed = [str(w) for w in result.warnings if w.allowed]
            outcome = BuildOutcome(True, result, [], warnings, result.seconds, allowed=allowed)
        with self._changed:
            self._generation += 1
            self._state = _State(f"{self._token}-{self._generation}", outcome.ok, outcome.errors, outcome.warnings)
            self._changed.notify_all()
        if self.on_build is not None:
            self.on_build(outcome)
        return outcome

    @property
    def stopping(self) -> bool:
        """True once `close()` has been called."""
        return self._stopping.is_set()

    def state(self) -> _State:
        """The latest build state."""
        with self._changed:
            return self._state

    def wait_for_change(self, version: str, timeout: float) -> _State:
        """Block until the state's version differs from `version`, the server stops, or `timeout` passes."""
        with self._changed:
            self._changed.wait_for(lambda: self._state.version != version or self._stopping.is_set(), timeout)
            return self._state

    def watch(self) -> None:
        """Rebuild on any change to the watched folders, until `close()`: on the file system's change events,
        or by polling every `interval` seconds when they cannot be had (or `native_events` is off)."""
        if self.native_events:
            try:
                self.watch_events()
                return
            except (OSError, RuntimeError):  # no inotify watches left, or a file system without events
                pass
        self.watch_polling()

    def watch_events(self) -> None:
        """Rebuild on each burst of change events (watchfiles; a burst settles after 200 ms of quiet)."""
        roots = [root.resolve() for root in self.watched() if root.is_dir()]
        changes = watchfiles.watch(
            *roots,
            watch_filter=lambda _change, path: relevant(path, roots),
            step=200,
            stop_event=self._stopping,
            raise_interrupt=False,
        )
        for _ in changes:
            if self._stopping.is_set():
                return
            self.rebuild()

    def watch_polling(self) -> None:
        """Poll the watched folders every `interval` seconds and rebuild on any change."""
        while not self._stopping.wait(self.interval):
            if snapshot(self.watched()) == self._seen:
                continue
            # Let a burst of saves (an editor's write-then-rename, a git checkout) settle first.
            time.sleep(min(self.interval, 0.2))
            self.rebuild()

    def start(self) -> None:
        """Serve and watch in background threads (the initial build is the caller's: `rebuild()`)."""
        self._serving = True
        for target in (self.httpd.serve_forever, self.watch):
            thread = threading.Thread(target=target, daemon=True, name=f"kbgen-{target.__name__}")
            thread.start()
            self._threads.append(thread)

    def serve_forever(self) -> None:
        """Watch in a background thread and serve in this one until interrupted."""
        watcher = threading.Thread(target=self.watch, daemon=True, name="kbgen-watch")
        watcher.start()
        self._threads.append(watcher)
        self._serving = True
        self.httpd.serve_forever()

    def close(self) -> None:
        """Stop serving and watching; end open event streams."""
        self._stopping.set()
        with self._changed:
            self._changed.notify_all()
        if self._serving:
            self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout=5)


def _handler_for(server: DevServer) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(_DevHandler):
        dev = server

    return Handler


class _DevHandler(StaticHandler):
    dev: DevServer

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(self.dev.output), **kwargs)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == EVENTS_URL:
            self._stream_events()
            return
        super().do_GET()

    def send_head(self):
        path = urlsplit(self.path).path
        if path.startswith(RESERVED_PREFIX):
            return self._send_own_asset(path)
        local = self.translate_path(self.path)
        if os.path.isdir(local) and path.endswith("/"):
            local = os.path.join(local, "index.html")
        if local.endswith(".html") and os.path.isfile(local):
            return self._send_html(200, Path(local).read_bytes())
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
                state = self.dev.wait_for_change(version or "", KEEPALIVE_SECONDS)
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
