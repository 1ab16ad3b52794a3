"""The portfolio matrix: a bubble per account (score across, health up, area revenue, colour
and outline tier), the largest named, the smallest summed in squares, and its key in words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kamgen.base.escape import md as esc
from kamgen.site.svg.colours import COLOUR_WORD, OTHER_TIER, TIER_COLOUR, TIER_DASH, TIER_DASH_WORD
from kamgen.site.svg.frame import _legend, _open, _swatch
from kamgen.site.svg.place import _ANGLES, _RINGS, Box, _crosses, _label_box, _Placer, _spot
from kamgen.site.svg.text import _n, compact, fit, text_width


@dataclass(frozen=True)
class Bubble:
    name: str
    href: str
    score: float
    health: float | None
    revenue: float
    tier: int


MATRIX_W, MATRIX_H = 560, 440
R_MAX, R_MIN = 26.0, 4.0
FILL = 0.3  # the most of the plot the bubbles cover together
CROWD = (
    40  # beyond this many accounts, the unnamed bubbles leave the tab order (the table has them)
)
# Beyond this many accounts, the smallest are summed in squares, one per tenth of each axis, not
# drawn one by one: the picture (and the home page) stays the same size at 1000 or 10,000
# accounts, and a thousand overlapping dots would say no more than a hundred squares.
DRAWN = 250
BINS = 10


def _clamp(value: float) -> float:
    return min(max(value, 0.0), 100.0)


def matrix(
    bubbles: Iterable[Bubble],
    currency: str,
    labelled: int = 12,
    x_label: str = "Selection score",
    y_label: str = "Health",
    drawn: int = DRAWN,
) -> str:
    """Selection score across, health up; bubble area is revenue (with a minimum size), the
    colour and outline are the tier. Up to `labelled` of the largest accounts are named, each
    label beside its own bubble and inside the plot, or not at all. Every bubble links to its
    account, with a tooltip naming it; the unnamed are faint, and beyond
    `drawn` the smallest are summed in grey squares, one per tenth of each axis."""
    items = list(bubbles)
    plotted = [b for b in items if b.health is not None]
    width, height = MATRIX_W, MATRIX_H
    x0, x1, y0, y1 = 52, width - 14, 44, height - 46
    pw, ph = x1 - x0, y1 - y0
    ranked = sorted(plotted, key=lambda b: (-b.revenue, b.name))
    top, rest = ranked[:labelled], ranked[labelled : max(drawn, labelled)]
    binned = ranked[max(drawn, labelled) :]
    largest = max((b.revenue for b in plotted), default=0.0)
    scale = largest if largest > 0 else 1.0
    # One scale for every bubble (area stays proportional to revenue), small enough that the
    # bubbles drawn cover at most `FILL` of the plot: many accounts make small bubbles.
    area = sum(max(b.revenue, 0) for b in top + rest) / scale
    biggest = min(R_MAX, math.sqrt(FILL * pw * ph / (math.pi * area))) if area else R_MAX

    # 0 and 100 sit inside the frame, so that a bubble at the edge stays in the plot.
    pad = max(biggest, R_MIN) + 2

    def sx(value: float) -> float:
        return x0 + pad + (pw - 2 * pad) * _clamp(value) / 100

    def sy(value: float) -> float:
        return y1 - pad - (ph - 2 * pad) * _clamp(value) / 100

    def at(b: Bubble) -> tuple[float, float, float]:
        r = max(R_MIN, biggest * math.sqrt(max(b.revenue, 0) / scale))
        # Rounded as they are written, so that labels are placed against what is drawn.
        return round(sx(b.score)), round(sy(b.health or 0)), round(r, 1)

    missing = len(items) - len(plotted)
    desc = (
        f"{len(plotted)} accounts: {x_label.lower()} across, {y_label.lower()} up, bubble area "
        f"by revenue in {currency}, colour and outline by tier"
        + (f"; {missing} without a {y_label.lower()} are not drawn" if missing else "")
    )
    # Links inside: role="img" would make them presentational (axe: nested-interactive).
    role = "group" if top else "img"
    out = [_open(width, height, "Portfolio matrix", desc, "matrix", role=role)]
    out.append(_tier_key(x0, 20))
    out.append(
        f'<rect x="{x0}" y="{y0}" width="{pw}" height="{ph}" fill="none" stroke="currentColor" '
        f'stroke-opacity=".45"/>'
    )
    ticks = []
    for v in (0, 25, 50, 75, 100):
        x, y = sx(v), sy(v)
        opacity = ".3" if v == 50 else ".12"
        ticks.append(
            f'<path d="M{_n(x)} {y0}V{y1}M{x0} {_n(y)}H{x1}" stroke="currentColor" '
            f'stroke-opacity="{opacity}"/>'
        )
        ticks.append(f'<text x="{_n(x)}" y="{y1 + 16}" text-anchor="middle">{v}</text>')
        ticks.append(f'<text x="{x0 - 6}" y="{_n(y + 4)}" text-anchor="end">{v}</text>')
    out.extend(ticks)
    out.append(
        f'<text x="{(x0 + x1) // 2}" y="{height - 8}" text-anchor="middle" font-weight="bold">'
        f"{esc(fit(x_label, pw))} \u2192</text>"
        f'<text transform="translate(16 {(y0 + y1) // 2}) rotate(-90)" text-anchor="middle" '
        f'font-weight="bold">{esc(fit(y_label, ph))} \u2192</text>'
    )
    if binned:
        inner = (x0 + pad, y1 - pad, pw - 2 * pad, ph - 2 * pad)
        out.append(_bins(binned, currency, inner, biggest / math.sqrt(scale), (x_label, y_label)))
    crowd = len(plotted) > CROWD
    # The unnamed first, a group per tier (fewer bytes), largest first so small stay on top.
    by_tier: dict[int, list[Bubble]] = {}
    for b in rest:
        by_tier.setdefault(b.tier, []).append(b)
    for tier, group in sorted(by_tier.items()):
        out.append(_tier_group(tier, "faint"))
        for b in group:
            out.append(_bubble(b, currency, *at(b), focus=not crowd))
        out.append("</g>")
    for b in top:
        out.append(_tier_group(b.tier, "named") + _bubble(b, currency, *at(b), focus=True) + "</g>")
    # A name may cross the edge of a faint, unnamed bubble (the named ones stand out solid)
    # but not its middle; in a crowd, where that would leave no room for any name, it may.
    others = [] if crowd else [(x, y, r * 0.3) for x, y, r in map(at, rest)]
    frame = (x0 + 2.0, y0 + 2.0, x1 - 2.0, y1 - 2.0)
    out.append(_labels(top, [at(b) for b in top], frame, others))
    out.append("</svg>")
    return "".join(out)


def _tier_group(tier: int, look: str) -> str:
    """A group of bubbles of one tier: its colour fills them, its dashes outline them.
    `named`: solid, outlined in the text colour; `faint`: the others, lightly filled and
    outlined in the tier's colour."""
    colour = TIER_COLOUR.get(tier, OTHER_TIER)
    dash = TIER_DASH.get(tier, "")
    stroke, opacity, width = {
        "named": ("currentColor", ".9", "2"),
        "faint": (colour, ".15", "1"),
    }[look]
    return (
        f'<g class="kg-tier{tier if tier in TIER_COLOUR else ""}" fill="{colour}" '
        f'stroke="{stroke}" fill-opacity="{opacity}" stroke-width="{width}"'
        + (f' stroke-dasharray="{dash}"' if dash else "")
        + ">"
    )


