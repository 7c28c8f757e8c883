"""`llmcat list`: the catalog in the terminal, as a table or as the published JSON items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.catalog import load_catalog
from generator.clock import build_date
from generator.items import model_item
from generator.merge import merge_catalog
from generator.models import Entry
from generator.pages import short_tokens
from generator.pricing import current_prices
from generator.snapshots import load_snapshots

_HEAD = ("ID", "NAME", "KIND", "TIER", "STATUS", "CONTEXT", "IN $/1M", "OUT $/1M")
_RIGHT = {"CONTEXT", "IN $/1M", "OUT $/1M"}


def _usd(value: float | None) -> str:
    """A price for the terminal table: $2.5."""
    return "—" if value is None else f"${value:,.4f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Filters:
    """What `llmcat list` keeps: every set option must match (providers: any of them)."""

    providers: tuple[str, ...] = ()
    kind: str | None = None
    tier: str | None = None

    def keep(self, entry: Entry) -> bool:
        """True when `entry` passes every filter that is set."""
        return (
            (not self.providers or entry.provider.id in self.providers)
            and (self.kind is None or entry.model.kind == self.kind)
            and (self.tier is None or entry.model.tier == self.tier)
        )


def list_models(entries: list[Entry], filters: Filters) -> list[Entry]:
    """The entries that pass `filters`, in catalog order (by global id)."""
    return [entry for entry in entries if filters.keep(entry)]


def list_items(entries: list[Entry], today: dt.date) -> list[dict[str, Any]]:
    """The entries as the same JSON objects `/v1/models` publishes."""
    return [model_item(entry, today) for entry in entries]


def list_table(entries: list[Entry], today: dt.date) -> str:
    """A plain-text table, one model a line, columns padded to fit."""
    rows = [_HEAD, *(_row(entry, today) for entry in entries)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_HEAD))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(width) if head in _RIGHT else cell.ljust(width)
            for head, cell, width in zip(_HEAD, row, widths, strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _row(entry: Entry, today: dt.date) -> tuple[str, ...]:
    model = entry.model
    prices = current_prices(model.pricing, today)
    return (
        entry.global_id,
        model.name,
        str(model.kind),
        str(model.tier or "—"),
        str(model.status),
        short_tokens(model.context_window or model.max_input_tokens),
        _usd(prices.input if prices else None),
        _usd(prices.output if prices else None),
    )


def load_entries(catalog_dir: Path) -> tuple[list[Entry], dt.date]:
    """The catalog merged with its snapshots (uncurated too), and the day prices are current."""
    catalog = load_catalog(catalog_dir)
    entries = merge_catalog(catalog, load_snapshots(catalog_dir / "fetched"))
    return entries, build_date(catalog_dir, catalog)
