"""The catalog's fixed vocabularies: kinds, statuses, tiers, features, modalities, adapters.

Kept apart from the schema (`generator/models.py`) so that the command line can offer them as
choices without importing pydantic: `llmcat build` starts parsing the catalog before it imports
the rest of the build (`generator/reading.py`).
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    chat = "chat"
    completion = "completion"
    embedding = "embedding"
    image_generation = "image_generation"
    video_generation = "video_generation"
    audio = "audio"
    speech = "speech"
    transcription = "transcription"
    rerank = "rerank"
    moderation = "moderation"
    ocr = "ocr"


class Status(StrEnum):
    active = "active"
    preview = "preview"
    deprecated = "deprecated"
    retired = "retired"


class Tier(StrEnum):
    small = "small"
    medium = "medium"
    large = "large"


class Feature(StrEnum):
    tools = "tools"
    parallel_tool_calls = "parallel_tool_calls"
    streaming = "streaming"
    vision = "vision"
    json_mode = "json_mode"
    structured_output = "structured_output"
    reasoning = "reasoning"
    batch = "batch"
    prompt_caching = "prompt_caching"
    fine_tuning = "fine_tuning"
    web_search = "web_search"
    code_execution = "code_execution"
    computer_use = "computer_use"
    citations = "citations"
    pdf_input = "pdf_input"
    audio_input = "audio_input"
    audio_output = "audio_output"
    logprobs = "logprobs"
    predicted_outputs = "predicted_outputs"


class Modality(StrEnum):
    text = "text"
    image = "image"
    audio = "audio"
    video = "video"
    pdf = "pdf"
    embedding = "embedding"


class Adapter(StrEnum):
    """Which fetch adapter reads a provider's list-models API."""

    openai = "openai"
    anthropic = "anthropic"
    gemini = "gemini"
    cohere = "cohere"
    together = "together"
    openrouter = "openrouter"
    ollama = "ollama"
    azure = "azure"
    bedrock = "bedrock"
    xai = "xai"
    mistral = "mistral"
