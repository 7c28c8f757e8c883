"""Markdown notes to safe HTML: Python-Markdown, then nh3 keeps only harmless tags."""

from __future__ import annotations

import functools
import threading

import markdown
import nh3
from markupsafe import Markup

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


@functools.lru_cache(maxsize=4096)
def render_note(text: str) -> Markup:
    """Render catalog markdown to HTML that cannot run script or load outside resources."""
    return Markup(_CLEANER.clean(_markdown().reset().convert(text)))
