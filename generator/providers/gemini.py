"""Google Gemini: `GET /models`, paged with `pageToken`; the key goes in `x-goog-api-key` only."""

from __future__ import annotations

from typing import Any

from generator.providers.http import Session, list_models
from generator.providers.records import RemoteModel, record, text, tokens
from generator.terms import Feature, Kind, Modality

PATH = "/models"
PAGE_SIZE = "1000"


def auth_headers(key: str | None) -> dict[str, str]:
    """The key in the `x-goog-api-key` header, never in the URL."""
    return {"x-goog-api-key": key} if key else {}


def fetch_models(session: Session) -> list[RemoteModel]:
    """Every page, following `nextPageToken` until it is absent."""
    return list_models(
        session, PATH, _parse, key="models", first={"pageSize": PAGE_SIZE}, next_page=_next_page
    )


def _next_page(body: Any) -> dict[str, str] | None:
    token = body.get("nextPageToken")
    return {"pageToken": token} if isinstance(token, str) and token else None


def _parse(item: dict[str, Any]) -> RemoteModel | None:
    name = text(item.get("name")) or ""
    methods = {str(m) for m in item.get("supportedGenerationMethods") or []}
    kind = _kind(methods)
    return record(
        id=name.removeprefix("models/") or None,
        name=text(item.get("displayName")),
        kind=kind,
        context_window=tokens(item.get("inputTokenLimit")),
        max_output_tokens=tokens(item.get("outputTokenLimit")) if kind == Kind.chat else None,
        output_modalities=[Modality.embedding] if kind == Kind.embedding else [],
        features=[Feature.reasoning] if item.get("thinking") is True else [],
    )


def _kind(methods: set[str]) -> Kind | None:
    if "generateContent" in methods:
        return Kind.chat
    if "embedContent" in methods or "embedText" in methods:
        return Kind.embedding
    return None
