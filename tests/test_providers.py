"""Every adapter against a real local HTTP server that checks auth, pages and injects faults."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from generator.fetch import FetchOptions, ProviderResult, fetch_catalog
from generator.providers.http import RetryPolicy

RESPONSES = Path(__file__).resolve().parent / "fixtures" / "responses"
KEY = "sk-canary-7f3a9c1e5b2d4a6f8e0c"  # must never leave the request headers
WRONG_KEY = "sk-canary-wrong-00aa11bb22cc"


@dataclass(frozen=True)
class Family:
    """How one API family is called and how it pages, for the fake server."""

    adapter: str
    fixture: str
    prefix: str  # the base URL's path
    path: str  # the list endpoint's path, below the prefix
    auth: tuple[str, str]  # header and the value it must carry for KEY
    reject: tuple[int, dict[str, Any]]  # status and the provider's own envelope for a bad key
    items: str | None = "data"  # key of the model list in a page; None for a bare array
    cursor: str | None = None  # query parameter carrying the cursor
    next_cursor: Callable[[Any], str | None] = lambda page: None
    always: dict[str, str] = field(default_factory=dict)  # params every request must carry
    env: str = "TEST_API_KEY"
    params: dict[str, str] = field(default_factory=dict)


def _bearer(key: str) -> tuple[str, str]:
    return ("Authorization", f"Bearer {key}")


_OPENAI_401 = (
    401,
    {
        "error": {
            "message": f"Incorrect API key provided: {WRONG_KEY}.",
            "type": "invalid_request_error",
            "param": None,
            "code": "invalid_api_key",
        }
    },
)


def _openrouter_next(page: Any) -> str | None:
    link = (page.get("links") or {}).get("next")
    return parse_qs(urlsplit(link).query)["offset"][0] if link else None


FAMILIES: dict[str, Family] = {
    "openai": Family("openai", "openai", "/v1", "/models", _bearer(KEY), _OPENAI_401),
    "anthropic": Family(
        "anthropic",
        "anthropic",
        "",
        "/v1/models",
        ("x-api-key", KEY),
        (
            401,
            {
                "type": "error",
                "error": {"type": "authentication_error", "message": "invalid x-api-key"},
                "request_id": "req_011CSHoEeqs5C35K2UUqR7Fy",
            },
        ),
        cursor="after_id",
        next_cursor=lambda p: p["last_id"] if p["has_more"] else None,
        always={"limit": "1000"},
    ),
    "gemini": Family(
        "gemini",
        "gemini",
        "/v1beta",
        "/models",
        ("x-goog-api-key", KEY),
        (
            400,
            {
                "error": {
                    "code": 400,
                    "message": "API key not valid. Please pass a valid API key.",
                    "status": "INVALID_ARGUMENT",
                    "details": [
                        {
                            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                            "reason": "API_KEY_INVALID",
                            "domain": "googleapis.com",
                        }
                    ],
                }
            },
        ),
        items="models",
        cursor="pageToken",
        next_cursor=lambda p: p.get("nextPageToken"),
        always={"pageSize": "1000"},
    ),
    "cohere": Family(
        "cohere",
        "cohere",
        "",
        "/v1/models",
        _bearer(KEY),
        (401, {"message": "invalid api token"}),
        items="models",
        cursor="page_token",
        next_cursor=lambda p: p.get("next_page_token") or None,
        always={"page_size": "1000"},
    ),
    "together": Family(
        "together",
        "together",
        "/v1",
        "/models",
        _bearer(KEY),
        _OPENAI_401,
        items=None,
    ),
    "openrouter": Family(
        "openrouter",
        "openrouter",
        "/api/v1",
        "/models",
        _bearer(KEY),
        (401, {"error": {"code": 401, "message": "No auth credentials found"}, "user_id": None}),
        cursor="offset",
        next_cursor=_openrouter_next,
        always={"output_modalities": "all"},
    ),
    "ollama": Family(
        "ollama",
        "ollama",
        "",
        "/api/tags",
        _bearer(KEY),
        (401, {"error": "unauthorized"}),
        items="models",
    ),
    "azure": Family(
        "azure",
        "azure",
        "",
        "/openai/models",
        ("api-key", KEY),
        (
            401,
            {
                "error": {
                    "code": "401",
                    "message": "Access denied due to invalid subscription key or wrong API "
                    "endpoint. Make sure to provide a valid key for an active subscription.",
                }
            },
        ),
        always={"api-version": "2024-10-21"},
        params={"api-version": "2024-10-21"},
    ),
    "bedrock": Family(
        "bedrock",
        "bedrock",
        "",
        "/foundation-models",
        _bearer(KEY),
        (403, {"message": "The security token included in the request is invalid."}),
        items="modelSummaries",
        env="AWS_BEARER_TOKEN_BEDROCK",
    ),
    "xai": Family(
        "xai",
        "xai",
        "/v1",
        "/language-models",
        _bearer(KEY),
        (
            400,
            {
                "code": "Client specified an invalid argument",
                "error": f"Incorrect API key provided: {WRONG_KEY}. You can obtain an API key "
                "from https://console.x.ai.",
            },
        ),
        items="models",
    ),
    "mistral": Family(
        "mistral",
        "mistral",
        "/v1",
        "/models",
        _bearer(KEY),
        (401, {"message": "Unauthorized", "request_id": "5d1c3b7e0f"}),
    ),
}
# OpenAI-compatible servers: same adapter, their own answers.
COMPATIBLE = ["groq", "deepseek", "fireworks", "perplexity", "vllm", "lmstudio", "ollama-v1"]


def pages_of(fixture: str) -> list[Any]:
    """The pages a fixture file holds, in order."""
    pages: list[Any] = json.loads((RESPONSES / f"{fixture}.json").read_text())
    return pages


class FakeProvider:
    """A real HTTP server speaking one family's list API, scripted to misbehave on request."""

    def __init__(self, family: Family, pages: list[Any] | None = None) -> None:
        self.family = family
        self.pages = pages if pages is not None else pages_of(family.fixture)
        self.script: list[str] = ["ok"]
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.problems: list[str] = []
        self._lock = threading.Lock()
        self.server = HTTPServer(host="127.0.0.1", threaded=True)
        self.server.expect_request(family.prefix + family.path).respond_with_handler(self.handle)
        self.server.start()

    @property
    def base_url(self) -> str:
        return self.server.url_for(self.family.prefix).rstrip("/")

    def reset(self, pages: list[Any] | None = None) -> None:
        """Back to the fixture's pages, answering normally."""
        self.pages = pages if pages is not None else pages_of(self.family.fixture)
        self.script = ["ok"]
        self.requests.clear()
        self.problems.clear()

    def stop(self) -> None:
        self.server.clear()
        self.server.stop()

    def play(self, *steps: str) -> None:
        """Answer the next requests with `steps`; the last step repeats."""
        self.script = list(steps)
        self.requests.clear()

    def _step(self) -> str:
        with self._lock:
            return self.script.pop(0) if len(self.script) > 1 else self.script[0]

    def handle(self, request: Request) -> Response:
        self.requests.append((request.url, dict(request.headers)))
        if KEY in request.url or WRONG_KEY in request.url:
            self.problems.append(f"key in URL {request.url}")
        for name, value in self.family.always.items():
            if request.args.get(name) != value:
                self.problems.append(f"missing {name}={value} in {request.url}")
        header, value = self.family.auth
        if request.headers.get(header) != value:
            status, body = self.family.reject
            return _json(body, status)
        return self._answer(self._step(), request)

    def _answer(self, step: str, request: Request) -> Response:
        if step == "timeout":
            threading.Event().wait(0.3)
        if step == "500":
            return _json({"error": {"message": "internal error", "type": "api_error"}}, 500)
        if step == "429-ms":
            return _json({"error": {"message": "slow down"}}, 429, {"retry-after-ms": "250"})
        if step == "429-s":
            return _json({"error": {"message": "slow down"}}, 429, {"retry-after": "3"})
        if step == "429-long":
            return _json({"error": {"message": "slow down"}}, 429, {"retry-after": "999"})
        if step == "html":
            return Response("<html><body>502 Bad Gateway</body></html>", 200, mimetype="text/html")
        if step == "shape":
            return _json({"unexpected": True, "models_v2": []})
        page = self._page(request)
        if step == "truncated":
            text = json.dumps(page)
            return Response(text[: len(text) // 2], 200, mimetype="application/json")
        if step in ("empty", "loss"):
            page = self._thin(page, keep=1 if step == "loss" and page is self.pages[0] else 0)
        return _json(page)

    def _page(self, request: Request) -> Any:
        cursor = request.args.get(self.family.cursor) if self.family.cursor else None
        if cursor is None:
            return self.pages[0]
        for index, page in enumerate(self.pages[:-1]):
            if self.family.next_cursor(page) == cursor:
                return self.pages[index + 1]
        self.problems.append(f"unknown cursor {cursor!r}")
        return {}

    def _thin(self, page: Any, keep: int) -> Any:
        key = self.family.items
        if key is None:
            return page[:keep]
        return {**page, key: page[key][:keep]}


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body), status, headers=headers, mimetype="application/json")


