"""One model as a JSON object that both the OpenAI and the Anthropic SDKs parse."""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.ids import global_id
from generator.models import Entry, Prices, Provider
from generator.pricing import current_prices, price_sets
from generator.terms import Status

_LIFECYCLE = {
    Status.active: "active",
    Status.preview: "active",
    Status.deprecated: "deprecated",
    Status.retired: "retired",
}
_EPOCH = dt.date(1970, 1, 1)


def timestamp(day: dt.date | None) -> int:
    """Unix seconds at midnight UTC of `day` (0 when unknown)."""
    return (day - _EPOCH).days * 86400 if day else 0


def rfc3339(day: dt.date | None) -> str | None:
    """`YYYY-MM-DDT00:00:00Z`, or None."""
    return f"{day.isoformat()}T00:00:00Z" if day else None


def page_path(entry: Entry) -> str:
    """Site path of the model's HTML page."""
    return f"/models/{entry.global_id}/"


def price_dict(prices: Prices) -> dict[str, Any]:
    """A price set as JSON: only the fields that are set, plus the currency."""
    data = prices.model_dump(mode="json", exclude_none=True, exclude={"history"})
    if not data.get("per_image"):
        data.pop("per_image", None)
    if not data.get("tiers"):
        data.pop("tiers", None)
    data["currency"] = "USD"
    return data


# One build asks for each item several times (pages, `/v1/models`, the provider trees,
# catalog.json); it is built once per entry object. `clear_items()` drops the cache.
_cache: dict[int, tuple[Entry, dt.date, dict[str, Any]]] = {}


# Provider → every id and alias of its models, for resolving successors without a scan each.
_local_names: dict[int, tuple[Provider, frozenset[str]]] = {}


def clear_items() -> None:
    """Forget every cached item (the build calls this when it starts and ends)."""
    _cache.clear()
    _local_names.clear()


def model_item(entry: Entry, today: dt.date, *, native: bool = False) -> dict[str, Any]:
    """The full item: SDK fields, then the catalog's own fields (a fresh dict each call)."""
    hit = _cache.get(id(entry))
    if hit is None or hit[0] is not entry or hit[1] != today:
        hit = (entry, today, _build_item(entry, today))
        _cache[id(entry)] = hit
    item = dict(hit[2])
    if native:
        item["id"] = entry.model.id
    return item


def successor_id(entry: Entry) -> str | None:
    """The successor's global id: a model of the same provider if one has that id or alias."""
    name = entry.model.successor
    if name is None:
        return None
    provider = entry.provider
    known = _local_names.get(id(provider))
    if known is None or known[0] is not provider:
        names = frozenset(n for m in provider.models for n in (m.id, *m.aliases))
        known = _local_names[id(provider)] = (provider, names)
    local = name in known[1]
    return global_id(provider, name) if local or "/" not in name else name


def _build_item(entry: Entry, today: dt.date) -> dict[str, Any]:
    model, provider = entry.model, entry.provider
    current = current_prices(model.pricing, today)
    history = [(p, price_dict(p)) for p in price_sets(model.pricing)] if model.pricing else []
    now = next((dict(d) for p, d in history if p is current), None)  # one dump per price set
    successor = successor_id(entry)
    return {
        # OpenAI
        "id": entry.global_id,
        "object": "model",
        "created": timestamp(model.created),
        "owned_by": entry.maker,
        "permission": [],
        "root": model.id,
        "parent": None,
        "shutdown_date": model.retirement_date.isoformat() if model.retirement_date else None,
        # Anthropic
        "type": "model",
        "created_at": rfc3339(model.created) or "1970-01-01T00:00:00Z",
        "display_name": model.name,
        "lifecycle": _LIFECYCLE[Status(model.status)],
        "deprecated_at": rfc3339(model.deprecation_date),
        "retires_at": rfc3339(model.retirement_date),
        "max_input_tokens": model.max_input_tokens or model.context_window,
        "max_tokens": model.max_output_tokens,
        # llmcat
        "global_id": entry.global_id,
        "native_id": model.id,
        "provider": provider.id,
        "name": model.name,
        "kind": model.kind,
        "family": model.family,
        "status": model.status,
        "tier": model.tier,
        "aliases": list(model.aliases),
        "release_date": model.created.isoformat() if model.created else None,
        "deprecation_date": model.deprecation_date.isoformat() if model.deprecation_date else None,
        "retirement_date": model.retirement_date.isoformat() if model.retirement_date else None,
        "successor": successor,
        "context_window": model.context_window,
        "max_output_tokens": model.max_output_tokens,
        "dimensions": list(model.dimensions),
        "modalities": model.modalities.model_dump(mode="json"),
        "features": sorted(model.features),
        "knowledge_cutoff": model.knowledge_cutoff,
        "open_weights": model.open_weights,
        "pricing": now,
        "pricing_history": [d for _, d in history],
        "source": model.source,
        "verified": model.verified.isoformat() if model.verified else None,
        "curated": entry.curated,
        "listed": entry.listed,
        "last_seen": entry.last_seen.isoformat() if entry.last_seen else None,
        "origins": dict(sorted(entry.origins.items())),
        "url": page_path(entry),
    }
