"""Merge: curated values win, snapshots fill gaps, uncurated and vanished models are marked."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from generator.catalog import load_catalog
from generator.merge import guess_kind, merge_catalog
from generator.models import Catalog, Entry
from generator.providers.records import RemoteModel, RemotePrices
from generator.snapshots import Snapshot, update_snapshot

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DAY1, DAY2 = dt.date(2026, 1, 5), dt.date(2026, 2, 9)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(FIXTURES / "catalog")


def _snapshot(provider: str, *lists: list[RemoteModel]) -> Snapshot:
    snapshot = None
    for day, models in zip((DAY1, DAY2), lists, strict=False):
        snapshot = update_snapshot(snapshot, provider, "openai", models, day).snapshot
    assert snapshot is not None
    return snapshot


def _by_id(entries: list[Entry]) -> dict[str, Entry]:
    return {e.global_id: e for e in entries}


def test_without_snapshots_every_entry_is_curated_and_unflagged(catalog: Catalog) -> None:
    entries = merge_catalog(catalog)
    assert [e.global_id for e in entries] == sorted(e.global_id for e in entries)
    assert all(e.curated and e.listed is None and e.last_seen is None for e in entries)
    assert _by_id(entries)["openai/gpt-4o"].origins["context_window"] == "catalog"


def test_curated_values_win_and_api_facts_fill_the_gaps(catalog: Catalog) -> None:
    openai = _snapshot(
        "openai",
        [
            RemoteModel(id="gpt-4o-2024-08-06", context_window=999, created=dt.date(2020, 1, 1)),
            RemoteModel(
                id="gpt-4",
                retirement_date=dt.date(2026, 6, 1),
                features=["tools"],
                input_modalities=["text", "image"],
            ),
            RemoteModel(id="text-embedding-3-small", context_window=8191),
        ],
    )
    entries = _by_id(merge_catalog(catalog, {"openai": openai}))
    gpt4o = entries["openai/gpt-4o"]  # listed under its alias
    assert (gpt4o.model.context_window, gpt4o.model.created) == (128000, dt.date(2024, 5, 13))
    assert gpt4o.listed is True and gpt4o.origins["created"] == "catalog"
    assert gpt4o.last_seen == DAY1  # the snapshot's content date
    gpt4 = entries["openai/gpt-4"]
    assert gpt4.model.retirement_date == dt.date(2026, 6, 1)
    assert gpt4.model.features == ["tools"]
    assert gpt4.model.modalities.input == ["text", "image"]
    assert gpt4.origins == {
        "context_window": "catalog",
        "created": "catalog",
        "deprecation_date": "catalog",
        "features": "api",
        "kind": "catalog",
        "max_output_tokens": "catalog",
        "modalities": "api",
        "name": "catalog",
        "pricing": "catalog",
        "retirement_date": "api",
    }
    small = entries["openai/text-embedding-3-small"]
    assert small.model.context_window == 8191 and small.origins["context_window"] == "api"
    assert small.origins["modalities"] == "catalog"  # stated in the YAML, so kept
    assert "openai/gpt-4o-2024-08-06" not in entries  # an alias is not a new model


def test_listed_but_uncurated_models_are_minimal_and_marked(catalog: Catalog) -> None:
    prices = RemotePrices(input=0.4, output=1.6)
    openai = _snapshot(
        "openai",
        [
            RemoteModel(id="gpt-4o"),
            RemoteModel(id="gpt-5-mini", name="GPT-5 mini", context_window=400000, prices=prices),
            RemoteModel(id="text-embedding-ada-002", created=dt.date(2022, 12, 15)),
            RemoteModel(id="omni-moderation-latest", deprecated=True),
        ],
    )
    entries = _by_id(merge_catalog(catalog, {"openai": openai}))
    mini = entries["openai/gpt-5-mini"]
    assert (mini.curated, mini.listed, mini.model.name, mini.model.kind) == (
        False,
        True,
        "GPT-5 mini",
        "chat",
    )
    assert mini.model.context_window == 400000 and mini.model.source is None
    assert mini.model.pricing is not None
    assert (mini.model.pricing.input, mini.model.pricing.verified) == (0.4, DAY1)
    assert mini.model.pricing.source == "https://openai.com/api/pricing/"
    assert mini.origins["pricing"] == "api" and mini.origins["kind"] == "guess"
    ada = entries["openai/text-embedding-ada-002"]
    assert (ada.model.name, ada.model.kind, ada.model.created) == (
        "text-embedding-ada-002",
        "embedding",
        dt.date(2022, 12, 15),
    )
    moderation = entries["openai/omni-moderation-latest"]
    assert (moderation.model.kind, moderation.model.status) == ("moderation", "deprecated")


def test_a_vanished_curated_model_is_kept_and_flagged_with_its_last_sighting(
    catalog: Catalog,
) -> None:
    openai = _snapshot(
        "openai",
        [RemoteModel(id="gpt-4"), RemoteModel(id="gpt-4o"), RemoteModel(id="x")],
        [RemoteModel(id="gpt-4o"), RemoteModel(id="x")],
    )
    entries = _by_id(merge_catalog(catalog, {"openai": openai}))
    gone = entries["openai/gpt-4"]
    assert (gone.curated, gone.listed, gone.last_seen) == (True, False, DAY1)
    assert entries["openai/gpt-4o"].last_seen == DAY2
    never = entries["openai/text-embedding-3-small"]
    assert (never.listed, never.last_seen) == (False, None)
    assert entries["anthropic/claude-sonnet-4-5-20250929"].listed is None  # no snapshot


def test_uncurated_ids_that_clash_or_cannot_be_paths_are_left_out(
    catalog: Catalog, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    openai = _snapshot(
        "openai", [RemoteModel(id="GPT-4O"), RemoteModel(id="bad id"), RemoteModel(id="ok")]
    )
    ids = set(_by_id(merge_catalog(catalog, {"openai": openai})))
    assert "openai/ok" in ids and "openai/GPT-4O" not in ids and "openai/bad id" not in ids
    assert "not publishing uncurated openai/GPT-4O: id clashes with a curated id" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]  # --strict stays green


def test_snapshots_of_providers_without_api_are_ignored(catalog: Catalog) -> None:
    bedrock = _snapshot("amazon-bedrock", [RemoteModel(id="amazon.nova-pro-v1:0")])
    entries = _by_id(merge_catalog(catalog, {"amazon-bedrock": bedrock}))
    assert "amazon-bedrock/amazon.nova-pro-v1:0" not in entries
    assert entries["amazon-bedrock/meta"].listed is None


@pytest.mark.parametrize(
    ("model_id", "kind"),
    [
        ("text-embedding-3-large", "embedding"),
        ("rerank-v3.5", "rerank"),
        ("whisper-1", "transcription"),
        ("gpt-4o-mini-tts", "speech"),
        ("dall-e-3", "image_generation"),
        ("gpt-5", "chat"),
    ],
)
def test_kind_is_guessed_conservatively(model_id: str, kind: str) -> None:
    assert guess_kind(model_id) == kind
