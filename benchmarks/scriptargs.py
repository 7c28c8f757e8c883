"""What the by-hand benchmark scripts share on their command lines."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def parser(doc: str | None) -> argparse.ArgumentParser:
    """A parser whose `--help` prints the script's docstring as it is written."""
    return argparse.ArgumentParser(
        description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )


def whole(text: str, least: int) -> bool:
    """Whether `text` is a whole number of at least `least` (digits only: no sign, no space)."""
    return text.isdecimal() and int(text) >= least


def at_least(least: int, unit: str) -> Callable[[str], int]:
    """An argparse type: a whole number of at least `least` `unit`s."""

    def check(text: str) -> int:
        if not whole(text, least):
            raise argparse.ArgumentTypeError(f"{text!r}: give at least {least} {unit}")
        return int(text)

    return check
