"""Model ids as published paths: which ids a model answers to, and which are safe as paths."""

from __future__ import annotations

import re

from generator.models import Model, Provider

_SEGMENT = re.compile(r"^[A-Za-z0-9@+_~-][A-Za-z0-9._:@+~-]*$")
_RESERVED = {"index.html", "index.json"}


def global_id(provider: Provider, model_id: str) -> str:
    """The catalog-wide id of a model offering: `<provider>/<native id>`."""
    return f"{provider.id}/{model_id}"


def is_makers_own(provider: Provider, model: Model) -> bool:
    """True when the provider also made the model, so its bare native id is published."""
    return provider.maker is not None and model.maker in (None, provider.maker)


def published_names(
    provider: Provider, model: Model, *, bare: bool = True
) -> list[tuple[str, str]]:
    """`(published id, native name it comes from)` for every id of this model, global id first.

    `bare=False` leaves out a maker's bare ids (uncurated models never claim them).
    """
    names = [model.id, *model.aliases]
    pairs = [(global_id(provider, name), name) for name in names]
    if bare and is_makers_own(provider, model):
        pairs += [(name, name) for name in names]
    return pairs


def published_ids(provider: Provider, model: Model, *, bare: bool = True) -> list[str]:
    """Every id `/v1/models/<id>` answers for this model, its global id first."""
    return [pid for pid, _ in published_names(provider, model, bare=bare)]


def unsafe_reason(model_id: str) -> str | None:
    """Why `model_id` cannot be written as a path under the API tree, or None if it can."""
    if len(model_id) > 200:
        return "longer than 200 characters"
    for segment in model_id.split("/"):
        if segment in ("", ".", ".."):
            return f"has an empty, '.' or '..' path segment ({model_id!r})"
        if segment in _RESERVED:
            return f"has a reserved path segment {segment!r}"
        if not _SEGMENT.match(segment):
            return (
                f"segment {segment!r} may only use letters, digits and . _ : @ + ~ - "
                "(and must not start with '.' or ':')"
            )
    return None
