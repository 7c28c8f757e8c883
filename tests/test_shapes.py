"""The reference shapes: field names and values of `/api/models`, `/providers/models` & co."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from conftest import site_file

from generator.cli import cli
from generator.shapes import per_1k


def _get(site: Path, path: str) -> object:
    return json.loads(site_file(site, path).read_text())


def test_api_models_item_has_both_reference_field_sets(built_site: Path) -> None:
    body = _get(built_site, "/api/models")
    assert isinstance(body, dict)
    gpt4o = next(m for m in body["models"] if m["id"] == "openai/gpt-4o")
    assert gpt4o == _get(built_site, "/api/models/openai/gpt-4o")
    assert gpt4o == _get(built_site, "/api/models/openai/gpt-4o-2024-08-06")  # alias
    expected = {
        "provider": "openai",
        "name": "gpt-4o",
        "capabilities": ["chat"],
        "context_window": 128000,
        "context_limit": 128000,
        "max_output_tokens": 16384,
        "pricing": {"input": 2.5, "output": 10.0},
        "input_cost_per_1m_tokens": 2.5,
        "output_cost_per_1m_tokens": 10.0,
        "supports_tools": True,
        "supports_streaming": True,
    }
    assert {k: gpt4o[k] for k in expected} == expected
    assert "structured_output" in gpt4o["features"]


def test_embedding_endpoints_carry_dimensions_and_input_limit(built_site: Path) -> None:
    body = _get(built_site, "/api/models/embedding")
    assert isinstance(body, dict)
    assert [m["id"] for m in body["models"]] == ["openai/text-embedding-3-small"]
    one = _get(built_site, "/api/models/embedding/openai/text-embedding-3-small")
    assert isinstance(one, dict)
    assert (one["dimensions"], one["max_input_tokens"]) == (1536, 8191)
    assert one["capabilities"] == ["embedding"]
    assert not (built_site / "api/models/embedding/openai/gpt-4o").exists()


def test_providers_list_counts_models(built_site: Path) -> None:
    body = _get(built_site, "/api/models/providers")
    assert isinstance(body, dict)
    counts = {p["id"]: (p["model_count"], p["models_url"]) for p in body["providers"]}
    assert counts == {
        "amazon-bedrock": (3, "/api/models?provider=amazon-bedrock"),
        "anthropic": (1, "/api/models?provider=anthropic"),
        "openai": (3, "/api/models?provider=openai"),
    }


def test_grouped_models_derive_per_1k_prices(built_site: Path) -> None:
    body = _get(built_site, "/providers/models")
    assert isinstance(body, dict)
    assert sorted(body) == ["amazon-bedrock", "anthropic", "openai"]
    sonnet = body["anthropic"][0]
    assert sonnet == {
        "id": "claude-sonnet-4-5-20250929",
        "name": "claude-sonnet-4-5-20250929",
        "global_id": "anthropic/claude-sonnet-4-5-20250929",
        "display_name": "Claude Sonnet 4.5",
        "kind": "chat",
        "tier": "large",
        "context_window": 200000,
        "cost_per_1k_prompt_tokens": 0.003,
        "cost_per_1k_completion_tokens": 0.015,
        "supports_tools": True,
        "supports_streaming": True,
        "available": True,
    }
    retired = next(m for m in body["amazon-bedrock"] if m["id"].startswith("anthropic."))
    assert retired["available"] is False


def test_per_1k_is_exact_decimal() -> None:
    assert [per_1k(x) for x in (0.3, 2.5, 0.02, 15, None)] == [0.0003, 0.0025, 2e-05, 0.015, None]


def test_validate_rejects_provider_ids_the_api_reserves(
    runner: CliRunner, catalog_dir: Path
) -> None:
    for reserved in ("embedding", "providers", "models"):
        (catalog_dir / f"providers/{reserved}.yaml").write_text(
            f"id: {reserved}\nname: Clash\nwebsite: https://example.com\n"
        )
    result = runner.invoke(cli, ["validate", "--catalog", str(catalog_dir)])
    assert result.exit_code == 1
    lines = [
        line.replace(f"{catalog_dir.parent}/", "")
        for line in result.output.splitlines()
        if "is reserved" in line
    ]
    assert lines == [
        "catalog/providers/embedding.yaml:1: id: 'embedding' is reserved: the API already "
        "publishes /api/models/embedding; pick another id (and rename the file to match)",
        "catalog/providers/models.yaml:1: id: 'models' is reserved: the API already "
        "publishes /providers/models; pick another id (and rename the file to match)",
        "catalog/providers/providers.yaml:1: id: 'providers' is reserved: the API already "
        "publishes /api/models/providers; pick another id (and rename the file to match)",
    ]
