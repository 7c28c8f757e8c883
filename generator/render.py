"""HTML pages: the comparison table, model, provider, compare, calculator and guide pages."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import jinja2
import orjson
from markupsafe import Markup

from generator import pages
from generator.cost import Workload, fits, workload_cost
from generator.items import model_item
from generator.modelpage import ModelPages, PageRenderer
from generator.models import Entry, Guide, Provider
from generator.notes import render_note
from generator.parallel import Chunks, map_ordered, processes_for
from generator.pricing import current_prices
from generator.terms import Status
from generator.write import File

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
DATA_PATH = "data/models.json"
DEFAULT_WORKLOAD = Workload(input_tokens=10_000, output_tokens=1_000, requests=100_000)
_HIDDEN_STATUSES = (Status.deprecated, Status.retired)

Item = tuple[Entry, dict[str, Any]]


def make_env(templates: Path = TEMPLATES) -> jinja2.Environment:
    """The one Jinja environment: autoescaped, strict about undefined names."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a build: skip a stat per include
        # Compiled templates kept in the system temp folder, keyed by a checksum of the source.
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["note"] = render_note
    env.filters["tokens"] = pages.short_tokens
    env.filters["price"] = pages.plain_price
    env.filters["money"] = pages.money
    env.globals["data_path"] = f"/{DATA_PATH}"
    env.globals["crosscheck_published"] = False  # the build sets it when it publishes one
    env.globals["columns"] = pages.COLUMNS
    env.globals["hidden_columns"] = pages.HIDDEN_COLUMNS
    return env


def render_site(
    entries: list[Entry],
    providers: list[Provider],
    env: jinja2.Environment,
    *,
    today: dt.date,
    guides: Sequence[Guide] = (),
    processes: int | None = None,
) -> tuple[Iterator[File] | Chunks, Iterator[File]]:
    """The model pages, then every other page and the compact data file pages load: each file
    as `(relative path, text or bytes)`, made as they are iterated.

    The model pages of a large catalog come as `Chunks`, for `processes` worker processes to
    render and write (see `generator.build`; by default, as many as `processes_for` gives).
    """
    items = [(entry, model_item(entry, today)) for entry in entries]
    common: dict[str, Any] = {"today": today.isoformat()}
    if processes is None:
        processes = processes_for(len(items))
    model_pages = _model_pages(items, env, today, common, processes)
    return model_pages, _site_pages(items, providers, env, today, guides, common)


def _site_pages(
    items: list[Item],
    providers: list[Provider],
    env: jinja2.Environment,
    today: dt.date,
    guides: Sequence[Guide],
    common: dict[str, Any],
) -> Iterator[File]:
    entries = [e for e, _ in items]
    kinds = sorted({str(e.model.kind) for e in entries})
    # A model's table row is the same on the index and on its provider's page: render it once.
    row_template: Any = env.get_template("_row.html").module
    row = row_template.row
    rows: list[Markup] = [row(entry, item) for entry, item in items]
    index = env.get_template("index.html")
    yield (
        "index.html",
        index.render(
            rows=rows,
            providers=providers,
            kinds=kinds,
            statuses=[s.value for s in Status],
            features=sorted({f for e in entries for f in e.model.features}),
            modalities=sorted({m for e in entries for m in e.model.modalities.input}),
            **common,
        ),
    )
    yield from _provider_pages(items, rows, providers, env, common)
    yield "compare/index.html", env.get_template("compare.html").render(**common)
    yield "calculator/index.html", _calculator(items, env, today, kinds, common)
    yield from _guide_pages(items, guides, env, today, common)
    yield "404.html", env.get_template("404.html").render(**common)
    records = [_data_record(entry, item) for entry, item in items]
    yield DATA_PATH, orjson.dumps(records, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)


def _model_pages(
    items: list[Item],
    env: jinja2.Environment,
    today: dt.date,
    common: dict[str, Any],
    processes: int,
) -> Iterator[File] | Chunks:
    template = PageRenderer(env.get_template("model.html"), common)
    prepared = ModelPages(items, env, today)

    def render(start: int, end: int) -> list[tuple[str, str]]:
        return [
            (
                f"models/{entry.global_id}/index.html",
                template.render(prepared.context(entry, item)),
            )
            for entry, item in items[start:end]
        ]

    return map_ordered(render, len(items), processes)


