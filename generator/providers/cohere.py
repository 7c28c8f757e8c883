"""Cohere: `GET /models`, paged with `page_token`; `Authorization: Bearer`."""

from __future__ import annotations

from typing import Any

from generator.providers.http import Session, list_models
from generator.providers.openai import auth_headers
from generator.providers.records import RemoteModel, record, text, tokens
from generator.terms import Feature, Kind

__all__ = ["auth_headers", "fetch_models"]

PATH = "/v1/models"
PAGE_SIZE = "1000"

_KINDS = {"chat": Kind.chat, "embed": Kind.embedding, "rerank": Kind.rerank}
_FEATURES = {
    "tools": Feature.tools,
    "json_mode": Feature.json_mode,
    "json_schema": Feature.structured_output,
    "vision": Feature.vision,
}


def fetch_models(session: Session) -> list[RemoteModel]:
    """Every page, following `next_page_token` until it is absent or empty."""
    return list_models(
        session, PATH, _parse, key="models", first={"page_size": PAGE_SIZE}, next_page=_next_page
    )


def _next_page(body: Any) -> dict[str, str] | None:
    token = body.get("next_page_token")
    return {"page_token": token} if isinstance(token, str) and token else None


def _parse(item: dict[str, Any]) -> RemoteModel | None:
    endpoints = [str(e) for e in item.get("endpoints") or []]
    kind = next((_KINDS[e] for e in endpoints if e in _KINDS), None)
    features = [f for key, f in _FEATURES.items() if key in (item.get("features") or [])]
    return record(
        id=text(item.get("name")),
        kind=kind,
        context_window=tokens(item.get("context_length")),
        features=features,
        deprecated=item.get("is_deprecated") is True,
    )
