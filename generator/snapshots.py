"""Snapshots of providers' live lists in `catalog/fetched/<provider>.json`.

A snapshot holds the models a provider listed (normalised, sorted by id) with the date each was
first seen, plus the models that have left the list with the date they were last seen. No fetch
time is stored: `changed` is the date the content last changed, so a fetch that finds the same
list leaves the file byte for byte as it was and the nightly diff shows only real changes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pydantic import ConfigDict, Field, ValidationError

from generator.errors import BuildError
from generator.jsonout import dump_json
from generator.providers.records import RemoteModel, _Record

FORMAT = 1


class SeenModel(RemoteModel):
    """A listed model and the date it first appeared in the list."""

    first_seen: dt.date


class GoneModel(_Record):
    """A model that left the list: when it was first and last seen, and when it went missing."""

    id: str
    name: str | None = None
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None
    missing_since: dt.date


class Snapshot(_Record):
    """One provider's last accepted list."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: int = FORMAT
    provider: str
    adapter: str
    changed: dt.date = Field(description="The date the content last changed.")
    models: list[SeenModel] = Field(default_factory=list)
    removed: list[GoneModel] = Field(default_factory=list)

    def content(self) -> bytes:
        """Everything but `changed`, to compare two snapshots."""
        return dump_json(self.model_dump(mode="json", exclude={"changed"}, exclude_defaults=True))


@dataclass(frozen=True)
class Change:
    """What a new list changes in a snapshot."""

    snapshot: Snapshot
    added: list[str]
    removed: list[str]
    changed: bool


def update_snapshot(
    old: Snapshot | None, provider: str, adapter: str, models: list[RemoteModel], today: dt.date
) -> Change:
    """The snapshot after accepting `models`: first-seen dates kept, departures recorded."""
    before = {m.id: m for m in old.models} if old else {}
    gone_before = {g.id: g for g in old.removed} if old else {}
    listed: dict[str, SeenModel] = {}
    for model in sorted(models, key=lambda m: m.id):
        first = before[model.id].first_seen if model.id in before else today
        listed.setdefault(model.id, SeenModel(**model.model_dump(), first_seen=first))
    gone = {k: v for k, v in gone_before.items() if k not in listed}
    for model_id, model in before.items():
        if model_id not in listed:
            last = old.changed if old else None
            gone[model_id] = GoneModel(
                id=model_id,
                name=model.name,
                first_seen=model.first_seen,
                last_seen=last,
                missing_since=today,
            )
    fresh = Snapshot(
        provider=provider,
        adapter=adapter,
        changed=today,
        models=list(listed.values()),
        removed=[gone[k] for k in sorted(gone)],
    )
    if old is not None and old.content() == fresh.content():
        return Change(old, [], [], changed=False)
    return Change(
        fresh,
        added=sorted(set(listed) - set(before)),
        removed=sorted(set(before) - set(listed)),
        changed=True,
    )


def snapshot_path(fetched_dir: Path, provider: str) -> Path:
    """Where `provider`'s snapshot lives."""
    return fetched_dir / f"{provider}.json"


def save_snapshot(fetched_dir: Path, snapshot: Snapshot) -> None:
    """Write the snapshot atomically (a temporary file beside it, then a rename)."""
    fetched_dir.mkdir(parents=True, exist_ok=True)
    target = snapshot_path(fetched_dir, snapshot.provider)
    body = snapshot.model_dump(mode="json", exclude_defaults=True)
    data = dump_json({"format": snapshot.format, **body})
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=fetched_dir)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_snapshot(path: Path) -> Snapshot:
    """One snapshot file, or a BuildError that says which file and what is wrong."""
    try:
        return Snapshot.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        detail = exc.errors()[0] if isinstance(exc, ValidationError) else exc
        raise BuildError(
            f"{path}: not a valid snapshot ({detail}); "
            "restore it from git or delete it and run `llmcat fetch`"
        ) from None


def load_snapshots(fetched_dir: Path) -> dict[str, Snapshot]:
    """Every snapshot in `fetched_dir`, by provider id (none if the folder is missing)."""
    if not fetched_dir.is_dir():
        return {}
    snapshots = {}
    for path in sorted(fetched_dir.glob("*.json")):
        snapshot = load_snapshot(path)
        snapshots[snapshot.provider] = snapshot
    return snapshots
