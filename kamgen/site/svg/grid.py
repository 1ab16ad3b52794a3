"""The whitespace grid: the customer's units by our offerings, a cell per pair naming its
status and value, and its key in words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from kamgen.base.escape import md as esc
from kamgen.site.svg.colours import CELL, CELL_WORD, COLOUR_WORD, OTHER_TIER
from kamgen.site.svg.frame import _legend, _open, _swatch
from kamgen.site.svg.text import fit, text_width, wrap


@dataclass(frozen=True)
class GridCell:
    status: str
    label: str  # the value, formatted
    tip: str


# Unexplored cells are drawn one by one (each with its tooltip) while they number at most
# this many per unit, offering and listed cell; beyond that, the patterned background alone
# shows them. Without this bound, a grid of a few KB (hundreds of units by hundreds of
# offerings, no cells) drew a page of tens of MB: now a picture grows with its input.
UNEXPLORED_PER_ITEM = 4
CELL_W, CELL_H, GRID_PAD = 104, 44, 8
UNIT_ROOM = 170  # the widest unit name before it is cut


def heatmap(
    units: Sequence[str],
    offerings: Sequence[str],
    cells: dict[tuple[str, str], GridCell],
    name: str,
) -> str:
    """Their units down, our offerings across. A cell writes its status (and value, where
    known) and is outlined and tinted in the status's colour; an unexplored cell is an empty
    dashed box."""
    cw, ch = CELL_W, CELL_H
    # A unit or offering listed twice (an error of its own) is drawn once.
    row = {unit: i for i, unit in enumerate(dict.fromkeys(units))}
    col = {offering: j for j, offering in enumerate(dict.fromkeys(offerings))}
    unit_text = {u: fit(u, UNIT_ROOM, bold=True) for u in row}
    left = GRID_PAD + max([text_width(t, bold=True) for t in unit_text.values()] + [40]) + 10
    left = math.ceil(left)
    heads = {o: wrap(o, cw - 8, 3, bold=True) for o in col}
    top = GRID_PAD + 15 * max([len(h) for h in heads.values()] + [1]) + 6
    width = left + cw * max(len(col), 1) + GRID_PAD
    height = top + ch * max(len(row), 1) + GRID_PAD
    desc = (
        f"{len(row)} units by {len(col)} offerings; each cell names its status and value, "
        f"and an empty dashed cell is unexplored"
    )
    out = [_open(width, height, f"Whitespace grid of {name}", desc, "heatmap")]
    out.append('<g font-weight="bold" text-anchor="middle">')
    for offering, j in col.items():
        x, lines = left + j * cw + cw // 2, heads[offering]
        first = top - 6 - 15 * (len(lines) - 1)
        # A <text> a line (not <tspan>s): the elements drawn do not depend on a name's length.
        out.extend(
            f'<text x="{x}" y="{first + 15 * k}">{esc(line)}</text>' for k, line in enumerate(lines)
        )
    out.append('</g><g font-weight="bold" text-anchor="end">')
    for unit, i in row.items():
        out.append(
            f'<text x="{left - 10}" y="{top + i * ch + ch // 2 + 4}">{esc(unit_text[unit])}</text>'
        )
    out.append("</g>")
    # Every cell's dashed outline at once; a listed cell's box covers its own.
    out.append(
        f'<defs><pattern id="kg-unexplored" x="{left}" y="{top}" width="{cw}" height="{ch}" '
        f'patternUnits="userSpaceOnUse"><rect x="3" y="3" width="{cw - 6}" height="{ch - 6}" '
        f'rx="4" fill="none" stroke="currentColor" stroke-opacity=".55" stroke-dasharray="3 3"/>'
        f'</pattern></defs><rect class="kg-unexplored" x="{left}" y="{top}" '
        f'width="{cw * len(col)}" height="{ch * len(row)}" fill="url(#kg-unexplored)"/>'
    )
    listed = [(row[u], col[o], cell) for (u, o), cell in cells.items() if u in row and o in col]
    unexplored = len(row) * len(col) - len(listed)
    if unexplored <= UNEXPLORED_PER_ITEM * (len(units) + len(offerings) + len(cells)):
        for unit, i in row.items():
            for offering, j in col.items():
                if (unit, offering) not in cells:
                    tip = f"{fit(unit, 300)} × {fit(offering, 300)}: unexplored"
                    listed.append((i, j, GridCell("unexplored", "", tip)))
    out.append('<g text-anchor="middle">')
    for i, j, cell in sorted(listed, key=lambda item: (item[0], item[1])):
        x, y = left + j * cw, top + i * ch
        colour = CELL.get(cell.status, OTHER_TIER)
        if colour == "none":
            box = 'fill="Canvas" stroke="currentColor" stroke-opacity=".55" stroke-dasharray="3 3"'
        else:
            box = f'fill="{colour}" fill-opacity=".16" stroke="{colour}" stroke-width="2"'
        word = CELL_WORD.get(cell.status, cell.status.replace("_", " "))
        value = fit(cell.label, cw - 10)
        texts = ""
        if word and value:
            texts = (
                f'<text x="{x + cw // 2}" y="{y + 19}" font-weight="bold">{esc(fit(word, cw - 10))}</text>'
                f'<text x="{x + cw // 2}" y="{y + 35}">{esc(value)}</text>'
            )
        elif word or value:
            texts = f'<text x="{x + cw // 2}" y="{y + 27}" font-weight="bold">{esc(fit(word or value, cw - 10))}</text>'
        out.append(
            f'<g class="kg-cell" data-status="{esc(cell.status)}"><title>{esc(cell.tip)}</title>'
            f'<rect x="{x + 3}" y="{y + 3}" width="{cw - 6}" height="{ch - 6}" rx="4" {box}/>'
            f"{texts}</g>"
        )
    out.append("</g></svg>")
    return "".join(out)


def heatmap_legend() -> str:
    """The whitespace grid's key, in words."""
    statuses = ", ".join(
        f"{_swatch(colour)}{CELL_WORD[s]}"
        + (" (not applicable)" if s == "not_applicable" else "")
        + f" ({COLOUR_WORD[colour]})"
        for s, colour in CELL.items()
        if colour != "none"
    )
    return _legend(
        "Rows are the customer's units, columns our offerings. Each cell writes its status "
        f"and, where known, its value; its outline and tint repeat the status: {statuses}. ",
        f"{_swatch('none')}An empty dashed box is unexplored: nobody has looked yet. ",
        "Hover or tap a cell for its owner, target date and notes.",
    )
