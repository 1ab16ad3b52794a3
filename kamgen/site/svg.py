"""The site's pictures, drawn at build time as inline SVG: no script, no network, printable.

Text uses `currentColor`, so every picture follows the light or dark palette; the fills are
mid-tones that read on both. Each picture has a <title> and <desc>, and the page beside it
gives the same facts as text (lists and tables), for screen readers and for search.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kamgen.base.escape import md as esc

SENTIMENT = {
    "champion": "#2e7d32",
    "supporter": "#689f38",
    "neutral": "#8d8d8d",
    "detractor": "#c62828",
    "unknown": "#5c6f7b",
}
CELL = {
    "adopted": "#2e7d32",
    "won": "#43a047",
    "pursuing": "#f9a825",
    "open": "#1e88e5",
    "lost": "#8e3b3b",
    "not_applicable": "#9e9e9e",
    "unexplored": "none",
}
LEVELS = ("executive", "management", "operational")


def _open(width: float, height: float, title: str, desc: str, css: str) -> str:
    return (
        f'<svg class="kamgen-{css}" role="img" data-search-exclude viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="100%" style="max-width:{width:.0f}px" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="sans-serif" font-size="12" fill="currentColor">'
        f"<title>{esc(title)}</title><desc>{esc(desc)}</desc>"
    )


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    title: str | None
    level: str
    sentiment: str
    strength: int
    left: bool
    reports_to: str | None
    influences: tuple[str, ...]


def relationship_map(people: Sequence[Person], name: str) -> str:
    """People in one row per level; sentiment fill, strength border, lines for who reports to
    and who influences whom; people who left are hollow and dashed."""
    rows = {
        level: sorted((p for p in people if p.level == level), key=lambda p: p.id)
        for level in LEVELS
    }
    columns = max([len(r) for r in rows.values()] + [1])
    box_w, box_h, gap_x, row_h, left = 150, 44, 20, 110, 110
    width = left + columns * (box_w + gap_x) + gap_x
    height = row_h * len(LEVELS) + 20
    where: dict[str, tuple[int, int]] = {}
    for r, level in enumerate(LEVELS):
        for c, person in enumerate(rows[level]):
            where[person.id] = (left + gap_x + c * (box_w + gap_x), 20 + r * row_h)
    desc = f"{len(people)} stakeholders of {name}, by level; colour is sentiment, border width is relationship strength"
    out = [_open(width, height, f"Relationship map of {name}", desc, "map")]
    out.append(
        '<defs><marker id="kg-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" '
        'markerHeight="6" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" '
        'fill="currentColor" opacity=".6"/></marker></defs>'
    )
    for r, level in enumerate(LEVELS):
        y = 20 + r * row_h
        out.append(
            f'<text x="8" y="{y + box_h / 2 + 4:.0f}" font-weight="bold">{level.title()}</text>'
        )
        if r:
            out.append(
                f'<line x1="0" x2="{width}" y1="{y - 33}" y2="{y - 33}" stroke="currentColor" opacity=".15"/>'
            )
    for person in people:
        if person.id not in where:
            continue
        x, y = where[person.id]
        if person.reports_to in where:
            mx, my = where[person.reports_to]
            out.append(
                f'<line class="kg-reports" x1="{x + box_w / 2:.0f}" y1="{y:.0f}" x2="{mx + box_w / 2:.0f}" '
                f'y2="{my + box_h:.0f}" stroke="currentColor" opacity=".6" marker-end="url(#kg-arrow)"/>'
            )
        # One line per person influenced, however often they are listed: lines grow with
        # the people drawn and the distinct ids listed, never more.
        for target in dict.fromkeys(person.influences):
            if target in where and target != person.id:
                tx, ty = where[target]
                out.append(
                    f'<path class="kg-influence" d="M{x + box_w:.0f} {y + box_h / 2:.0f} Q{(x + tx) / 2 + box_w / 2:.0f} '
                    f'{min(y, ty) - 25:.0f} {tx:.0f} {ty + box_h / 2:.0f}" fill="none" stroke="#7e57c2" '
                    f'stroke-dasharray="4 3" marker-end="url(#kg-arrow)"/>'
                )
    for person in people:
        if person.id not in where:
            continue
        x, y = where[person.id]
        fill = "none" if person.left else SENTIMENT.get(person.sentiment, SENTIMENT["unknown"])
        stroke = f'stroke="currentColor" stroke-width="{max(person.strength, 0.5):g}"'
        dash = ' stroke-dasharray="5 4" opacity=".6"' if person.left else ""
        text_fill = "currentColor" if person.left else "#fff"
        label = person.name + (" (left)" if person.left else "")
        tip = f"{person.name}, {person.title or person.level}: {person.sentiment}, strength {person.strength}"
        out.append(
            f'<g class="kg-person" data-sentiment="{person.sentiment}"><title>{esc(tip)}</title>'
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{box_w}" height="{box_h}" rx="6" fill="{fill}" {stroke}{dash}/>'
            f'<text x="{x + 8:.0f}" y="{y + 18:.0f}" fill="{text_fill}" font-weight="bold">{esc(_clip(label, 20))}</text>'
            f'<text x="{x + 8:.0f}" y="{y + 34:.0f}" fill="{text_fill}" font-size="10">{esc(_clip(person.title or "", 24))}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)


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


def heatmap(
    units: Sequence[str],
    offerings: Sequence[str],
    cells: dict[tuple[str, str], GridCell],
    name: str,
) -> str:
    """Their units down, our offerings across; colour is the status, the text the value."""
    cw, ch, left, top = 120, 40, 160, 60
    # A unit or offering listed twice (an error of its own) is drawn once.
    row = {unit: i for i, unit in enumerate(dict.fromkeys(units))}
    col = {offering: j for j, offering in enumerate(dict.fromkeys(offerings))}
    width = left + cw * max(len(col), 1) + 10
    height = top + ch * max(len(row), 1) + 10
    desc = f"{len(row)} units by {len(col)} offerings; colour is the cell's status"
    out = [_open(width, height, f"Whitespace grid of {name}", desc, "heatmap")]
    for offering, j in col.items():
        out.append(
            f'<text x="{left + j * cw + cw / 2:.0f}" y="{top - 10}" text-anchor="middle" font-weight="bold">'
            f"{esc(_clip(offering, 18))}</text>"
        )
    for unit, i in row.items():
        out.append(
            f'<text x="{left - 8}" y="{top + i * ch + ch / 2 + 4:.0f}" text-anchor="end" font-weight="bold">{esc(_clip(unit, 22))}</text>'
        )
    # Every cell's dashed outline at once; a listed cell's filled square covers its own.
    out.append(
        f'<defs><pattern id="kg-unexplored" x="{left}" y="{top}" width="{cw}" height="{ch}" '
        f'patternUnits="userSpaceOnUse"><rect x="2" y="2" width="{cw - 4}" height="{ch - 4}" '
        f'rx="4" fill="none" stroke="currentColor" stroke-opacity=".3" stroke-dasharray="3 3"/>'
        f'</pattern></defs><rect class="kg-unexplored" x="{left}" y="{top}" '
        f'width="{cw * len(col)}" height="{ch * len(row)}" fill="url(#kg-unexplored)"/>'
    )
    listed = [(row[u], col[o], cell) for (u, o), cell in cells.items() if u in row and o in col]
    unexplored = len(row) * len(col) - len(listed)
    if unexplored <= UNEXPLORED_PER_ITEM * (len(units) + len(offerings) + len(cells)):
        for unit, i in row.items():
            for offering, j in col.items():
                if (unit, offering) not in cells:
                    tip = f"{_clip(unit, 40)} × {_clip(offering, 40)}: unexplored"
                    listed.append((i, j, GridCell("unexplored", "", tip)))
    for i, j, cell in sorted(listed, key=lambda item: (item[0], item[1])):
        x, y = left + j * cw, top + i * ch
        fill = CELL.get(cell.status, "none")
        dash = ' stroke-dasharray="3 3"' if fill == "none" else ""
        ink = "currentColor" if fill == "none" else "#fff"
        out.append(
            f'<g class="kg-cell" data-status="{cell.status}"><title>{esc(cell.tip)}</title>'
            f'<rect x="{x + 2}" y="{y + 2}" width="{cw - 4}" height="{ch - 4}" rx="4" fill="{fill}" '
            f'stroke="currentColor" stroke-opacity=".3"{dash}/>'
            f'<text x="{x + cw / 2:.0f}" y="{y + ch / 2 + 4:.0f}" text-anchor="middle" '
            f'fill="{ink}">{esc(cell.label or cell.status.replace("_", " "))}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)


def legend(colours: dict[str, str]) -> str:
    """An HTML legend for a picture's colours."""
    items = "".join(
        f'<span class="kg-key"><span class="kg-swatch" style="background:{colour}"></span>{name.replace("_", " ")}</span>'
        for name, colour in colours.items()
    )
    return f'<p class="kg-legend" data-search-exclude>{items}</p>'


