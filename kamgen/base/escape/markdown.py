"""GitHub-flavoured Markdown: `kamgen report --format markdown`, `kamgen diff --format markdown`
and the job summary that `check --format github` appends to $GITHUB_STEP_SUMMARY.

User text is written with numeric character entities for every character GFM (or any other
common renderer) gives a meaning to: pipes cannot add table columns, brackets and parentheses
cannot make links or images, backticks cannot open code, `<` cannot open HTML, `:` and `.`
cannot form a URL or an emoji shortcode, `$` cannot open math. GitHub turns `@name` into a
mention that notifies people and `#12` into a cross-reference, after the entities are decoded,
so a WORD JOINER (U+2060, invisible) follows each `@` and `#`. Every line break becomes a space,
so a text cannot start a heading, list or block of its own.

The only links and code spans in these outputs are built by kamgen from validated ids (`code`).
"""

from __future__ import annotations

import re

from kamgen.base.escape.unicode import REPLACEMENT, translation

SPECIAL = frozenset("&<>\"'`*_[](){}|\\#!~=+-:.$^@%")
_WORD_JOINER = "\u2060"
_ESCAPES = {c: f"&#{ord(c)};" for c in SPECIAL}
_ESCAPES.update({c: f"&#{ord(c)};{_WORD_JOINER}" for c in "@#"})
_TABLE = translation(_ESCAPES, line_break=" ", control=REPLACEMENT)
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def md(value: object) -> str:
    """`value` as literal text in GFM, on one line; safe in a table cell."""
    return str(value).translate(_TABLE)


def code(value: object) -> str:
    """An id as inline code. Ids are validated slugs; anything else is shown as escaped text,
    so that a backtick or pipe in it cannot end the code span or the table cell."""
    text = str(value)
    return f"`{text}`" if _SLUG.fullmatch(text) else md(text)
