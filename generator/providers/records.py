"""The typed record every adapter returns, and lenient readers for the values APIs send."""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from generator.terms import Feature, Kind, Modality

log = logging.getLogger(__name__)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True)


class RemotePrices(_Record):
    """Prices a list API states, converted to USD per 1M tokens."""

    input: float | None = Field(default=None, ge=0)
    output: float | None = Field(default=None, ge=0)
    cache_read: float | None = Field(default=None, ge=0)
    cache_write: float | None = Field(default=None, ge=0)


class RemoteModel(_Record):
    """One model as a provider's list API describes it; `None`/empty means "not stated"."""

    id: str = Field(min_length=1)
    name: str | None = None
    created: dt.date | None = None
    kind: Kind | None = None
    owned_by: str | None = None
    context_window: int | None = Field(default=None, gt=0)
    max_output_tokens: int | None = Field(default=None, gt=0)
    input_modalities: list[Modality] = Field(default_factory=list)
    output_modalities: list[Modality] = Field(default_factory=list)
    features: list[Feature] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    prices: RemotePrices | None = None
    deprecated: bool = False
    deprecation_date: dt.date | None = None
    retirement_date: dt.date | None = None


def record(**fields: Any) -> RemoteModel | None:
    """A RemoteModel with lists sorted and deduplicated, or None (logged) when `fields` is bad."""
    for key in ("input_modalities", "output_modalities", "features", "aliases"):
        values = fields.get(key)
        if values:
            fields[key] = sorted({str(v) for v in values if v})
    try:
        return RemoteModel(**{k: v for k, v in fields.items() if v is not None})
    except ValueError as exc:
        log.warning("skipping malformed model %r: %s", fields.get("id"), _first_line(exc))
        return None


def entries(value: Any, where: str) -> list[dict[str, Any]]:
    """The list of objects at `where`; `null` counts as empty, anything else is malformed."""
    from generator.providers.http import MalformedError

    if value is None:
        return []
    if not isinstance(value, list):
        raise MalformedError(f"expected a list at {where}, got {type(value).__name__}")
    objects = [item for item in value if isinstance(item, dict)]
    if len(objects) != len(value):
        log.warning("skipping %d non-object entries at %s", len(value) - len(objects), where)
    return objects


def field(data: Any, key: str) -> dict[str, Any]:
    """`data[key]` when it is an object, else an empty dict."""
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def text(value: Any) -> str | None:
    """A non-empty string, or None."""
    return value.strip() if isinstance(value, str) and value.strip() else None


def tokens(value: Any) -> int | None:
    """A positive whole number of tokens (ints or whole floats), or None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = int(value)
    return number if number == value and number > 0 else None


def unix_date(value: Any) -> dt.date | None:
    """The UTC date of unix seconds; None for missing, zero or absurd values."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    try:
        return dt.datetime.fromtimestamp(value, dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def iso_date(value: Any) -> dt.date | None:
    """The date of an RFC 3339 / ISO 8601 timestamp or `YYYY-MM-DD`; None for the epoch."""
    if not isinstance(value, str) or not value.strip():
        return None
    raw = value.strip().replace("Z", "+00:00")
    try:
        parsed: dt.datetime | None = dt.datetime.fromisoformat(raw)
    except ValueError:
        parsed = _nanoseconds(raw)
    if parsed is None:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC)
    day = parsed.date()
    return None if day.year <= 1970 else day


def _nanoseconds(raw: str) -> dt.datetime | None:
    head, dot, rest = raw.partition(".")
    if not dot:
        return None
    digits = len(rest) - len(rest.lstrip("0123456789"))
    try:
        return dt.datetime.fromisoformat(f"{head}.{rest[: min(digits, 6)]}{rest[digits:]}")
    except ValueError:
        return None


def http_date_seconds(value: str, now: dt.datetime) -> float | None:
    """Seconds from `now` until an HTTP date, or None if `value` is not one."""
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return (when - now).total_seconds()


def price(value: Any, per: int = 1) -> float | None:
    """USD per 1M tokens from a price per `per` tokens (number or decimal string)."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0:
        return None
    return float(amount * 1_000_000 / per)


def prices(**values: float | None) -> RemotePrices | None:
    """A RemotePrices with the given values, or None when none is known."""
    known = {k: v for k, v in values.items() if v is not None}
    return RemotePrices(**known) if known else None


def modalities(values: Iterable[Any]) -> list[Modality]:
    """Known modalities among API strings such as `TEXT`, `image`, `file`, `embeddings`."""
    aliases = {"file": "pdf", "embeddings": "embedding"}
    found = set()
    for value in values:
        name = aliases.get(str(value).lower(), str(value).lower())
        if name in Modality.__members__:
            found.add(Modality(name))
    return sorted(found)


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
