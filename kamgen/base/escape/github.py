"""GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.

The runner reads its commands line by line from the start of each line, and unescapes `%25`,
`%0D` and `%0A` in the message and also `%3A` and `%2C` in property values (which are split on
`,` and end at `::`). So an annotation is kept to one line: `%` and every kind of line break are
encoded, which also means no text can start a `::command::` of its own on a new line. Property
values encode `:` and `,` as well. Controls (the log viewer colours text on ESC), bidi overrides
and lone surrogates (a file name that is not UTF-8) are shown as U+FFFD.
"""

from __future__ import annotations

from kamgen.base.escape.unicode import REPLACEMENT, translation

_DATA = translation({"%": "%25", "\r": "%0D"}, line_break="%0A", control=REPLACEMENT)
_PROPERTY = {**_DATA, ord(":"): "%3A", ord(","): "%2C"}


def data(value: str) -> str:
    """A message: one line, whatever it holds."""
    return value.translate(_DATA)


def prop(value: str) -> str:
    """A property value (file, title): one line, and no `,` or `:` of its own."""
    return value.translate(_PROPERTY)


def annotation(
    level: str,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    col: int | None = None,
    title: str | None = None,
) -> str:
    """One `::error …::…` (or `warning`, `notice`) line. `level` is kamgen's own word."""
    props = [] if file is None else [f"file={prop(file)}"]
    if line is not None:
        props.append(f"line={line}")
        if col is not None:
            props.append(f"col={col}")
    if title is not None:
        props.append(f"title={prop(title)}")
    head = f"{level} {','.join(props)}" if props else level
    return f"::{head}::{data(message)}"
