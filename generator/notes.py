"""Markdown notes to safe HTML: Python-Markdown, then nh3 keeps only harmless tags."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from typing import Any

import markdown
import nh3
from markupsafe import Markup

from generator.parallel import Ahead, processes_for

_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}


# Built once: nh3 converts the allow-lists on every `nh3.clean` call, three times the cleaning.
_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    attributes=_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer nofollow",
)
_local = threading.local()


def _markdown() -> markdown.Markdown:
    """One parser per thread, reset before each note: building a parser costs more than a note."""
    parser: markdown.Markdown | None = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = markdown.Markdown(extensions=["tables", "sane_lists"])
    return parser


# Notes rendered ahead, by text: filled by `NotesAhead.take`, emptied by `clear_ahead`.
_ahead: dict[str, str] = {}
_AHEAD_CHUNK = 100  # notes per result: a stopped process loses at most one chunk's work


def render_note(text: str) -> Markup:
    """Render catalog markdown to HTML that cannot run script or load outside resources."""
    done = _ahead.get(text)
    return Markup(done) if done is not None else _render(text)


@functools.lru_cache(maxsize=4096)
def _render(text: str) -> Markup:
    return Markup(_CLEANER.clean(_markdown().reset().convert(text)))


def _render_all(texts: list[str]) -> list[tuple[str, str]]:
    return [(text, str(_render(text))) for text in texts]


class NotesAhead:
    """Model notes rendered in another process while the build validates and merges on one core.

    At 10,000 models that core is otherwise idle for about a second. What is done when the
    pages start is kept; the pages render the rest. Used as a context manager, so that the
    process is stopped whatever happens.
    """

    def __init__(self) -> None:
        self._ahead: Ahead[list[str], list[tuple[str, str]]] | None = None

    def start(self, files: list[Any]) -> None:
        """Start on the notes of provider files' parsed YAML (not validated yet), if they are
        enough to pay for a process."""
        texts = sorted({note for data in files for note in _model_notes(data)})
        if processes_for(len(texts)) > 1:
            chunks = [texts[i : i + _AHEAD_CHUNK] for i in range(0, len(texts), _AHEAD_CHUNK)]
            self._ahead = Ahead(_render_all, chunks)

    def take(self) -> None:
        """Keep the notes rendered so far, and stop."""
        for chunk in self._ahead.take() if self._ahead is not None else ():
            _ahead.update(chunk)

    def __enter__(self) -> NotesAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._ahead is not None:
            self._ahead.close()  # stopping twice does nothing more


def _model_notes(data: Any) -> Iterator[str]:
    models = data.get("models") if isinstance(data, dict) else None
    for model in models if isinstance(models, list) else ():
        note = model.get("notes") if isinstance(model, dict) else None
        if isinstance(note, str):
            yield note


def clear_ahead() -> None:
    _ahead.clear()
