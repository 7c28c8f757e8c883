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

from generator import routes
from generator.items import page_path
from generator.jsonout import dump_json
from generator.models import Entry, Feature, Kind, Provider, Status, Tier
from generator.pricing import current_prices

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
    """Yield every file of the `/api/models` and `/providers/models` shapes, and the errors."""
    items = [(e, api_item(e, today)) for e in ordered]
    yield from _api_models(items, providers)
    yield from _grouped(ordered, providers, today)
    for path, body in ERRORS.items():
        yield path.lstrip("/"), dump_json(body)


def _api_models(
    items: list[tuple[Entry, dict[str, Any]]], providers: Sequence[Provider]
) -> Iterator[tuple[str, bytes]]:
    everything = [item for _, item in items]
    yield routes.api_file(API_MODELS), dump_json({"models": everything})
    yield routes.query_empty_file(API_MODELS)
    for provider, capability in itertools.product(
        ["", *(p.id for p in providers)], ["", *CAPABILITIES]
    ):
        if provider or capability:
            chosen = [
                item
                for item in everything
                if provider in ("", item["provider"]) and capability in ("", *item["capabilities"])
            ]
            key = routes.query_file(API_MODELS, provider=provider, capability=capability)
            yield key, dump_json({"models": chosen})
    embedding = [(e, item) for e, item in items if e.model.kind == Kind.embedding]
    yield (
        routes.api_file(f"{API_MODELS}/embedding"),
        dump_json({"models": [item for _, item in embedding]}),
    )
    for prefix, subset in ((API_MODELS, items), (f"{API_MODELS}/embedding", embedding)):
        for entry, item in subset:
            body = dump_json(item)
            for name in (entry.model.id, *entry.model.aliases):
                yield routes.api_file(f"{prefix}/{entry.provider.id}/{name}"), body
    yield routes.api_file(f"{API_MODELS}/providers"), dump_json(_providers(items, providers))


def _providers(
    items: list[tuple[Entry, dict[str, Any]]], providers: Sequence[Provider]
) -> dict[str, Any]:
    counts = {p.id: 0 for p in providers}
    for entry, _ in items:
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
    items = [(e, grouped_item(e, today)) for e in ordered]
    ids = sorted(p.id for p in providers)
    for tier in ["", *TIERS]:
        groups: dict[str, list[dict[str, Any]]] = {pid: [] for pid in ids}
        for entry, item in items:
            if tier in ("", item["tier"]):
                groups[entry.provider.id].append(item)
        if tier:
            yield routes.query_file(GROUPED, tier=tier), dump_json(groups)
        else:
            yield routes.api_file(GROUPED), dump_json(groups)
    yield routes.query_empty_file(GROUPED)
