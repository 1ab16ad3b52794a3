"""JSON: every `--format json`, and the schema files.

Strict: NaN and infinities are not JSON, and `json.dumps` would write them as the bare words
`NaN` and `Infinity` that most parsers reject; here they raise instead (a metric that is not a
finite number is a bug, not an output). Lone surrogates (file names that are not UTF-8) become
U+FFFD, since they cannot be encoded and would make printing the document fail. The characters
that are valid inside a JSON string but act on a terminal or editor (DEL, C1 controls, line and
paragraph separators, bidi overrides) are written as `\\uXXXX` escapes, which decode to the same
string, so a document printed to a terminal cannot colour it or reorder what it shows.
"""

from __future__ import annotations

import json
import re

from kamgen.base.escape.unicode import encodable

# JSON's own syntax is ASCII, so these can only occur inside strings, where \\u escapes are
# equivalent. json.dumps already escapes C0.
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NON_ASCII = re.compile("[^\x00-\x7e]")  # DEL too, which json.dumps leaves


def _u(code: int) -> str:
    return f"\\u{code:04x}"


def _escaped(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code <= 0xFFFF:
        return _u(code)
    code -= 0x10000  # the UTF-16 surrogate pair, as json.dumps writes it
    return _u(0xD800 | (code >> 10)) + _u(0xDC00 | (code & 0x3FF))


def dumps(value: object, *, indent: int | None = 2, ensure_ascii: bool = False) -> str:
    """`value` as strict JSON (see above); `ensure_ascii` escapes everything beyond ASCII."""
    text = json.dumps(value, indent=indent, ensure_ascii=False, allow_nan=False)
    if text.isascii() and "\x7f" not in text:  # nothing to replace: skip two whole scans
        return text
    return (_NON_ASCII if ensure_ascii else _UNSAFE).sub(_escaped, encodable(text))
