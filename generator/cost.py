"""The workload cost formula, the one the calculator page also runs in the browser.

A workload is tokens per request and requests per month. Cached input tokens cost the cache-read
price (the input price when there is none); cache writes are not counted. With `batch`, the batch
prices replace input and output where the model has them. A long-context tier is a cliff: when a
request's input is above `above` tokens, every token of it costs the tier price (a tier field that
is not set keeps the base price; with `batch`, the tier price gets the same batch discount).
`static/cost.js` mirrors this function operation for operation; tests keep the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.models import ContextTier, Prices

MILLION = 1_000_000


@dataclass(frozen=True)
class Workload:
    input_tokens: int
    output_tokens: int
    cached_share: float = 0.0  # 0..1 of the input tokens read from the cache
    requests: int = 1  # per month
    batch: bool = False


@dataclass(frozen=True)
class Cost:
    per_request: float
    monthly: float
    tier: int | None  # the long-context threshold applied, if any
    batch: bool  # True when batch prices were used


def fits(input_limit: int | None, prices: Prices | None, input_tokens: int) -> bool:
    """False when the model's input limit is known and the request's input is above it.

    A long-context tier at or above the stated limit means the provider sells larger prompts
    (Anthropic's 1M-token beta above a 200K window), so such a model always fits.
    """
    if not input_limit or input_tokens <= input_limit:
        return True
    return prices is not None and any(t.above >= input_limit for t in prices.tiers)


def tier_for(prices: Prices, input_tokens: int) -> ContextTier | None:
    """The long-context tier with the highest threshold below `input_tokens`, if any."""
    chosen = None
    for tier in prices.tiers:
        if input_tokens > tier.above and (chosen is None or tier.above > chosen.above):
            chosen = tier
    return chosen


def workload_cost(prices: Prices, work: Workload) -> Cost | None:
    """The cost of `work` at `prices`, or None when a needed price is missing."""
    if prices.input is None or (work.output_tokens > 0 and prices.output is None):
        return None
    base_in, base_out = prices.input, prices.output or 0.0
    in_price, out_price, read_price = base_in, base_out, prices.cache_read
    used_batch = False
    if work.batch and prices.batch_input is not None:
        in_price, used_batch = prices.batch_input, True
    if work.batch and prices.batch_output is not None:
        out_price, used_batch = prices.batch_output, True
    tier = tier_for(prices, work.input_tokens)
    if tier is not None:
        in_price = _scaled(tier.input, in_price, base_in)
        out_price = _scaled(tier.output, out_price, base_out)
        if tier.cache_read is not None:
            read_price = tier.cache_read
    if read_price is None:
        read_price = in_price
    cached = work.input_tokens * work.cached_share
    fresh = work.input_tokens - cached
    per_request = (
        fresh * in_price + cached * read_price + work.output_tokens * out_price
    ) / MILLION
    return Cost(
        per_request=per_request,
        monthly=per_request * work.requests,
        tier=tier.above if tier else None,
        batch=used_batch,
    )


def _scaled(tier_price: float | None, price: float, base: float) -> float:
    """A tier price with the discount `price` has against `base` (batch) applied."""
    if tier_price is None:
        return price
    return tier_price * (price / base) if base > 0 else tier_price
