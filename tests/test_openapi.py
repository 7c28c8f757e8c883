"""The contract: `/openapi.json` and `/schemas/*.json` describe every published body."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from conftest import serve_in_thread
from contract import check_body

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,"
CHECKS += "response_schema_conformance"


def _schema_for(rel: str) -> str | None:
    if rel == "catalog.json":
        return "catalog"
    parts = rel.split("/")
    if parts[-1] == "index.html" or parts[0] == "_errors":
        parts = parts[:-1]  # the URL of an index.html is its folder; errors are named by kind
    in_provider = parts[:1] == ["providers"] and parts[2:4] == ["v1", "models"]
    if parts == ["v1", "models"] or (in_provider and len(parts) == 4):
        return "model-list"
    fixed = {
        ("_errors",): "error",
        ("providers", "models"): "grouped-models",
        ("api", "models"): "api-model-list",
        ("api", "models", "embedding"): "api-model-list",
        ("api", "models", "providers"): "api-providers",
    }
    if tuple(parts) in fixed:
        return fixed[tuple(parts)]
    if parts[:2] == ["v1", "models"] or in_provider:
        return "model"
    return "api-model" if parts[:2] == ["api", "models"] else None


def _bodies(site: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.is_file():
            schema = _schema_for(rel)
            if schema and not rel.startswith(("schemas/", "_q/")):
                yield rel, schema


def test_schemas_are_valid_2020_12_documents(built_site: Path) -> None:
    names = sorted(p.stem for p in (built_site / "schemas").glob("*.json"))
    assert names == [
        "api-model",
        "api-model-list",
        "api-providers",
        "catalog",
        "error",
        "grouped-model",
        "grouped-models",
        "model",
        "model-list",
    ]
    for name in names:
        jsonschema.Draft202012Validator.check_schema(
            json.loads((built_site / "schemas" / f"{name}.json").read_text())
        )


def test_every_published_body_matches_its_schema(built_site: Path) -> None:
    checked: dict[str, int] = {}
    for rel, schema in _bodies(built_site):
        check_body(built_site, schema, json.loads((built_site / rel).read_text()))
        checked[schema] = checked.get(schema, 0) + 1
    assert set(checked) == {
        "api-model",
        "api-model-list",
        "api-providers",
        "catalog",
        "error",
        "grouped-models",
        "model",
        "model-list",
    }


def test_openapi_describes_every_path_with_the_catalogs_values(built_site: Path) -> None:
    document = json.loads((built_site / "openapi.json").read_text())
    assert document["openapi"] == "3.1.0"
    assert sorted(document["paths"]) == [
        "/api/models",
        "/api/models/embedding",
        "/api/models/embedding/{provider}/{name}",
        "/api/models/providers",
        "/api/models/{provider}/{name}",
        "/catalog.json",
        "/providers/models",
        "/providers/{provider}/v1/models",
        "/providers/{provider}/v1/models/{model_id}",
        "/v1/models",
        "/v1/models/{model_id}",
    ]
    params = {p["name"]: p for p in document["paths"]["/api/models"]["get"]["parameters"]}
    assert params["provider"]["schema"]["enum"] == ["amazon-bedrock", "anthropic", "openai"]
    assert "image_generation" in params["capability"]["schema"]["enum"]


def _schemathesis(url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "schemathesis.cli", "run", f"{url}/openapi.json"]
    command += ["--url", url, "--checks", CHECKS, "--generation-deterministic", *extra]
    # Run in a scratch folder: schemathesis keeps its example database in ./.schemathesis.
    with tempfile.TemporaryDirectory() as scratch:
        return subprocess.run(
            command, capture_output=True, text=True, timeout=120, check=False, cwd=scratch
        )


def test_schemathesis_finds_no_response_that_breaks_the_contract(site_url: str) -> None:
    run = _schemathesis(site_url, "--max-examples", "15")
    assert run.returncode == 0, run.stdout[-4000:]
    assert "11 selected / 11 total" in run.stdout


def test_schemathesis_catches_a_body_that_breaks_the_contract(
    built_site: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    (site / "api/models/providers/index.html").write_text('{"providers": [{"id": 1}]}\n')
    url_iter = serve_in_thread(site)
    url = next(url_iter)
    try:
        run = _schemathesis(url, "--max-examples", "1", "--include-path", "/api/models/providers")
    finally:
        with pytest.raises(StopIteration):
            next(url_iter)
    assert run.returncode != 0
    assert "Response violates schema" in run.stdout