def provider_yaml(provider_id: str, family: Family, base_url: str) -> str:
    """A minimal catalog file that points `provider_id` at the fake server."""
    lines = [
        f"id: {provider_id}",
        f"name: {provider_id.title()}",
        "website: https://example.com",
        "api:",
        f"  adapter: {family.adapter}",
        f"  base_url: {base_url}",
        f"  key_env: [{family.env}]",
    ]
    if family.params:
        lines.append("  params:")
        lines += [f"    {k}: '{v}'" for k, v in family.params.items()]
    return "\n".join(lines) + "\n"


def make_catalog(root: Path, providers: dict[str, tuple[Family, str]]) -> Path:
    """A catalog folder with one provider file per entry `id: (family, base URL)`."""
    catalog = root / "catalog"
    (catalog / "providers").mkdir(parents=True, exist_ok=True)
    for provider_id, (family, url) in providers.items():
        (catalog / "providers" / f"{provider_id}.yaml").write_text(
            provider_yaml(provider_id, family, url)
        )
    return catalog


@dataclass
class Sleeps:
    """An injectable sleep that records waits instead of waiting."""

    waits: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def options(sleeps: Sleeps, **kw: Any) -> FetchOptions:
    """Fetch options for tests: recorded sleeps, a short timeout."""
    return FetchOptions(retry=RetryPolicy(sleep=sleeps), timeout=kw.pop("timeout", 2.0), **kw)


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, FakeProvider]]:
    """One fake server per family for the whole module (stopping one takes half a second)."""
    started: dict[str, FakeProvider] = {}
    yield started
    for server in started.values():
        server.stop()


