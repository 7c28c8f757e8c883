"""One model as an SDK item: successor ids, and the per-build item cache."""

from __future__ import annotations

import datetime as dt

from generator.items import clear_items, model_item
from generator.models import Entry, Provider

TODAY = dt.date(2026, 11, 21)


def _provider(successor: str) -> Provider:
    return Provider.model_validate(
        {
            "id": "router",
            "name": "Router",
            "website": "https://example.com",
            "models": [
                {"id": "anthropic/old", "name": "Old", "kind": "chat", "successor": successor},
                {"id": "anthropic/new", "name": "New", "kind": "chat", "aliases": ["latest"]},
            ],
        }
    )


def _item(successor: str) -> dict[str, object]:
    provider = _provider(successor)
    return model_item(Entry(provider=provider, model=provider.models[0]), TODAY)


def test_successor_with_a_slash_names_the_same_providers_model_first() -> None:
    assert _item("anthropic/new")["successor"] == "router/anthropic/new"
    assert _item("latest")["successor"] == "router/latest"
    assert _item("anthropic/claude-x")["successor"] == "anthropic/claude-x"  # a global id


def test_items_are_fresh_dicts_and_native_ids_do_not_leak() -> None:
    provider = _provider("latest")
    entry = Entry(provider=provider, model=provider.models[1])
    first = model_item(entry, TODAY)
    first["id"] = "changed by a caller"
    native = model_item(entry, TODAY, native=True)
    assert native["id"] == "anthropic/new"
    assert model_item(entry, TODAY)["id"] == "router/anthropic/new"
    clear_items()
    assert model_item(entry, TODAY)["global_id"] == "router/anthropic/new"
