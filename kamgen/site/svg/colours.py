"""The colours that carry meaning, and the word, symbol or line style that repeats each.

Mid-tones that keep 3:1 against #fff and against Material's slate (#1e2129); `COLOUR_WORD` names
every one of them for the keys in words.
"""

from __future__ import annotations

SENTIMENT = {
    "champion": "#388e3c",
    "supporter": "#00897b",
    "neutral": "#808080",
    "detractor": "#e53935",
    "unknown": "#8c6bb1",
}
# The text twin of each sentiment, drawn in the person's box.
SENTIMENT_SYMBOL = {
    "champion": "++",
    "supporter": "+",
    "neutral": "=",
    "detractor": "\u2212",
    "unknown": "?",
}
CELL = {
    "adopted": "#388e3c",
    "won": "#00897b",
    "pursuing": "#e65100",
    "open": "#1a7fd6",
    "lost": "#e53935",
    "not_applicable": "#808080",
    "unexplored": "none",
}
# The text twin of each status, written in the cell.
CELL_WORD = {
    "adopted": "adopted",
    "won": "won",
    "pursuing": "pursuing",
    "open": "open",
    "lost": "lost",
    "not_applicable": "n/a",
    "unexplored": "",
}
TIER_COLOUR = {1: "#1a7fd6", 2: "#00897b", 3: "#e65100"}
OTHER_TIER = "#808080"
# The shape twin of each tier: the outline's dashes (solid, dashed, dotted).
TIER_DASH = {1: "", 2: "5 3", 3: "1.5 2.5"}
TIER_DASH_WORD = {1: "solid outline", 2: "dashed outline", 3: "dotted outline"}
LINE = "#1a7fd6"  # the Pareto curve
MARK = "#e53935"  # the 80% line
INFLUENCE = "#8c6bb1"
COLOUR_WORD = {
    "#388e3c": "green",
    "#00897b": "teal",
    "#808080": "grey",
    "#e53935": "red",
    "#8c6bb1": "purple",
    "#e65100": "orange",
    "#1a7fd6": "blue",
}
