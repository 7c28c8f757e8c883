"""`llmcat diff` output: a `Diff` as markdown for a pull-request comment, or as JSON."""

from __future__ import annotations

import dataclasses

from generator.diff import Diff, FieldChange, PriceChange, Value
from generator.jsonout import dump_json

TITLE = "## llmcat catalog diff"
FOLD_ROWS = 20  # longer tables are folded into <details> so a comment stays readable


def diff_json(diff: Diff) -> str:
    """The diff as deterministic JSON, with a `summary` of counts."""
    data = dataclasses.asdict(diff)
    data["summary"] = {name: len(items) for name, items in data.items()}
    return dump_json(data).decode("utf-8")


def diff_markdown(diff: Diff, old_label: str, new_label: str) -> str:
    """The diff as GitHub-flavoured markdown, sections in a fixed order, empty ones left out."""
    lines = [TITLE, "", f"`{_cell(old_label)}` → `{_cell(new_label)}`: {_summary(diff)}", ""]
    if diff.is_empty():
        return "\n".join([*lines, "No catalog changes.", ""])
    if diff.warnings:
        lines += ["### ⚠️ Warnings", ""]
        lines += [f"- `{w.model}`: {_cell(w.message)}" for w in diff.warnings]
        lines.append("")
    _table(
        lines,
        "Added",
        ["model", "name", "kind", "status"],
        [[f"`{m.id}`", m.name, m.kind, m.status] for m in diff.added],
    )
    _table(
        lines,
        "Removed",
        ["model", "name", "retirement date"],
        [[f"`{m.id}`", m.name, m.retirement_date or "—"] for m in diff.removed],
    )
    _table(
        lines,
        "Renamed",
        ["old id", "new id"],
        [[f"`{r.old_id}`", f"`{r.new_id}`"] for r in diff.renamed],
    )
    _table(lines, "Status", ["model", "field", "old", "new"], _fields(diff.status))
    _table(
        lines,
        "Prices (USD per 1M tokens)",
        ["model", "price", "old", "new", "change"],
        [_price_row(p) for p in diff.prices],
    )
    _table(lines, "Limits", ["model", "field", "old", "new"], _fields(diff.limits))
    _table(
        lines,
        "Snapshots",
        ["provider", "snapshot", "models added", "models removed"],
        [[s.provider, s.change, _ids(s.added), _ids(s.removed)] for s in diff.snapshots],
    )
    return "\n".join(lines)


def _summary(diff: Diff) -> str:
    counts = [
        (len(diff.added), "added"),
        (len(diff.removed), "removed"),
        (len(diff.renamed), "renamed"),
        (len(diff.status), "status changes"),
        (len(diff.prices), "price changes"),
        (len(diff.limits), "limit changes"),
        (len(diff.snapshots), "snapshot changes"),
        (len(diff.warnings), "warnings"),
    ]
    parts = [f"{n} {label}" for n, label in counts if n]
    return ", ".join(parts) if parts else "no changes"


def _table(lines: list[str], title: str, head: list[str], rows: list[list[str]]) -> None:
    if not rows:
        return
    lines += [f"### {title}", ""]
    folded = len(rows) > FOLD_ROWS
    if folded:
        lines += [f"<details><summary>{len(rows)} rows</summary>", ""]
    lines += [_row(head), _row(["---"] * len(head)), *(_row(r) for r in rows), ""]
    if folded:
        lines += ["</details>", ""]


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _value(value: Value) -> str:
    if value is None or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _fields(changes: list[FieldChange]) -> list[list[str]]:
    return [[f"`{c.model}`", c.field, _value(c.old), _value(c.new)] for c in changes]


def _price_row(change: PriceChange) -> list[str]:
    percent = "new" if change.old is None else "dropped" if change.new is None else "—"
    if change.percent is not None:
        percent = f"{change.percent:+.1f}%"
    if change.effective:
        percent += f" (from {change.effective})"
    return [f"`{change.model}`", change.field, _value(change.old), _value(change.new), percent]


def _ids(ids: list[str], most: int = 10) -> str:
    shown = ", ".join(f"`{i}`" for i in ids[:most])
    more = len(ids) - most
    return (shown + (f" and {more} more" if more > 0 else "")) or "—"