def pareto(values: Sequence[tuple[str, float]]) -> str:
    """Cumulative share of revenue by account, largest first, with the 80% line."""
    width, height, pad = 520, 240, 40
    total = sum(v for _, v in values)
    n = len(values)
    out = [
        _open(
            width,
            height,
            "Revenue concentration",
            f"cumulative share of revenue over {n} accounts, largest first",
            "pareto",
        )
    ]
    out.append(
        f'<rect x="{pad}" y="10" width="{width - pad - 10}" height="{height - pad - 10}" fill="none" stroke="currentColor" opacity=".3"/>'
    )
    y80 = 10 + (height - pad - 10) * 0.2
    out.append(
        f'<line x1="{pad}" x2="{width - 10}" y1="{y80:.1f}" y2="{y80:.1f}" stroke="#c62828" stroke-dasharray="4 3"/>'
    )
    out.append(f'<text x="{pad - 4}" y="{y80 + 4:.0f}" text-anchor="end">80%</text>')
    out.append(f'<text x="{pad}" y="{height - 8}">accounts, by revenue →</text>')
    if total > 0 and n:
        points: list[tuple[float, float]] = [(pad, height - pad)]
        running = 0.0
        for i, (_, v) in enumerate(values, 1):
            running += v
            points.append(
                (
                    pad + (width - pad - 10) * i / n,
                    height - pad - (height - pad - 10) * running / total,
                )
            )
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="#1e88e5" stroke-width="2"/>')
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True)
class Bubble:
    name: str
    href: str
    score: float
    health: int
    revenue: float
    tier: int