@pytest.fixture
def fake(request: pytest.FixtureRequest, servers: dict[str, FakeProvider]) -> FakeProvider:
    """The fake server for the family named by the test's parameter, reset to its fixture."""
    name = request.param
    if name not in servers:
        servers[name] = FakeProvider(FAMILIES[name])
    server = servers[name]
    server.reset()
    request.addfinalizer(lambda: _no_problems(server))
    return server


def _no_problems(server: FakeProvider) -> None:
    assert not server.problems, server.problems


def run(
    catalog: Path, sleeps: Sleeps, key: str = KEY, env_name: str = "TEST_API_KEY", **kw: Any
) -> ProviderResult:
    """Fetch the catalog's only provider."""
    env = {env_name: key, "SOURCE_DATE_EPOCH": "1763683200"}
    (result,) = fetch_catalog(catalog, None, options(sleeps, **kw), env=env)
    return result


def snapshot_of(catalog: Path, provider: str = "p") -> dict[str, Any]:
    data: dict[str, Any] = json.loads((catalog / "fetched" / f"{provider}.json").read_text())
    return data


def assert_no_canary(catalog: Path, *texts: str) -> None:
    """Neither key appears in any snapshot file or in any of `texts`."""
    for path in sorted((catalog / "fetched").glob("*")) if (catalog / "fetched").exists() else []:
        content = path.read_text()
        assert KEY not in content and WRONG_KEY not in content, path
    for text in texts:
        assert KEY not in text and WRONG_KEY not in text


