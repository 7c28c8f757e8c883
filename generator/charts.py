"""The price-history chart: geometry computed here, drawn as SVG by `templates/_chart.html`."""

from __future__ import annotations

import datetime as dt
import functools
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
    x_ticks: list[tuple[str, str, str]]  # (x, label, text-anchor)
    y_ticks: tuple[tuple[float, str], ...]  # (y, label), bottom to top
    left: int
    right: int
    top: int
    bottom: int


def price_chart(pricing: Pricing | None, today: dt.date) -> Chart | None:
    """A step chart of USD per 1M tokens over time; None without at least two price sets."""
    if pricing is None or not pricing.history:
        return None
    sets = price_sets(pricing)
    dated = [p.effective for p in sets if p.effective is not None]
    start, end = min(dated), max(today, *dated)
    span = max((end - start).days, 1)
    values = [v for p in sets for k, _ in _SERIES if (v := getattr(p, k)) is not None]
    top = _nice(max(values, default=1.0))

    def x(day: dt.date) -> str:
        return str(round(_LEFT + (day - start).days / span * (WIDTH - _LEFT - _RIGHT), 1))

    # Coordinates as SVG text, each computed once: where each price set starts, where it ends.
    starts = [x(p.effective or start) for p in sets]
    x_end = x(end)
    series = []
    for key, label in _SERIES:
        known = [
            (at, v)
            for at, p in zip(starts, sets, strict=True)
            if (v := getattr(p, key)) is not None
        ]
        if not known:
            continue
        # A step per price: flat from where it starts to where the next one starts (or the end).
        untils = [at for at, _ in known[1:]] + [x_end]
        steps = []
        for (at, value), until in zip(known, untils, strict=True):
            level = str(_y(value, top))
            steps.append(f"{at},{level} {until},{level}")
        series.append(Series(key, label, " ".join(steps)))
    x_ticks = [(x(start), start.isoformat(), "start"), (x_end, end.isoformat(), "end")]
    return Chart(
        WIDTH, HEIGHT, series, x_ticks, _y_ticks(top), _LEFT, WIDTH - _RIGHT, _TOP, HEIGHT - _BOTTOM
    )


def _y(value: float, top: float) -> float:
    return round(HEIGHT - _BOTTOM - value / top * (HEIGHT - _TOP - _BOTTOM), 1)


@functools.cache
def _y_ticks(top: float) -> tuple[tuple[float, str], ...]:
    """Five grid lines from 0 to `top`; a catalog has few scales, so each is computed once."""
    return tuple((_y(top * i / 4, top), f"${top * i / 4:g}") for i in range(5))


def _nice(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least `value`."""
    power = 10.0 ** len(str(int(value))) / 10 if value >= 1 else 0.01
    for step in (1, 2, 2.5, 5, 10, 20, 25, 50, 100):
        if step * power >= value:
            return step * power
    return value
