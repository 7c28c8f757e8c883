"""`llmcat serve`: preview the built site with the routing the emitted host configs give."""

from __future__ import annotations

import http.server
import os
import posixpath
import re
import urllib.parse
from functools import partial
from pathlib import Path

from generator import routes


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; directories answered from their index file, API trees as JSON with CORS."""

    server_version = "llmcat"
    query_routes: tuple[routes.QueryRoute, ...] = ()
    extensions_map = {  # noqa: RUF012 - the base class declares it as an instance variable
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
    }

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Like nginx on static files: any method but GET, HEAD and OPTIONS is a 405."""
        if code == 501:
            code, message = 405, "Method Not Allowed"
        super().send_error(code, message, explain)

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
        status, file = self._route(path)
        data = self._read(file) if file else b"Not found\n"
        self.send_response(status)
        self._headers(path, file)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _route(self, path: str) -> tuple[int, Path | None]:
        """The status and file for `path`, as the nginx config in the site would answer."""
        if routes.is_json_path(path):
            route = routes.match_query_route(self.query_routes, path)
            if route is not None:
                target = routes.query_target(route, urllib.parse.urlsplit(self.path).query)
                found = self._file(target) if isinstance(target, str) else None
                if found is not None:
                    return 200, found
                error = routes.PROVIDER_404 if target == 404 else routes.JSON_400
                return (404 if target == 404 else 400), self._file(error)
            folder = routes.provider_tree(path)
            if folder is not None and not Path(self.directory, folder).exists():
                return 404, self._file(routes.PROVIDER_404)
        file = self._file(path)
        if file is not None:
            return 200, file
        if path.startswith(routes.QUERY_ROOT + "/"):
            return 400, self._file(routes.JSON_400)
        fallback = routes.JSON_404 if routes.is_json_path(path) else routes.HTML_404
        return 404, self._file(fallback)

    def _read(self, file: Path) -> bytes:
        """The file's bytes, with nginx SSI includes expanded in the query tree."""
        data = file.read_bytes()
        if Path(self.directory, routes.QUERY_ROOT.strip("/")) not in file.parents:
            return data

        def include(match: re.Match[bytes]) -> bytes:
            found = self._file(match.group(1).decode())
            return found.read_bytes() if found else b""

        return routes.SSI_INCLUDE.sub(include, data)

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
    table = site_dir / routes.ROUTES_FILE
    loaded = routes.load_routes(table.read_bytes()) if table.is_file() else ()
    handler_class = type("Handler", (SiteHandler,), {"query_routes": loaded})
    handler = partial(handler_class, directory=str(site_dir))
    return http.server.ThreadingHTTPServer((host, port), handler)
