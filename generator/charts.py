"""The price-history chart: geometry computed here, drawn as SVG by `templates/_chart.html`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.models import Pricing
from generator.pricing import price_sets

WIDTH, HEIGHT = 640, 220
_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 16, 16, 32
_SERIES = (("input", "Input"), ("output", "Output"), ("cache_read", "Cached input"))


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    points: str  # SVG polyline points, "x,y x,y ..."


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    series: list[Series]
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    left: int
    right: int
    top: int
    bottom: int


def price_chart(pricing: Pricing | None, today: dt.date) -> Chart | None:
    """A step chart of USD per 1M tokens over time; None without at least two price sets."""
    if pricing is None or not pricing.history:
        return None
    sets = price_sets(pricing)
    start = min(p.effective for p in sets if p.effective is not None)
    end = max(today, *(p.effective for p in sets if p.effective is not None))
    span = max((end - start).days, 1)
    values = [v for p in sets for k, _ in _SERIES if (v := getattr(p, k)) is not None]
    top = _nice(max(values, default=1.0))

    def x(day: dt.date) -> float:
        return round(_LEFT + (day - start).days / span * (WIDTH - _LEFT - _RIGHT), 1)

    def y(value: float) -> float:
        return round(HEIGHT - _BOTTOM - value / top * (HEIGHT - _TOP - _BOTTOM), 1)

    series = []
    for key, label in _SERIES:
        steps = [(p.effective or start, getattr(p, key)) for p in sets]
        known = [(day, v) for day, v in steps if v is not None]
        if not known:
            continue
        coords: list[str] = []
        for index, (day, value) in enumerate(known):
            until = known[index + 1][0] if index + 1 < len(known) else end
            coords += [f"{x(day)},{y(value)}", f"{x(until)},{y(value)}"]
        series.append(Series(key, label, " ".join(coords)))
    x_ticks = [(x(start), start.isoformat()), (x(end), end.isoformat())]
    y_ticks = [(y(top * i / 4), f"${top * i / 4:g}") for i in range(5)]
    return Chart(
        WIDTH, HEIGHT, series, x_ticks, y_ticks, _LEFT, WIDTH - _RIGHT, _TOP, HEIGHT - _BOTTOM
    )


def _nice(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least `value`."""
    power = 10.0 ** len(str(int(value))) / 10 if value >= 1 else 0.01
    for step in (1, 2, 2.5, 5, 10, 20, 25, 50, 100):
        if step * power >= value:
            return step * power
    return value
