"""Compare two catalogs model by model: what a pull request or a night's fetch changed.

Pure: `diff_catalogs` takes two loaded catalogs (and the model ids of their snapshots) and returns
a typed `Diff`; `generator/diffreport.py` turns it into markdown or JSON.
"""

from __future__ import annotations

import datetime as dt
import functools
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from generator.models import Catalog, Model, Prices, Provider

PRICE_JUMP = 50.0  # percent: a larger move in one edit is flagged for review

_STATUS_FIELDS = ("status", "deprecation_date", "retirement_date", "successor")
_LIMIT_FIELDS = ("context_window", "max_output_tokens", "max_input_tokens", "dimensions")
_NOT_PRICES = {"effective", "source", "verified", "history", "tiers", "per_image"}

Value = str | int | float | list[int] | None


@dataclass(frozen=True)
class ModelRef:
    """A model on one side of the diff, with the facts a reviewer wants at a glance."""

    id: str
    name: str
    kind: str
    status: str
    retirement_date: str | None = None


@dataclass(frozen=True)
class Rename:
    old_id: str
    new_id: str


@dataclass(frozen=True)
class FieldChange:
    """A status, lifecycle or limit field that changed on a model kept on both sides."""

    model: str
    field: str
    old: Value
    new: Value


@dataclass(frozen=True)
class PriceChange:
    """One price of a model's newest price set, USD per 1M tokens unless the field says not."""

    model: str
    field: str
    old: float | None
    new: float | None
    percent: float | None
    effective: str | None = None


@dataclass(frozen=True)
class SnapshotChange:
    """A provider snapshot (`catalog/fetched/<provider>.json`) that was added, removed or edited."""

    provider: str
    change: str  # "added", "removed" or "changed"
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Warning:
    """An edit a reviewer should look at twice."""

    model: str
    message: str


@dataclass(frozen=True)
class Diff:
    added: list[ModelRef] = field(default_factory=list)
    removed: list[ModelRef] = field(default_factory=list)
    renamed: list[Rename] = field(default_factory=list)
    status: list[FieldChange] = field(default_factory=list)
    prices: list[PriceChange] = field(default_factory=list)
    limits: list[FieldChange] = field(default_factory=list)
    snapshots: list[SnapshotChange] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)

    def is_empty(self) -> bool:
        """True when nothing a reviewer would care about changed."""
        return not any(getattr(self, name) for name in self.__dataclass_fields__)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Diff:
        """The inverse of `dataclasses.asdict` (as `diffreport.diff_json` writes it); each list's
        row type comes from the field's annotation, and other keys are ignored."""
        return cls(**{name: [row(**r) for r in data[name]] for name, row in _row_types().items()})


@functools.cache
def _row_types() -> dict[str, Any]:
    """Each `Diff` field's row type, read from its `list[...]` annotation once."""
    hints = typing.get_type_hints(Diff)
    return {f.name: typing.get_args(hints[f.name])[0] for f in fields(Diff)}


Snapshots = Mapping[str, frozenset[str]]


def diff_catalogs(
    old: Catalog,
    new: Catalog,
    old_snapshots: Snapshots | None = None,
    new_snapshots: Snapshots | None = None,
) -> Diff:
    """Everything that changed from `old` to `new`, sorted by model id."""
    before, after = _models(old), _models(new)
    gone = {k: v for k, v in before.items() if k not in after}
    came = {k: v for k, v in after.items() if k not in before}
    renames = _renames(gone, came)
    pairs = [(gid, before[gid], after[gid]) for gid in sorted(before.keys() & after.keys())]
    pairs += [(new_id, before[old_id], after[new_id]) for old_id, new_id in renames.items()]
    pairs.sort(key=lambda pair: pair[0])
    removed = [_ref(gid, gone[gid]) for gid in sorted(gone) if gid not in renames]
    diff = Diff(
        added=[_ref(gid, came[gid]) for gid in sorted(came) if gid not in renames.values()],
        removed=removed,
        renamed=[Rename(o, n) for o, n in sorted(renames.items())],
        status=[c for gid, a, b in pairs for c in _field_changes(gid, a, b, _STATUS_FIELDS)],
        prices=[c for gid, a, b in pairs for c in _price_changes(gid, a, b)],
        limits=[c for gid, a, b in pairs for c in _field_changes(gid, a, b, _LIMIT_FIELDS)],
        snapshots=_snapshot_changes(old_snapshots or {}, new_snapshots or {}),
    )
    diff.warnings.extend(_warnings(diff))
    return diff


def _models(catalog: Catalog) -> dict[str, tuple[Provider, Model]]:
    return {f"{p.id}/{m.id}": (p, m) for p in catalog.providers for m in p.models}


