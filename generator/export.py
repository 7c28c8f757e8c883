"""The JSON API as static files: `/v1/models`, per-id files, per-provider trees, catalog.json."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from generator import routes
from generator.ids import published_ids
from generator.items import model_item
from generator.jsonout import Dumped, dump_json, dump_once
from generator.models import Entry, Provider
from generator.openapi import export_contract
from generator.paging import export_pages
from generator.routes import api_file
from generator.shapes import CAPABILITIES, TIERS, export_shapes

SCHEMA_VERSION = "1.0"


def newest_first(entries: Iterable[Entry]) -> list[Entry]:
    """Newest release first; ties and unknown dates by global id."""
    by_id = sorted(entries, key=lambda e: e.global_id)
    return sorted(by_id, key=lambda e: e.model.created or dt.date.min, reverse=True)


def list_body(ids: Sequence[str], data: list[Any]) -> dict[str, Any]:
    """A list page both SDK families accept as complete (`has_more: false`).

    `data` holds the items (or their `Dumped.element`s), `ids` their `id` fields.
    """
    return {
        "object": "list",
        "data": data,
        "first_id": ids[0] if ids else None,
        "last_id": ids[-1] if ids else None,
        "has_more": False,
    }


def export_json(
    entries: list[Entry], providers: list[Provider], *, today: dt.date
) -> Iterator[tuple[str, bytes]]:
    """Yield `(relative path, bytes)` for every JSON file of the API.

    Each item is serialized once per shape and spliced into every list that holds it.
    """
    ordered = newest_first(entries)
    dumped = {id(e): dump_once(model_item(e, today)) for e in ordered}
    yield from _tree("v1/models", ordered, [dumped[id(e)] for e in ordered], native=False)
    yield from export_pages([e.global_id for e in ordered])
    yield from export_shapes(ordered, providers, today)
    yield from export_contract(query_routes(providers))
    own: dict[str, list[Entry]] = {p.id: [] for p in providers}
    for entry in ordered:
        own.setdefault(entry.provider.id, []).append(entry)
    for provider in providers:
        chosen = own[provider.id]
        native = [dump_once(model_item(e, today, native=True)) for e in chosen]
        yield from _tree(f"providers/{provider.id}/v1/models", chosen, native, native=True)
    by_id = sorted(entries, key=lambda e: e.global_id)
    yield "catalog.json", dump_json(_catalog([dumped[id(e)] for e in by_id], providers, today))


def _tree(
    root: str, entries: list[Entry], items: list[Dumped], *, native: bool
) -> Iterator[tuple[str, bytes]]:
    ids = [e.model.id if native else e.global_id for e in entries]
    yield api_file(root), dump_json(list_body(ids, [item.element for item in items]))
    for entry, item in zip(entries, items, strict=True):
        model = entry.model
        names = (
            [model.id, *model.aliases]
            if native
            else published_ids(entry.provider, model, bare=entry.curated)
        )
        for name in names:
            yield api_file(f"{root}/{name}"), item.body


def _catalog(models: list[Dumped], providers: list[Provider], today: dt.date) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": today.isoformat(),
        "providers": [
            p.model_dump(mode="json", exclude={"models", "schema_"}, exclude_none=True)
            for p in providers
        ],
        "models": [m.element for m in models],
    }


def query_routes(providers: Iterable[Provider]) -> tuple[routes.QueryRoute, ...]:
    """The query-string routes of this catalog's API (filters take these values)."""
    return routes.route_table([p.id for p in providers], CAPABILITIES, TIERS)