# What each family's fixture must turn into: (id, a few facts) per model, sorted by id.
EXPECTED: dict[str, dict[str, dict[str, Any]]] = {
    "openai": {
        "ft:gpt-4o-mini:acme::abc123": {"created": "2024-10-27"},
        "gpt-4.1-mini": {"created": "2025-04-10", "owned_by": "system"},
        "gpt-4o": {"created": "2024-05-10"},
        "gpt-4o-mini-2024-07-18": {"retirement_date": "2026-10-23"},
        "text-embedding-3-small": {"created": "2024-01-22"},
    },
    "anthropic": {
        "claude-3-haiku-20240307": {"name": "Claude Haiku 3", "created": "2024-03-07"},
        "claude-haiku-4-5-20251001": {"context_window": 200000, "max_output_tokens": 64000},
        "claude-mystery": {"name": "Unknown date", "kind": "chat"},
        "claude-opus-4-6": {
            "name": "Claude Opus 4.6",
            "created": "2026-02-04",
            "max_output_tokens": 128000,
            "input_modalities": ["image", "pdf", "text"],
            "features": [
                "batch",
                "citations",
                "code_execution",
                "pdf_input",
                "reasoning",
                "structured_output",
                "vision",
            ],
        },
        "claude-sonnet-4-5-20250929": {"created": "2025-09-29"},
    },
    "gemini": {
        "gemini-2.5-flash": {
            "name": "Gemini 2.5 Flash",
            "kind": "chat",
            "context_window": 1048576,
            "max_output_tokens": 65536,
            "features": ["reasoning"],
        },
        "gemini-2.5-pro": {"kind": "chat"},
        "gemini-3-pro-preview": {"name": "Gemini 3 Pro Preview"},
        "gemini-embedding-001": {"kind": "embedding", "context_window": 2048},
        "imagen-4.0-generate-001": {"name": "Imagen 4"},
    },
    "cohere": {
        "c4ai-aya-expanse-32b": {"context_window": 128000},
        "command-a-03-2025": {
            "kind": "chat",
            "context_window": 256000,
            "features": ["json_mode", "structured_output", "tools"],
        },
        "command-r-03-2024": {"deprecated": True},
        "embed-v4.0": {"kind": "embedding"},
        "rerank-v3.5": {"kind": "rerank", "context_window": 4096},
    },
    "together": {
        "BAAI/bge-large-en-v1.5": {"kind": "embedding", "prices": {"input": 0.02, "output": 0.02}},
        "black-forest-labs/FLUX.1-schnell": {"kind": "image_generation"},
        "deepseek-ai/DeepSeek-V3": {
            "prices": {"input": 1.25, "output": 1.25, "cache_read": 0.5},
            "owned_by": "DeepSeek",
        },
        "meta-llama/Llama-3.3-70B-Instruct-Turbo": {
            "name": "Meta Llama 3.3 70B Instruct Turbo",
            "context_window": 131072,
            "created": "2024-12-06",
        },
    },
    "openrouter": {
        "anthropic/claude-sonnet-4.5": {
            "prices": {"input": 3.0, "output": 15.0, "cache_read": 0.3, "cache_write": 3.75},
            "max_output_tokens": 64000,
            "input_modalities": ["image", "pdf", "text"],
            "features": ["reasoning", "tools"],
        },
        "meta-llama/llama-3.3-70b-instruct:free": {"prices": {"input": 0.0, "output": 0.0}},
        "openai/gpt-4o-2024-05-13": {
            "retirement_date": "2026-06-30",
            "features": ["json_mode", "structured_output", "tools"],
        },
        "openai/text-embedding-3-small": {
            "kind": "embedding",
            "prices": {"input": 0.02, "output": 0.0},
        },
    },
    "ollama": {
        "gemma3:4b": {"kind": "chat", "features": ["vision"]},
        "nomic-embed-text:latest": {"kind": "embedding"},
        "qwen3:8b": {"context_window": 40960, "features": ["reasoning", "tools"]},
    },
    "azure": {
        "gpt-35-turbo-instruct-0914": {"kind": "completion"},
        "gpt-4o-2024-11-20": {
            "kind": "chat",
            "created": "2024-11-20",
            "retirement_date": "2026-10-01",
        },
        "text-embedding-3-large": {"kind": "embedding"},
    },
    "bedrock": {
        "amazon.nova-canvas-v1:0": {"kind": "image_generation"},
        "amazon.titan-embed-text-v1": {
            "kind": "embedding",
            "deprecated": True,
            "deprecation_date": "2026-02-01",
            "retirement_date": "2026-08-01",
        },
        "anthropic.claude-sonnet-4-5-20250929-v1:0": {
            "name": "Claude Sonnet 4.5",
            "owned_by": "Anthropic",
            "input_modalities": ["image", "text"],
        },
    },
    "xai": {
        "grok-3-mini": {"prices": {"input": 0.3, "output": 0.5, "cache_read": 0.075}},
        "grok-4-0709": {
            "aliases": ["grok-4", "grok-4-latest"],
            "prices": {"input": 3.0, "output": 15.0, "cache_read": 0.75},
        },
        "grok-4-fast-reasoning": {"prices": {"input": 0.2, "output": 0.5, "cache_read": 0.05}},
    },
    "mistral": {
        "mistral-medium-2508": {
            "kind": "chat",
            "context_window": 131072,
            "aliases": ["mistral-medium", "mistral-medium-latest"],
            "features": ["fine_tuning", "tools", "vision"],
        },
        "mistral-ocr-2505": {"kind": "ocr", "name": "Mistral OCR"},
        "open-mistral-nemo": {"deprecation_date": "2026-12-31"},
    },
}


