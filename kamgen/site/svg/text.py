"""Text in a picture: how wide it is drawn, cut to fit or wrapped, and numbers written short.

Widths are estimated, never measured (the site builds without a browser), and err wide, so that
a text measured to fit here fits when a browser draws it in a common sans-serif face.
"""

from __future__ import annotations

FONT = 12  # every text is at least this many units, which the natural size makes pixels

# Advance widths in em of DejaVu Sans, the widest common `sans-serif`: measuring with it means
# a text fits wherever it is drawn with a narrower face (Arial, Helvetica, Roboto).
_EM = {
    **dict.fromkeys("ijl'|", 0.28),
    **dict.fromkeys(" .,:;!I", 0.32),
    **dict.fromkeys("ft()[]/-", 0.4),
    **dict.fromkeys('r"', 0.46),
    **dict.fromkeys("sz", 0.53),
    **dict.fromkeys("cekvxyJ", 0.6),
    **dict.fromkeys("LFTZPSY", 0.66),
    **dict.fromkeys("0123456789", 0.64),
    **dict.fromkeys("abdghnopqu", 0.64),
    **dict.fromkeys("ABCEKRVX", 0.7),
    **dict.fromkeys("DHNU", 0.76),
    **dict.fromkeys("GOQ", 0.8),
    **dict.fromkeys("w", 0.82),
    **dict.fromkeys("mM&%", 0.98),
    **dict.fromkeys("W@\u2026\u2014", 1.0),
}


def text_width(text: str, size: float = FONT, bold: bool = False) -> float:
    """The width `text` takes at `size` (an estimate that errs wide)."""
    em = sum(_EM.get(c, 0.7 if ord(c) < 0x2E80 else 1.0) for c in text)
    return em * size * (1.1 if bold else 1.0)


def fit(text: str, room: float, size: float = FONT, bold: bool = False) -> str:
    """`text` on one line, cut with an ellipsis where it would run past `room` units."""
    text = " ".join(text.split())
    if text_width(text, size, bold) <= room:
        return text
    # One pass (a name may be thousands of characters): keep what fits beside the ellipsis.
    used, keep = text_width("\u2026", size, bold), 0
    for c in text:
        used += text_width(c, size, bold)
        if used > room:
            break
        keep += 1
    return text[:keep].rstrip() + "\u2026" if keep else ""


def wrap(
    text: str, room: float, lines: int = 2, size: float = FONT, bold: bool = False
) -> list[str]:
    """`text` in at most `lines` lines of `room` units, broken at spaces. A word too long for
    a line is cut on it, and the last line is cut when the text runs on."""
    words, out = text.split(), list[str]()
    while words and len(out) < lines - 1:
        line = words.pop(0)
        if text_width(line, size, bold) > room:
            out.append(fit(line, room, size, bold))
            continue
        while words and text_width(f"{line} {words[0]}", size, bold) <= room:
            line += " " + words.pop(0)
        out.append(line)
    if words:
        out.append(fit(" ".join(words), room, size, bold))
    return out or [""]


def _n(value: float) -> str:
    """A coordinate: whole units where that is exact, else one decimal (bytes add up)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def compact(amount: float) -> str:
    """`1.2M`, `12k`, `950`: an amount for a tooltip or a label."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(amount) >= size:
            value = amount / size
            digits = 0 if abs(value) >= 100 else 1
            return f"{value:.{digits}f}".removesuffix(".0") + suffix
    return f"{amount:,.0f}"
