"""Markdown notes to safe HTML: Python-Markdown, then nh3 keeps only harmless tags."""

from __future__ import annotations

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


def render_note(text: str) -> Markup:
    """Render catalog markdown to HTML that cannot run script or load outside resources."""
    html = markdown.Markdown(extensions=["tables", "sane_lists"]).convert(text)
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)
