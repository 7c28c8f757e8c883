"""What the HTML pages show, computed from the merged entries (no HTML here; templates draw it)."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from generator.models import Entry, Prices, Pricing
from generator.pricing import price_sets

# The comparison table's columns: (key, header, numeric). Templates, CSS and table.js use the order.
COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("provider", "Provider", False),
    ("model", "Model", False),
    ("kind", "Kind", False),
    ("context", "Context", True),
    ("max_output", "Max output", True),
    ("input", "Input $/1M", True),
    ("output", "Output $/1M", True),
    ("cached", "Cached input $/1M", True),
    ("features", "Features", False),
    ("modalities", "Input modalities", False),
    ("tier", "Tier", False),
    ("status", "Status", False),
    ("released", "Released", False),
)
HIDDEN_COLUMNS = ("modalities",)

# Price set fields shown in the price table, in order: (field, label).
PRICE_FIELDS: tuple[tuple[str, str], ...] = (
    ("input", "Input"),
    ("output", "Output"),
    ("cache_read", "Cached input (read)"),
    ("cache_write", "Cache write"),
    ("cache_write_1h", "Cache write, 1-hour TTL"),
    ("cache_storage", "Cache storage (per hour)"),
    ("batch_input", "Batch input"),
    ("batch_output", "Batch output"),
    ("input_audio", "Audio input"),
    ("output_audio", "Audio output"),
    ("input_image", "Image input"),
    ("output_image", "Image output"),
)


def price_rows(prices: Prices) -> list[tuple[str, float, list[float | None]]]:
    """`(label, price, [tier prices...])` for each token price the set has, per 1M tokens."""
    rows = []
    for field, label in PRICE_FIELDS:
        value = getattr(prices, field)
        if value is not None:
            tiers = [getattr(t, field, None) for t in prices.tiers]
            rows.append((label, value, tiers))
    return rows


def facts(entry: Entry, item: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Every limit, date and capability the catalog states: `(label, value, origin)`, where origin
    is "catalog" (checkable at the model's `source`, as of its `verified`) or "api"."""
    model = entry.model
    origins = entry.origins
    shown: tuple[tuple[str, str, str], ...] = (
        ("context_window", "Context window", _int(model.context_window)),
        ("max_output_tokens", "Max output tokens", _int(model.max_output_tokens)),
        ("max_input_tokens", "Max input tokens", _int(model.max_input_tokens)),
        ("dimensions", "Embedding dimensions", ", ".join(map(str, model.dimensions))),
        ("modalities", "Input modalities", ", ".join(model.modalities.input)),
        ("modalities", "Output modalities", ", ".join(model.modalities.output)),
        ("features", "Features", ", ".join(sorted(model.features))),
        ("tier", "Tier", model.tier or ""),
        ("knowledge_cutoff", "Knowledge cutoff", model.knowledge_cutoff or ""),
        ("open_weights", "Open weights", _yes_no(model.open_weights)),
        ("created", "Released", item["release_date"] or ""),
        ("deprecation_date", "Deprecated", item["deprecation_date"] or ""),
        ("retirement_date", "Retired", item["retirement_date"] or ""),
        ("successor", "Successor", item["successor"] or ""),
    )
    return [(label, value, origins.get(field, "catalog")) for field, label, value in shown if value]


def _int(value: int | None) -> str:
    return f"{value:,}" if value else ""


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


_VERSION_TAIL = re.compile(r"(-v\d+)?(:\d+)?$")
_SEPARATORS = re.compile(r"[\s._/-]+")
_NOISE = re.compile(r"\s*\([^)]*\)|\b(instruct|chat|latest|preview)\b")


def normalized_id(entry: Entry) -> str:
    """A provider-independent spelling of a model id: no vendor prefix, no version tail."""
    native = entry.model.id.lower().rsplit("/", 1)[-1]
    native = native.removeprefix(f"{entry.maker}.")
    return _SEPARATORS.sub("-", _VERSION_TAIL.sub("", native)).strip("-")


def normalized_name(entry: Entry) -> str:
    """The display name without provider remarks in parentheses, lower-case, dashes."""
    name = _NOISE.sub("", entry.model.name.lower())
    return _SEPARATORS.sub("-", name).strip("-")


def same_models(entries: list[Entry]) -> dict[str, list[Entry]]:
    """For each global id, the other offerings of the same model by the same maker (a model
    offered once may have no key)."""
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_id: dict[str, Entry] = {}
    for entry in entries:
        gid, maker = entry.global_id, entry.maker
        by_id[gid] = entry
        for key in (normalized_id(entry), normalized_name(entry)):
            if key:
                groups[(maker, key)].add(gid)
    others: dict[str, set[str]] = defaultdict(set)
    for members in groups.values():
        if len(members) > 1:  # most models are offered once: skip the empty sets
            for gid in members:
                others[gid] |= members
    return {
        gid: [by_id[o] for o in sorted(ids) if by_id[o].provider.id != by_id[gid].provider.id]
        for gid, ids in others.items()
    }


def short_tokens(value: int | None) -> str:
    """A token count as people say it: 8K, 128K, 200K, 1M, 1.05M; an em dash when unknown."""
    if not value:
        return "—"
    for unit, decimal, binary in (("M", 1_000_000, 1_048_576), ("K", 1000, 1024)):
        if value >= decimal:
            if value % decimal == 0:
                return f"{value // decimal}{unit}"
            if value % binary == 0:
                return f"{value // binary}{unit}"
            return f"{value / decimal:.3g}{unit}"
    return str(value)


def plain_price(value: float | None) -> str:
    """A price as a plain decimal number without trailing zeros (2.5, 0.075); em dash if None."""
    if value is None:
        return "—"
    return f"{value:.6f}".rstrip("0").rstrip(".") or "0"


def money(value: float) -> str:
    """Dollars for a computed cost: cents from one cent up, three significant digits below."""
    if value == 0:
        return "$0"
    if value < 0.01:
        return f"${value:.3g}"
    return f"${value:,.2f}"


def history_rows(pricing: Pricing | None) -> list[Prices]:
    """Every price set, newest first, when there is more than one."""
    if pricing is None or not pricing.history:
        return []
    return list(reversed(price_sets(pricing)))
