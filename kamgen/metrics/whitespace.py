"""Adoption, open value and conversion of one account's units x offerings grid."""

from __future__ import annotations

from collections.abc import Sequence

from kamgen.metrics import formulas as f
from kamgen.metrics.model import OpenCell, WhitespaceMetrics
from kamgen.metrics.words import money, pct, plural
from kamgen.model.stakeholders import Stakeholder
from kamgen.model.whitespace import Cell, Whitespace

OPEN = ("open", "pursuing")


def whitespace(
    grid: Whitespace | None, people: Sequence[Stakeholder], rate: float, currency: str
) -> WhitespaceMetrics:
    if grid is None:
        grid = Whitespace(schema_version=1)
    active = {p.id for p in people if p.status == "active"}
    cells: dict[tuple[str, str], Cell] = {}
    for cell in grid.cells:  # a duplicate cell is an error of its own; the first one counts
        cells.setdefault((cell.unit, cell.offering), cell)
    units, offerings = set(grid.units), set(grid.offerings)
    in_grid = sum(1 for u, o in cells if u in units and o in offerings)
    unexplored = len(units) * len(offerings) - in_grid
    counts: dict[str, int] = dict.fromkeys(("adopted", "pursuing", "open", "won", "lost"), 0)
    not_applicable = 0
    open_cells: list[OpenCell] = []
    for cell in cells.values():
        if cell.status == "not_applicable":
            not_applicable += 1
            continue
        counts[cell.status] += 1
        if cell.status in OPEN:
            value = f.convert(cell.value or 0.0, rate)
            boosted = cell.champion is not None and cell.champion in active
            priority = f.cell_priority(value, cell.fit, boosted)
            reasons = [money(value, currency), f"fit {cell.fit or f'{f.CELL_FIT_UNKNOWN}?'}/5"]
            if boosted:
                reasons.append(f"active champion {cell.champion}")
            elif cell.champion:
                reasons.append(f"champion {cell.champion} is no longer active")
            open_cells.append(
                OpenCell(
                    cell.unit,
                    cell.offering,
                    cell.status,
                    value,
                    cell.fit,
                    cell.champion,
                    boosted,
                    cell.owner,
                    cell.target_date,
                    priority,
                    f"priority {priority:,.0f}: " + ", ".join(reasons),
                )
            )
    open_cells.sort(key=lambda c: (-c.priority, c.unit, c.offering))
    applicable = len(cells) - not_applicable + unexplored
    adopted, won, lost = counts["adopted"], counts["won"], counts["lost"]
    value = f.whitespace_value(c.value for c in open_cells)
    adoption = f.adoption(adopted, won, applicable)
    conversion = f.conversion(won, lost)
    why = {
        "adoption": (
            f"{adopted + won} of {plural(applicable, 'applicable cell')} adopted or won "
            f"({pct(adoption)}); {unexplored} unexplored, {not_applicable} not applicable"
            if applicable
            else "no applicable cells: the grid has no units or offerings yet"
        ),
        "whitespace_value": (
            f"{money(value, currency)} across {plural(len(open_cells), 'open or pursuing cell')}"
            + (
                f"; top priority {open_cells[0].unit} x {open_cells[0].offering}"
                if open_cells
                else ""
            )
        ),
        "conversion": (
            f"{won} won of {won + lost} decided ({pct(conversion)})"
            if won + lost
            else "no cell has been won or lost yet"
        ),
    }
    return WhitespaceMetrics(
        units=len(units),
        offerings=len(offerings),
        applicable=applicable,
        unexplored=unexplored,
        adopted=adopted,
        won=won,
        lost=lost,
        adoption=adoption,
        value=value,
        conversion=conversion,
        open_cells=tuple(open_cells),
        why=why,
    )
