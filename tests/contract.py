"""Validate bodies against the JSON Schemas a built site publishes under `/schemas/`."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource


@cache
def _registry(site: Path) -> Registry:
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text())))
        for path in sorted((site / "schemas").glob("*.json"))
    ]
    return Registry().with_resources(resources)


def check_body(site: Path, schema: str, body: Any) -> None:
    """Raise `jsonschema.ValidationError` unless `body` matches `/schemas/<schema>.json`."""
    document = json.loads((site / "schemas" / f"{schema}.json").read_text())
    validator = jsonschema.Draft202012Validator(
        document,
        registry=_registry(site),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    validator.validate(body)
