"""`llmcat serve`: preview the built site with the routing the emitted host configs give."""

from __future__ import annotations

import http.server
import os
import posixpath
import urllib.parse
from functools import partial
from pathlib import Path

from generator import routes


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; directories answered from their index file, API trees as JSON with CORS."""

    server_version = "llmcat"
    extensions_map = {  # noqa: RUF012 - the base class declares it as an instance variable
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
    }

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_OPTIONS(self) -> None:
        path = self._path()
        self.send_response(204 if routes.is_json_path(path) else 405)
        self._headers(path)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _path(self) -> str:
        raw = urllib.parse.urlsplit(self.path).path
        return posixpath.normpath(urllib.parse.unquote(raw)) if raw not in ("", "/") else "/"

    def _answer(self, *, body: bool) -> None:
        path = self._path()
        file = self._file(path)
        status = 200
        if file is None:
            status = 404
            fallback = routes.JSON_404 if routes.is_json_path(path) else routes.HTML_404
            file = self._file(fallback)
        data = file.read_bytes() if file else b"Not found\n"
        self.send_response(status)
        self._headers(path, file)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _file(self, path: str) -> Path | None:
        root = Path(self.directory)
        parts = [p for p in path.split("/") if p]
        if any(p in (".", "..") for p in parts):
            return None
        target = root.joinpath(*parts)
        for candidate in (target, target / routes.INDEX_FILE):
            if candidate.is_file():
                return candidate
        return None

    def _headers(self, path: str, file: Path | None = None) -> None:
        if routes.is_json_path(path):
            self.send_header("Content-Type", routes.JSON_TYPE)
            extra = {**routes.CORS_HEADERS, **routes.COMMON_HEADERS}
        else:
            if file is not None:
                kind = self.guess_type(str(file))
                utf8 = kind.startswith("text/") or kind.endswith(("javascript", "json", "+xml"))
                self.send_header("Content-Type", f"{kind}; charset=utf-8" if utf8 else kind)
            extra = {**routes.COMMON_HEADERS, **routes.HTML_HEADERS}
        for name, value in extra.items():
            self.send_header(name, value)

    def log_message(self, format: str, *args: object) -> None:
        if os.environ.get("LLMCAT_QUIET_SERVER") is None:
            super().log_message(format, *args)


def make_server(
    site_dir: Path, host: str = "127.0.0.1", port: int = 8000
) -> http.server.HTTPServer:
    """A threading HTTP server for `site_dir`; port 0 picks a free port."""
    handler = partial(SiteHandler, directory=str(site_dir))
    return http.server.ThreadingHTTPServer((host, port), handler)
