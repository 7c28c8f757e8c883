"""Change history for users: `/changes/` + its Atom feed, `/retirements/` + an iCalendar file.

Pure: takes the commits `generator/history.py` read from git (None when the catalog is not in
git) and the merged entries, and yields `(path, bytes)` like the other render stages.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from generator.diff import Diff, FieldChange, PriceChange
from generator.history import HISTORY_LIMIT, Commit
from generator.ids import global_id
from generator.models import Entry

FEED_ENTRIES = 50
PAST_RETIREMENTS = 20  # recent shutdowns still listed under the coming ones
ATOM = "http://www.w3.org/2005/Atom"
_LIFECYCLE = {"status", "deprecation_date", "retirement_date", "successor"}


@dataclass(frozen=True)
class Item:
    """One user-facing change: `kind` is new, removed, renamed, price, deprecation or retirement."""

    kind: str
    model: str
    text: str


@dataclass(frozen=True)
class ChangeSet:
    sha: str
    date: dt.datetime
    subject: str
    items: list[Item]

    @property
    def anchor(self) -> str:
        """The fragment id of this change on `/changes/`."""
        return f"c-{self.sha[:12]}"

    @property
    def title(self) -> str:
        """A one-line summary: counts by kind."""
        counts: dict[str, int] = {}
        for item in self.items:
            counts[item.kind] = counts.get(item.kind, 0) + 1
        return ", ".join(f"{n} {_plural(kind, n)}" for kind, n in counts.items())


@dataclass(frozen=True)
class Retirement:
    entry: Entry
    date: dt.date
    successor: str | None
    successor_listed: bool = False  # the successor has a page here


def change_sets(history: list[Commit]) -> list[ChangeSet]:
    """The commits that changed something users see, newest first, as lists of items."""
    sets = [ChangeSet(c.sha, c.date, c.subject, _items(c.diff)) for c in history]
    return [s for s in sets if s.items]


def _items(diff: Diff) -> list[Item]:
    items = [Item("new", m.id, f"New model {m.id} ({m.name}, {m.kind})") for m in diff.added]
    items += [Item("renamed", r.new_id, f"{r.old_id} renamed to {r.new_id}") for r in diff.renamed]
    items += [_lifecycle(c) for c in diff.status if c.field in _LIFECYCLE]
    items += [_price(p) for p in diff.prices]
    items += [Item("removed", m.id, f"{m.id} removed from the catalog") for m in diff.removed]
    return items


def _lifecycle(change: FieldChange) -> Item:
    kind = "deprecation"
    if change.field == "retirement_date" or (change.field == "status" and change.new == "retired"):
        kind = "retirement"
    label = change.field.replace("_", " ")
    if change.old is None:
        return Item(kind, change.model, f"{change.model}: {label} set to {change.new}")
    if change.new is None:
        return Item(kind, change.model, f"{change.model}: {label} {change.old} withdrawn")
    return Item(kind, change.model, f"{change.model}: {label} {change.old} → {change.new}")


def _price(change: PriceChange) -> Item:
    if change.old is None:
        text = f"{change.model}: {change.field} price ${change.new:g} per 1M tokens (new)"
    elif change.new is None:
        text = f"{change.model}: {change.field} price ${change.old:g} withdrawn"
    else:
        pct = f" ({change.percent:+.1f}%)" if change.percent is not None else ""
        text = f"{change.model}: {change.field} price ${change.old:g} → ${change.new:g}{pct}"
    if change.effective:
        text += f", from {change.effective}"
    return Item("price", change.model, text)


def _plural(kind: str, n: int) -> str:
    words = {"new": "new model", "price": "price change"}
    word = words.get(kind, kind)
    return word if n == 1 else f"{word}s"


def retirements(entries: list[Entry]) -> list[Retirement]:
    """Every model with a retirement date, soonest first."""
    known = {e.global_id for e in entries}
    found = []
    for entry in entries:
        model = entry.model
        if model.retirement_date is None:
            continue
        successor = model.successor
        if successor and "/" not in successor:
            successor = global_id(entry.provider, successor)
        found.append(Retirement(entry, model.retirement_date, successor, successor in known))
    return sorted(found, key=lambda r: (r.date, r.entry.global_id))


def render_changes(
    history: list[Commit] | None,
    entries: list[Entry],
    env: jinja2.Environment,
    today: dt.date,
    context: Mapping[str, Any],
) -> Iterator[tuple[str, bytes]]:
    """Yield the changes page and feed, and the retirement page and calendar.

    `context` holds what every page's base template needs (today, ...), as render.py gives it.
    """
    sets = change_sets(history or [])
    page = env.get_template("changes.html").render(
        {**context, "changes": sets, "in_git": history is not None, "limit": HISTORY_LIMIT}
    )
    yield "changes/index.html", page.encode("utf-8")
    yield "changes/feed.xml", atom_feed(sets[:FEED_ENTRIES], today)
    dated = retirements(entries)
    coming = [r for r in dated if r.date >= today]
    past = [r for r in dated if r.date < today][-PAST_RETIREMENTS:][::-1]
    pending = [e for e in entries if e.model.status == "deprecated" and not e.model.retirement_date]
    page = env.get_template("retirements.html").render(
        {**context, "coming": coming, "past": past, "pending": pending}
    )
    yield "retirements/index.html", page.encode("utf-8")
    yield "retirements.ics", icalendar(dated, today)


def atom_feed(sets: list[ChangeSet], today: dt.date) -> bytes:
    """An Atom 1.0 feed of change sets (valid, with no entries, when there are none)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    newest = sets[0].date if sets else dt.datetime.combine(today, dt.time(), dt.UTC)
    _sub(feed, "title", "llmcat: catalog changes")
    _sub(feed, "subtitle", "New models, price changes, deprecations and retirements.")
    _sub(feed, "id", "urn:llmcat:changes")
    _sub(feed, "updated", _stamp(newest))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href="/changes/feed.xml")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href="/changes/")
    _sub(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", "llmcat")
    for change in sets:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _sub(entry, "title", f"{change.date.date().isoformat()}: {change.title}")
        _sub(entry, "id", f"urn:llmcat:change:{change.sha}")
        _sub(entry, "updated", _stamp(change.date))
        ET.SubElement(entry, f"{{{ATOM}}}link", href=f"/changes/#{change.anchor}")
        html = Markup("<ul>{}</ul>").format(
            Markup("").join(Markup("<li>{}</li>").format(i.text) for i in change.items)
        )
        _sub(entry, "content", str(html)).set("type", "html")
    ET.indent(feed)
    body = ET.tostring(feed, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'.encode()


def _sub(parent: ET.Element, tag: str, text: str) -> ET.Element:
    child = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    child.text = text
    return child


def _stamp(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def icalendar(dated: list[Retirement], today: dt.date) -> bytes:
    """An RFC 5545 calendar: one all-day event per retirement; CRLF lines folded at 75 octets."""
    stamp = today.strftime("%Y%m%dT000000Z")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//llmcat//model retirements//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:LLM model retirements (llmcat)",
    ]
    for r in dated:
        model = r.entry.model
        description = f"{model.name} ({r.entry.provider.name}) is shut down on {r.date}."
        if r.successor:
            description += f" Successor: {r.successor}."
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_text(r.entry.global_id)}@llmcat",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{r.date.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(r.date + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_text(f'{r.entry.global_id} retires')}",
            f"DESCRIPTION:{_text(description)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines).encode("utf-8")


def _text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11)."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, never splitting a character."""
    out, chunk, size, limit = [], "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(chunk)
            chunk, size, limit = "", 0, 74  # continuation lines start with one space
        chunk += char
        size += width
    out.append(chunk)
    return "\r\n ".join(out)
