"""The contract: JSON Schemas for every published body and an OpenAPI 3.1 document of every path.

Schemas allow extra properties: fields may be added within v1, never removed or retyped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from generator import routes
from generator.jsonout import dump_json

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMAS = "/schemas"
Schema = dict[str, Any]


def _t(*types: str) -> Schema:
    return {"type": list(types)} if len(types) > 1 else {"type": types[0]}


def _obj(required: dict[str, Schema], optional: dict[str, Schema] | None = None) -> Schema:
    return {
        "type": "object",
        "required": sorted(required),
        "properties": {**required, **(optional or {})},
    }


def _ref(name: str) -> Schema:
    return {"$ref": name}


def _with_refs(schema: Any, target: str) -> Any:
    """`schema` with each `{"$ref": name}` pointing at `target.format(name=name)`."""
    if isinstance(schema, dict):
        return {
            k: target.format(name=v) if k == "$ref" else _with_refs(v, target)
            for k, v in schema.items()
        }
    if isinstance(schema, list):
        return [_with_refs(v, target) for v in schema]
    return schema


STR, INT, NUM, BOOL = _t("string"), _t("integer"), _t("number"), _t("boolean")
STR_N, INT_N, NUM_N, BOOL_N = (_t(t, "null") for t in ("string", "integer", "number", "boolean"))
STRS = {"type": "array", "items": STR}
DATE_N = {"type": ["string", "null"], "format": "date"}
TIME = {"type": "string", "format": "date-time"}
TIME_N = {"type": ["string", "null"], "format": "date-time"}
PRICE_SET = _obj(
    {"currency": {"const": "USD"}, "source": STR, "verified": {"type": "string", "format": "date"}},
    {"input": NUM, "output": NUM, "effective": {"type": "string", "format": "date"}},
)
MODEL = _obj(
    {
        "id": STR,
        "object": {"const": "model"},
        "created": INT,
        "owned_by": STR,
        "permission": {"type": "array"},
        "root": STR,
        "parent": {"type": "null"},
        "type": {"const": "model"},
        "created_at": TIME,
        "display_name": STR,
        "lifecycle": {"enum": ["active", "deprecated", "retired"]},
        "global_id": STR,
        "native_id": STR,
        "provider": STR,
        "name": STR,
        "kind": STR,
        "status": {"enum": ["active", "preview", "deprecated", "retired"]},
        "aliases": STRS,
        "features": STRS,
        "pricing": {"oneOf": [PRICE_SET, {"type": "null"}]},
        "pricing_history": {"type": "array", "items": PRICE_SET},
        "url": STR,
    },
    {
        "shutdown_date": DATE_N,
        "deprecated_at": TIME_N,
        "retires_at": TIME_N,
        "max_input_tokens": INT_N,
        "max_tokens": INT_N,
        "context_window": INT_N,
        "max_output_tokens": INT_N,
        "tier": {"enum": ["small", "medium", "large", None]},
        "dimensions": {"type": "array", "items": INT},
        "family": STR_N,
        "successor": STR_N,
        "release_date": DATE_N,
        "deprecation_date": DATE_N,
        "retirement_date": DATE_N,
        "open_weights": BOOL_N,
    },
)
MODEL_LIST = _obj(
    {
        "object": {"const": "list"},
        "data": {"type": "array", "items": _ref("model")},
        "first_id": STR_N,
        "last_id": STR_N,
        "has_more": BOOL,
    }
)
API_MODEL = _obj(
    {
        "id": STR,
        "provider": STR,
        "name": STR,
        "display_name": STR,
        "capabilities": STRS,
        "features": STRS,
        "context_window": INT_N,
        "context_limit": INT_N,
        "max_output_tokens": INT_N,
        "max_input_tokens": INT_N,
        "dimensions": INT_N,
        "pricing": _obj({"input": NUM_N, "output": NUM_N}),
        "input_cost_per_1m_tokens": NUM_N,
        "output_cost_per_1m_tokens": NUM_N,
        "supports_tools": BOOL,
        "supports_streaming": BOOL,
    },
    {"status": STR, "tier": STR_N, "url": STR, "owned_by": STR},
)
API_MODEL_LIST = _obj({"models": {"type": "array", "items": _ref("api-model")}})
API_PROVIDERS = _obj(
    {
        "providers": {
            "type": "array",
            "items": _obj(
                {"id": STR, "name": STR, "model_count": INT, "models_url": STR},
                {"website": STR, "docs_url": STR_N, "pricing_url": STR_N, "url": STR},
            ),
        }
    }
)
GROUPED_MODEL = _obj(
    {
        "id": STR,
        "name": STR,
        "tier": {"enum": ["small", "medium", "large", None]},
        "context_window": INT_N,
        "cost_per_1k_prompt_tokens": NUM_N,
        "cost_per_1k_completion_tokens": NUM_N,
        "supports_tools": BOOL,
        "supports_streaming": BOOL,
        "available": BOOL,
    },
    {"global_id": STR, "display_name": STR, "kind": STR},
)
GROUPED = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": _ref("grouped-model")},
}
ERROR = _obj(
    {
        "type": {"const": "error"},
        "error": _obj(
            {
                "type": {"enum": ["invalid_request_error", "not_found_error"]},
                "message": STR,
                "code": {"enum": ["invalid_request", "model_not_found", "provider_not_configured"]},
            },
            {"param": STR_N},
        ),
    }
)
CATALOG = _obj(
    {
        "schema_version": STR,
        "as_of": {"type": "string", "format": "date"},
        "providers": {"type": "array", "items": _obj({"id": STR, "name": STR})},
        "models": {"type": "array", "items": _ref("model")},
    }
)
SCHEMA_BODIES: dict[str, Schema] = {
    "model": MODEL,
    "model-list": MODEL_LIST,
    "api-model": API_MODEL,
    "api-model-list": API_MODEL_LIST,
    "api-providers": API_PROVIDERS,
    "grouped-model": GROUPED_MODEL,
    "grouped-models": GROUPED,
    "error": ERROR,
    "catalog": CATALOG,
}
ID_PATTERN = r"^[A-Za-z0-9_-][A-Za-z0-9._:-]*$"  # one segment; ids with `/` send it as %2F


def schema_documents() -> dict[str, Schema]:
    """Every body schema as a standalone document, keyed by its site path."""
    return {
        f"{SCHEMAS}/{name}.json": {
            "$schema": DIALECT,
            "title": name,
            **_with_refs(body, "{name}.json"),
        }
        for name, body in SCHEMA_BODIES.items()
    }


def _param(name: str, where: str, schema: Schema, text: str) -> Schema:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "schema": schema,
        "description": text,
    }


def _json(schema: str, text: str) -> Schema:
    return {"description": text, "content": {"application/json": {"schema": _ref(schema)}}}


def _get(
    summary: str, body: str, params: Sequence[Schema] = (), errors: Sequence[int] = ()
) -> Schema:
    texts = {400: "a query parameter has no prebuilt answer", 404: "unknown model or provider"}
    responses = {"200": _json(body, "OK")}
    responses.update({str(code): _json("error", texts[code]) for code in errors})
    return {"get": {"summary": summary, "parameters": list(params), "responses": responses}}


def openapi_document(query_routes: Sequence[routes.QueryRoute]) -> Schema:
    """The OpenAPI 3.1 document of every published path, with this catalog's filter values."""
    enums = {
        p.name: [rx.replace("\\", "") for rx, _ in p.rules] for r in query_routes for p in r.params
    }
    provider = _param("provider", "path", {"enum": enums["provider"]}, "A provider id.")
    model_id = _param(
        "model_id",
        "path",
        {"type": "string", "pattern": ID_PATTERN},
        "A global id, alias or maker's bare id; `/` may be sent as `%2F`.",
    )
    name = _param(
        "name", "path", {"type": "string", "pattern": ID_PATTERN}, "A native id or alias."
    )
    paging = [
        _param(
            "limit",
            "query",
            {"type": "integer", "minimum": 1, "maximum": 1000},
            f"Page size: the largest of {[s for s, _ in routes.PAGE_SIZES]} not above it.",
        ),
        _param("after_id", "query", STR, "A `last_id` from a page of the same `limit`."),
        _param("before_id", "query", STR, "A `first_id` from a page of the same `limit`."),
    ]
    model_errors = (404,)
    paths = {
        "/v1/models": _get(
            "Every model, newest first (OpenAI and Anthropic shape)", "model-list", paging, (400,)
        ),
        "/v1/models/{model_id}": _get("One model", "model", [model_id], model_errors),
        "/providers/{provider}/v1/models": _get(
            "One provider's models under native ids", "model-list", [provider], (404,)
        ),
        "/providers/{provider}/v1/models/{model_id}": _get(
            "One model of a provider by native id", "model", [provider, model_id], model_errors
        ),
        "/api/models": _get(
            "Models with pricing per 1M tokens",
            "api-model-list",
            [
                _param(
                    "provider", "query", {"enum": enums["provider"]}, "Only this provider's models."
                ),
                _param(
                    "capability",
                    "query",
                    {"enum": enums["capability"]},
                    "Only models of this kind.",
                ),
            ],
            (400, 404),
        ),
        "/api/models/providers": _get("Providers and their model counts", "api-providers"),
        "/api/models/{provider}/{name}": _get(
            "One model by provider and native id", "api-model", [provider, name], (404,)
        ),
        "/api/models/embedding": _get("Embedding models", "api-model-list"),
        "/api/models/embedding/{provider}/{name}": _get(
            "One embedding model", "api-model", [provider, name], (404,)
        ),
        "/providers/models": _get(
            "Models grouped by provider, prices per 1K tokens",
            "grouped-models",
            [_param("tier", "query", {"enum": enums["tier"]}, "Only models of this tier.")],
            (400,),
        ),
        "/catalog.json": _get("The whole merged catalog", "catalog"),
    }
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": DIALECT,
        "info": {
            "title": "llmcat",
            "version": "1",
            "description": "Static model-list API. Paths and fields here are stable within v1; "
            "fields may be added. See the README's URL policy.",
        },
        "paths": _with_refs(paths, "#/components/schemas/{name}"),
        "components": {"schemas": _with_refs(SCHEMA_BODIES, "#/components/schemas/{name}")},
    }


def export_contract(query_routes: Sequence[routes.QueryRoute]) -> Iterator[tuple[str, bytes]]:
    """Yield `/openapi.json` and every `/schemas/<name>.json`."""
    yield "openapi.json", dump_json(openapi_document(query_routes))
    for path, document in schema_documents().items():
        yield path.lstrip("/"), dump_json(document)
