"""Price history: which price set is current on a given day."""

from __future__ import annotations

import datetime as dt

from generator.models import Prices, Pricing


def price_sets(pricing: Pricing) -> list[Prices]:
    """Every price set, oldest first; the top-level set is the newest."""
    return [*pricing.history, pricing]


def current_prices(pricing: Pricing | None, today: dt.date) -> Prices | None:
    """The newest price set that is not in the future on `today`, or None."""
    if pricing is None:
        return None
    current = None
    for prices in price_sets(pricing):
        if prices.effective is None or prices.effective <= today:
            current = prices
    return current