TIER_COLOUR = {1: "#1e88e5", 2: "#43a047", 3: "#f9a825"}


def matrix(bubbles: Iterable[Bubble], currency: str, labelled: int = 12) -> str:
    """Selection score across, health up, bubble area by revenue; the largest are labelled."""
    items = list(bubbles)
    width, height, pad = 560, 380, 44
    top = max((b.revenue for b in items), default=0) or 1
    out = [
        _open(
            width,
            height,
            "Portfolio matrix",
            f"{len(items)} accounts: selection score across, health up, bubble area by revenue in {currency}",
            "matrix",
        )
    ]
    pw, ph = width - pad - 10, height - pad - 10
    out.append(
        f'<rect x="{pad}" y="10" width="{pw}" height="{ph}" fill="none" stroke="currentColor" opacity=".3"/>'
    )
    out.append(
        f'<line x1="{pad + pw / 2}" x2="{pad + pw / 2}" y1="10" y2="{10 + ph}" stroke="currentColor" opacity=".2"/>'
    )
    out.append(
        f'<line x1="{pad}" x2="{pad + pw}" y1="{10 + ph / 2}" y2="{10 + ph / 2}" stroke="currentColor" opacity=".2"/>'
    )
    out.append(
        f'<text x="{pad + pw / 2}" y="{height - 10}" text-anchor="middle">selection score →</text>'
    )
    out.append(
        f'<text x="12" y="{10 + ph / 2}" transform="rotate(-90 12 {10 + ph / 2})" text-anchor="middle">health →</text>'
    )
    big = sorted(items, key=lambda b: -b.revenue)
    named = {id(b) for b in big[:labelled]}
    for b in big:
        x = pad + pw * b.score / 100
        y = 10 + ph * (1 - b.health / 100)
        r = 3 + 22 * math.sqrt(max(b.revenue, 0) / top)
        out.append(
            f'<a href="{b.href}"><circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{TIER_COLOUR.get(b.tier, "#8d8d8d")}" '
            f'fill-opacity=".55" stroke="currentColor" stroke-opacity=".5"><title>{esc(b.name)}: score {b.score:g}, '
            f"health {b.health}, tier {b.tier}</title></circle>"
            + (
                f'<text x="{x:.1f}" y="{y - r - 3:.1f}" text-anchor="middle" font-size="10">{esc(_clip(b.name, 18))}</text>'
                if id(b) in named
                else ""
            )
            + "</a>"
        )
    out.append("</svg>")
    return "".join(out)
