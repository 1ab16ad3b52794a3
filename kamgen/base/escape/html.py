"""HTML: the site's pages (Markdown that becomes HTML) and the strings Material's templates print.

`md` is for text inside a generated page. Numeric character entities, rather than backslashes,
survive every Markdown extension (attr_list braces, links, emphasis, tables, emoji shortcodes,
magic links) and also mean nothing to the HTML parser, so `<script>` arrives as text, in
Markdown, in raw HTML blocks and in attribute values alike.

`text` is for strings that reach a Jinja template without passing through Markdown: nav titles
and `site_name`. MkDocs' Jinja environment does not autoescape and Material prints
`nav_item.title` and `config.site_name` as they are, so they arrive entity-escaped. Only the five
characters HTML gives a meaning to are escaped, because a few templates escape again
(`title="{{ config.site_name | e }}"`) and would show each entity as written.

Both put a text on one line, show controls, bidi overrides and lone surrogates as U+FFFD, and
never produce an element, an attribute or a link.
"""

from __future__ import annotations

from kamgen.base.escape.unicode import REPLACEMENT, translation

# Everything Python-Markdown, pymdownx and attr_list give a meaning to, plus HTML's own.
MARKDOWN_SPECIAL = frozenset("&<>\"'`*_[](){}|\\#!~=+-:.$^@%")
HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}

_MD = translation(
    {c: f"&#{ord(c)};" for c in MARKDOWN_SPECIAL}, line_break=" ", control=REPLACEMENT
)
_TEXT = translation(HTML_SPECIAL, line_break=" ", control=REPLACEMENT)


def md(value: object) -> str:
    """`value` as literal characters in Markdown (and the HTML it becomes), on one line."""
    return str(value).translate(_MD)


def text(value: object) -> str:
    """`value` as text or an attribute value in HTML that no Markdown parser will see."""
    return str(value).translate(_TEXT)
