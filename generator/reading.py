"""Parse the catalog's provider files: in worker processes for a large catalog, as early as asked.

The command line starts this before it imports the rest of the build (the schema, the checks,
the templates: about 0.15 s in all), so the workers parse while it imports instead of after; it
imports only the YAML reader. `generator/catalog.py` then validates each file as it comes back.
At 10,000 models on tmpfs, twelve alternating builds each: a median of 2.41 s against 2.45 s (on
two cores the imports and the parsing share them; what is won is the core that sat idle during
the imports). The real catalog parses in this process, after the imports, as before.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from generator.parallel import Mapped, map_in_processes, processes_for
from generator.yamlsource import Located, YamlSyntaxError, load_yaml

_BYTES_PER_ITEM = 700  # about one model of YAML, to size the parsing the way pages are sized
_MIN_PARSE_ITEMS = 1000  # the real catalog (about 600 models) parses faster in one process


@dataclass(frozen=True)
class Unreadable:
    """A file that could not be read or parsed: the line to point at, and why."""

    line: int
    message: str


# The provider files of one catalog, sorted (`items`), and each one's result in the same order.
Parsing: TypeAlias = Mapped[Path, Located | Unreadable]


def start_parsing(catalog_dir: Path) -> Parsing:
    """Start parsing every `providers/*.yaml` of the catalog (none if the folder is missing),
    across processes when there is enough YAML for it to pay.

    The workers never collect garbage: parsing makes millions of objects and no cycles.
    """
    paths = sorted((catalog_dir / "providers").glob("*.yaml"))
    size = sum(p.stat().st_size for p in paths)
    processes = processes_for(size // _BYTES_PER_ITEM, minimum=_MIN_PARSE_ITEMS)
    return map_in_processes(parse_file, paths, processes, gc.disable)


def parse_file(path: Path) -> Located | Unreadable:
    """One provider file's YAML, or why it cannot be read."""
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except YamlSyntaxError as exc:
        return Unreadable(exc.line, exc.message)
    except (OSError, UnicodeDecodeError) as exc:
        return Unreadable(1, f"cannot read file: {exc}")
