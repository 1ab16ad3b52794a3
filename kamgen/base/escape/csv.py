"""CSV for spreadsheets: `kamgen report --format csv`.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (some also take the
full-width forms, and a leading tab or carriage return is dropped first). What counts as the
start of a cell depends on who opens the file: a reader that splits rows on a bare `\r`, a
locale whose list separator is `;`, a tab-separated import, a "trim spaces" option. So every
line of a text is checked, and so is every place after a `,` `;` `|` separator, past spaces and
a `"` quote; a formula character found there gets a `'` in front, which every spreadsheet reads
as "this is text". Line breaks of any kind become `\n` (the csv module quotes the cell), a tab
becomes a space, and other control and bidi characters are removed.

Numbers are kamgen's own and pass through unchanged, so a negative figure stays a number.
"""

from __future__ import annotations

import re

from kamgen.base.escape.unicode import translation

FORMULA = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
SEPARATORS = frozenset(",;|")
_TABLE = translation({}, line_break="\n", control="")
# A field start: the start of a line or a separator, then spaces and quotes, then a formula
# character (captured as `sign`).
_FIELD_START = re.compile(
    rf"(?P<lead>(?:^|[{re.escape(''.join(sorted(SEPARATORS)))}])[^\S\n]*\"*[^\S\n]*)"
    rf"(?P<sign>[{re.escape(''.join(sorted(FORMULA)))}])",
    re.MULTILINE,
)


def cell(value: object) -> object:
    """`value` safe as one CSV cell: text neutralised as above, anything else unchanged."""
    if not isinstance(value, str):
        return value
    return _FIELD_START.sub(r"\g<lead>'\g<sign>", value.replace("\r\n", "\n").translate(_TABLE))
