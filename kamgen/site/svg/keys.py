"""A key in words for any palette. The relationship map's and the whitespace grid's palettes
have keys of their own, which say more, so this module sits above those two pictures.
"""

from __future__ import annotations

from collections.abc import Mapping

from kamgen.base.escape import md as esc
from kamgen.site.svg.colours import CELL, CELL_WORD, COLOUR_WORD, SENTIMENT, SENTIMENT_SYMBOL
from kamgen.site.svg.frame import _legend, _swatch
from kamgen.site.svg.grid import heatmap_legend
from kamgen.site.svg.relmap import map_legend


def legend(colours: Mapping[str, str]) -> str:
    """An HTML key for a picture's colours: a swatch, then the words (and symbol) each means.
    `map_legend`, `heatmap_legend`, `pareto_legend` and `matrix_legend` say more."""
    if colours is SENTIMENT:
        return map_legend()
    if colours is CELL:
        return heatmap_legend()
    items = ", ".join(
        f"{_swatch(colour)}{SENTIMENT_SYMBOL.get(key, CELL_WORD.get(key, ''))} "
        f"{esc(key.replace('_', ' '))}".replace("  ", " ")
        + (f" ({COLOUR_WORD[colour]})" if colour in COLOUR_WORD else "")
        for key, colour in colours.items()
    )
    return _legend(items + ".")
