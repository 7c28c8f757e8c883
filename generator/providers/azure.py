"""Azure OpenAI: `GET /models?api-version=...` on a resource; the key goes in `api-key`."""

from __future__ import annotations

from typing import Any

from generator.providers.http import Session, list_models
from generator.providers.records import (
    RemoteModel,
    field,
    record,
    text,
    unix_date,
)
from generator.terms import Kind

PATH = "/openai/models"
API_VERSION = "2024-10-21"


def auth_headers(key: str | None) -> dict[str, str]:
    """The resource key in the `api-key` header."""
    return {"api-key": key} if key else {}


def fetch_models(session: Session) -> list[RemoteModel]:
    """Base and fine-tuned models the resource can deploy (`api-version` from `params`)."""
    first = {} if "api-version" in session.params else {"api-version": API_VERSION}
    return list_models(session, PATH, _parse, key="data", first=first)


def _parse(item: dict[str, Any]) -> RemoteModel | None:
    caps = field(item, "capabilities")
    kind = None
    if caps.get("chat_completion") is True:
        kind = Kind.chat
    elif caps.get("embeddings") is True:
        kind = Kind.embedding
    elif caps.get("completion") is True:
        kind = Kind.completion
    return record(
        id=text(item.get("id")),
        created=unix_date(item.get("created_at")),
        kind=kind,
        retirement_date=unix_date(field(item, "deprecation").get("inference")),
    )
