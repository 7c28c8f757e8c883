"""xAI: `GET /language-models`, with modalities and prices in US cents per 100M tokens."""

from __future__ import annotations

from typing import Any

from generator.providers.http import Session, list_models
from generator.providers.openai import auth_headers
from generator.providers.records import (
    RemoteModel,
    modalities,
    price,
    prices,
    record,
    text,
    unix_date,
)
from generator.terms import Kind

__all__ = ["auth_headers", "fetch_models"]

PATH = "/language-models"
_CENTS_PER_100M = 100 * 100_000_000  # one price unit is 1/100 USD per 100M tokens


def fetch_models(session: Session) -> list[RemoteModel]:
    """Every chat model with its prices."""
    return list_models(session, PATH, _parse, key="models")


def _parse(item: dict[str, Any]) -> RemoteModel | None:
    return record(
        id=text(item.get("id")),
        created=unix_date(item.get("created")),
        owned_by=text(item.get("owned_by")),
        kind=Kind.chat,
        input_modalities=modalities(item.get("input_modalities") or []),
        output_modalities=modalities(item.get("output_modalities") or []),
        aliases=[a for a in item.get("aliases") or [] if isinstance(a, str)],
        prices=prices(
            input=price(item.get("prompt_text_token_price"), _CENTS_PER_100M),
            output=price(item.get("completion_text_token_price"), _CENTS_PER_100M),
            cache_read=price(item.get("cached_prompt_text_token_price"), _CENTS_PER_100M),
        ),
    )
