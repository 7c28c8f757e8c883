"""Anthropic: `GET /v1/models`, paged with `limit`/`after_id`, `x-api-key` + `anthropic-version`."""

from __future__ import annotations

from typing import Any

from generator.providers.http import Session, list_models
from generator.providers.records import RemoteModel, field, iso_date, record, text, tokens
from generator.terms import Feature, Kind, Modality

PATH = "/v1/models"
VERSION = "2023-06-01"
PAGE_SIZE = "1000"

_FEATURES = {
    "batch": Feature.batch,
    "citations": Feature.citations,
    "code_execution": Feature.code_execution,
    "image_input": Feature.vision,
    "pdf_input": Feature.pdf_input,
    "structured_outputs": Feature.structured_output,
    "thinking": Feature.reasoning,
}


def auth_headers(key: str | None) -> dict[str, str]:
    """The key in `x-api-key`, plus the API version every request needs."""
    headers = {"anthropic-version": VERSION}
    if key:
        headers["x-api-key"] = key
    return headers


def fetch_models(session: Session) -> list[RemoteModel]:
    """Every page, following `last_id` while `has_more`."""
    return list_models(
        session, PATH, _parse, key="data", first={"limit": PAGE_SIZE}, next_page=_next_page
    )


def _next_page(body: Any) -> dict[str, str] | None:
    last = body.get("last_id")
    if body.get("has_more") is True and isinstance(last, str) and last:
        return {"after_id": last}
    return None


def _parse(item: dict[str, Any]) -> RemoteModel | None:
    caps = field(item, "capabilities")
    features = [f for key, f in _FEATURES.items() if field(caps, key).get("supported") is True]
    inputs = [Modality.text]
    if Feature.vision in features:
        inputs.append(Modality.image)
    if Feature.pdf_input in features:
        inputs.append(Modality.pdf)
    return record(
        id=text(item.get("id")),
        name=text(item.get("display_name")),
        created=iso_date(item.get("created_at")),
        kind=Kind.chat,
        context_window=tokens(item.get("max_input_tokens")),
        max_output_tokens=tokens(item.get("max_tokens")),
        input_modalities=inputs if caps else [],
        output_modalities=[Modality.text] if caps else [],
        features=features,
    )
