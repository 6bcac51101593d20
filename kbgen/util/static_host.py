"""A plain static server for a built site, behaving as a static host would.

Serves a folder over HTTP on 127.0.0.1 and answers missing pages with its
404.html. The test suite and the benchmarks use it as the stand-in host;
`kbgen serve` uses the live-preview server in devserver.py instead. Nothing
here changes what a build writes.
"""

from __future__ import annotations

import functools
import http.server
from pathlib import Path


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files quietly, with the site's own 404.html for anything missing."""

    def log_message(self, format: str, *args) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = Path(self.directory) / "404.html"
        if code == 404 and not_found.is_file():
            body = not_found.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


def make_server(folder: Path, host: str = "127.0.0.1", port: int = 8000) -> http.server.ThreadingHTTPServer:
    """A threaded HTTP server for `folder`; port 0 picks a free one."""
    handler = functools.partial(StaticHandler, directory=str(folder))
    return http.server.ThreadingHTTPServer((host, port), handler)
