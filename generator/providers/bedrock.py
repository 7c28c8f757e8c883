"""AWS Bedrock `GET /foundation-models` with a Bedrock API key (`Authorization: Bearer`)."""

from __future__ import annotations

from typing import Any

from generator.providers.http import Session, list_models
from generator.providers.openai import auth_headers
from generator.providers.records import (
    RemoteModel,
    field,
    iso_date,
    modalities,
    record,
    text,
)
from generator.terms import Kind, Modality

__all__ = ["auth_headers", "fetch_models"]

PATH = "/foundation-models"


def fetch_models(session: Session) -> list[RemoteModel]:
    """Every foundation model summary (the operation does not page)."""
    return list_models(session, PATH, _parse, key="modelSummaries")


def _parse(item: dict[str, Any]) -> RemoteModel | None:
    life = field(item, "modelLifecycle")
    outputs = modalities(item.get("outputModalities") or [])
    kind = Kind.embedding if Modality.embedding in outputs else None
    if kind is None and outputs == [Modality.image]:
        kind = Kind.image_generation
    return record(
        id=text(item.get("modelId")),
        name=text(item.get("modelName")),
        created=iso_date(life.get("startOfLifeTime")),
        owned_by=text(item.get("providerName")),
        kind=kind or (Kind.chat if outputs == [Modality.text] else None),
        input_modalities=modalities(item.get("inputModalities") or []),
        output_modalities=outputs,
        deprecated=life.get("status") == "LEGACY",
        deprecation_date=iso_date(life.get("legacyTime")),
        retirement_date=iso_date(life.get("endOfLifeTime")),
    )
