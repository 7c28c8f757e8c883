"""Errors a user can cause. Click prints them as `Error: ...` and exits 1, with no traceback."""

from __future__ import annotations

import click


class GeneratorError(click.ClickException):
    """Base of every error llmcat reports to a user."""


class CatalogError(GeneratorError):
    """The catalog has problems; `problems` holds one `path:line: field: message` line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in catalog")

    def show(self, file: object = None) -> None:
        for line in self.problems:
            click.echo(line, err=True)
        super().show()


class FetchError(GeneratorError):
    """One or more providers could not be fetched."""


class BuildError(GeneratorError):
    """The site could not be built or written."""
