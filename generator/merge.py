"""Merge: curated catalog entries (and, later, fetched snapshots) into one list of entries."""

from __future__ import annotations

from generator.models import Catalog, Entry


def merge_catalog(catalog: Catalog) -> list[Entry]:
    """One entry per curated model offering, sorted by global id."""
    entries = [
        Entry(provider=provider, model=model, curated=True)
        for provider in catalog.providers
        for model in provider.models
    ]
    return sorted(entries, key=lambda e: e.global_id)
