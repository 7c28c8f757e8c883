"""The event reader gives exactly what PyYAML's safe loader gives, types included."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import yamlsource
from generator.yamlsource import YamlSyntaxError, load_yaml

ROOT = Path(__file__).resolve().parent.parent

SNIPPETS = [
    "",
    "# only a comment\n",
    "---\n",
    "plain text",
    "- a\n- 1\n- [x, {y: z}]\n",
    "a: yes\nb: no\nc: on\nd: off\ne: true\nf: False\n",
    "a: 017\nb: 0o17\nc: 0x1F\nd: 1_000\ne: 12:30\nf: -3\n",
    "a: 1e3\nb: 1.5e3\nc: .inf\nd: -.Inf\ne: .nan\nf: 3.0\ng: 0.000001\n",
    "a: 2024-01-01\nb: '2024-01-01'\nc: 2024-01-01T10:00:00Z\nd: 2024-1-1\n",
    "a: ~\nb: null\nc:\nd: ''\ne: \"\"\n",
    "a: |\n  x\n  y\nb: >\n  folded\n  text\n",
    "a: {b: [1, 2, {c: d}], e: []}\nf: {}\n",
    "1: one\n2.5: two\ntrue: three\nnull: four\n",
    "a: 1\na: 2\nb: {c: 1, c: {d: 2}}\n",
    "a: &x 1\nb: *x\n",
    "base: &b {x: 1}\nmore:\n  <<: *b\n  y: 2\n",
    "a: !!str 1\nb: !!int '2'\n",
    "? [a, b]\n: c\n",
    "a: 1\n---\nb: 2\n",
    "a: \"\\u00e9 \\t tab\"\nb: 'it''s'\n",
]


def _typed(value: Any) -> Any:
    """`value` with every leaf paired with its type, so 1, 1.0 and True differ."""
    if isinstance(value, dict):
        return {_typed(k): _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    if isinstance(value, float) and value != value:
        return ("nan", float)
    return (value, type(value))


def _pyyaml(text: str) -> tuple[Any, bool] | type[Exception]:
    try:
        return yamlsource._safe_load(text)
    except yaml.YAMLError as exc:
        return type(exc)


def _fast(text: str) -> tuple[Any, bool] | type[Exception]:
    try:
        return load_yaml(text).data, load_yaml(text).repeated_keys
    except YamlSyntaxError:
        return yaml.YAMLError
    except yaml.YAMLError as exc:
        return type(exc)


@pytest.mark.parametrize("text", SNIPPETS)
def test_snippets_read_as_pyyaml_reads_them(text: str) -> None:
    expected, got = _pyyaml(text), _fast(text)
    if isinstance(expected, type):
        assert isinstance(got, type) and issubclass(expected, yaml.YAMLError), (expected, got)
    else:
        assert isinstance(got, tuple)
        assert _typed(got[0]) == _typed(expected[0])
        assert got[1] == expected[1]


def test_repeated_keys_are_found_with_their_lines() -> None:
    located = load_yaml("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert located.data == {"a": 1, "b": {"c": 2}}
    assert located.duplicates == [(("b", "c"), 4)]


def test_a_syntax_error_has_its_line() -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml("a: 1\nb: [1, 2\nc: 3\n")
    assert caught.value.line == 3
    assert caught.value.message.startswith("YAML syntax:")


def test_the_event_reader_handles_the_common_case_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> None:
        raise AssertionError("fell back to PyYAML's loader")

    monkeypatch.setattr(yamlsource, "_safe_load", refuse)
    data = load_yaml("id: x\nverified: 2025-01-02\nmodels: [{id: m, price: 1.5}]\n").data
    models = [{"id": "m", "price": 1.5}]
    assert data == {"id": "x", "verified": dt.date(2025, 1, 2), "models": models}


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "catalog").rglob("*.yaml")) + sorted((ROOT / "tests").rglob("*.yaml")),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_repository_yaml_reads_as_pyyaml_reads_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected, got = _pyyaml(text), _fast(text)
    if isinstance(expected, type):
        assert got is not None and isinstance(got, type)
    else:
        assert isinstance(got, tuple)
        assert _typed(got[0]) == _typed(expected[0])