NO_TAB = ' tabindex="-1"'


def _bubble(b: Bubble, currency: str, x: float, y: float, r: float, focus: bool) -> str:
    tip = (
        f"{esc(b.name)}, score {b.score:.0f}, health {b.health or 0:.0f}, "
        f"{esc(currency)} {compact(b.revenue)}, tier {b.tier}"
    )
    return (
        f'<a href="{_href(b.href)}"{"" if focus else NO_TAB}><title>{tip}</title>'
        f'<circle cx="{x:.0f}" cy="{y:.0f}" r="{_n(r)}"/></a>'
    )


_PLAIN_HREF = re.compile(r"[A-Za-z0-9_./~-]*")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def _href(href: str) -> str:
    """A link as it is when it is a plain relative path (the site's own, which keeps a
    thousand bubbles small); escaped like any text otherwise, and `#` for any scheme but
    http(s): an entity-escaped `javascript:` is still `javascript:` to the browser."""
    if _PLAIN_HREF.fullmatch(href) and not href.startswith("//"):
        return href
    # What a browser ignores before it reads the scheme: tabs and newlines anywhere, and
    # controls and spaces in front.
    bare = re.sub(r"[\t\n\r]", "", href).lstrip("".join(map(chr, range(33))))
    scheme = _SCHEME.match(bare)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        return "#"
    return esc(href)


