"""Turn schema errors into one readable line each: `file:LINE: field.path: what to do`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.models import URL_PATTERN
from generator.yamlsource import Located, Path


def field_path(loc: Iterable[str | int]) -> str:
    """`('models', 3, 'pricing', 'input')` -> `models[3].pricing.input`."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


def clean_loc(loc: tuple[str | int, ...]) -> Path:
    """Drop pydantic's union-branch and validator markers from an error location."""
    return tuple(
        p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function-")))
    )


def known_keys(*models: type[BaseModel]) -> set[str]:
    """Every key any schema model accepts, for did-you-mean hints."""
    keys: set[str] = set()
    todo = list(models)
    while todo:
        model = todo.pop()
        for name, info in model.model_fields.items():
            keys.add(info.alias or name)
            for arg in _nested_models(info.annotation):
                if arg not in todo:
                    todo.append(arg)
    return keys


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in getattr(annotation, "__args__", ()) or ():
        found += _nested_models(arg)
    return found


# A schema pattern's rule in words, where the regex itself would not help a contributor.
_PATTERN_RULES = {URL_PATTERN: "must be an http(s) URL, with a host and no spaces"}


def describe(error: ErrorDetails, keys: set[str]) -> str:
    """A short message for one pydantic error that says how to fix it."""
    kind, ctx, got = error["type"], error.get("ctx", {}), error.get("input")
    if kind == "missing":
        return "required: add this key"
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        close = difflib.get_close_matches(name, sorted(keys), n=1)
        hint = f"; did you mean `{close[0]}`?" if close else "; remove it or check the spelling"
        return f"unknown key `{name}`{hint}"
    simple = {
        "greater_than_equal": f"must be >= {_show(ctx.get('ge'))}",
        "greater_than": f"must be > {_show(ctx.get('gt'))}",
        "less_than_equal": f"must be <= {_show(ctx.get('le'))}",
        "enum": f"must be one of {ctx.get('expected')}",
        "literal_error": f"must be one of {ctx.get('expected')}",
        "int_type": "must be a whole number",
        "int_parsing": "must be a whole number",
        "int_from_float": "must be a whole number",
        "float_type": "must be a number",
        "float_parsing": "must be a number",
        "bool_type": "must be true or false",
        "bool_parsing": "must be true or false",
        "date_type": "must be a date written YYYY-MM-DD",
        "date_parsing": "must be a date written YYYY-MM-DD",
        "date_from_datetime_parsing": "must be a date written YYYY-MM-DD",
        "date_from_datetime_inexact": "must be a date written YYYY-MM-DD, without a time",
        "string_type": "must be text (quote it)",
        "string_pattern_mismatch": _PATTERN_RULES.get(
            str(ctx.get("pattern")), f"must match {ctx.get('pattern')}"
        ),
        "string_too_short": "must not be empty",
        "string_too_long": f"must be at most {ctx.get('max_length')} characters",
        "list_type": "must be a list (one `- item` per line)",
        "dict_type": "must be a mapping of keys to values",
        "model_type": "must be a mapping of keys to values",
        "model_attributes_type": "must be a mapping of keys to values",
    }
    if kind in simple:
        return f"{simple[kind]} (got {_show(got)})"
    message = str(error["msg"]).removeprefix("Value error, ")
    return message[:1].lower() + message[1:]


def schema_errors(
    exc: ValidationError, located: Located, keys: set[str]
) -> list[tuple[int, str, str]]:
    """`(line, field path, message)` for each error pydantic found in one parsed file."""
    found = []
    for error in exc.errors():
        loc = clean_loc(error["loc"])
        found.append((located.line_of(loc), field_path(loc), describe(error, keys)))
    return found


def _show(value: object) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    if isinstance(value, dict | list):
        return type(value).__name__
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool) or value is None:
        return str(value).lower() if value is not None else "null"
    return str(value)
