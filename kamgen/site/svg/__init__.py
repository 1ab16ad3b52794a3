"""The site's pictures, drawn at build time as inline SVG: no script, no network, printable.

Each picture is drawn at its natural size (width and height equal the viewBox), so one unit is
one CSS pixel and 12-unit text is 12 px text on a phone and on a desktop alike; a picture wider
than the screen scrolls inside its `div.kg-scroll` instead of shrinking (figures.css stops the
theme's `max-width: 100%` from scaling it down).

Text uses `currentColor`, so it follows the light or the dark palette. A colour that carries
meaning is a mid-tone with at least 3:1 contrast against both palettes' backgrounds (tested),
and never carries it alone: every sentiment, status and tier also has a word, a symbol or a line
style, and every `*_legend` says in words what each colour, symbol and size means.

Everything that comes from the portfolio is escaped with `kamgen.base.escape.md`: every picture
is well-formed XML whatever the names hold (tested with the shared hostile strings).

A module per picture (`relmap`, `grid`, `pareto_curve`, `portfolio_matrix`, `risk_grid`), each
with its key; below them what they share (`text`, `colours`, `frame`, `place`), which imports no
picture. This package re-exports what the site and the tests use, so that a caller writes
`svg.matrix(...)` whichever module draws it.
"""

from kamgen.site.svg.colours import (
    CELL,
    CELL_WORD,
    COLOUR_WORD,
    INFLUENCE,
    LINE,
    MARK,
    OTHER_TIER,
    SENTIMENT,
    SENTIMENT_SYMBOL,
    TIER_COLOUR,
    TIER_DASH,
    TIER_DASH_WORD,
)
from kamgen.site.svg.frame import figure
from kamgen.site.svg.grid import CELL_W, UNEXPLORED_PER_ITEM, GridCell, heatmap, heatmap_legend
from kamgen.site.svg.pareto_curve import PARETO_H, PARETO_W, pareto, pareto_legend
from kamgen.site.svg.place import Box, _label_box, _overlaps
from kamgen.site.svg.portfolio_matrix import (
    BINS,
    DRAWN,
    R_MIN,
    Bubble,
    _tier_group,
    label_texts,
    matrix,
    matrix_legend,
)
from kamgen.site.svg.relmap import BOX_H, BOX_W, Person, map_legend, relationship_map, strength_dots
from kamgen.site.svg.risk_grid import (
    BANDS,
    STATUS_DASH,
    RiskMark,
    risk_band,
    risk_grid,
    risk_legend,
)
from kamgen.site.svg.text import fit, text_width, wrap

# The private three are the tests' way into label placement and the tier groups.
__all__ = [
    "BANDS",
    "BINS",
    "BOX_H",
    "BOX_W",
    "CELL",
    "CELL_W",
    "CELL_WORD",
    "COLOUR_WORD",
    "DRAWN",
    "INFLUENCE",
    "LINE",
    "MARK",
    "OTHER_TIER",
    "PARETO_H",
    "PARETO_W",
    "R_MIN",
    "SENTIMENT",
    "SENTIMENT_SYMBOL",
    "STATUS_DASH",
    "TIER_COLOUR",
    "TIER_DASH",
    "TIER_DASH_WORD",
    "UNEXPLORED_PER_ITEM",
    "Box",
    "Bubble",
    "GridCell",
    "Person",
    "RiskMark",
    "_label_box",
    "_overlaps",
    "_tier_group",
    "figure",
    "fit",
    "heatmap",
    "heatmap_legend",
    "label_texts",
    "map_legend",
    "matrix",
    "matrix_legend",
    "pareto",
    "pareto_legend",
    "relationship_map",
    "risk_band",
    "risk_grid",
    "risk_legend",
    "strength_dots",
    "text_width",
    "wrap",
]