def _tier_key(x: float, y: float) -> str:
    """The tiers above the plot: a sample bubble of each, and the word. The samples are
    paths, so that the matrix has exactly one <circle> per account."""
    out = [f'<text x="{_n(x)}" y="{_n(y + 4)}" font-weight="bold">Tier</text>']
    x += 36
    for tier in TIER_COLOUR:
        out.append(
            _tier_group(tier, "named")
            + f'<path d="M{_n(x)} {_n(y)}a7 7 0 1 0 14 0a7 7 0 1 0-14 0"/></g>'
            + f'<text x="{_n(x + 19)}" y="{_n(y + 4)}">{tier}</text>'
        )
        x += 44
    out.append(f'<text x="{_n(x + 8)}" y="{_n(y + 4)}">bubble area: revenue</text>')
    return "".join(out)


LABEL_ROOMS = (200, 110)  # a name beside a bubble is cut to the first that finds a place


def label_texts(name: str, others: Sequence[str] = ()) -> list[str]:
    """The name beside a bubble, cut to each of `LABEL_ROOMS` (the tooltip has it whole), but
    never so short that one of `others` reads the same ("Synthetic Cust…" names nobody)."""
    out = []
    for room in LABEL_ROOMS:
        text = fit(name, room, bold=True)
        stem = text.removesuffix("\u2026")
        if text == name or not any(o.startswith(stem) for o in others if o != name):
            out.append(text)
    return list(dict.fromkeys(out))


def _labels(
    top: Sequence[Bubble],
    where: Sequence[tuple[float, float, float]],
    frame: Box,
    others: Sequence[tuple[float, float, float]] = (),
) -> str:
    """A name beside each of the largest bubbles (at `where`): touching it, or a little off
    with a leader line, inside the plot, over no other name and no other bubble, and at least
    8 units nearer its own bubble than any other named one. A label with no such place is
    left out, so that no name sits where it could belong to another account."""
    labels = _Placer(frame)
    names = [b.name for b in top]
    leaders, texts = ['<g class="kg-leaders" stroke="currentColor">'], []
    for k, b in enumerate(top):
        x, y, r = where[k]
        found = None
        for ring in _RINGS:
            far = ring - 4
            # Touching its bubble, a label keeps 8 units from any other named one (twice as
            # near its own); further off, its leader line says whose it is.
            circles = [(cx, cy, cr + 8) for cx, cy, cr in where]
            circles += [(cx, cy, cr + 2) for cx, cy, cr in others]
            for text in label_texts(b.name, names):
                w = text_width(text, bold=True)
                for angle in _ANGLES:
                    dx, dy, anchor = _spot(r, ring, angle)
                    box = _label_box(x + dx, y + dy, w, anchor)
                    if not labels.free(box, k, circles):
                        continue
                    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
                    edge = (x + r * cos, y - r * sin)
                    end = (x + (r + ring - 3) * cos, y - (r + ring - 3) * sin)
                    # A leader starts on its own bubble's edge only, clear of every other.
                    if far and any(
                        _crosses(edge, end, (cx, cy, cr + 4))
                        for j, (cx, cy, cr) in enumerate(where)
                        if j != k
                    ):
                        continue
                    found = (text, x + dx, y + dy, anchor, box, edge, end)
                    break
                if found:
                    break
            if found:
                break
        if found:
            text, tx, ty, anchor, box, edge, end = found
            labels.placed.append(box)
            texts.append(
                f'<text x="{_n(tx)}" y="{_n(ty)}" text-anchor="{anchor}" font-weight="bold">'
                f"{esc(text)}</text>"
            )
            if end != edge and math.dist(edge, end) > 2 * 4:
                leaders.append(
                    f'<line x1="{_n(edge[0])}" y1="{_n(edge[1])}" x2="{_n(end[0])}" '
                    f'y2="{_n(end[1])}"/>'
                )
    return (
        "".join(leaders)
        + '</g><g class="kg-labels kg-halo" pointer-events="none">'
        + "".join(texts)
        + "</g>"
    )


