"""Benchmark (not a test): fetch 12 providers at 300 ms simulated latency on local servers.

Reports the wall time of one `fetch_catalog` over all of them against the slowest single
provider's page chain fetched alone; the goal is at most 1.5 times that.

    python benchmarks/bench_fetch.py [--latency 0.3] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from scriptargs import at_least, parser

from generator.fetch import FetchOptions, fetch_catalog

RESPONSES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "responses"


def _anthropic(page: Any) -> str | None:
    return page["last_id"] if page.get("has_more") else None


def _openrouter(page: Any) -> str | None:
    link = (page.get("links") or {}).get("next")
    return parse_qs(urlsplit(link).query)["offset"][0] if link else None


# provider id: (adapter, fixture, base path, list path, cursor param, next cursor of a page)
PROVIDERS: dict[str, tuple[str, str, str, str, str | None, Any]] = {
    "openai": ("openai", "openai", "/openai/v1", "/models", None, None),
    "anthropic": ("anthropic", "anthropic", "/anthropic", "/v1/models", "after_id", _anthropic),
    "gemini": (
        "gemini",
        "gemini",
        "/gemini/v1beta",
        "/models",
        "pageToken",
        lambda p: p.get("nextPageToken"),
    ),
    "cohere": (
        "cohere",
        "cohere",
        "/cohere",
        "/v1/models",
        "page_token",
        lambda p: p.get("next_page_token") or None,
    ),
    "together": ("together", "together", "/together/v1", "/models", None, None),
    "openrouter": (
        "openrouter",
        "openrouter",
        "/openrouter/api/v1",
        "/models",
        "offset",
        _openrouter,
    ),
    "ollama": ("ollama", "ollama", "/ollama", "/api/tags", None, None),
    "azure-openai": ("azure", "azure", "/azure", "/openai/models", None, None),
    "amazon-bedrock": ("bedrock", "bedrock", "/bedrock", "/foundation-models", None, None),
    "xai": ("xai", "xai", "/xai/v1", "/language-models", None, None),
    "mistral": ("mistral", "mistral", "/mistral/v1", "/models", None, None),
    "groq": ("openai", "groq", "/groq/openai/v1", "/models", None, None),
}


def _routes() -> dict[str, tuple[list[Any], str | None, Any]]:
    routes = {}
    for _adapter, fixture, base, path, cursor, follow in PROVIDERS.values():
        pages = json.loads((RESPONSES / f"{fixture}.json").read_text())
        routes[base + path] = (pages, cursor, follow)
    return routes


def serve(latency: float) -> ThreadingHTTPServer:
    """One threaded server for every provider, each answer delayed by `latency` seconds."""
    routes = _routes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            time.sleep(latency)
            url = urlsplit(self.path)
            pages, cursor, follow = routes[url.path]
            value = parse_qs(url.query).get(cursor or "", [None])[0]
            page = pages[0]
            for index, candidate in enumerate(pages[:-1]):
                if value is not None and follow(candidate) == value:
                    page = pages[index + 1]
            body = json.dumps(page).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def make_catalog(root: Path, origin: str) -> Path:
    """A catalog whose 12 providers all point at the local server."""
    providers = root / "catalog" / "providers"
    providers.mkdir(parents=True)
    for provider_id, (adapter, _fixture, base, _path, _cursor, _follow) in PROVIDERS.items():
        params = "  params: {api-version: '2024-10-21'}\n" if adapter == "azure" else ""
        providers.joinpath(f"{provider_id}.yaml").write_text(
            f"id: {provider_id}\nname: {provider_id}\nwebsite: https://example.com\n"
            f"api:\n  adapter: {adapter}\n  base_url: {origin}{base}\n  key_env: [BENCH_KEY]\n"
            + params
        )
    return root / "catalog"


def timed(catalog: Path, only: list[str] | None) -> tuple[float, int]:
    """Seconds for one fetch (snapshots removed first, so every run does the same work)."""
    for path in (catalog / "fetched").glob("*.json") if (catalog / "fetched").exists() else []:
        path.unlink()
    start = time.perf_counter()
    results = fetch_catalog(catalog, only, FetchOptions(), env={"BENCH_KEY": "bench"})
    elapsed = time.perf_counter() - start
    bad = [r for r in results if r.status != "updated"]
    if bad:
        raise SystemExit(f"fetch failed: {bad}")
    return elapsed, sum(r.attempts for r in results)


def _latency(text: str) -> float:
    """An argparse type: a finite number of seconds, 0 or more."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):  # also refuses nan
        raise argparse.ArgumentTypeError(
            f"{text!r}: give the latency: a finite number of seconds, 0 or more"
        )
    return seconds


def main() -> None:
    """Run the benchmark and print the numbers."""
    line = parser(__doc__)
    line.add_argument("--latency", type=_latency, default=0.3)
    line.add_argument("--runs", type=at_least(1, "run"), default=3)
    args = line.parse_args()
    server = serve(args.latency)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        catalog = make_catalog(Path(tmp), origin)
        singles = {p: min(timed(catalog, [p])[0] for _ in range(args.runs)) for p in PROVIDERS}
        slowest = max(singles, key=lambda p: singles[p])
        walls = [timed(catalog, None) for _ in range(args.runs)]
    server.shutdown()
    wall = min(w for w, _ in walls)
    requests = walls[0][1]
    print(
        f"latency per request: {args.latency * 1000:.0f} ms; providers: {len(PROVIDERS)}; "
        f"requests per fetch: {requests}"
    )
    for provider, seconds in sorted(singles.items(), key=lambda kv: -kv[1]):
        print(f"  {provider:<15} alone: {seconds:.3f} s")
    print(f"slowest single chain ({slowest}): {singles[slowest]:.3f} s")
    print(
        f"all {len(PROVIDERS)} concurrently (best of {args.runs}): {wall:.3f} s "
        f"(runs: {', '.join(f'{w:.3f}' for w, _ in walls)})"
    )
    ratio = wall / singles[slowest]
    print(f"ratio: {ratio:.2f}x (goal <= 1.5x): {'OK' if ratio <= 1.5 else 'MISSED'}")


if __name__ == "__main__":
    main()
