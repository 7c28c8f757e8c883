"""The official OpenAI and Anthropic Python SDKs, pointed at `llmcat serve`, read the JSON API."""

from __future__ import annotations

import json
from pathlib import Path

import anthropic
import httpx
import openai
import pytest

FIXTURE_IDS = {
    "openai/gpt-4",
    "openai/gpt-4o",
    "openai/text-embedding-3-small",
    "anthropic/claude-sonnet-4-5-20250929",
    "amazon-bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0",
    "amazon-bedrock/meta",
    "amazon-bedrock/meta/llama-x",
}


@pytest.fixture
def oai(site_url: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{site_url}/v1", api_key="unused", max_retries=0)


@pytest.fixture
def claude(site_url: str) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=site_url, api_key="unused", max_retries=0)


def test_openai_lists_every_model_with_sdk_fields(oai: openai.OpenAI) -> None:
    models = list(oai.models.list())
    assert {m.id for m in models} == FIXTURE_IDS
    for model in models:
        assert model.object == "model"
        assert isinstance(model.created, int)
        assert model.owned_by
    by_id = {m.id: m for m in models}
    assert by_id["openai/gpt-4o"].created == 1715558400
    assert by_id["amazon-bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0"].owned_by == "anthropic"


def test_list_is_newest_first(oai: openai.OpenAI) -> None:
    created = [m.created for m in oai.models.list()]
    assert created == sorted(created, reverse=True)
    assert created[0] == 1759104000  # claude-sonnet-4-5, 2025-09-29


def test_anthropic_lists_every_model_with_sdk_fields(claude: anthropic.Anthropic) -> None:
    models = list(claude.models.list())
    assert {m.id for m in models} == FIXTURE_IDS
    for model in models:
        assert model.type == "model"
        assert model.display_name
        assert model.created_at.tzinfo is not None
        assert model.lifecycle in ("active", "deprecated", "retired")
    by_id = {m.id: m for m in models}
    sonnet = by_id["anthropic/claude-sonnet-4-5-20250929"]
    assert (sonnet.max_input_tokens, sonnet.max_tokens) == (200000, 64000)
    assert by_id["openai/gpt-4"].lifecycle == "deprecated"
    assert by_id["amazon-bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0"].lifecycle == "retired"


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ("openai/gpt-4o", "openai/gpt-4o"),  # id with '/'
        (
            "amazon-bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0",
            "amazon-bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0",
        ),  # ':' and '.'
        ("gpt-4o-2024-08-06", "openai/gpt-4o"),  # an alias
        ("anthropic/claude-sonnet-4-5", "anthropic/claude-sonnet-4-5-20250929"),  # global alias
        ("gpt-4", "openai/gpt-4"),  # bare native id of a maker's own model
        ("amazon-bedrock/meta", "amazon-bedrock/meta"),  # `x` beside `x/y`
        ("amazon-bedrock/meta/llama-x", "amazon-bedrock/meta/llama-x"),
    ],
)
def test_retrieve_by_every_kind_of_id(
    oai: openai.OpenAI, claude: anthropic.Anthropic, asked: str, expected: str
) -> None:
    assert oai.models.retrieve(asked).id == expected
    assert claude.models.retrieve(asked).id == expected


def test_retrieve_unknown_id_raises_not_found(
    oai: openai.OpenAI, claude: anthropic.Anthropic
) -> None:
    with pytest.raises(openai.NotFoundError) as caught:
        oai.models.retrieve("no-such-model")
    assert caught.value.code == "model_not_found"
    with pytest.raises(anthropic.NotFoundError):
        claude.models.retrieve("openai/no-such-model")


def test_bare_ids_are_only_for_a_makers_own_models(oai: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError):
        oai.models.retrieve("anthropic.claude-3-5-sonnet-20241022-v2:0")  # resold by Bedrock


def test_provider_tree_lists_native_ids(site_url: str) -> None:
    client = openai.OpenAI(base_url=f"{site_url}/providers/openai/v1", api_key="unused")
    assert sorted(m.id for m in client.models.list()) == [
        "gpt-4",
        "gpt-4o",
        "text-embedding-3-small",
    ]
    assert client.models.retrieve("gpt-4o-2024-08-06").id == "gpt-4o"
    bedrock = anthropic.Anthropic(base_url=f"{site_url}/providers/amazon-bedrock", api_key="u")
    assert bedrock.models.retrieve("meta/llama-x").id == "meta/llama-x"


def test_items_carry_catalog_fields(site_url: str) -> None:
    item = httpx.get(f"{site_url}/v1/models/gpt-4o").json()
    assert item["pricing"] == {
        "batch_input": 1.25,
        "batch_output": 5.0,
        "cache_read": 1.25,
        "currency": "USD",
        "effective": "2024-08-06",
        "input": 2.5,
        "output": 10.0,
        "source": "https://platform.openai.com/docs/pricing",
        "verified": "2026-11-01",
    }
    assert [p["input"] for p in item["pricing_history"]] == [5.0, 2.5]
    assert item["url"] == "/models/openai/gpt-4o/"
    assert item["kind"] == "chat" and item["tier"] == "large"


def test_catalog_json_has_schema_version(built_site: Path) -> None:
    catalog = json.loads((built_site / "catalog.json").read_text())
    assert catalog["schema_version"] == "1.0"
    assert len(catalog["models"]) == len(FIXTURE_IDS)
    assert {p["id"] for p in catalog["providers"]} == {"openai", "anthropic", "amazon-bedrock"}


def test_an_item_is_a_plain_file_unless_an_id_lies_beneath_it(built_site: Path) -> None:
    models = built_site / "v1/models"
    assert (models / "openai/gpt-4o").is_file()
    assert (models / "amazon-bedrock/meta/llama-x").is_file()
    assert (models / "amazon-bedrock/meta/index.html").is_file()  # `meta/llama-x` lies beneath
    assert json.loads((models / "amazon-bedrock/meta/index.html").read_text())["id"] == (
        "amazon-bedrock/meta"
    )
    assert (models / "index.html").is_file()