def _bins(
    binned: Sequence[Bubble],
    currency: str,
    plot: tuple[float, float, float, float],
    unit: float,
    labels: tuple[str, str],
) -> str:
    """The smallest accounts, summed per tenth of each axis: a grey square per tenth that holds
    any, its area their revenue on the bubbles' scale (up to the tenth's own size), with a
    tooltip saying how many accounts it holds and their revenue. `unit` is the bubbles' scale:
    a bubble's radius is `unit` times the square root of its revenue."""
    x0, y1, pw, ph = plot
    cells: dict[tuple[int, int], list[Bubble]] = {}
    for b in binned:
        i = min(int(_clamp(b.score) * BINS / 100), BINS - 1)
        j = min(int(_clamp(b.health or 0) * BINS / 100), BINS - 1)
        cells.setdefault((i, j), []).append(b)
    step = 100 // BINS
    x_word, y_word = esc(labels[0].lower()), esc(labels[1].lower())
    out = [f'<g class="kg-bins" fill="{OTHER_TIER}" fill-opacity=".15" stroke="{OTHER_TIER}">']
    for (i, j), group in sorted(cells.items()):
        revenue = sum(max(b.revenue, 0) for b in group)
        # The square of the same area as a bubble of this revenue, within its tenth.
        side = min(
            max(R_MIN * 1.6, unit * math.sqrt(revenue * math.pi)),
            min(pw, ph) / BINS - 4,
        )
        cx, cy = x0 + pw * (i + 0.5) / BINS, y1 - ph * (j + 0.5) / BINS
        accounts = f"{len(group)} smaller account" + ("s" if len(group) > 1 else "")
        out.append(
            f"<g><title>{accounts}, {x_word} {i * step}-{(i + 1) * step}, {y_word} "
            f"{j * step}-{(j + 1) * step}: {esc(currency)} {compact(revenue)} in all</title>"
            f'<rect x="{_n(cx - side / 2)}" y="{_n(cy - side / 2)}" width="{_n(side)}" '
            f'height="{_n(side)}"/></g>'
        )
    out.append("</g>")
    return "".join(out)


def matrix_legend(
    currency: str,
    labelled: int = 12,
    x_label: str = "Selection score",
    y_label: str = "Health",
) -> str:
    """The portfolio matrix's key, in words."""
    tiers = "; ".join(
        f"{_swatch(TIER_COLOUR[t])}tier {t} {COLOUR_WORD[TIER_COLOUR[t]]}, {TIER_DASH_WORD[t]}"
        for t in TIER_COLOUR
    )
    return _legend(
        f"Each bubble is an account: {esc(x_label.lower())} across (0 to 100), "
        f"{esc(y_label.lower())} up (0 to 100). Bubble area is revenue in {esc(currency)}; the "
        "smallest are drawn at a minimum "
        f"size so they can be seen. ",
        f"Colour and outline give the tier: {tiers}. ",
        f"Up to {labelled} of the largest accounts are solid and named beside their bubble (or "
        "at the end of a short line) where the name fits; the others are faint. Hover or tap a "
        "bubble for its "
        "name, score, health and revenue, or follow it to the account. Beyond "
        f"{DRAWN} accounts, grey squares sum up the smaller ones in each tenth of the plot, "
        "their area the revenue they make together.",
    )
