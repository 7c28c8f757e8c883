"""OpenRouter: `GET /models`, prices as USD-per-token strings, optional `links.next` pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

from generator.providers.http import Session, list_models
from generator.providers.openai import auth_headers
from generator.providers.records import (
    RemoteModel,
    field,
    iso_date,
    modalities,
    price,
    prices,
    record,
    text,
    tokens,
    unix_date,
)
from generator.terms import Feature, Kind, Modality

__all__ = ["auth_headers", "fetch_models"]

PATH = "/models"
_PARAMS = {
    "tools": Feature.tools,
    "reasoning": Feature.reasoning,
    "structured_outputs": Feature.structured_output,
    "response_format": Feature.json_mode,
    "logprobs": Feature.logprobs,
}


def fetch_models(session: Session) -> list[RemoteModel]:
    """The whole list (every output modality), following `links.next` if the server pages."""
    return list_models(
        session, PATH, _parse, key="data", first={"output_modalities": "all"}, next_page=_next_page
    )


def _next_page(body: Any) -> dict[str, str] | None:
    link = field(body, "links").get("next")
    if not isinstance(link, str) or not link:
        return None
    return dict(parse_qsl(urlsplit(link).query))


def _parse(item: dict[str, Any]) -> RemoteModel | None:
    arch, cost, top = (
        field(item, "architecture"),
        field(item, "pricing"),
        field(item, "top_provider"),
    )
    outputs = modalities(arch.get("output_modalities") or [])
    params = {str(p) for p in item.get("supported_parameters") or []}
    return record(
        id=text(item.get("id")),
        name=text(item.get("name")),
        created=unix_date(item.get("created")),
        kind=Kind.embedding if outputs == [Modality.embedding] else None,
        context_window=tokens(item.get("context_length")) or tokens(top.get("context_length")),
        max_output_tokens=tokens(top.get("max_completion_tokens")),
        input_modalities=modalities(arch.get("input_modalities") or []),
        output_modalities=outputs,
        features=[f for key, f in _PARAMS.items() if key in params],
        prices=prices(
            input=price(cost.get("prompt")),
            output=price(cost.get("completion")),
            cache_read=price(cost.get("input_cache_read")),
            cache_write=price(cost.get("input_cache_write")),
        ),
        retirement_date=iso_date(item.get("expiration_date")),
    )
