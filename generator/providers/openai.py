"""OpenAI-compatible lists (`{"object": "list", "data": [...]}`): OpenAI, Groq, DeepSeek,
Mistral, Fireworks, Perplexity, Cerebras, vLLM, LM Studio and Ollama's `/v1`.

One lenient reader takes every extra field these servers are known to add (context lengths,
capability flags, deprecation dates), so a new compatible provider needs only a catalog entry.
"""

from __future__ import annotations

from typing import Any

from generator.providers.http import Session, list_models
from generator.providers.records import (
    RemoteModel,
    field,
    iso_date,
    record,
    text,
    tokens,
    unix_date,
)
from generator.terms import Feature, Kind

PATH = "/models"

# Mistral's `capabilities` flags and what they mean in catalog terms.
_MISTRAL_FEATURES = {
    "function_calling": Feature.tools,
    "vision": Feature.vision,
    "reasoning": Feature.reasoning,
    "fine_tuning": Feature.fine_tuning,
}
# Servers whose `created` is the request time (vLLM) or a file time (Ollama), not a release date.
_NOT_RELEASE_DATES = {"vllm", "library"}
# Flat boolean flags (Fireworks) and the feature each one means.
_FLAGS = {"supports_tools": Feature.tools, "supports_image_input": Feature.vision}


def auth_headers(key: str | None) -> dict[str, str]:
    """`Authorization: Bearer <key>`, when there is a key (local servers need none)."""
    return {"Authorization": f"Bearer {key}"} if key else {}


def fetch_models(session: Session) -> list[RemoteModel]:
    """Every model of an OpenAI-style list (one page; `data: null` means none)."""
    return list_models(session, PATH, parse_item, key="data")


def parse_item(item: dict[str, Any]) -> RemoteModel | None:
    """One list entry, reading the extras Groq, Mistral, Fireworks and vLLM add."""
    caps = field(item, "capabilities")
    features = [feature for flag, feature in _MISTRAL_FEATURES.items() if caps.get(flag) is True]
    features += [feature for flag, feature in _FLAGS.items() if item.get(flag) is True]
    context = (
        tokens(item.get("context_window"))
        or tokens(item.get("context_length"))
        or tokens(item.get("max_context_length"))
        or tokens(item.get("max_model_len"))
    )
    deprecation = iso_date(item.get("deprecation"))
    return record(
        id=text(item.get("id")),
        name=_name(item),
        created=None
        if item.get("owned_by") in _NOT_RELEASE_DATES
        else unix_date(item.get("created")),
        owned_by=text(item.get("owned_by")),
        kind=_kind(item, caps),
        context_window=context,
        max_output_tokens=tokens(item.get("max_completion_tokens")),
        features=features,
        aliases=[a for a in item.get("aliases") or [] if isinstance(a, str)],
        deprecated=item.get("active") is False,
        deprecation_date=deprecation,
        retirement_date=iso_date(item.get("shutdown_date")),
    )


def _name(item: dict[str, Any]) -> str | None:
    name = text(item.get("name")) or text(item.get("display_name"))
    return name if name and name != item.get("id") else None


def _kind(item: dict[str, Any], caps: dict[str, Any]) -> Kind | None:
    if item.get("kind") == "EMBEDDING_MODEL":
        return Kind.embedding
    if caps.get("completion_chat") is True or item.get("supports_chat") is True:
        return Kind.chat
    if caps.get("ocr") is True:
        return Kind.ocr
    if caps.get("moderation") is True:
        return Kind.moderation
    return None
