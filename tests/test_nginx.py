"""nginx (with the emitted config) and `llmcat serve` answer alike, and real SDKs read both."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import anthropic
import httpx
import openai
import pytest
from contract import check_body
from nginxhost import run_nginx

from generator import routes
from generator.build import Settings, build

NODE_DIR = Path(__file__).resolve().parent / "node"
ASKED = {
    "openai/gpt-4o": "openai/gpt-4o",
    "gpt-4o-2024-08-06": "openai/gpt-4o",  # an alias
    "amazon-bedrock/meta/llama-x": "amazon-bedrock/meta/llama-x",  # `/` inside a native id
    "amazon-bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0": (
        "amazon-bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0"
    ),
}


@pytest.fixture(scope="session")
def nginx_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with run_nginx(built_site, tmp_path_factory.mktemp("nginx")) as url:
        yield url


@pytest.fixture(params=["serve", "nginx"])
def host(request: pytest.FixtureRequest, site_url: str) -> str:
    return site_url if request.param == "serve" else str(request.getfixturevalue("nginx_url"))


def _all_ids(site: Path) -> list[str]:
    return [m["id"] for m in json.loads((site / "v1/models/index.html").read_text())["data"]]


def test_python_sdks_list_retrieve_and_fail_alike(host: str, built_site: Path) -> None:
    oai = openai.OpenAI(base_url=f"{host}/v1", api_key="unused", max_retries=0)
    claude = anthropic.Anthropic(base_url=host, api_key="unused", max_retries=0)
    everything = _all_ids(built_site)
    assert [m.id for m in oai.models.list()] == everything
    assert [m.id for m in claude.models.list()] == everything
    assert [m.id for m in claude.models.list(limit=2)] == everything  # auto-paginates
    for asked, expected in ASKED.items():
        assert oai.models.retrieve(asked).id == expected
        assert claude.models.retrieve(asked).id == expected
    with pytest.raises(openai.NotFoundError) as caught:
        oai.models.retrieve("no-such-model")
    assert caught.value.code == "model_not_found"
    with pytest.raises(anthropic.NotFoundError):
        claude.models.retrieve("openai/no-such-model")


def test_node_sdks_list_retrieve_page_and_fail_alike(host: str, built_site: Path) -> None:
    run = subprocess.run(
        ["node", str(NODE_DIR / "sdk_check.mjs"), host, *ASKED],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    everything = _all_ids(built_site)
    for sdk in ("openai", "anthropic"):
        assert result[sdk]["list"] == everything
        assert result[sdk]["retrieve"] == ASKED
        assert result[sdk]["unknown"] == {"status": 404, "code": "model_not_found"}
    assert result["anthropic"]["paged"] == everything
    cursors = result["anthropic"]["cursors"]  # limit 3 pages by 1, the largest size not above 3
    assert cursors == {"first": everything[:1], "next": everything[1:2], "back": everything[:1]}


def _walk(host: str, size: int, direction: str, cursor: str | None) -> list[str]:
    seen: list[str] = []
    while True:
        params = {"limit": str(size), **({direction: cursor} if cursor else {})}
        page = httpx.get(f"{host}/v1/models", params=params)
        assert page.status_code == 200, (params, page.text)
        body = page.json()
        ids = [m["id"] for m in body["data"]]
        assert len(ids) <= size and (body["first_id"], body["last_id"]) == (ids[0], ids[-1])
        seen = seen + ids if direction == "after_id" else ids + seen
        if not body["has_more"]:
            return seen
        cursor = body["last_id"] if direction == "after_id" else body["first_id"]


@pytest.mark.parametrize("size", [size for size, _ in routes.PAGE_SIZES if size <= 10])
def test_pages_walk_forward_and_back_over_every_model(
    host: str, built_site: Path, size: int
) -> None:
    everything = _all_ids(built_site)
    assert _walk(host, size, "after_id", None) == everything
    if len(everything) > size:  # from the first id of the last page, back to the start
        last_start = (len(everything) - 1) // size * size
        assert _walk(host, size, "before_id", everything[last_start]) == everything[:last_start]


def _query_urls(built_site: Path) -> list[tuple[str, str]]:
    """Every filter URL of every shape (and some bad values), with the schema of its answer."""
    table = routes.load_routes((built_site / routes.ROUTES_FILE).read_bytes())
    by_path = {r.path: r for r in table}
    urls = [("/api/models", "api-model-list"), ("/providers/models", "grouped-models")]
    providers = [rx.replace("\\", "") for rx, _ in by_path["/api/models"].params[0].rules]
    capabilities = [rx for rx, _ in by_path["/api/models"].params[1].rules]
    for provider in ["", *providers]:
        for capability in ["", *capabilities]:
            query = urllib.parse.urlencode({"provider": provider, "capability": capability})
            urls.append((f"/api/models?{query}", "api-model-list"))
    for tier in [rx for rx, _ in by_path["/providers/models"].params[0].rules]:
        urls.append((f"/providers/models?tier={tier}", "grouped-models"))
    for size in ["1", "3", "20", "999", "1000"]:
        urls.append((f"/v1/models?limit={size}", "model-list"))
    bad = ["provider=nope", "capability=sing", "tier=huge", "limit=0", "limit=1001", "limit=x"]
    bad += ["after_id=nope", "before_id=..", "after_id=a/b", "limit=10&after_id=openai%2Fgpt-4o"]
    urls += [(f"/{path}?{query}", "error") for path in ("api/models",) for query in bad[:2]]
    urls += [(f"/providers/models?{bad[2]}", "error")]
    urls += [(f"/v1/models?{query}", "error") for query in bad[3:]]
    urls += [("/providers/nope/v1/models", "error"), ("/api/models/nope/x", "error")]
    urls += [("/api/models/embedding/nope/x", "error"), ("/v1/models/nope", "error")]
    return urls


def test_every_filter_url_answers_alike_on_both_hosts_and_matches_its_schema(
    site_url: str, nginx_url: str, built_site: Path
) -> None:
    urls = _query_urls(built_site)
    assert len(urls) > 40
    with httpx.Client() as client:
        for url, schema in urls:
            served, nginx = client.get(site_url + url), client.get(nginx_url + url)
            assert (served.status_code, served.content) == (nginx.status_code, nginx.content), url
            assert nginx.headers["content-type"] == routes.JSON_TYPE, url
            assert nginx.headers["access-control-allow-origin"] == "*", url
            assert (nginx.status_code == 200) == (schema != "error"), url
            check_body(built_site, schema, nginx.json())


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/models?provider=nope", 404, "provider_not_configured"),
        ("/providers/nope/v1/models", 404, "provider_not_configured"),
        ("/providers/nope/v1/models/gpt-4o", 404, "provider_not_configured"),
        ("/api/models/nope/gpt-4o", 404, "provider_not_configured"),
        ("/providers/openai/v1/models/nope", 404, "model_not_found"),
        ("/api/models/openai/nope", 404, "model_not_found"),
        ("/api/models?capability=sing", 400, "invalid_request"),
        ("/v1/models?limit=12&after_id=openai%2Fgpt-4o", 400, "invalid_request"),
    ],
)
def test_errors_come_in_both_sdk_forms(host: str, url: str, status: int, code: str) -> None:
    response = httpx.get(host + url)
    assert response.status_code == status
    body = response.json()
    assert body["type"] == "error"  # Anthropic: {"type": "error", "error": {type, message}}
    assert body["error"]["code"] == code  # OpenAI: {"error": {message, type, code}}
    assert body["error"]["message"] and body["error"]["type"].endswith("_error")


def test_query_filters_pick_the_right_models(host: str) -> None:
    anthropic_only = httpx.get(f"{host}/api/models", params={"provider": "anthropic"}).json()
    assert [m["id"] for m in anthropic_only["models"]] == ["anthropic/claude-sonnet-4-5-20250929"]
    embedding = httpx.get(f"{host}/api/models?capability=embedding&provider=openai").json()
    assert [m["dimensions"] for m in embedding["models"]] == [1536]
    small = httpx.get(f"{host}/providers/models/?tier=small").json()
    assert {k: [m["id"] for m in v] for k, v in small.items()} == {
        "amazon-bedrock": [],
        "anthropic": [],
        "openai": ["text-embedding-3-small"],
    }


def test_a_rebuild_keeps_validators_of_unchanged_files(catalog_dir: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(Settings(catalog_dir=catalog_dir, out_dir=site))
    os.utime(site / "v1/models/openai/gpt-4o", (1e9, 1e9))  # long ago: a rewrite would show
    with run_nginx(site, tmp_path / "nginx") as url:
        first = httpx.get(f"{url}/v1/models/openai/gpt-4o")
        assert first.status_code == 200
        etag = first.headers["etag"]
        build(Settings(catalog_dir=catalog_dir, out_dir=site))  # the same catalog again
        again = httpx.get(f"{url}/v1/models/openai/gpt-4o", headers={"If-None-Match": etag})
        assert again.status_code == 304  # a client's cached copy is still good
        changed = catalog_dir / "providers" / "openai.yaml"
        changed.write_text(changed.read_text().replace("name: GPT-4o\n", "name: GPT-4o (new)\n"))
        build(Settings(catalog_dir=catalog_dir, out_dir=site))
        fresh = httpx.get(f"{url}/v1/models/openai/gpt-4o", headers={"If-None-Match": etag})
        assert fresh.status_code == 200
        assert fresh.json()["display_name"] == "GPT-4o (new)"
