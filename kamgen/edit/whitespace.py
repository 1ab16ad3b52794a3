"""`kamgen whitespace set`: one cell of the grid of their business units against our
offerings, in whitespace.yaml. The unit and the offering must be in the grid already: a cell
outside it is a typo more often than a new unit, and adding one is a separate decision."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap

from kamgen.base.errors import UsageError
from kamgen.base.hints import did_you_mean, shown
from kamgen.edit.entries import append, entries, put, text
from kamgen.edit.transaction import Change

# The contract's field order of a cell (kamgen.model.whitespace.Cell).
FIELDS = (
    "unit",
    "offering",
    "status",
    "value",
    "fit",
    "champion",
    "owner",
    "target_date",
    "notes",
)

_NUMBER = re.compile(r"[0-9]{1,15}(\.[0-9]{1,6})?")


def money(value: str, option: str) -> int | float:
    """An amount as the files write it: a whole number stays whole (120000, not 120000.0)."""
    if _NUMBER.fullmatch(value):
        number = float(value)
        if math.isfinite(number):
            return int(value) if "." not in value else number
    raise UsageError(f"{option} must be an amount such as 120000 or 99.5, not {shown(value)}")


@dataclass(frozen=True)
class CellChange:
    """What `whitespace set` asks for; None is a field to leave as it is."""

    unit: str
    offering: str
    status: str
    value: int | float | None = None
    owner: str | None = None
    target_date: dt.date | None = None

    def fields(self) -> list[tuple[str, object]]:
        given = [
            ("status", self.status),
            ("value", self.value),
            ("owner", self.owner),
            ("target_date", self.target_date),
        ]
        return [(key, value) for key, value in given if value is not None]


def _in_grid(document: CommentedMap, key: str, name: str, what: str, where: str) -> None:
    listed = document.get(key)
    names = [n for n in listed if isinstance(n, str)] if isinstance(listed, list) else []
    if name not in names:
        raise UsageError(
            f"{what} {shown(name, 60)} is not in `{key}:` of {where}{did_you_mean(name, names)}"
        )


def cell_set(wanted: CellChange, where: str) -> Change:
    """Update the cell of that unit and offering, or add it after the last cell in that
    cell's style; either way only that cell's line changes."""

    def change(document: CommentedMap) -> None:
        _in_grid(document, "units", wanted.unit, "unit", where)
        _in_grid(document, "offerings", wanted.offering, "offering", where)
        for cell in entries(document, "cells"):
            if cell.get("unit") == wanted.unit and cell.get("offering") == wanted.offering:
                for key, value in wanted.fields():
                    put(cell, key, value, FIELDS)
                return
        new = CommentedMap([("unit", text(wanted.unit)), ("offering", text(wanted.offering))])
        new.update(wanted.fields())
        append(document, "cells", new, where)

    return change
