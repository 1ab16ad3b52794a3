"""accounts/<id>/reviews/<YYYY-MM-DD>-<kind>[-slug].yaml: one review each."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kamgen.model import limits
from kamgen.model.common import Date, Name, Note, SchemaVersion, Slug, Strict, Texts
from kamgen.model.whitespace import CellStatus

ReviewKind = Literal["plan_review", "business_review", "executive_touchpoint"]
REVIEW_KINDS: tuple[ReviewKind, ...] = ("plan_review", "business_review", "executive_touchpoint")


class Attendees(Strict):
    ours: list[Slug] = Field(default_factory=list, max_length=limits.ATTENDEES)
    theirs: list[Slug] = Field(default_factory=list, max_length=limits.ATTENDEES)


class WhitespaceMove(Strict):
    unit: Name
    offering: Name
    from_: CellStatus = Field(alias="from")
    to: CellStatus


class Satisfaction(Strict):
    csat: Annotated[float, Field(ge=0, le=5)] | None = None
    nps: Annotated[int, Field(ge=-100, le=100)] | None = None


class Review(Strict):
    schema_version: SchemaVersion
    date: Date
    kind: ReviewKind
    summary: Note | None = None
    attendees: Attendees = Field(default_factory=Attendees)
    delivered: Texts = Field(default_factory=list, max_length=limits.TEXTS)
    value_created: Texts = Field(default_factory=list, max_length=limits.TEXTS)
    challenges: Texts = Field(default_factory=list, max_length=limits.TEXTS)
    opportunities: Texts = Field(default_factory=list, max_length=limits.TEXTS)
    whitespace_moves: list[WhitespaceMove] = Field(default_factory=list, max_length=limits.MOVES)
    satisfaction: Satisfaction | None = None
    referenceable: bool | None = None
    next_steps: Texts = Field(default_factory=list, max_length=limits.TEXTS)