def _ref(gid: str, pair: tuple[Provider, Model]) -> ModelRef:
    model = pair[1]
    retires = model.retirement_date.isoformat() if model.retirement_date else None
    return ModelRef(gid, model.name, str(model.kind), str(model.status), retires)


def _renames(
    gone: dict[str, tuple[Provider, Model]], came: dict[str, tuple[Provider, Model]]
) -> dict[str, str]:
    """Old id → new id for a model whose id changed but whose provider, name and date did not."""

    def keyed(side: dict[str, tuple[Provider, Model]]) -> dict[tuple[Any, ...], list[str]]:
        keys: dict[tuple[Any, ...], list[str]] = {}
        for gid, (provider, model) in side.items():
            keys.setdefault((provider.id, model.name, model.created), []).append(gid)
        return keys

    old_keys, new_keys = keyed(gone), keyed(came)
    return {
        ids[0]: new_keys[key][0]
        for key, ids in old_keys.items()
        if len(ids) == 1 and len(new_keys.get(key, [])) == 1
    }


def _plain(value: object) -> Value:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [int(v) for v in value]
    if value is None or isinstance(value, str | int | float):
        return value
    return str(value)


def _field_changes(
    gid: str, old: tuple[Provider, Model], new: tuple[Provider, Model], names: tuple[str, ...]
) -> list[FieldChange]:
    changes = []
    for name in names:
        a, b = _plain(getattr(old[1], name)), _plain(getattr(new[1], name))
        if a != b and (a or b):
            changes.append(FieldChange(gid, name, a, b))
    return changes


def price_fields(prices: Prices | None) -> dict[str, float]:
    """One price set flattened: `input`, `per_image[1024x1024]`, `tiers[>N].input`..."""
    if prices is None:
        return {}
    flat = {
        name: float(value)
        for name, value in prices.model_dump(exclude=_NOT_PRICES).items()
        if value is not None
    }
    flat |= {f"per_image[{k}]": float(v) for k, v in prices.per_image.items()}
    for tier in prices.tiers:
        for name, value in tier.model_dump(exclude={"above"}).items():
            if value is not None:
                flat[f"tiers[>{tier.above}].{name}"] = float(value)
    return flat


def percent_change(old: float | None, new: float | None) -> float | None:
    """(new - old) / old in percent, rounded to 0.1; None when it is not defined."""
    if old is None or new is None or old == 0:
        return None
    return round((new - old) / old * 100, 1)


def _price_changes(
    gid: str, old: tuple[Provider, Model], new: tuple[Provider, Model]
) -> list[PriceChange]:
    before, after = price_fields(old[1].pricing), price_fields(new[1].pricing)
    pricing = new[1].pricing
    effective = pricing.effective.isoformat() if pricing and pricing.effective else None
    changes = []
    for name in sorted(before.keys() | after.keys()):
        a, b = before.get(name), after.get(name)
        if a != b:
            changes.append(PriceChange(gid, name, a, b, percent_change(a, b), effective))
    return changes


def snapshot_ids(data: Any) -> frozenset[str]:
    """The model ids in a parsed snapshot: a list of models, or an object with `models`/`data`."""
    if isinstance(data, dict):
        data = data.get("models", data.get("data", []))
    if isinstance(data, dict):
        return frozenset(str(key) for key in data)
    if not isinstance(data, list):
        return frozenset()
    ids = (item.get("id") if isinstance(item, dict) else item for item in data)
    return frozenset(str(i) for i in ids if isinstance(i, str | int) and i != "")


def _snapshot_changes(old: Snapshots, new: Snapshots) -> list[SnapshotChange]:
    changes = []
    for provider in sorted(old.keys() | new.keys()):
        a, b = old.get(provider), new.get(provider)
        if a == b:
            continue
        kind = "added" if a is None else "removed" if b is None else "changed"
        a, b = a or frozenset(), b or frozenset()
        changes.append(SnapshotChange(provider, kind, sorted(b - a), sorted(a - b)))
    return changes


def _warnings(diff: Diff) -> list[Warning]:
    found = []
    for price in diff.prices:
        if price.percent is not None and abs(price.percent) > PRICE_JUMP:
            found.append(
                Warning(
                    price.model,
                    f"{price.field} price moves {price.percent:+.1f}% "
                    f"({price.old:g} → {price.new:g}): check the source",
                )
            )
    for limit in diff.limits:
        if limit.field == "context_window" and _shrinks(limit):
            found.append(
                Warning(limit.model, f"context window shrinks from {limit.old} to {limit.new}")
            )
    for ref in diff.removed:
        if ref.retirement_date is None:
            found.append(
                Warning(ref.id, "removed without a retirement date: set `retirement_date` instead")
            )
    return sorted(found, key=lambda w: (w.model, w.message))


def _shrinks(change: FieldChange) -> bool:
    old, new = change.old, change.new
    if not isinstance(old, int):
        return False
    return new is None or (isinstance(new, int) and new < old)
