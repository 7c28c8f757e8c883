"""The committed JSON Schema matches the code, and every provider file points editors at it."""

from __future__ import annotations

import json
from pathlib import Path

from generator.schema import provider_schema, schema_bytes

ROOT = Path(__file__).resolve().parent.parent
MODELINE = "# yaml-language-server: $schema=../schema.json"


def test_committed_schema_is_up_to_date() -> None:
    committed = (ROOT / "catalog/schema.json").read_bytes()
    assert committed == schema_bytes(), "catalog/schema.json is stale: run `llmcat schema`"


def test_schema_rejects_unknown_keys_and_names_fields() -> None:
    schema = provider_schema()
    assert schema["additionalProperties"] is False
    model = schema["$defs"]["Model"]
    assert model["additionalProperties"] is False
    assert {"id", "kind", "pricing", "context_window", "aliases"} <= set(model["properties"])
    assert json.loads(schema_bytes())["$id"].endswith("provider.json")


def test_every_provider_file_references_the_schema() -> None:
    files = sorted((ROOT / "catalog/providers").glob("*.yaml"))
    assert files, "the real catalog has provider files"
    for path in files:
        assert path.read_text().splitlines()[0] == MODELINE, (
            f"{path.name}: first line must be {MODELINE}"
        )