def _provider_pages(
    items: list[Item],
    rows: list[Markup],
    providers: list[Provider],
    env: jinja2.Environment,
    common: dict[str, Any],
) -> Iterator[tuple[str, str]]:
    """One page per provider: its models' table `rows` (one per item) and its lists."""
    # One pass over the models, not one per provider.
    own_items: dict[str, list[Item]] = defaultdict(list)
    own_rows: dict[str, list[Markup]] = defaultdict(list)
    for (entry, item), row in zip(items, rows, strict=True):
        own_items[entry.provider.id].append((entry, item))
        own_rows[entry.provider.id].append(row)
    template = env.get_template("provider.html")
    for provider in providers:
        own = own_items.get(provider.id, [])
        seen = [e.last_seen for e, _ in own if e.last_seen is not None]
        yield (
            f"providers/{provider.id}/index.html",
            template.render(
                provider=provider,
                rows=own_rows.get(provider.id, []),
                curated=[(e, i) for e, i in own if e.curated],
                uncurated=[(e, i) for e, i in own if not e.curated],
                unlisted=[(e, i) for e, i in own if e.curated and e.listed is False],
                fetched=max(seen).isoformat() if seen else None,
                **common,
            ),
        )


def _calculator(
    items: list[Item],
    env: jinja2.Environment,
    today: dt.date,
    kinds: list[str],
    common: dict[str, Any],
) -> str:
    ranked = []
    for entry, item in items:
        prices = current_prices(entry.model.pricing, today)
        cost = workload_cost(prices, DEFAULT_WORKLOAD) if prices else None
        limit = entry.model.max_input_tokens or entry.model.context_window
        fit = fits(limit, prices, DEFAULT_WORKLOAD.input_tokens)
        if cost is not None and fit and entry.model.status not in _HIDDEN_STATUSES:
            ranked.append((cost.monthly, entry.global_id, item, cost))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return env.get_template("calculator.html").render(
        work=DEFAULT_WORKLOAD, ranked=[(i, c) for _, _, i, c in ranked], kinds=kinds, **common
    )


def _guide_pages(
    items: list[Item],
    guides: Sequence[Guide],
    env: jinja2.Environment,
    today: dt.date,
    common: dict[str, Any],
) -> Iterator[tuple[str, str]]:
    ordered = sorted(guides, key=lambda g: (g.order, g.title, g.slug))
    yield "guides/index.html", env.get_template("guides.html").render(guides=ordered, **common)
    known: dict[str, Item] = {}
    for entry, item in items:
        for name in (entry.model.id, *entry.model.aliases):
            known.setdefault(f"{entry.provider.id}/{name}", (entry, item))
    template = env.get_template("guide.html")
    for guide in ordered:
        picks = [(pick, *known[pick.model]) for pick in guide.picks if pick.model in known]
        yield f"guides/{guide.slug}/index.html", template.render(guide=guide, picks=picks, **common)


def _data_record(entry: Entry, item: dict[str, Any]) -> dict[str, Any]:
    """One model for the compare and calculator pages: the item without SDK-only fields."""
    keep = {key: value for key in _DATA_KEYS if (value := item.get(key)) not in _EMPTY}
    keep["provider_name"] = entry.provider.name
    keep["maker"] = entry.maker
    return keep


# Values a data record leaves out; one tuple, not a new [] and {} for every key.
_EMPTY: tuple[Any, ...] = (None, [], {}, "")
_DATA_KEYS = (
    "global_id",
    "name",
    "provider",
    "kind",
    "family",
    "status",
    "tier",
    "aliases",
    "release_date",
    "deprecation_date",
    "retirement_date",
    "successor",
    "context_window",
    "max_output_tokens",
    "max_input_tokens",
    "dimensions",
    "modalities",
    "features",
    "knowledge_cutoff",
    "open_weights",
    "pricing",
    "source",
    "verified",
    "url",
)


def static_files(templates: Path = TEMPLATES) -> Iterator[tuple[str, bytes]]:
    """The CSS, scripts and images under `templates/static/`, sorted."""
    root = templates / "static"
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        yield f"static/{path.relative_to(root).as_posix()}", path.read_bytes()
