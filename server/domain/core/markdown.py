"""Markdown that people write (a process activity's procedure) as HTML safe to put in a page.

markdown-it-py parses CommonMark with raw HTML switched off; nh3 (the ammonia sanitiser) then
keeps only the tags and attributes below, so neither a script nor an event handler nor a
`javascript:` link survives, whatever was typed."""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
    ["table", "strikethrough"]
)

TAGS = {
    "p", "br", "hr", "strong", "em", "s", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}
URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=512)
def to_html(text: str) -> str:
    """The text as sanitised HTML; empty text gives an empty string."""
    if not text.strip():
        return ""
    html = _PARSER.render(text)
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        filter_style_properties={"text-align"},
    )
