"""JSON bytes: an item serialized once and spliced into lists gives the same bytes as dumping
the whole list, so the export can serialize each item once."""

from __future__ import annotations

from typing import Any

from generator.jsonout import dump_json, dump_once

ITEMS: list[Any] = [
    {
        "id": "acme/a<b>&c",
        "name": 'line\nbreak \u00e9 \U0001f600 "quoted" \\ back',
        "nested": {"z": [1, 2.5, None, True], "a": {}, "m": [], "deep": [{"k": [[]]}]},
        "tags": ["<script>", "R&D"],
    },
    {},
    [],
    [{"b": 1, "a": 2}],
    "plain",
    0,
    None,
]


def test_elements_splice_to_the_same_bytes_as_the_whole_document() -> None:
    for data in (ITEMS, ITEMS[:1], []):
        spliced = dump_json({"z": "end", "data": [dump_once(item).element for item in data]})
        assert spliced == dump_json({"z": "end", "data": data})


def test_elements_splice_into_dicts_of_lists_too() -> None:
    groups = {"p2": ITEMS[:2], "p1": [], "p0": ITEMS}
    spliced = {key: [dump_once(i).element for i in items] for key, items in groups.items()}
    assert dump_json(spliced) == dump_json(groups)


def test_body_is_the_item_as_its_own_file() -> None:
    for item in ITEMS:
        body = dump_once(item).body
        assert body == dump_json(item)
        assert b"<" not in body and b"&" not in body
