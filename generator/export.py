"""The JSON API as static files: `/v1/models`, per-id files, per-provider trees, catalog.json."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple

import orjson

from generator import routes
from generator.ids import published_ids
from generator.items import model_item
from generator.jsonout import dump_json, dump_once
from generator.models import Entry, Provider
from generator.openapi import export_contract
from generator.paging import export_pages
from generator.routes import LeafFiles, api_file
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


Part = Callable[[], Iterator[tuple[str, bytes]]]


class ApiParts(NamedTuple):
    """Every JSON file of the API, in parts that share nothing; each yields `(relative path,
    bytes)`."""

    early: Part
    """The pages of `/v1/models` and the OpenAPI contract: they need no model item, so a worker
    can write them while this process makes the items."""
    rest: list[Part]
    """The other shapes; `/v1/models` with its ids and catalog.json; the per-provider trees."""


def export_parts(entries: list[Entry], providers: list[Provider], *, today: dt.date) -> ApiParts:
    """The JSON API's files, in parts (see `ApiParts`), made as each part is iterated.

    Each item is serialized once per shape: its own files are yielded at once, and only its
    list element is kept, to be spliced into every list that holds it. Memory stays at one
    shape's elements.
    """
    ordered = newest_first(entries)
    return ApiParts(
        functools.partial(_early, ordered, providers),
        [
            functools.partial(export_shapes, ordered, providers, today),
            functools.partial(_openai_lists, ordered, providers, today),
            functools.partial(_provider_trees, ordered, providers, today),
        ],
    )


def _early(ordered: list[Entry], providers: list[Provider]) -> Iterator[tuple[str, bytes]]:
    """The pages of `/v1/models` and the OpenAPI contract."""
    yield from export_pages([e.global_id for e in ordered])
    yield from export_contract(query_routes(providers))


def _openai_lists(
    ordered: list[Entry], providers: list[Provider], today: dt.date
) -> Iterator[tuple[str, bytes]]:
    """`/v1/models` and a file per id, and catalog.json."""
    elements: dict[str, orjson.Fragment] = {}
    yield from _tree("v1/models", ordered, today, native=False, keep=elements)
    by_id = sorted(elements.items())
    elements.clear()
    yield "catalog.json", dump_json(_catalog([e for _, e in by_id], providers, today))


def _provider_trees(
    ordered: list[Entry], providers: list[Provider], today: dt.date
) -> Iterator[tuple[str, bytes]]:
    """`/providers/<id>/v1/models` and a file per native id and alias, for each provider."""
    own: dict[str, list[Entry]] = {p.id: [] for p in providers}
    for entry in ordered:
        own.setdefault(entry.provider.id, []).append(entry)
    for provider in providers:
        root = f"providers/{provider.id}/v1/models"
        yield from _tree(root, own[provider.id], today, native=True)


def _tree(
    root: str,
    entries: list[Entry],
    today: dt.date,
    *,
    native: bool,
    keep: dict[str, orjson.Fragment] | None = None,
) -> Iterator[tuple[str, bytes]]:
    """A list and a file per id; `keep` gets each item's list element by global id."""
    ids, data = [], []
    names_of = {id(e): _names(e, native) for e in entries}
    leaf = LeafFiles(root, (n for names in names_of.values() for n in names))
    for entry in entries:
        item = model_item(entry, today, native=native)
        one = dump_once(item)
        for name in names_of[id(entry)]:
            yield leaf(name), one.body
        ids.append(item["id"])
        data.append(one.element)
        if keep is not None:
            keep[entry.global_id] = one.element
    yield api_file(root), dump_json(list_body(ids, data))


def _names(entry: Entry, native: bool) -> list[str]:
    """The ids a tree answers for `entry`: native id and aliases, or every published id."""
    model = entry.model
    if native:
        return [model.id, *model.aliases]
    return published_ids(entry.provider, model, bare=entry.curated)


def _catalog(
    models: list[orjson.Fragment], providers: list[Provider], today: dt.date
) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": today.isoformat(),
        "providers": [
            p.model_dump(mode="json", exclude={"models", "schema_"}, exclude_none=True)
            for p in providers
        ],
        "models": models,
    }


def query_routes(providers: Iterable[Provider]) -> tuple[routes.QueryRoute, ...]:
    """The query-string routes of this catalog's API (filters take these values)."""
    return routes.route_table([p.id for p in providers], CAPABILITIES, TIERS)
