"""What every picture shares around its drawing: the <svg> root, the scrolling <figure> it is
shown in, and the pieces of a key in words (a colour swatch, the paragraph).
"""

from __future__ import annotations

import math

from kamgen.base.escape import md as esc
from kamgen.site.svg.text import FONT


def _open(width: float, height: float, title: str, desc: str, css: str, role: str = "img") -> str:
    """The root element at its natural size; `role="img"` for a picture without links."""
    w, h = math.ceil(width), math.ceil(height)
    return (
        f'<svg class="kamgen-{css}" role="{role}" data-search-exclude="" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" '
        f'font-size="{FONT}" fill="currentColor"><title>{esc(title)}</title><desc>{esc(desc)}</desc>'
    )


def _swatch(colour: str) -> str:
    """A colour sample beside its words (hidden from screen readers: the words say it)."""
    if colour == "none":
        return '<span class="kg-swatch kg-swatch-none" aria-hidden="true"></span>'
    return f'<span class="kg-swatch" aria-hidden="true" style="background:{colour}"></span>'


def _legend(*sentences: str) -> str:
    """Sentences in kamgen's own words, with swatches; a caller escapes whatever it puts in
    from the portfolio (a currency, an axis label) before it gets here."""
    return f'<p class="kg-legend" data-search-exclude>{"".join(sentences)}</p>'


def figure(picture: str, label: str, caption: str = "") -> str:
    """A picture in its scrolling wrapper (a phone scrolls the picture, not the page), with
    its key in words as the caption."""
    return (
        f'<figure class="kg-figure"><div class="kg-scroll" role="region" tabindex="0" '
        f'aria-label="{esc(label)}">{picture}</div>'
        + (f"<figcaption>{caption}</figcaption>" if caption else "")
        + "</figure>"
    )
