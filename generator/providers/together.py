"""Together AI: `GET /models` answers a bare JSON array; prices are USD per 1M tokens."""

from __future__ import annotations

from typing import Any

from generator.providers.http import Session, list_models
from generator.providers.openai import auth_headers
from generator.providers.records import (
    RemoteModel,
    field,
    price,
    prices,
    record,
    text,
    tokens,
    unix_date,
)
from generator.terms import Kind

__all__ = ["auth_headers", "fetch_models"]

PATH = "/models"
_KINDS = {
    "chat": Kind.chat,
    "language": Kind.completion,
    "code": Kind.completion,
    "embedding": Kind.embedding,
    "image": Kind.image_generation,
    "moderation": Kind.moderation,
    "rerank": Kind.rerank,
    "audio": Kind.speech,
    "transcribe": Kind.transcription,
    "video": Kind.video_generation,
}


def fetch_models(session: Session) -> list[RemoteModel]:
    """The one array Together answers."""
    return list_models(session, PATH, _parse, key=None)


def _parse(item: dict[str, Any]) -> RemoteModel | None:
    pricing = field(item, "pricing")
    return record(
        id=text(item.get("id")),
        name=text(item.get("display_name")),
        created=unix_date(item.get("created")),
        owned_by=text(item.get("organization")),
        kind=_KINDS.get(str(item.get("type"))),
        context_window=tokens(item.get("context_length")),
        prices=prices(
            input=price(pricing.get("input"), 1_000_000),
            output=price(pricing.get("output"), 1_000_000),
            cache_read=price(pricing.get("cached_input"), 1_000_000),
        ),
    )
