"""Open price datasets as lookups: LiteLLM, genai-prices, models.dev and OpenRouter.

Each reader is a pure function over already-parsed JSON (file IO stays in the CLI) and returns a
`Dataset` that answers "what does this dataset say about provider P's model with these ids?".
Prices come back in USD per 1M tokens, limits in tokens, as `Decimal` so that per-token figures
convert exactly. The one table `PROVIDERS` maps llmcat provider ids to each dataset's own ids.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # genai-prices is imported only when a crosscheck runs: it is slow to load
    from genai_prices import types as genai


log = logging.getLogger(__name__)

# The figures compared, in report order. Prices are per 1M tokens, limits in tokens.
PRICE_FIELDS = ("input", "output", "cache_read", "cache_write")
LIMIT_FIELDS = ("context_window", "max_input_tokens", "max_output_tokens")
FIELDS = PRICE_FIELDS + LIMIT_FIELDS
MILLION = Decimal(1_000_000)


class Ids(NamedTuple):
    """One llmcat provider's names in each dataset; empty means "not in that dataset"."""

    # LiteLLM key prefixes and `litellm_provider` values (`x*`: any value starting with `x`)
    litellm: tuple[tuple[str, ...], frozenset[str]]
    genai_prices: str | None
    models_dev: tuple[str, ...]
    openrouter: bool = False


def _lite(prefixes: Iterable[str], *providers: str) -> tuple[tuple[str, ...], frozenset[str]]:
    return tuple(prefixes), frozenset(providers)


# LiteLLM prefixes are tried in order: the first that names a model wins.
PROVIDERS: dict[str, Ids] = {
    "openai": Ids(_lite([""], "openai", "text-completion-openai"), "openai", ("openai",)),
    "azure-openai": Ids(_lite(["azure/"], "azure", "azure_text"), "azure", ("azure",)),
    "anthropic": Ids(_lite([""], "anthropic"), "anthropic", ("anthropic",)),
    "amazon-bedrock": Ids(
        _lite(["", "bedrock/"], "bedrock", "bedrock_converse"), "aws", ("amazon-bedrock",)
    ),
    "google-vertex": Ids(
        _lite(["vertex_ai/", ""], "vertex_ai*"),
        "google",
        ("google-vertex", "google-vertex-anthropic"),
    ),
    "gemini": Ids(_lite(["gemini/", ""], "gemini"), "google", ("google",)),
    "mistral": Ids(_lite(["mistral/"], "mistral"), "mistral", ("mistral",)),
    "cohere": Ids(_lite(["", "cohere/"], "cohere", "cohere_chat"), "cohere", ("cohere",)),
    "deepseek": Ids(_lite(["deepseek/", ""], "deepseek"), "deepseek", ("deepseek",)),
    "xai": Ids(_lite(["xai/"], "xai"), "x-ai", ("xai",)),
    "meta": Ids(_lite(["meta_llama/", "meta/"], "meta_llama", "meta"), "meta", ("llama",)),
    "groq": Ids(_lite(["groq/"], "groq"), "groq", ("groq",)),
    "cerebras": Ids(_lite(["cerebras/"], "cerebras"), "cerebras", ("cerebras",)),
    "together": Ids(_lite(["together_ai/", ""], "together_ai"), "together", ("togetherai",)),
    "fireworks": Ids(
        _lite(["fireworks_ai/", ""], "fireworks_ai", "fireworks_ai-embedding-models"),
        "fireworks",
        ("fireworks-ai",),
    ),
    "openrouter": Ids(_lite(["openrouter/"], "openrouter"), "openrouter", ("openrouter",), True),
    "perplexity": Ids(_lite(["perplexity/"], "perplexity"), "perplexity", ("perplexity",)),
    "ollama": Ids(_lite(["ollama/", "ollama_chat/"], "ollama", "ollama_chat"), None, ()),
}

Figures = Mapping[str, Decimal]


@dataclass(frozen=True)
class Found:
    """What a dataset says about one model: its own id for it and the figures it states."""

    key: str
    figures: Figures


@dataclass(frozen=True)
class Dataset:
    """One open dataset, ready to answer lookups by llmcat provider id and model ids."""

    id: str
    name: str
    url: str
    names: tuple[str, ...]  # how notes may name it, matched case-insensitively
    find: Callable[[str, Sequence[str]], Found | None] = field(compare=False, repr=False)
    # LiteLLM states one input limit; it stands for the context window unless the catalog
    # gives a separate `max_input_tokens`.
    input_limit_is_context: bool = False


