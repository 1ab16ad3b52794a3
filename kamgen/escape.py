"""Make user-typed text inert where it is rendered: Markdown (and the HTML it becomes) and CSV.

Markdown escaping uses numeric character entities rather than backslashes: entities survive
every Markdown extension (attr_list braces, links, emphasis, tables, emoji shortcodes, magic
links) and also mean nothing to the HTML parser, so `<script>` arrives as text.
"""

from __future__ import annotations

# Everything Python-Markdown, pymdownx and attr_list give a meaning to, plus HTML's own.
_MARKDOWN_SPECIAL = frozenset("&<>\"'`*_[](){}|\\#!~=+-:.$^@%")
_TABLE = {ord(c): f"&#{ord(c)};" for c in _MARKDOWN_SPECIAL}
_TABLE.update({ord("\n"): " ", ord("\r"): " ", ord("\t"): " "})
_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def md(text: object) -> str:
    """`text` as literal characters in Markdown, on one line."""
    return str(text).translate(_TABLE)


def csv_cell(value: object) -> object:
    """Spreadsheets run a cell starting with = + - @ as a formula; quote such text."""
    if isinstance(value, str) and value.startswith(_CSV_FORMULA):
        return "'" + value
    return value
