"""Ollama's native `GET /api/tags`: the models pulled on a local (or cloud) server."""

from __future__ import annotations

from typing import Any

from generator.providers.http import Session, list_models
from generator.providers.openai import auth_headers
from generator.providers.records import RemoteModel, field, record, text, tokens
from generator.terms import Feature, Kind, Modality

__all__ = ["auth_headers", "fetch_models"]

PATH = "/api/tags"
_FEATURES = {"tools": Feature.tools, "vision": Feature.vision, "thinking": Feature.reasoning}


def fetch_models(session: Session) -> list[RemoteModel]:
    """Every local model; `modified_at` is a file time, so no release date is taken from it."""
    return list_models(session, PATH, _parse, key="models")


def _parse(item: dict[str, Any]) -> RemoteModel | None:
    caps = {str(c) for c in item.get("capabilities") or []}
    details = field(item, "details")
    embedding = "embedding" in caps or (not caps and "embed" in str(item.get("name")))
    kind = Kind.embedding if embedding else (Kind.chat if "completion" in caps else None)
    inputs = [Modality.text, Modality.image] if "vision" in caps else []
    return record(
        id=text(item.get("name")) or text(item.get("model")),
        kind=kind,
        context_window=tokens(details.get("context_length")),
        input_modalities=inputs,
        features=[f for key, f in _FEATURES.items() if key in caps],
    )
