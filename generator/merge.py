"""Merge: curated catalog entries with the providers' fetched snapshots.

Curated values win; a snapshot fills the gaps (dates, limits, modalities, features, prices) and
`Entry.origins` says which source each value came from. A listed model the catalog lacks becomes
an uncurated entry; a curated model missing from its provider's latest list is kept and flagged
`listed: false` with the date it was last seen. `last_seen` is always the date of the latest
snapshot content that listed the model (snapshots store no fetch times; see snapshots.py).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from generator.ids import global_id, published_ids, unsafe_reason
from generator.models import Catalog, Entry, Model, Origin, Pricing, Provider
from generator.providers.records import RemoteModel
from generator.snapshots import SeenModel, Snapshot
from generator.terms import Kind, Status

log = logging.getLogger(__name__)

# Fields a snapshot may fill when the catalog leaves them empty, in the order they are shown.
_GAPS = ("created", "context_window", "max_output_tokens", "deprecation_date", "retirement_date")
_ALWAYS = ("name", "kind")
_KIND_HINTS = (
    ("embed", Kind.embedding),
    ("rerank", Kind.rerank),
    ("moderation", Kind.moderation),
    ("whisper", Kind.transcription),
    ("transcribe", Kind.transcription),
    ("tts", Kind.speech),
    ("dall-e", Kind.image_generation),
    ("gpt-image", Kind.image_generation),
    ("imagen", Kind.image_generation),
)


def merge_catalog(catalog: Catalog, snapshots: Mapping[str, Snapshot] | None = None) -> list[Entry]:
    """One entry per curated offering plus one per listed-but-uncurated model, by global id."""
    snapshots = snapshots or {}
    taken = {
        pid.casefold()
        for provider in catalog.providers
        for model in provider.models
        for pid in published_ids(provider, model)
    }
    entries: list[Entry] = []
    for provider in catalog.providers:
        snapshot = snapshots.get(provider.id) if provider.api is not None else None
        entries += _merge_provider(provider, snapshot, taken)
    return sorted(entries, key=lambda e: e.global_id)


def _merge_provider(provider: Provider, snapshot: Snapshot | None, taken: set[str]) -> list[Entry]:
    if snapshot is None:
        return [_entry(provider, model, None, None) for model in provider.models]
    by_name: dict[str, SeenModel] = {}
    for seen_model in snapshot.models:
        for name in (seen_model.id, *seen_model.aliases):
            by_name.setdefault(name, seen_model)
    gone = {g.id: g for g in snapshot.removed}
    claimed: set[str] = set()
    entries = []
    for model in provider.models:
        names = (model.id, *model.aliases)
        remote: SeenModel | None = next((by_name[n] for n in names if n in by_name), None)
        if remote is not None:
            claimed.add(remote.id)
        entries.append(_entry(provider, model, remote, snapshot))
        if remote is None:
            left = next((gone[n] for n in names if n in gone), None)
            last = left.last_seen if left else None
            entries[-1] = entries[-1].model_copy(update={"listed": False, "last_seen": last})
    for listed in snapshot.models:
        if listed.id not in claimed:
            entry = _uncurated(provider, listed, snapshot, taken)
            if entry is not None:
                entries.append(entry)
    return entries


def _entry(
    provider: Provider, model: Model, remote: RemoteModel | None, snapshot: Snapshot | None
) -> Entry:
    update: dict[str, Any] = {}
    origins: dict[str, Origin] = {f: "catalog" for f in _ALWAYS}
    for name in _GAPS:
        if getattr(model, name) is not None:
            origins[name] = "catalog"
        elif remote is not None and getattr(remote, name) is not None:
            update[name], origins[name] = getattr(remote, name), "api"
    for name, value in _lists(model, remote).items():
        update[name], origins[name] = value, "api"
    for name in ("modalities", "features"):
        if name in model.model_fields_set:
            origins[name] = "catalog"
    if model.pricing is not None:
        origins["pricing"] = "catalog"
    elif remote is not None and remote.prices is not None and snapshot is not None:
        update["pricing"] = Pricing(
            **remote.prices.model_dump(exclude_none=True),
            source=provider.pricing_url or provider.website,
            verified=snapshot.changed,
        )
        origins["pricing"] = "api"
    if remote is not None and remote.deprecated and "status" not in model.model_fields_set:
        update["status"], origins["status"] = Status.deprecated, "api"
    merged = model.model_copy(update=update) if update else model
    listed = True if snapshot is not None and remote is not None else None
    last_seen = snapshot.changed if snapshot is not None and listed else None
    # Not re-validated: facts from the API carry `origins: api`, not a person's `source` and
    # `verified`, which `Model` demands of curated limits only.
    return Entry.model_construct(
        provider=provider,
        model=merged,
        curated=True,
        origins=origins,
        listed=listed,
        last_seen=last_seen,
    )


def _lists(model: Model, remote: RemoteModel | None) -> dict[str, Any]:
    """Modalities and features from the API when the catalog does not state them."""
    if remote is None:
        return {}
    update: dict[str, Any] = {}
    if "modalities" not in model.model_fields_set and (
        remote.input_modalities or remote.output_modalities
    ):
        update["modalities"] = model.modalities.model_copy(
            update={
                "input": remote.input_modalities or model.modalities.input,
                "output": remote.output_modalities or model.modalities.output,
            }
        )
    if "features" not in model.model_fields_set and remote.features:
        update["features"] = list(remote.features)
    return update


def _uncurated(
    provider: Provider, remote: SeenModel, snapshot: Snapshot, taken: set[str]
) -> Entry | None:
    gid = global_id(provider, remote.id)
    reason = unsafe_reason(remote.id)
    if reason is None and gid.casefold() in taken:
        reason = "clashes with a curated id"
    if reason is not None:
        log.info("not publishing uncurated %s: id %s", gid, reason)
        return None
    try:
        model = Model(
            id=remote.id,
            name=(remote.name or remote.id)[:120],
            kind=remote.kind or guess_kind(remote.id),
        )
    except ValidationError as exc:
        log.info("not publishing uncurated %s: %s", gid, exc.errors()[0]["msg"])
        return None
    taken.add(gid.casefold())
    entry = _entry(provider, model, remote, snapshot)
    origins: dict[str, Origin] = {**entry.origins, "name": "api"}
    origins["kind"] = "api" if remote.kind else "guess"
    return entry.model_copy(update={"curated": False, "origins": origins})


def guess_kind(model_id: str) -> Kind:
    """A conservative kind from the id alone: obvious non-chat words, else chat."""
    lowered = model_id.lower()
    return next((kind for hint, kind in _KIND_HINTS if hint in lowered), Kind.chat)
