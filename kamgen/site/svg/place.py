"""Where a label may go: the box a text takes, what it must not cover, and the spots tried
around a point or a bubble, in order, until one is free.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from itertools import pairwise

from kamgen.base.escape import md as esc
from kamgen.site.svg.text import FONT, _n, text_width

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(a: Box, frame: Box) -> bool:
    return frame[0] <= a[0] and a[2] <= frame[2] and frame[1] <= a[1] and a[3] <= frame[3]


def _hits_circle(box: Box, cx: float, cy: float, r: float) -> bool:
    nx, ny = min(max(cx, box[0]), box[2]), min(max(cy, box[1]), box[3])
    return (nx - cx) ** 2 + (ny - cy) ** 2 < r * r


def _hits_segment(box: Box, a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether the segment a-b crosses the box (Liang-Barsky clipping)."""
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in (
        (-dx, a[0] - box[0]),
        (dx, box[2] - a[0]),
        (-dy, a[1] - box[1]),
        (dy, box[3] - a[1]),
    ):
        if p == 0:
            if q < 0:
                return False
        else:
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 > t1:
                return False
    return True


def _label_box(x: float, y: float, width: float, anchor: str, size: float = FONT) -> Box:
    """The box a text takes with its baseline at (x, y)."""
    x0 = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return (x0 - 1, y - size * 0.95, x0 + width + 1, y + size * 0.3)


class _Placer:
    """Puts labels where they are free: inside `frame`, over no label already placed, no
    segment of a line and no circle but the label's own (`skip`; a caller widens a circle to
    keep labels further off). A label with no free place is dropped, never put where it could
    seem to belong to something else."""

    def __init__(
        self,
        frame: Box,
        circles: Sequence[tuple[float, float, float]] = (),
        segments: Sequence[tuple[float, float]] = (),
    ) -> None:
        self.frame, self.placed, self.circles = frame, list[Box](), list(circles)
        self.segments = list(pairwise(segments))

    def free(
        self, box: Box, skip: int = -1, circles: Sequence[tuple[float, float, float]] | None = None
    ) -> bool:
        return (
            _inside(box, self.frame)
            and not any(_overlaps(box, p) for p in self.placed)
            and not any(
                _hits_circle(box, *c)
                for k, c in enumerate(self.circles if circles is None else circles)
                if k != skip
            )
            and not any(_hits_segment(box, a, b) for a, b in self.segments)
        )

    def place(
        self,
        text: str,
        x: float,
        y: float,
        spots: Iterable[tuple[float, float, str]],
        bold: bool = False,
        skip: int = -1,
    ) -> str:
        """The first free spot (dx, dy, anchor) for `text` near (x, y), as a <text>; or ""."""
        w = text_width(text, bold=bold)
        weight = ' font-weight="bold"' if bold else ""
        for dx, dy, anchor in spots:
            box = _label_box(x + dx, y + dy, w, anchor)
            if self.free(box, skip):
                self.placed.append(box)
                return (
                    f'<text x="{_n(x + dx)}" y="{_n(y + dy)}" text-anchor="{anchor}"{weight}>'
                    f"{esc(text)}</text>"
                )
        return ""


def _around(gap: float, below: float = 9) -> list[tuple[float, float, str]]:
    """Spots beside a point: right above and below, left above and below, above, below."""
    return [
        (gap, -gap, "start"), (gap, gap + below, "start"), (-gap, -gap, "end"),
        (-gap, gap + below, "end"), (0, -gap - 2, "middle"), (0, gap + below + 2, "middle"),
    ]  # fmt: skip


# Where a label may sit around a bubble, in order of preference: right, left, then the
# diagonals, then above and below.
_ANGLES = (0, 180, 30, 150, -30, -150, 90, -90, 60, 120, -60, -120)
# How far from its bubble's edge a label may sit: touching it, or further off at the end of a
# leader line, where the bubble is crowded.
_RINGS = (4, 18, 32)


def _spot(r: float, ring: float, angle: float) -> tuple[float, float, str]:
    """Where (dx, dy, anchor) a label sits `ring` units out from a bubble of radius `r`, at
    `angle` degrees (0 is to the right, 90 above)."""
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    dx, dy = (r + ring) * cos, -(r + ring) * sin
    anchor = "start" if cos > 0.3 else "end" if cos < -0.3 else "middle"
    # The baseline: below the point for a label above, above it for one below.
    return dx, dy + (-2 if sin > 0.3 else 11 if sin < -0.3 else 4), anchor


def _crosses(
    a: tuple[float, float], b: tuple[float, float], circle: tuple[float, float, float]
) -> bool:
    """Whether the segment a-b passes through the circle."""
    (ax, ay), (bx, by), (cx, cy, r) = a, b, circle
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((cx - ax) * dx + (cy - ay) * dy) / ((dx * dx + dy * dy) or 1)))
    return math.hypot(ax + t * dx - cx, ay + t * dy - cy) < r
