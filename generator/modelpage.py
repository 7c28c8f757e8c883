"""What one model's page shows, prepared in Python so `templates/model.html` mostly just prints.

The model pages are most of a large site's render time, and what costs there in Jinja is not the
page's own work: `item.name` on a dict first fails an attribute lookup before it tries the key,
each macro call or include builds a frame and escapes its output again, each `{% from %}` import
checks the context. So a page gets its item with attributes and its rows as tuples; the "where
this came from" cells (the `source` macro of `_source.html`) are rendered once per distinct
source and reused, and the price chart (`_chart.html`) is drawn here with its grid drawn once
per price scale. The HTML itself stays in the templates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import jinja2
from markupsafe import Markup

from generator import pages
from generator.charts import Chart, price_chart
from generator.ids import is_makers_own
from generator.models import Entry
from generator.pricing import current_prices

# (url, verified, origin, last seen): the `source` macro's arguments.
SourceKey = tuple[str | None, dt.date | str | None, str, dt.date | None]


class Fields:
    """A dict's keys as attributes, sharing the dict (no copy): on a plain dict, each `item.name`
    in a template first fails an attribute lookup, then tries the key."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.__dict__ = fields


class SourceCells:
    """The `source` macro of `_source.html`, rendered once per distinct argument tuple."""

    def __init__(self, env: jinja2.Environment) -> None:
        module: Any = env.get_template("_source.html").module
        self._macro = module.source
        self._cells: dict[SourceKey, Markup] = {}

    def __call__(
        self,
        url: str | None,
        verified: dt.date | str | None,
        origin: str,
        last_seen: dt.date | None,
    ) -> Markup:
        key = (url, verified, origin, last_seen)
        cell = self._cells.get(key)
        if cell is None:
            cell = self._cells[key] = Markup(self._macro(*key))
        return cell


class ChartDrawer:
    """The macros of `_chart.html`: a model's price chart, its grid drawn once per price scale."""

    def __init__(self, env: jinja2.Environment) -> None:
        module: Any = env.get_template("_chart.html").module
        self._svg = module.chart_svg
        self._y_axis = module.y_axis
        self._grids: dict[tuple[Any, ...], Markup] = {}

    def __call__(self, chart: Chart | None, name: str) -> Markup | None:
        if chart is None:
            return None
        key = (chart.y_ticks, chart.left, chart.right)
        grid = self._grids.get(key)
        if grid is None:
            grid = self._grids[key] = Markup(self._y_axis(chart))
        return Markup(self._svg(chart, name, grid))


class ModelPages:
    """The template variables of every model page of one build (see `context`)."""

    def __init__(
        self, items: list[tuple[Entry, dict[str, Any]]], env: jinja2.Environment, today: dt.date
    ) -> None:
        self._today = today
        self._items = {entry.global_id: item for entry, item in items}
        self._views: dict[str, Fields] = {}
        self._elsewhere = pages.same_models([entry for entry, _ in items])
        self._source = SourceCells(env)
        self._chart = ChartDrawer(env)

    def context(self, entry: Entry, item: dict[str, Any]) -> dict[str, Any]:
        """`model.html`'s variables for one model; `item` is its `model_item`."""
        pricing = entry.model.pricing
        prices = current_prices(pricing, self._today)
        source, last_seen = self._source, entry.last_seen
        return {
            "entry": entry,
            "item": Fields(item),
            "prices": prices,
            "price_rows": pages.price_rows(prices) if prices else [],
            "price_source": source(prices.source, prices.verified, "catalog", last_seen)
            if prices
            else None,
            "history": [
                (p, source(p.source, p.verified, "catalog", last_seen))
                for p in pages.history_rows(pricing)
            ],
            "chart": self._chart(price_chart(pricing, self._today), entry.model.name),
            "facts": self._facts(entry, item),
            "others": [
                (other, self._view(other.global_id))
                for other in self._elsewhere.get(entry.global_id, [])
            ],
            "successor": self._view(item["successor"])
            if item["successor"] in self._items
            else None,
            "bare": entry.curated and is_makers_own(entry.provider, entry.model),
        }

    def _facts(self, entry: Entry, item: dict[str, Any]) -> list[tuple[str, str, Markup]]:
        """The facts table's rows: label, value, and where to check it (one cell per origin)."""
        model, source = entry.model, self._source
        return [
            (label, value, source(model.source, model.verified, origin, entry.last_seen))
            for label, value, origin in pages.facts(entry, item)
        ]

    def _view(self, global_id: str) -> Fields:
        """Another model's item, as the attributes the page reads (made once per build)."""
        view = self._views.get(global_id)
        if view is None:
            view = self._views[global_id] = Fields(self._items[global_id])
        return view


class PageRenderer:
    """`template.render(**common, **variables)` for many pages, with the globals merged once.

    `Template.render` copies the environment's globals (a ChainMap, walked key by key) into every
    page's variables: about 7% of a model page's render time. Here they are merged with `common`
    once, and each page's context is a copy of that (`shared=True`: taken as it is).
    """

    def __init__(self, template: jinja2.Template, common: dict[str, Any]) -> None:
        self._template = template
        self._shared = {**template.globals, **common}

    def render(self, variables: dict[str, Any]) -> str:
        template = self._template
        context = template.new_context({**self._shared, **variables}, shared=True)
        try:
            return "".join(template.root_render_func(context))
        except Exception:
            template.environment.handle_exception()  # raises it, with the template's line
