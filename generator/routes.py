"""The one routing table: which paths are API JSON, how query strings map onto prebuilt files,
and the host configs generated from it.

`llmcat serve`, the nginx config and the Netlify/Cloudflare `_headers`/`_redirects` files are all
derived from the tables here, so the three hosts answer every path the same way.

Query strings on a static host: a query route (`/api/models`, `/providers/models`,
`/v1/models`) maps its parameters, in a fixed order, onto one prebuilt file,
`/_q/<path>/<name>=<value>&<name>=<value>...` (an empty value when the parameter is absent). Each
parameter has rules, tried in order: a regex the raw (undecoded) value must match, and the value
that goes into the file name. A value that matches no rule is an error (400, or 404
`provider_not_configured` for a provider filter). nginx does this with `if`/`set`/`rewrite` in
the server block; `llmcat serve` runs `query_target` on the table saved in `_routes.json`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

# Path prefixes served as JSON with CORS; `*` is one path segment.
JSON_TREES: tuple[str, ...] = (
    "/v1",
    "/api",
    "/providers/*/v1",
    "/providers/models",
    "/catalog.json",
    "/crosscheck.json",
    "/openapi.json",
    "/schemas",
    "/_errors",
    "/_q",
)
# Trees whose first `*` segment is a provider id: an unknown one answers `provider_not_configured`.
PROVIDER_TREES: tuple[str, ...] = ("/providers/*/v1", "/api/models/embedding/*", "/api/models/*")
# Provider ids that would put a provider's tree on a fixed path: the path each one would clash with.
RESERVED_PROVIDER_IDS: dict[str, str] = {
    "embedding": "/api/models/embedding",
    "providers": "/api/models/providers",
    "models": "/providers/models",
}
INDEX_FILE = "index.html"
QUERY_ROOT = "/_q"
ROUTES_FILE = "_routes.json"
JSON_404 = "/_errors/404.json"
PROVIDER_404 = "/_errors/404-provider.json"
JSON_400 = "/_errors/400.json"
HTML_404 = "/404.html"
JSON_TYPE = "application/json; charset=utf-8"
CORS_HEADERS: dict[str, str] = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "*",
}
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
COMMON_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
HTML_HEADERS: dict[str, str] = {"Content-Security-Policy": CSP}

# `limit` on a static host: the page size is the largest of these not above `limit`, so every
# page a client reaches by following `last_id` / `first_id` is prebuilt. (size, regex on limit)
# Each size costs two files per page (after and before cursors): 2.3 files per model in all.
PAGE_SIZES: tuple[tuple[int, str], ...] = (
    (1, "[1-9]"),
    (10, "1[0-9]"),
    (20, "[2-9][0-9]"),
    (100, "[1-9][0-9][0-9]"),
    (1000, "1000"),
)
DEFAULT_PAGE = 20
# A cursor is a model id percent-encoded as SDKs send it (encodeURIComponent): no `/`, so a
# value can never leave its folder.
CURSOR = "[A-Za-z0-9._~%-]+"
RAW = "$raw"  # a rule whose value is the raw parameter value itself


@dataclass(frozen=True)
class Param:
    """One query parameter: rules `(regex, file-name value)` tried in order on the raw value."""

    name: str
    rules: tuple[tuple[str, str], ...]
    invalid: int = 400
    default: str = ""
    default_when: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueryRoute:
    path: str
    params: tuple[Param, ...]


QUERY_PARAMS: dict[str, tuple[str, ...]] = {
    "/api/models": ("provider", "capability"),
    "/providers/models": ("tier",),
    "/v1/models": ("limit", "after_id", "before_id"),
}


def _enum(name: str, values: Iterable[str], invalid: int = 400) -> Param:
    return Param(name, tuple((re.escape(v), RAW) for v in values), invalid)


def route_table(
    provider_ids: Sequence[str], capabilities: Sequence[str], tiers: Sequence[str]
) -> tuple[QueryRoute, ...]:
    """The query routes for a catalog with these providers, capabilities and tiers."""
    cursors = ("after_id", "before_id")
    limit = Param(
        "limit",
        tuple((regex, str(size)) for size, regex in PAGE_SIZES),
        default=str(DEFAULT_PAGE),
        default_when=cursors,
    )
    return (
        QueryRoute(
            "/api/models",
            (_enum("provider", provider_ids, invalid=404), _enum("capability", capabilities)),
        ),
        QueryRoute("/providers/models", (_enum("tier", tiers),)),
        QueryRoute("/v1/models", (limit, *(Param(c, ((CURSOR, RAW),)) for c in cursors))),
    )


def api_file(path: str) -> str:
    """Where the body of API path `path` is written when paths lie beneath it (a list)."""
    return f"{path.strip('/')}/{INDEX_FILE}"


class LeafFiles:
    """Where the one-item bodies of a tree are written: `<root>/<name>`, a plain file, unless
    another name of the tree lies beneath it (`x` beside `x/y`), then `<root>/<name>/index.html`.

    A plain file saves a folder per id (tens of thousands in a large catalog); every host config
    and `llmcat serve` look for `$uri`, then `$uri/index.html`, so both answer the same URL.
    """

    def __init__(self, root: str, names: Iterable[str]) -> None:
        self.root = root.strip("/")
        self._folders = {n[:i] for n in names for i, c in enumerate(n) if c == "/"}

    def __call__(self, name: str) -> str:
        path = f"{self.root}/{name}"
        return api_file(path) if name in self._folders else path


def query_file(path: str, **values: str) -> str:
    """The prebuilt file that answers `path` with these parameter values (absent: empty)."""
    names = QUERY_PARAMS[path]
    unknown = set(values) - set(names)
    if unknown:
        raise ValueError(f"{path} has no parameter {sorted(unknown)}")
    return query_key(path, [(name, values.get(name, "")) for name in names]).lstrip("/")


def query_key(path: str, pairs: Iterable[tuple[str, str]]) -> str:
    return f"{QUERY_ROOT}{path}/" + "&".join(f"{name}={value}" for name, value in pairs)


def ssi_include(path: str) -> str:
    """An nginx SSI include of another path of the site (`llmcat serve` expands it the same):
    a subrequest, so it finds the file the way a request would."""
    return f'<!--# include virtual="/{path}" -->'


SSI_INCLUDE = re.compile(rb'<!--# include virtual="(/[^"]*)" -->')


def query_empty_file(path: str) -> tuple[str, bytes]:
    """The file for `path` with no parameters set: an include of the plain body."""
    return query_file(path), ssi_include(api_file(path)).encode()


def query_target(route: QueryRoute, query: str) -> str | int:
    """The site path that answers `route` for raw query string `query`, or an error status."""
    raw = _raw_args(query)
    present = {name for name, value in raw.items() if value}
    pairs = []
    for param in route.params:
        value = raw.get(param.name, "")
        if not value:
            key = param.default if present & set(param.default_when) else ""
        else:
            found = next((v for rx, v in param.rules if re.fullmatch(rx, value)), None)
            if found is None:
                return param.invalid
            key = value if found == RAW else found
        pairs.append((param.name, key))
    return query_key(route.path, pairs)


def _raw_args(query: str) -> dict[str, str]:
    """Like nginx `$arg_<name>`: first occurrence, name case-insensitive, value not decoded."""
    args: dict[str, str] = {}
    for pair in query.split("&"):
        name, _, value = pair.partition("=")
        args.setdefault(name.lower(), value)
    return args


def match_query_route(routes: Sequence[QueryRoute], path: str) -> QueryRoute | None:
    """The query route for a decoded request path (with or without a trailing slash)."""
    bare = path.rstrip("/") or "/"
    return next((r for r in routes if r.path == bare), None)


def provider_tree(path: str) -> str | None:
    """The site folder a provider tree path needs (`providers/<id>/v1`), or None."""
    for pattern in PROVIDER_TREES:
        match = re.match(tree_regex(pattern), path)
        if match:
            return pattern.replace("*", match.group("llmcat_p")).lstrip("/")
    return None


def tree_regex(pattern: str) -> str:
    """`^pattern(/|$)` with its `*` captured as `llmcat_p` (Python and nginx read `(?P<>)`)."""
    return "^" + re.escape(pattern).replace(r"\*", "(?P<llmcat_p>[^/]+)") + "(?:/|$)"


def _pattern_regex(pattern: str) -> str:
    return re.escape(pattern).replace(r"\*", "[^/]+")


JSON_REGEX = "^(?:" + "|".join(_pattern_regex(p) for p in JSON_TREES) + ")(?:/|$)"
_JSON_MATCH = re.compile(JSON_REGEX)


def is_json_path(path: str) -> bool:
    """True when `path` (decoded, without query) belongs to an API tree."""
    return _JSON_MATCH.match(path) is not None


def dump_routes(routes: Sequence[QueryRoute]) -> bytes:
    """The query routes as JSON, for `llmcat serve` to load beside the site."""
    data = [asdict(r) for r in routes]
    return (json.dumps(data, sort_keys=True, indent=2) + "\n").encode()


def load_routes(data: bytes) -> tuple[QueryRoute, ...]:
    """The query routes `dump_routes` wrote."""
    return tuple(
        QueryRoute(
            r["path"],
            tuple(
                Param(
                    p["name"],
                    tuple((rx, v) for rx, v in p["rules"]),
                    p["invalid"],
                    p["default"],
                    tuple(p["default_when"]),
                )
                for p in r["params"]
            ),
        )
        for r in json.loads(data)
    )
