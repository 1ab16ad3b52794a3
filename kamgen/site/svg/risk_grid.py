"""The risk register as a severity × likelihood grid: five by five cells, each writing its
score (severity × likelihood) and tinted by its band, with each risk a numbered marker in its
cell (the number is the risk's row in the register's table), and its key in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kamgen.base.escape import md as esc
from kamgen.site.svg.colours import COLOUR_WORD
from kamgen.site.svg.frame import _legend, _open, _swatch
from kamgen.site.svg.text import FONT

# Bands of severity × likelihood (1 to 25): the colour repeats the score written in the cell.
# Mid-tones with 3:1 against both palettes' backgrounds (tested with the other colours).
BANDS = (("low", 4, "#388e3c"), ("medium", 9, "#e65100"), ("high", 25, "#e53935"))
# A marker's outline says its status, as a line style (the table says it in words).
STATUS_DASH = {"open": "", "mitigating": "4 2", "accepted": "1.5 2.5"}
STATUS_DASH_WORD = {"open": "solid", "mitigating": "dashed", "accepted": "dotted"}
CELL, LEFT, TOP, PAD = 60, 30, 30, 8  # 338 units wide: a phone shows it whole
R = 8  # a marker's radius
PER_ROW = 3  # markers side by side in a cell; a fourth row would leave it
SHOWN = 2 * PER_ROW  # markers drawn in one cell; the rest are "+n"


@dataclass(frozen=True)
class RiskMark:
    number: str  # its row in the register's table
    title: str
    severity: int  # 1 to 5
    likelihood: int  # 1 to 5
    status: str  # open, mitigating, accepted; anything else draws solid


def risk_band(score: int) -> tuple[str, str]:
    """(word, colour) of a score."""
    return next((word, colour) for word, top, colour in BANDS if score <= top)


def risk_grid(risks: Sequence[RiskMark], name: str) -> str:
    """Likelihood across (1 rare to 5 expected), severity up (1 minor to 5 lose the
    account). A risk outside 1 to 5 (an error of its own) is not drawn."""
    width = LEFT + 5 * CELL + PAD
    height = TOP + 5 * CELL + 44
    drawn = [r for r in risks if 1 <= r.severity <= 5 and 1 <= r.likelihood <= 5]
    desc = (
        f"{len(drawn)} risks on a grid of severity (up) by likelihood (across); each cell "
        "writes its score, severity times likelihood, and each risk is a numbered marker"
    )
    out = [_open(width, height, f"Risk register of {name}", desc, "risks")]
    out.append(
        f'<text x="{PAD}" y="{TOP - 12}" font-weight="bold">Severity \u2191</text>'
        f'<text x="{LEFT + 5 * CELL}" y="{height - 6}" text-anchor="end" font-weight="bold">'
        "Likelihood \u2192</text>"
    )
    cells: dict[tuple[int, int], list[RiskMark]] = {}
    for r in drawn:
        cells.setdefault((r.severity, r.likelihood), []).append(r)
    for severity in range(1, 6):
        y = TOP + (5 - severity) * CELL
        out.append(
            f'<text x="{LEFT - 10}" y="{y + CELL // 2 + 4}" text-anchor="end">{severity}</text>'
        )
    for likelihood in range(1, 6):
        x = LEFT + (likelihood - 1) * CELL
        out.append(
            f'<text x="{x + CELL // 2}" y="{TOP + 5 * CELL + 18}" text-anchor="middle">{likelihood}</text>'
        )
    for severity in range(1, 6):
        for likelihood in range(1, 6):
            score = severity * likelihood
            word, colour = risk_band(score)
            x, y = LEFT + (likelihood - 1) * CELL, TOP + (5 - severity) * CELL
            here = cells.get((severity, likelihood), [])
            tip = f"severity {severity} \u00d7 likelihood {likelihood} = {score}, {word}" + (
                f": {len(here)} risks" if here else ""
            )
            out.append(
                f'<g class="kg-risk-cell" data-band="{word}"><title>{esc(tip)}</title>'
                f'<rect x="{x + 2}" y="{y + 2}" width="{CELL - 4}" height="{CELL - 4}" rx="3" '
                f'fill="{colour}" fill-opacity=".16" stroke="{colour}" stroke-width="1.5"/>'
                f'<text x="{x + 6}" y="{y + 16}" font-size="{FONT}">{score}</text></g>'
            )
            out.extend(_markers(here, x, y))
    out.append("</svg>")
    return "".join(out)


def _markers(here: Sequence[RiskMark], x: float, y: float) -> list[str]:
    """The risks of one cell: numbered circles in rows of three under the score, then "+n"."""
    out = []
    for k, r in enumerate(here[:SHOWN]):
        cx = x + 12 + (k % PER_ROW) * 17
        cy = y + 31 + (k // PER_ROW) * 17
        if len(here) > SHOWN and k == SHOWN - 1:
            more = len(here) - SHOWN + 1
            out.append(
                f'<g class="kg-risk-more"><title>{more} more risks in this cell: see the '
                f'table</title><text x="{cx}" y="{cy + 4}" text-anchor="middle" '
                f'font-weight="bold">+{more}</text></g>'
            )
            break
        dash = STATUS_DASH.get(r.status, "")
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<g class="kg-risk-mark" data-status="{esc(r.status)}"><title>{esc(r.number)}. '
            f"{esc(r.title)} ({esc(r.status)}; severity {r.severity}, likelihood "
            f'{r.likelihood})</title><circle cx="{cx}" cy="{cy}" r="{R}" fill="Canvas" '
            f'stroke="currentColor" stroke-width="1.5"{dashes}/>'
            f'<text x="{cx}" y="{cy + 4}" text-anchor="middle" font-weight="bold">'
            f"{esc(r.number)}</text></g>"
        )
    return out


def risk_legend() -> str:
    """The risk grid's key, in words."""
    bands, low = [], 1
    for word, top, colour in BANDS:
        bands.append(f"{_swatch(colour)}{word} {low} to {top} ({COLOUR_WORD[colour]})")
        low = top + 1
    statuses = ", ".join(f"{s} {w}" for s, w in STATUS_DASH_WORD.items())
    return _legend(
        "Severity goes up (1 minor to 5 could lose the account), likelihood across (1 rare to "
        "5 expected). Each cell writes its score, severity \u00d7 likelihood; its tint repeats "
        f"the band: {', '.join(bands)}. ",
        "Each risk is a numbered circle, its number the row in the table below; the circle's "
        f"outline says its status: {statuses}. Closed risks are not drawn.",
    )
