"""Selection guides: `catalog/guides/<slug>.md`, YAML front matter plus a markdown body."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from generator.models import Guide
from generator.problems import known_keys, schema_errors
from generator.yamlsource import Located, YamlSyntaxError, load_yaml

if TYPE_CHECKING:
    from generator.checks import Problem

_KEYS = known_keys(Guide)


def load_guide(path: Path, problems: list[Problem]) -> tuple[Guide, Located] | None:
    """Parse one guide; add its problems to `problems` and return None if it is unusable."""
    from generator.checks import Problem

    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n") or "\n---\n" not in text[3:]:
        problems.append(Problem(path, 1, "", "must start with YAML front matter between --- lines"))
        return None
    front, body = text[4:].split("\n---\n", 1)
    try:
        located = load_yaml(front, offset=1)
    except YamlSyntaxError as exc:
        problems.append(Problem(path, exc.line, "", exc.message))
        return None
    if not isinstance(located.data, dict):
        problems.append(Problem(path, 2, "", "front matter must be a mapping with `title`"))
        return None
    try:
        guide = Guide.model_validate({**located.data, "slug": path.stem, "body": body})
    except ValidationError as exc:
        problems += [Problem(path, *found) for found in schema_errors(exc, located, _KEYS)]
        return None
    return guide, located
