"""HTML pages: the comparison table, one page per model and per provider."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2

from generator.items import model_item
from generator.models import Entry, Provider
from generator.notes import render_note

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def make_env(templates: Path = TEMPLATES) -> jinja2.Environment:
    """The one Jinja environment: autoescaped, strict about undefined names."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["note"] = render_note
    env.filters["tokens"] = _tokens
    env.filters["usd"] = _usd
    return env


def _tokens(value: int | None) -> str:
    if not value:
        return "—"
    if value >= 1_000_000 and value % 1_000_000 == 0:
        return f"{value // 1_000_000}M"
    if value >= 1000:
        return f"{value / 1000:g}K"
    return str(value)


def _usd(value: float | None) -> str:
    return "—" if value is None else f"${value:,.4f}".rstrip("0").rstrip(".")


def render_site(
    entries: list[Entry], providers: list[Provider], env: jinja2.Environment, *, today: dt.date
) -> Iterator[tuple[str, str]]:
    """Yield `(relative path, html)` for every page."""
    items = [(entry, model_item(entry, today)) for entry in entries]
    common: dict[str, Any] = {"today": today.isoformat()}
    yield "index.html", env.get_template("index.html").render(items=items, **common)
    model_page = env.get_template("model.html")
    for entry, item in items:
        yield (
            f"models/{entry.global_id}/index.html",
            model_page.render(entry=entry, item=item, **common),
        )
    provider_page = env.get_template("provider.html")
    for provider in providers:
        own = [(e, i) for e, i in items if e.provider.id == provider.id]
        yield (
            f"providers/{provider.id}/index.html",
            provider_page.render(provider=provider, items=own, **common),
        )
    yield "404.html", env.get_template("404.html").render(**common)


def static_files(templates: Path = TEMPLATES) -> Iterator[tuple[str, bytes]]:
    """The CSS, scripts and images under `templates/static/`, sorted."""
    root = templates / "static"
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        yield f"static/{path.relative_to(root).as_posix()}", path.read_bytes()
