"""Load and validate the catalog: every provider file and guide, every problem found at once."""

from __future__ import annotations

import contextlib
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from generator.checks import Problem, check_catalog
from generator.errors import CatalogError
from generator.guides import load_guide
from generator.models import Catalog, Guide, Provider
from generator.parallel import map_in_processes, processes_for
from generator.problems import field_path, known_keys, schema_errors
from generator.yamlsource import Located, YamlSyntaxError, load_yaml
from generator.yamlsource import Path as YamlPath

_KEYS = known_keys(Provider)
_BYTES_PER_ITEM = 700  # about one model of YAML, to size the parsing the way pages are sized
_MIN_PARSE_ITEMS = 1000  # the real catalog (about 600 models) parses faster in one process


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


def load_catalog(catalog_dir: Path) -> Catalog:
    """Read `catalog_dir`, validate everything, and return the catalog or raise CatalogError."""
    providers_dir = catalog_dir / "providers"
    if not providers_dir.is_dir():
        raise CatalogError([f"{display(providers_dir)}: no such folder; is --catalog right?"])
    problems: list[Problem] = []
    sources: list[SourceFile] = []
    broken: set[str] = set()
    paths = sorted(providers_dir.glob("*.yaml"))
    with contextlib.closing(_parse_all(paths)) as files:  # closed: no worker outlives an error
        for path, file in zip(paths, files, strict=True):
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


def _parse_all(paths: list[Path]) -> Generator[Located | Problem, None, None]:
    """Parse every file, across processes when there is enough YAML for it to pay; each file as
    soon as it is parsed, so that it is validated while the next ones are parsed."""
    size = sum(p.stat().st_size for p in paths)
    processes = processes_for(size // _BYTES_PER_ITEM, minimum=_MIN_PARSE_ITEMS)
    return map_in_processes(_parse, paths, processes)


def _parse(path: Path) -> Located | Problem:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except YamlSyntaxError as exc:
        return Problem(path, exc.line, "", exc.message)
    except (OSError, UnicodeDecodeError) as exc:
        return Problem(path, 1, "", f"cannot read file: {exc}")


def _load_provider(
    path: Path, located: Located | Problem, problems: list[Problem]
) -> SourceFile | None:
    if isinstance(located, Problem):
        problems.append(located)
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
