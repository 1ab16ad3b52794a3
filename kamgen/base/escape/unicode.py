"""The characters every output target has to decide about, and the rule they all share.

Text reaches kamgen from YAML (any Unicode a YAML escape can write) and from the file system
(`os.scandir` hands back a lone surrogate for each byte of a name that is not UTF-8). A lone
surrogate cannot be encoded at all, so printing it, writing it to a page or to a pipe raises;
every target turns it into U+FFFD (or, on a terminal, into the byte it stood for).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

REPLACEMENT = "\ufffd"
# Everything str.splitlines() splits on: a line break for some reader somewhere.
LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
# C0, DEL and C1 (category Cc). Tab is among them; each target says what it becomes.
CONTROLS = frozenset(chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0)))
# Embeddings, overrides and isolates reorder the text around them on screen ("Trojan
# Source"). The plain marks (U+200E, U+200F, U+061C) only steer neutral characters and stay.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Noncharacters: not for interchange; YAML and HTML parsers refuse or flag them.
NONCHARACTERS = frozenset(
    [chr(c) for c in range(0xFDD0, 0xFDF0)]
    + [chr(plane + c) for plane in range(0, 0x110000, 0x10000) for c in (0xFFFE, 0xFFFF)]
)
SURROGATES = range(0xD800, 0xE000)
_SURROGATE = re.compile("[\ud800-\udfff]")


def encodable(text: str) -> str:
    """`text` with each lone surrogate as U+FFFD, so that it encodes as UTF-8 anywhere."""
    return _SURROGATE.sub(REPLACEMENT, text)


def translation(
    special: Mapping[str, str],
    *,
    line_break: str,
    control: str,
    tab: str = " ",
    also: Iterable[str] = BIDI_CONTROLS | NONCHARACTERS,
) -> dict[int, str]:
    """A `str.translate` table for one target: its own `special` characters; every line break
    as `line_break`; tab as `tab`; other controls and the characters in `also` (by default bidi
    controls and noncharacters) as `control`; surrogates as U+FFFD. The target's `special`
    entries win over these defaults."""
    table: dict[int, str] = {c: REPLACEMENT for c in SURROGATES}
    table.update({ord(c): control for c in (*CONTROLS, *also)})
    table.update({ord(c): line_break for c in LINE_BREAKS})
    table[ord("\t")] = tab
    table.update({ord(c): value for c, value in special.items()})
    return table
