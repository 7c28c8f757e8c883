"""The JSON Schema of a provider file, generated from `generator/models.py`."""

from __future__ import annotations

from typing import Any

from generator.jsonout import dump_json
from generator.models import Provider

SCHEMA_ID = "https://llmcat.dev/schema/provider.json"


def provider_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) for `catalog/providers/<id>.yaml`."""
    schema = Provider.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "llmcat provider file"
    return schema


def schema_bytes() -> bytes:
    """The exact bytes of `catalog/schema.json`."""
    return dump_json(provider_schema())
