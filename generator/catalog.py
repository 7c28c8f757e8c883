"""Load and validate the catalog: every provider file and guide, every problem found at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from generator.checks import Problem, check_catalog
from generator.errors import CatalogError
from generator.guides import load_guide
from generator.models import Catalog, Guide, Provider
from generator.problems import field_path, known_keys, schema_errors
from generator.reading import Parsing, Unreadable, start_parsing
from generator.yamlsource import Located
from generator.yamlsource import Path as YamlPath

_KEYS = known_keys(Provider)


@dataclass
class SourceFile:
    """One provider file: where it is, its parsed YAML with lines, and the typed result."""

    path: Path
    located: Located
    provider: Provider

    def problem(self, at: YamlPath, where: str, message: str) -> Problem:
        """A problem in this file, at the line of key path `at` (worked out only now: lines are
        found for a file only when it has a problem)."""
        return Problem(self.path, self.located.line_of(at), where, message)


def load_catalog(catalog_dir: Path, parsing: Parsing | None = None) -> Catalog:
    """Read `catalog_dir`, validate everything, and return the catalog or raise CatalogError.

    `parsing`: its provider files, if their parsing was started already (`start_parsing`).
    """
    providers_dir = catalog_dir / "providers"
    if not providers_dir.is_dir():
        raise CatalogError([f"{display(providers_dir)}: no such folder; is --catalog right?"])
    problems: list[Problem] = []
    sources: list[SourceFile] = []
    broken: set[str] = set()
    if parsing is None:
        parsing = start_parsing(catalog_dir)
    with parsing:  # closed: no worker outlives an error
        for path, file in zip(parsing.items, parsing, strict=True):
            source = _load_provider(path, file, problems)
            if source is not None:
                sources.append(source)
            else:
                broken.add(path.stem)
    guides: list[Guide] = []
    guide_lines: dict[str, tuple[Path, Located]] = {}
    for path in sorted((catalog_dir / "guides").glob("*.md")):
        loaded = load_guide(path, problems)
        if loaded is not None:
            guides.append(loaded[0])
            guide_lines[loaded[0].slug] = (path, loaded[1])
    problems += check_catalog(sources, guides, guide_lines, broken)
    if problems:
        raise CatalogError([p.line() for p in sorted(problems, key=Problem.sort_key)])
    return Catalog(providers=[s.provider for s in sources], guides=guides)


def _load_provider(
    path: Path, located: Located | Unreadable, problems: list[Problem]
) -> SourceFile | None:
    if isinstance(located, Unreadable):
        problems.append(Problem(path, located.line, "", located.message))
        return None
    for key_path, line in located.duplicates:
        problems.append(Problem(path, line, field_path(key_path), "duplicate key: keep only one"))
    if not isinstance(located.data, dict):
        problems.append(Problem(path, 1, "", "must be a mapping with `id`, `name` and `models`"))
        return None
    try:
        provider = Provider.model_validate(located.data)
    except ValidationError as exc:
        problems += [Problem(path, *found) for found in schema_errors(exc, located, _KEYS)]
        return None
    if provider.id != path.stem:
        line = located.line_of(("id",))
        message = f"file name must match the provider id: rename the file to {provider.id}.yaml"
        problems.append(Problem(path, line, "id", message))
    return SourceFile(path, located, provider)


def display(path: Path) -> str:
    """`path` relative to the working directory when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