def _number(value: Any, per: Decimal = Decimal(1)) -> Decimal | None:
    """A finite, non-negative number (int, float or numeric string) scaled by `per`, or None."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    if not number.is_finite() or number < 0:
        return None
    return (number * per).normalize()


def _figures(**values: Decimal | None) -> dict[str, Decimal]:
    return {k: v for k, v in values.items() if v is not None}


def _pick(
    data: Mapping[str, Any], names: Mapping[str, str], per: Decimal = Decimal(1)
) -> dict[str, Decimal]:
    """Our figure name -> the number at their key in `data`, scaled by `per`, where stated."""
    return _figures(**{ours: _number(data.get(theirs), per) for ours, theirs in names.items()})


_LITELLM_PRICES = {
    "input": "input_cost_per_token",
    "output": "output_cost_per_token",
    "cache_read": "cache_read_input_token_cost",
    "cache_write": "cache_creation_input_token_cost",
}
_LITELLM_LIMITS = {"max_input_tokens": "max_input_tokens", "max_output_tokens": "max_output_tokens"}
_OPENROUTER_PRICES = {
    "input": "prompt",
    "output": "completion",
    "cache_read": "input_cache_read",
    "cache_write": "input_cache_write",
}
_MODELS_DEV_LIMITS = {
    "context_window": "context",
    "max_input_tokens": "input",
    "max_output_tokens": "output",
}


def _keyed(index: dict[str, dict[str, tuple[int, Found]]]) -> Callable[..., Found | None]:
    """A `find` over records already keyed by (llmcat provider, lower-cased native id)."""

    def find(provider: str, refs: Sequence[str]) -> Found | None:
        own = index.get(provider, {})
        for ref in refs:
            hit = own.get(ref.lower())
            if hit is not None:
                return hit[1]
        return None

    return find


def _add(
    index: dict[str, dict[str, tuple[int, Found]]],
    provider: str,
    native: str,
    rank: int,
    found: Found,
) -> None:
    own = index.setdefault(provider, {})
    key = native.lower()
    if key not in own or own[key][0] > rank:
        own[key] = (rank, found)


def _objects(raw: Any, what: str) -> Iterable[tuple[str, dict[str, Any]]]:
    if not isinstance(raw, dict):
        raise ValueError(f"expected a JSON object of {what}, got {type(raw).__name__}")
    for key, value in sorted(raw.items()):
        if isinstance(value, dict):
            yield str(key), value
        else:
            log.warning("skipping %s entry %r: not an object", what, key)


def _owned(value: Any, owners: frozenset[str]) -> bool:
    if not isinstance(value, str):
        return False
    return value in owners or any(o.endswith("*") and value.startswith(o[:-1]) for o in owners)


def read_litellm(raw: Any) -> Dataset:
    """LiteLLM's `model_prices_and_context_window.json`: per-token costs keyed by model."""
    index: dict[str, dict[str, tuple[int, Found]]] = {}
    for key, item in _objects(raw, "LiteLLM models"):
        if key == "sample_spec":
            continue
        found = Found(
            key,
            _pick(item, _LITELLM_PRICES, MILLION) | _pick(item, _LITELLM_LIMITS),
        )
        for provider, ids in PROVIDERS.items():
            prefixes, owners = ids.litellm
            if not _owned(item.get("litellm_provider"), owners):
                continue
            for rank, prefix in enumerate(prefixes):
                if key.startswith(prefix) and len(key) > len(prefix):
                    _add(index, provider, key[len(prefix) :], rank, found)
    return Dataset(
        "litellm",
        "LiteLLM",
        "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json",
        ("litellm",),
        _keyed(index),
        input_limit_is_context=True,
    )


