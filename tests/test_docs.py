"""Every command and option of `llmcat` is documented in README.md."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_every_command_and_option_is_in_readme() -> None:
    missing = []
    for name, command in sorted(cli.commands.items()):
        if f"llmcat {name}" not in README:
            missing.append(f"llmcat {name}")
        for param in command.params:
            if isinstance(param, click.Option):
                for opt in param.opts:
                    if opt.startswith("--") and opt not in README:
                        missing.append(f"llmcat {name} {opt}")
    assert not missing, f"document these in README.md: {missing}"
