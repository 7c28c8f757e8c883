"""The other reference model-list shapes: `/api/models` (+ embedding, providers) and
`/providers/models`, with the field names their reference documents use, plus error bodies.

Every filter value of every list is a prebuilt file under `/_q/` (see `generator/routes.py`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

import orjson

from generator import routes
from generator.items import page_path
from generator.jsonout import dump_json, dump_once
from generator.models import Entry, Provider
from generator.pricing import current_prices
from generator.terms import Feature, Kind, Status, Tier

CAPABILITIES: tuple[str, ...] = tuple(k.value for k in Kind)
TIERS: tuple[str, ...] = tuple(t.value for t in Tier)
API_MODELS = "/api/models"
GROUPED = "/providers/models"


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """An error both SDK families report: Anthropic's envelope around OpenAI's fields."""
    kind = {400: "invalid_request_error", 404: "not_found_error"}[status]
    return {
        "type": "error",
        "error": {"type": kind, "message": message, "param": None, "code": code},
    }


ERRORS: dict[str, dict[str, Any]] = {
    routes.JSON_404: error_body(
        404, "model_not_found", "No model or API path here. GET /v1/models lists every model id."
    ),
    routes.PROVIDER_404: error_body(
        404,
        "provider_not_configured",
        "No provider with this id in the catalog. GET /api/models/providers lists them.",
    ),
    routes.JSON_400: error_body(
        400,
        "invalid_request",
        "A query parameter has a value this API does not serve: filters take the values "
        "/openapi.json lists, `limit` is 1 to 1000, `after_id` / `before_id` take a `last_id` / "
        "`first_id` this API returned for the same `limit` (one of them at a time).",
    ),
}


def per_1k(per_1m: float | None) -> float | None:
    """A per-1M-token price as per-1K (derived on export, never stored)."""
    return None if per_1m is None else float(Decimal(str(per_1m)) / 1000)


def api_item(entry: Entry, today: dt.date) -> dict[str, Any]:
    """One model as `/api/models` and `/api/models/<provider>/<name>` publish it."""
    model = entry.model
    prices = current_prices(model.pricing, today)
    cost_in = prices.input if prices else None
    cost_out = prices.output if prices else None
    features = sorted(model.features)
    return {
        "id": entry.global_id,
        "provider": entry.provider.id,
        "name": model.id,
        "display_name": model.name,
        "owned_by": entry.maker,
        "capabilities": [model.kind],
        "features": features,
        "context_window": model.context_window,
        "context_limit": model.context_window,
        "max_output_tokens": model.max_output_tokens,
        "max_input_tokens": model.max_input_tokens or model.context_window,
        "dimensions": model.dimensions[0] if model.dimensions else None,
        "pricing": {"input": cost_in, "output": cost_out},
        "input_cost_per_1m_tokens": cost_in,
        "output_cost_per_1m_tokens": cost_out,
        "supports_tools": Feature.tools in features,
        "supports_streaming": Feature.streaming in features,
        "status": model.status,
        "tier": model.tier,
        "url": page_path(entry),
    }


def grouped_item(entry: Entry, today: dt.date) -> dict[str, Any]:
    """One model as `/providers/models` publishes it (per-1K prices)."""
    model = entry.model
    prices = current_prices(model.pricing, today)
    features = set(model.features)
    return {
        "id": model.id,
        "name": model.id,
        "global_id": entry.global_id,
        "display_name": model.name,
        "kind": model.kind,
        "tier": model.tier,
        "context_window": model.context_window,
        "cost_per_1k_prompt_tokens": per_1k(prices.input if prices else None),
        "cost_per_1k_completion_tokens": per_1k(prices.output if prices else None),
        "supports_tools": Feature.tools in features,
        "supports_streaming": Feature.streaming in features,
        "available": model.status != Status.retired and entry.listed is not False,
    }


def export_shapes(
    ordered: Sequence[Entry], providers: Sequence[Provider], today: dt.date
) -> Iterator[tuple[str, bytes]]:
    """Yield every file of the `/api/models` and `/providers/models` shapes, and the errors.

    Each item is serialized once and spliced into every list that holds it; only its bytes and
    the fields the filters match are kept (thousands of live dicts would also wake the GC).
    """
    yield from _api_models(ordered, providers, today)
    yield from _grouped(ordered, providers, today)
    for path, body in ERRORS.items():
        yield path.lstrip("/"), dump_json(body)


def _api_models(
    ordered: Sequence[Entry], providers: Sequence[Provider], today: dt.date
) -> Iterator[tuple[str, bytes]]:
    # (provider, capability) filter values ("" = any) -> the items the list keeps, in order.
    lists: dict[tuple[str, str], list[orjson.Fragment]] = {("", ""): []}
    embedding: list[orjson.Fragment] = []
    names = {
        id(e): [f"{e.provider.id}/{n}" for n in (e.model.id, *e.model.aliases)] for e in ordered
    }
    every = routes.LeafFiles(API_MODELS, (n for e in ordered for n in names[id(e)]))
    embeds = [e for e in ordered if e.model.kind == Kind.embedding]
    in_embedding = routes.LeafFiles(
        f"{API_MODELS}/embedding", (n for e in embeds for n in names[id(e)])
    )
    for entry in ordered:
        item = api_item(entry, today)
        one = dump_once(item)
        for provider in ("", item["provider"]):
            for capability in ("", *dict.fromkeys(item["capabilities"])):
                lists.setdefault((provider, capability), []).append(one.element)
        trees = [every]
        if entry.model.kind == Kind.embedding:
            embedding.append(one.element)
            trees.append(in_embedding)
        for tree in trees:
            for name in names[id(entry)]:
                yield tree(name), one.body
    yield routes.api_file(API_MODELS), _models_body(lists["", ""])
    yield routes.query_empty_file(API_MODELS)
    for provider, capability in itertools.product(
        ["", *(p.id for p in providers)], ["", *CAPABILITIES]
    ):
        if provider or capability:
            key = routes.query_file(API_MODELS, provider=provider, capability=capability)
            yield key, _models_body(lists.get((provider, capability), []))
    yield routes.api_file(f"{API_MODELS}/embedding"), _models_body(embedding)
    yield routes.api_file(f"{API_MODELS}/providers"), dump_json(_providers(ordered, providers))


def _models_body(elements: list[orjson.Fragment]) -> bytes:
    return dump_json({"models": elements})


def _providers(entries: Sequence[Entry], providers: Sequence[Provider]) -> dict[str, Any]:
    counts = {p.id: 0 for p in providers}
    for entry in entries:
        counts[entry.provider.id] += 1
    return {
        "providers": [
            {
                "id": p.id,
                "name": p.name,
                "website": p.website,
                "docs_url": p.docs_url,
                "pricing_url": p.pricing_url,
                "model_count": counts[p.id],
                "models_url": f"{API_MODELS}?provider={p.id}",
                "url": f"/providers/{p.id}/",
            }
            for p in sorted(providers, key=lambda p: p.id)
        ]
    }


def _grouped(
    ordered: Sequence[Entry], providers: Sequence[Provider], today: dt.date
) -> Iterator[tuple[str, bytes]]:
    rows = []
    for entry in ordered:
        item = grouped_item(entry, today)
        rows.append((entry.provider.id, item["tier"], dump_once(item).element))
    ids = sorted(p.id for p in providers)
    for tier in ["", *TIERS]:
        groups: dict[str, list[orjson.Fragment]] = {pid: [] for pid in ids}
        for provider, item_tier, element in rows:
            if tier in ("", item_tier):
                groups[provider].append(element)
        if tier:
            yield routes.query_file(GROUPED, tier=tier), dump_json(groups)
        else:
            yield routes.api_file(GROUPED), dump_json(groups)
    yield routes.query_empty_file(GROUPED)
