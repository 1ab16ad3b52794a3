"""accounts/<id>/whitespace.yaml: their business units against our offerings."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kamgen.model import limits
from kamgen.model.common import Date, Money, Name, Note, SchemaVersion, Slug, Strict

CellStatus = Literal["adopted", "pursuing", "open", "won", "lost", "not_applicable"]


class Cell(Strict):
    unit: Name
    offering: Name
    status: CellStatus
    value: Money | None = None
    fit: Annotated[int, Field(ge=1, le=5)] | None = None
    champion: Slug | None = None
    owner: Slug | None = None
    target_date: Date | None = None
    notes: Note | None = None


class Whitespace(Strict):
    schema_version: SchemaVersion
    units: list[Name] = Field(default_factory=list, max_length=limits.UNITS)
    offerings: list[Name] = Field(default_factory=list, max_length=limits.OFFERINGS)
    cells: list[Cell] = Field(default_factory=list, max_length=limits.CELLS)
