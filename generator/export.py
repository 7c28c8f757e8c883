"""The JSON API as static files: `/v1/models`, per-id files, per-provider trees, catalog.json."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from generator import routes
from generator.ids import published_ids
from generator.items import model_item
from generator.jsonout import dump_json
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


def list_body(items: list[dict[str, Any]]) -> dict[str, Any]:
    """A list page both SDK families accept as complete (`has_more: false`)."""
    return {
        "object": "list",
        "data": items,
        "first_id": items[0]["id"] if items else None,
        "last_id": items[-1]["id"] if items else None,
        "has_more": False,
    }


def export_json(
    entries: list[Entry], providers: list[Provider], *, today: dt.date
) -> Iterator[tuple[str, bytes]]:
    """Yield `(relative path, bytes)` for every JSON file of the API."""
    ordered = newest_first(entries)
    yield from _tree("v1/models", ordered, today, native=False)
    yield from export_pages([e.global_id for e in ordered])
    yield from export_shapes(ordered, providers, today)
    yield from export_contract(query_routes(providers))
    for provider in providers:
        own = [e for e in ordered if e.provider.id == provider.id]
        yield from _tree(f"providers/{provider.id}/v1/models", own, today, native=True)
    yield "catalog.json", dump_json(_catalog(entries, providers, today))


def _tree(
    root: str, entries: list[Entry], today: dt.date, *, native: bool
) -> Iterator[tuple[str, bytes]]:
    items = [model_item(e, today, native=native) for e in entries]
    yield api_file(root), dump_json(list_body(items))
    for entry, item in zip(entries, items, strict=True):
        body = dump_json(item)
        model = entry.model
        ids = (
            [model.id, *model.aliases]
            if native
            else published_ids(entry.provider, model, bare=entry.curated)
        )
        for name in ids:
            yield api_file(f"{root}/{name}"), body


def _catalog(entries: list[Entry], providers: list[Provider], today: dt.date) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": today.isoformat(),
        "providers": [
            p.model_dump(mode="json", exclude={"models", "schema_"}, exclude_none=True)
            for p in providers
        ],
        "models": [model_item(e, today) for e in sorted(entries, key=lambda e: e.global_id)],
    }


def query_routes(providers: Iterable[Provider]) -> tuple[routes.QueryRoute, ...]:
    """The query-string routes of this catalog's API (filters take these values)."""
    return routes.route_table([p.id for p in providers], CAPABILITIES, TIERS)