def read_models_dev(raw: Any) -> Dataset:
    """models.dev's `api.json`: providers, each with models, costs per 1M and limits."""
    index: dict[str, dict[str, tuple[int, Found]]] = {}
    ours = {theirs: p for p, ids in PROVIDERS.items() for theirs in ids.models_dev}
    for provider_id, provider in _objects(raw, "models.dev providers"):
        if provider_id not in ours:
            continue
        for model_id, model in _objects(provider.get("models", {}), "models.dev models"):
            cost, limit = _object(model.get("cost")), _object(model.get("limit"))
            found = Found(
                f"{provider_id}/{model_id}",
                _pick(cost, {name: name for name in PRICE_FIELDS})
                | _pick(limit, _MODELS_DEV_LIMITS),
            )
            _add(index, ours[provider_id], model_id, 0, found)
    return Dataset(
        "models-dev", "models.dev", "https://models.dev/api.json", ("models.dev",), _keyed(index)
    )


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def read_openrouter(raw: Any) -> Dataset:
    """OpenRouter's `/api/v1/models` body (per-token price strings) or an llmcat snapshot."""
    index: dict[str, dict[str, tuple[int, Found]]] = {}
    items, snapshot = _openrouter_items(raw)
    for item in items:
        model_id = item.get("id")
        if not isinstance(model_id, str) or not model_id:
            log.warning("skipping OpenRouter entry without an id")
            continue
        figures = _snapshot_figures(item) if snapshot else _api_figures(item)
        for provider, ids in PROVIDERS.items():
            if ids.openrouter:
                _add(index, provider, model_id, 0, Found(model_id, figures))
    return Dataset(
        "openrouter",
        "OpenRouter",
        "https://openrouter.ai/api/v1/models",
        ("openrouter",),
        _keyed(index),
    )


def _openrouter_items(raw: Any) -> tuple[list[dict[str, Any]], bool]:
    """The model objects, and whether they are llmcat snapshot records (prices per 1M)."""
    if isinstance(raw, dict) and isinstance(raw.get("data"), list):
        return [i for i in raw["data"] if isinstance(i, dict)], False
    if isinstance(raw, dict) and isinstance(raw.get("models"), list):
        return [i for i in raw["models"] if isinstance(i, dict)], True
    if isinstance(raw, list):
        return [i for i in raw if isinstance(i, dict)], True
    raise ValueError('expected OpenRouter\'s {"data": [...]} or an llmcat snapshot')


def _api_figures(item: dict[str, Any]) -> dict[str, Decimal]:
    cost, top = _object(item.get("pricing")), _object(item.get("top_provider"))
    return _pick(cost, _OPENROUTER_PRICES, MILLION) | _figures(
        context_window=_number(item.get("context_length")),
        max_output_tokens=_number(top.get("max_completion_tokens")),
    )


def _snapshot_figures(item: dict[str, Any]) -> dict[str, Decimal]:
    same = {name: name for name in PRICE_FIELDS}
    limits = {"context_window": "context_window", "max_output_tokens": "max_output_tokens"}
    return _pick(_object(item.get("prices")), same) | _pick(item, limits)


def parse_genai_prices(raw: Any) -> list[genai.Provider]:
    """genai-prices' `prices/data.json` (a list of providers), parsed by the package itself."""
    if not isinstance(raw, list):
        raise ValueError("expected genai-prices' list of providers")
    from genai_prices import types as genai

    return genai._providers_from_raw(raw)


def bundled_genai_prices() -> list[genai.Provider]:
    """The price data shipped inside the installed `genai-prices` package."""
    from genai_prices.data import providers

    return providers


def read_genai_prices(providers: list[genai.Provider], today: dt.date) -> Dataset:
    """genai-prices, matched with the package's own rules (including its provider fallbacks)."""
    by_id = {p.id: p for p in providers}
    when = dt.datetime(today.year, today.month, today.day, 12, tzinfo=dt.UTC)

    def find(provider: str, refs: Sequence[str]) -> Found | None:
        ids = PROVIDERS.get(provider)
        theirs = by_id.get(ids.genai_prices or "") if ids else None
        if theirs is None:
            return None
        for ref in refs:
            model = theirs.find_model(ref, all_providers=providers)
            if model is not None:
                owner = next(p.id for p in providers if any(m is model for m in p.models))
                return Found(f"{owner}/{model.id}", _genai_figures(model, when))
        return None

    return Dataset(
        "genai-prices",
        "genai-prices",
        "https://github.com/pydantic/genai-prices/blob/main/prices/data.json",
        ("genai-prices", "genai_prices", "genai prices"),
        find,
    )


def _genai_figures(model: genai.ModelInfo, when: dt.datetime) -> dict[str, Decimal]:
    from genai_prices.types import TieredPrices

    prices = model.get_prices(when)
    names = {"input": "input_mtok", "output": "output_mtok"}
    names |= {"cache_read": "cache_read_mtok", "cache_write": "cache_write_mtok"}
    values: dict[str, Decimal | None] = {}
    for ours, theirs in names.items():
        value = getattr(prices, theirs, None)
        base = value.base if isinstance(value, TieredPrices) else value
        values[ours] = _number(base)
    return _figures(**values, context_window=_number(model.context_window))
