"""One fetch adapter per API family; a provider's catalog file names the one it uses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.providers.http import Session
    from generator.providers.records import RemoteModel


@dataclass(frozen=True)
class AdapterSpec:
    """How one API family authenticates and lists its models."""

    auth_headers: Callable[[str | None], dict[str, str]]
    fetch_models: Callable[[Session], list[RemoteModel]]


def _spec(module: ModuleType) -> AdapterSpec:
    return AdapterSpec(auth_headers=module.auth_headers, fetch_models=module.fetch_models)


def adapter_for(name: str) -> AdapterSpec:
    """The adapter a catalog `api.adapter` names (loaded on first use: `build` needs none)."""
    from generator.providers import (
        anthropic,
        azure,
        bedrock,
        cohere,
        gemini,
        ollama,
        openai,
        openrouter,
        together,
        xai,
    )
    from generator.terms import Adapter

    adapters: dict[str, AdapterSpec] = {
        Adapter.openai: _spec(openai),
        Adapter.mistral: _spec(openai),  # Mistral's list is OpenAI-shaped; openai reads its extras
        Adapter.anthropic: _spec(anthropic),
        Adapter.gemini: _spec(gemini),
        Adapter.cohere: _spec(cohere),
        Adapter.together: _spec(together),
        Adapter.openrouter: _spec(openrouter),
        Adapter.ollama: _spec(ollama),
        Adapter.azure: _spec(azure),
        Adapter.bedrock: _spec(bedrock),
        Adapter.xai: _spec(xai),
    }
    return adapters[name]
