"""A plain static server for a built site, behaving as a static host would.

Serves a folder over HTTP on 127.0.0.1 and answers missing pages with its
404.html. The test suite and the benchmarks use it as the stand-in host;
`kbgen serve`'s live-preview server (kbgen/serve/server.py) extends its handler.
Nothing here changes what a build writes.
"""

from __future__ import annotations

import functools
import http.server
from pathlib import Path
from typing import ClassVar


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files quietly, with the site's own 404.html for anything missing."""

    # browsers run a module script only when it comes as JavaScript; some systems' MIME tables say otherwise
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
    }

    def log_message(self, format: str, *args) -> None:
        pass

    def not_found_page(self) -> bytes | None:
        """The body of a 404 response: the site's 404.html (None: the standard error page)."""
        page = Path(self.directory) / "404.html"
        return page.read_bytes() if page.is_file() else None

    def send_html_head(self, code: int, body: bytes) -> bytes:
        """Send the status line and headers of an HTML response; returns the body to send after them."""
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return body

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        body = self.not_found_page() if code == 404 else None
        if body is None:
            super().send_error(code, message, explain)
            return
        body = self.send_html_head(404, body)
        if self.command != "HEAD":
            self.wfile.write(body)


def make_server(folder: Path, host: str = "127.0.0.1", port: int = 8000) -> http.server.ThreadingHTTPServer:
    """A threaded HTTP server for `folder`; port 0 picks a free one."""
    handler = functools.partial(StaticHandler, directory=str(folder))
    return http.server.ThreadingHTTPServer((host, port), handler)
