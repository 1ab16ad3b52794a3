"""The Pareto curve: the running share of revenue, largest account first, with the 80% line,
the largest accounts numbered and named, and its key in words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from kamgen.base.escape import md as esc
from kamgen.site.svg.colours import COLOUR_WORD, LINE, MARK
from kamgen.site.svg.frame import _legend, _open, _swatch
from kamgen.site.svg.place import _around, _Placer
from kamgen.site.svg.text import _n, fit, text_width

PARETO_W, PARETO_H = 350, 270


def _ticks(top: int, most: int = 5) -> list[int]:
    """Round whole numbers from 0 to `top` (a count of accounts), at most `most` of them."""
    if top <= 0:
        return [0]
    raw = top / max(most - 1, 1)
    power = 10 ** max(math.floor(math.log10(raw)), 0)
    step = next(s * power for s in (1, 2, 5, 10) if s * power >= raw)
    return list(range(0, top + 1, step))


def pareto(values: Sequence[tuple[str, float]], named: int = 5) -> str:
    """Cumulative share of revenue by account, largest first, with the 80% line. The largest
    `named` accounts are numbered dots, named in a key inside the plot; where the curve
    crosses 80%, a dot says how many accounts that takes."""
    width, height = PARETO_W, PARETO_H
    x0, x1, y0, y1 = 44, width - 14, 30, height - 44
    pw, ph = x1 - x0, y1 - y0
    total = sum(max(v, 0) for _, v in values)
    n = len(values)

    def head(tall: float) -> str:
        desc = f"cumulative share of revenue over {n} accounts, largest first"
        return _open(width, tall, "Revenue concentration", desc, "pareto")

    out = [
        head(height),
        f'<text x="{x0}" y="16" font-weight="bold">Share of revenue, running total</text>'
        f'<rect x="{x0}" y="{y0}" width="{pw}" height="{ph}" fill="none" stroke="currentColor" '
        f'stroke-opacity=".45"/><g text-anchor="end">',
    ]
    for share in (0, 25, 50, 75, 100):
        y = y1 - ph * share / 100
        out.append(f'<text x="{x0 - 5}" y="{_n(y + 4)}">{share}%</text>')
        if 0 < share < 100:
            out.append(
                f'<line x1="{x0}" x2="{x1}" y1="{_n(y)}" y2="{_n(y)}" stroke="currentColor" '
                f'stroke-opacity=".12"/>'
            )
    out.append('</g><g text-anchor="middle">')
    for tick in _ticks(n):
        out.append(f'<text x="{_n(x0 + pw * tick / max(n, 1))}" y="{y1 + 16}">{tick}</text>')
    y80 = y1 - ph * 0.8
    out.append(
        f'</g><text x="{(x0 + x1) // 2}" y="{height - 8}" text-anchor="middle">'
        f"Accounts, largest revenue first</text>"
        f'<line x1="{x0}" x2="{x1}" y1="{_n(y80)}" y2="{_n(y80)}" stroke="{MARK}" '
        f'stroke-width="1.5" stroke-dasharray="6 4"/>'
    )
    frame = (x0 + 2.0, y0 + 2.0, x1 - 2.0, y1 - 2.0)
    if total <= 0 or not n:
        out.append(
            _Placer(frame).place("80% of revenue", x1 - 4, y80 - 5, [(0, 0, "end")]) + "</svg>"
        )
        return "".join(out)
    cumulative, running = [0.0], 0.0
    for _, v in values:
        running += max(v, 0)
        cumulative.append(running / total)
    points = [(x0 + pw * i / n, y1 - ph * share) for i, share in enumerate(cumulative)]
    drawn = _thin(points) if n > pw else points
    out.append(
        f'<polyline points="{" ".join(f"{_n(x)},{_n(y)}" for x, y in drawn)}" fill="none" '
        f'stroke="{LINE}" stroke-width="2.5" stroke-linejoin="round"/>'
    )
    labels = _Placer(frame, segments=drawn)
    # The 80% line's own label first, so that no number takes its place: at the right end,
    # above the line or below it, else at the left end.
    label = "80% of revenue"
    spots = [(x1 - 4, y80 - 5, "end"), (x1 - 4, y80 + 15, "end"), (x0 + 4, y80 - 5, "start")]
    text = next(
        (t for x, y, anchor in spots if (t := labels.place(label, x, y, [(0, 0, anchor)]))),
        f'<text x="{x0 + 4}" y="{_n(y80 + 15)}">{label}</text>',
    )
    marks = [f'<g class="kg-halo">{text}']
    reach = next((i for i, share in enumerate(cumulative) if share >= 0.8 - 1e-9), n)
    if reach:
        rx, ry = points[reach]
        out.append(
            f'<line x1="{_n(rx)}" x2="{_n(rx)}" y1="{_n(ry)}" y2="{y1}" stroke="{MARK}" '
            f'stroke-dasharray="2 3"/><circle cx="{_n(rx)}" cy="{_n(ry)}" r="4" fill="{MARK}"/>'
        )
        words = f"{reach} {'account' if reach == 1 else 'accounts'}"
        marks.append(labels.place(words, rx, ry, _around(7), bold=True))
    top = min(named, n)
    for i in range(1, top + 1):
        x, y = points[i]
        out.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.5" fill="{LINE}" stroke="Canvas"/>')
    marks.extend(labels.place(str(i), *points[i], _around(6)) for i in range(1, top + 1))
    out.append("".join(marks) + "</g>")
    if top:
        key, below = _pareto_key(values[:top], total, (x0, x1, y1, height), labels)
        out.append(key)
        out[0] = head(height + below)  # taller when the key is under the axis
    out.append("</svg>")
    return "".join(out)


def _thin(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """One point per pixel column, which is all a screen can show: the last of each column
    (the curve rises, so that is its top), and the first point of all."""
    columns: dict[int, tuple[float, float]] = {}
    for point in points:
        columns[round(point[0])] = point
    drawn = list(columns.values())
    drawn[0] = points[0]
    return drawn


def _pareto_key(
    top: Sequence[tuple[str, float]],
    total: float,
    plot: tuple[float, float, float, float],
    labels: _Placer,
) -> tuple[str, int]:
    """The names of the numbered accounts, each with its share of revenue: in the plot's lower
    right, which is below a curve that rises and bends up, when the curve and the labels leave
    room there; else under the axis. Returns the key and how much taller it makes the picture."""
    x0, x1, y1, height = plot
    lines = [(f"{i}. {fit(name, 200)}", _share(v / total)) for i, (name, v) in enumerate(top, 1)]
    kw = 12 + max(text_width(a) for a, _ in lines) + 10 + max(text_width(b) for _, b in lines)
    kw = min(kw, x1 - x0 - 8)
    kh = 15 * len(lines) + 8
    kx, ky, below = x1 - kw - 4, y1 - kh - 4, 0
    if not labels.free((kx, ky - 4, kx + kw, ky + kh)):
        kx, ky, below = x0, height, kh + 8
    out = [
        f'<g class="kg-names"><rect x="{_n(kx)}" y="{_n(ky)}" width="{_n(kw)}" height="{kh}" rx="3" '
        f'fill="Canvas" stroke="currentColor" stroke-opacity=".45"/>'
    ]
    for k, (name, share) in enumerate(lines):
        y = ky + 16 + 15 * k
        out.append(
            f'<text x="{_n(kx + 6)}" y="{_n(y)}">{esc(name)}</text>'
            f'<text x="{_n(kx + kw - 6)}" y="{_n(y)}" text-anchor="end">{share}</text>'
        )
    out.append("</g>")
    return "".join(out), math.ceil(below)


def _share(share: float) -> str:
    """12%, 4.1%, 0.4%: a share with two significant figures at most."""
    return f"{share * 100:.0f}%" if share >= 0.095 else f"{share * 100:.1f}%"


def pareto_legend(named: int = 5) -> str:
    """The Pareto curve's key, in words."""
    return _legend(
        f"{_swatch(LINE)}The {COLOUR_WORD[LINE]} line adds up each account's share of revenue, "
        "largest account first. ",
        f"{_swatch(MARK)}The dashed {COLOUR_WORD[MARK]} line is 80% of revenue; the dot where "
        "the curve reaches it says how many accounts make 80%. ",
        f"The numbered dots are the {named} largest accounts, named with their share of revenue "
        "in the box.",
    )