def _check_models(models: list[dict[str, Any]], expected: dict[str, dict[str, Any]]) -> None:
    assert [m["id"] for m in models] == sorted(expected)
    for model in models:
        for key, value in expected[model["id"]].items():
            assert model.get(key) == value, (model["id"], key)
        assert model["first_seen"] == "2025-11-21"


@pytest.mark.parametrize("fake", sorted(FAMILIES), indirect=True)
def test_adapter_pages_through_and_writes_its_snapshot(
    fake: FakeProvider, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    family = fake.family
    catalog = make_catalog(tmp_path, {"p": (family, fake.base_url)})
    result = run(catalog, Sleeps(), env_name=family.env)
    assert (result.status, result.detail) == ("updated", "")
    assert result.attempts == len(fake.pages) == len(fake.requests)
    snapshot = snapshot_of(catalog)
    assert (snapshot["provider"], snapshot["adapter"]) == ("p", family.adapter)
    _check_models(snapshot["models"], EXPECTED[family.fixture])
    assert_no_canary(catalog, caplog.text)
    assert result.added == len(EXPECTED[family.fixture]) and result.removed == 0


@pytest.mark.parametrize("name", COMPATIBLE)
@pytest.mark.parametrize("fake", ["openai"], indirect=True)
def test_openai_compatible_servers_are_read_by_the_openai_adapter(
    fake: FakeProvider, name: str, tmp_path: Path
) -> None:
    fake.reset(pages_of(name))
    catalog = make_catalog(tmp_path, {"p": (fake.family, fake.base_url)})
    assert run(catalog, Sleeps()).status == "updated"
    models = {m["id"]: m for m in snapshot_of(catalog)["models"]}
    assert sorted(models) == sorted(m["id"] for m in pages_of(name)[0]["data"])
    if name == "groq":
        assert models["llama-3.3-70b-versatile"]["context_window"] == 131072
        assert models["llama-3.3-70b-versatile"]["max_output_tokens"] == 32768
        assert models["whisper-large-v3"]["deprecated"] is True
    if name == "fireworks":
        embedding = models["accounts/fireworks/models/qwen3-embedding-8b"]
        assert embedding["kind"] == "embedding"
        assert models["accounts/fireworks/models/kimi-k2-instruct-0905"]["features"] == ["tools"]
    if name == "vllm":  # vLLM's `created` is the request time: not a release date
        assert "created" not in models["Qwen/Qwen3-8B"]
        assert models["Qwen/Qwen3-8B"]["context_window"] == 32768
    if name in ("deepseek", "lmstudio", "perplexity"):
        assert all(set(m) == {"id", "owned_by", "first_seen"} for m in models.values())


FAULTS = {
    # step: (reason in the error, status, attempts, waits)
    "timeout": ("timed out", None, 3, [1.0, 2.0]),
    "500": ("HTTP 500: {", 500, 3, [1.0, 2.0]),
    "html": ("malformed or truncated JSON", None, 1, []),
    "truncated": ("malformed or truncated JSON", None, 1, []),
    "shape": ("malformed answer", None, 1, []),
    "empty": ("empty list", None, None, []),
    "loss": ("would be removed", None, None, []),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("fake", sorted(FAMILIES), indirect=True)
def test_a_fault_keeps_the_previous_snapshot(
    fake: FakeProvider, fault: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    catalog = make_catalog(tmp_path, {"p": (fake.family, fake.base_url)})
    assert run(catalog, Sleeps(), env_name=fake.family.env).status == "updated"
    before = (catalog / "fetched" / "p.json").read_bytes()
    fake.play(fault)
    sleeps = Sleeps()
    timeout = 0.05 if fault == "timeout" else 2.0
    result = run(catalog, sleeps, env_name=fake.family.env, timeout=timeout)
    reason, status, attempts, waits = FAULTS[fault]
    assert result.status == "failed" and result.error is not None
    assert reason in str(result.error), result.error
    assert result.error.status == status
    assert result.error.url.startswith(fake.base_url + fake.family.path)
    assert result.attempts == (attempts or len(fake.pages))
    assert sleeps.waits == waits
    assert (catalog / "fetched" / "p.json").read_bytes() == before
    assert result.models == len(EXPECTED[fake.family.fixture])  # the kept snapshot's count
    assert_no_canary(catalog, caplog.text, str(result.error))


@pytest.mark.parametrize("fake", sorted(FAMILIES), indirect=True)
def test_a_rejected_key_fails_without_retries_or_leaks(
    fake: FakeProvider, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    catalog = make_catalog(tmp_path, {"p": (fake.family, fake.base_url)})
    sleeps = Sleeps()
    result = run(catalog, sleeps, key=WRONG_KEY, env_name=fake.family.env)
    status, _body = fake.family.reject
    assert result.status == "failed" and result.error is not None
    assert result.error.status == status and result.attempts == 1 and sleeps.waits == []
    assert result.error.excerpt and len(result.error.excerpt) <= 200
    assert not (catalog / "fetched").exists()
    assert_no_canary(catalog, caplog.text, str(result.error), result.detail)
    header = fake.requests[0][1]
    assert any(WRONG_KEY in value for value in header.values())  # it was sent, in a header


@pytest.mark.parametrize(
    ("steps", "waits"),
    [(("429-ms", "ok"), [0.25]), (("429-s", "ok"), [3.0]), (("429-long", "ok"), [30.0])],
)
@pytest.mark.parametrize("fake", sorted(FAMILIES), indirect=True)
def test_rate_limits_are_retried_after_the_wait_the_server_asks(
    fake: FakeProvider, steps: tuple[str, ...], waits: list[float], tmp_path: Path
) -> None:
    catalog = make_catalog(tmp_path, {"p": (fake.family, fake.base_url)})
    fake.play(*steps)
    sleeps = Sleeps()
    result = run(catalog, sleeps, env_name=fake.family.env)
    assert result.status == "updated"
    assert sleeps.waits == waits  # 30 s is the cap
    assert result.attempts == len(fake.pages) + 1


@pytest.mark.parametrize("fake", ["anthropic"], indirect=True)
def test_removals_beyond_the_share_need_allow_removals(fake: FakeProvider, tmp_path: Path) -> None:
    catalog = make_catalog(tmp_path, {"p": (fake.family, fake.base_url)})
    run(catalog, Sleeps())
    fake.play("loss")
    assert run(catalog, Sleeps()).status == "failed"
    result = run(catalog, Sleeps(), allow_removals=True)
    assert (result.status, result.models, result.added, result.removed) == ("updated", 1, 0, 4)
    snapshot = snapshot_of(catalog)
    assert [m["id"] for m in snapshot["models"]] == ["claude-opus-4-6"]
    gone = {g["id"]: g for g in snapshot["removed"]}
    assert sorted(gone) == sorted(set(EXPECTED["anthropic"]) - {"claude-opus-4-6"})
    assert gone["claude-mystery"] == {
        "id": "claude-mystery",
        "name": "Unknown date",
        "first_seen": "2025-11-21",
        "last_seen": "2025-11-21",
        "missing_since": "2025-11-21",
    }
    fake.play("empty")
    assert run(catalog, Sleeps(), allow_removals=True).status == "failed"  # never accepted


@pytest.mark.parametrize(
    ("headers", "attempt", "wait"),
    [
        ({}, 0, 1.0),
        ({}, 1, 2.0),
        ({}, 5, 2.0),
        ({"retry-after-ms": "1500", "retry-after": "9"}, 0, 1.5),
        ({"retry-after": "0.5"}, 0, 0.5),
        ({"retry-after": "Wed, 21 Oct 2099 07:28:00 GMT"}, 0, 30.0),
        ({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, 0, 0.0),
        ({"retry-after": "soon", "retry-after-ms": "x"}, 1, 2.0),
    ],
)
def test_retry_waits_honour_the_headers_within_the_cap(
    headers: dict[str, str], attempt: int, wait: float
) -> None:
    response = httpx.Response(429, headers=headers)
    assert RetryPolicy().wait(attempt, response) == wait


@pytest.mark.parametrize("fake", ["anthropic"], indirect=True)
def test_a_cursor_that_repeats_ends_the_fetch_as_a_failure(
    fake: FakeProvider, tmp_path: Path
) -> None:
    page = pages_of("anthropic")[0]
    fake.reset([page, page])  # page 2 points back at itself
    catalog = make_catalog(tmp_path, {"p": (fake.family, fake.base_url)})
    result = run(catalog, Sleeps())
    assert result.status == "failed" and result.error is not None
    assert "pagination does not end (page 3)" in str(result.error)
    assert result.attempts == 2
