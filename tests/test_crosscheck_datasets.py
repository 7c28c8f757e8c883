"""The dataset readers and the "explained" rule, on small copies of each dataset's real shape."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from generator.crosscheck import is_explained, same_in_other_units
from generator.datasets import (
    PROVIDERS,
    bundled_genai_prices,
    parse_genai_prices,
    read_genai_prices,
    read_litellm,
    read_models_dev,
    read_openrouter,
)

DATASETS = Path(__file__).resolve().parent / "fixtures" / "datasets"
TODAY = dt.date(2025, 11, 21)


def _load(name: str) -> Any:
    return json.loads((DATASETS / name).read_text())


def test_every_catalog_provider_is_in_the_mapping_table() -> None:
    catalog = Path(__file__).resolve().parent.parent / "catalog" / "providers"
    ids = {path.stem for path in catalog.glob("*.yaml")}
    assert len(ids) >= 17
    assert ids <= set(PROVIDERS)


def test_litellm_converts_per_token_costs_exactly() -> None:
    found = read_litellm(_load("litellm.json")).find("openai", ["gpt-4o-2024-08-06"])
    assert found is not None
    assert found.key == "gpt-4o-2024-08-06"
    assert dict(found.figures) == {
        "input": Decimal("2.5"),
        "output": Decimal("10"),
        "cache_read": Decimal("1.25"),
        "max_input_tokens": Decimal("128000"),
        "max_output_tokens": Decimal("16384"),
    }


def test_litellm_matches_native_id_before_alias_and_by_provider_prefix() -> None:
    litellm = read_litellm(_load("litellm.json"))
    found = litellm.find("openai", ["gpt-4o", "gpt-4o-2024-08-06"])
    assert found is not None and found.key == "gpt-4o"
    found = litellm.find("gemini", ["GEMINI-2.5-PRO"])
    assert found is not None and found.key == "gemini/gemini-2.5-pro"
    found = litellm.find("azure-openai", ["gpt-4o"])
    assert found is not None and found.key == "azure/gpt-4o"
    # A bare key owned by another LiteLLM provider (vertex_ai) is not Anthropic's.
    found = litellm.find("anthropic", ["claude-sonnet-4-5-20250929", "claude-sonnet-4-5"])
    assert found is not None and found.key == "claude-sonnet-4-5"
    assert litellm.find("openai", ["gemini-2.5-pro"]) is None
    assert litellm.find("mistral", ["gpt-4o"]) is None


def test_models_dev_maps_provider_ids_and_skips_unknown_providers() -> None:
    models_dev = read_models_dev(_load("models-dev.json"))
    found = models_dev.find("openai", ["gpt-4o"])
    assert found is not None
    assert found.key == "openai/gpt-4o"
    assert dict(found.figures) == {
        "input": Decimal("2.5"),
        "output": Decimal("10"),
        "cache_read": Decimal("1.25"),
        "context_window": Decimal("131072"),
        "max_output_tokens": Decimal("16384"),
    }
    raw = {"google": {"models": {"gemini-2.5-pro": {"cost": {"input": 1.25}}}}}
    found = read_models_dev(raw).find("gemini", ["gemini-2.5-pro"])
    assert found is not None and found.figures == {"input": Decimal("1.25")}


def test_openrouter_api_body_and_fetch_snapshot_read_the_same() -> None:
    api = read_openrouter(_load("openrouter.json"))
    snapshot = read_openrouter(_load("openrouter-snapshot.json"))
    for model in ("anthropic/claude-sonnet-4.5", "openai/gpt-4o"):
        one, two = api.find("openrouter", [model]), snapshot.find("openrouter", [model])
        assert one is not None and two is not None
        assert one.figures == two.figures
    found = api.find("openrouter", ["anthropic/claude-sonnet-4.5"])
    assert found is not None
    assert found.figures["cache_write"] == Decimal("3.75")
    assert found.figures["context_window"] == Decimal("1000000")
    assert snapshot.find("openrouter", ["openai/gpt-4-32k"]) is None  # removed from the list
    assert api.find("anthropic", ["anthropic/claude-sonnet-4.5"]) is None


def test_genai_prices_uses_dated_prices_tier_bases_and_fallbacks() -> None:
    genai = read_genai_prices(parse_genai_prices(_load("genai-prices.json")), TODAY)
    gpt4 = genai.find("openai", ["gpt-4"])
    assert gpt4 is not None
    assert dict(gpt4.figures) == {
        "input": Decimal("20"),  # the 2025-06-01 price; the 2030 one is not active yet
        "output": Decimal("60"),
        "context_window": Decimal("8192"),
    }
    claude = genai.find("anthropic", ["claude-sonnet-4-5-20250929"])
    assert claude is not None and claude.key == "anthropic/claude-sonnet-4-5"
    assert claude.figures["input"] == Decimal("3")
    azure = genai.find("azure-openai", ["gpt-4o-2024-08-06"])
    assert azure is not None and azure.key == "openai/gpt-4o"
    assert genai.find("ollama", ["gpt-4"]) is None
    earlier = read_genai_prices(parse_genai_prices(_load("genai-prices.json")), dt.date(2025, 1, 1))
    found = earlier.find("openai", ["gpt-4"])
    assert found is not None and found.figures["input"] == Decimal("30")


def test_genai_prices_bundled_data_is_readable() -> None:
    genai = read_genai_prices(bundled_genai_prices(), TODAY)
    found = genai.find("openai", ["gpt-4o"])
    assert found is not None
    assert found.figures["input"] > 0


@pytest.mark.parametrize(
    ("reader", "raw"),
    [
        (read_litellm, []),
        (read_models_dev, "nope"),
        (read_openrouter, {"models": "nope"}),
        (parse_genai_prices, {"providers": []}),
    ],
)
def test_readers_reject_the_wrong_shape(reader: Any, raw: Any) -> None:
    with pytest.raises(ValueError, match="expected"):
        reader(raw)


def test_litellm_skips_malformed_entries_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    raw = {"gpt-x": "oops", "gpt-y": {"litellm_provider": "openai", "input_cost_per_token": "x"}}
    litellm = read_litellm(raw)
    assert "skipping LiteLLM models entry 'gpt-x': not an object" in caplog.text
    found = litellm.find("openai", ["gpt-y"])
    assert found is not None and found.figures == {}


LITELLM = read_litellm({})


@pytest.mark.parametrize(
    ("notes", "explained"),
    [
        ("LiteLLM lists $3.30; the [pricing page](https://docs.claude.com/pricing) says $3.", True),
        ("litellm differs: see https://docs.claude.com/pricing", True),
        ("LiteLLM differs.", False),  # no primary source
        ("The [pricing page](https://docs.claude.com/pricing) says $3.", False),  # no dataset
        ("LiteLLM says so: https://github.com/BerriAI/litellm/blob/main/x.json", False),
        ("pylitellm-fork differs: https://docs.claude.com/pricing", False),  # not the name
        (None, False),
    ],
)
def test_explained_needs_the_dataset_name_and_a_primary_source(
    notes: str | None, explained: bool
) -> None:
    assert is_explained(notes, LITELLM) is explained


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (131072, 128000, True),
        (1048576, 1000000, True),
        (1000000, 1048576, True),
        (202752, 198000, True),
        (4096, 4000, True),
        (2097152, 1000000, False),
        (2097152, 2000000, True),
        (200000, 1000000, False),
        (131072, 131000, False),
    ],
)
def test_limits_in_binary_and_decimal_units_are_the_same(a: int, b: int, same: bool) -> None:
    assert same_in_other_units(Decimal(a), Decimal(b)) is same
