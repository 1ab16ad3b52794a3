"""accounts/<id>/whitespace.yaml: their business units against our offerings."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kamgen.model import limits
from kamgen.model.common import Date, Money, Name, Note, SchemaVersion, Slug, Strict

CellStatus = Literal["adopted", "pursuing", "open", "won", "lost", "not_applicable"]


class Cell(Strict):
    unit: Name = Field(description="The customer's business unit; one of units")
    offering: Name = Field(description="Our offering; one of offerings")
    status: CellStatus = Field(description="adopted, pursuing, open, won, lost or not_applicable")
    value: Money | None = Field(
        default=None, description="What this unit could spend on this offering each year"
    )
    fit: Annotated[int, Field(ge=1, le=5)] | None = Field(
        default=None,
        description="How well the offering fits the unit's needs, 1 (poor) to 5 (ideal)",
    )
    champion: Slug | None = Field(
        default=None,
        description="The stakeholder who backs this at the customer (a stakeholder id)",
    )
    owner: Slug | None = Field(
        default=None, description="The team member pursuing this cell (a team id)"
    )
    target_date: Date | None = Field(default=None, description="When we aim to win this cell")
    notes: Note | None = Field(default=None, description="Anything else worth knowing")


class Whitespace(Strict):
    schema_version: SchemaVersion = Field(description="The version of this file format; always 1")
    units: list[Name] = Field(
        default_factory=list,
        max_length=limits.UNITS,
        description="The customer's business units, the grid's rows",
    )
    offerings: list[Name] = Field(
        default_factory=list,
        max_length=limits.OFFERINGS,
        description="Our offerings, the grid's columns",
    )
    cells: list[Cell] = Field(
        default_factory=list,
        max_length=limits.CELLS,
        description="The unit and offering pairs we track, each with a status",
    )
