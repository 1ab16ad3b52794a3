"""Terminal text: findings, `kamgen report`'s table and account detail, error messages.

A terminal acts on ESC and the other C0/C1 controls (colours, cursor moves, window titles,
hyperlinks, on some terminals even clipboard writes), and bidi overrides make a line read
differently from what it holds. Every character Python does not call printable (controls,
format characters such as bidi overrides, separators other than space, surrogates, unassigned
code points) is shown as a visible escape instead. A lone surrogate that stands for a byte of a
file name that is not UTF-8 is shown as that byte, `\\xff`.
"""

from __future__ import annotations


def _visible(c: str) -> str:
    code = ord(c)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for the byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: str) -> str:
    """`text` with every non-printable character (see above) as a visible escape."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _visible(c) for c in text)
