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
    ours: list[Slug] = Field(
        default_factory=list,
        max_length=limits.ATTENDEES,
        description="Our people who attended (ids from kamgen.yaml's team)",
    )
    theirs: list[Slug] = Field(
        default_factory=list,
        max_length=limits.ATTENDEES,
        description="The customer's people who attended (ids from stakeholders.yaml)",
    )


class WhitespaceMove(Strict):
    unit: Name = Field(description="The customer's business unit, as named in whitespace.yaml")
    offering: Name = Field(description="Our offering, as named in whitespace.yaml")
    from_: CellStatus = Field(alias="from", description="The cell's status before this review")
    to: CellStatus = Field(description="The cell's status after this review")


class Satisfaction(Strict):
    csat: Annotated[float, Field(ge=0, le=5)] | None = Field(
        default=None, description="Customer satisfaction score, 0 (very unhappy) to 5 (delighted)"
    )
    nps: Annotated[int, Field(ge=-100, le=100)] | None = Field(
        default=None, description="Net Promoter Score, from -100 to 100"
    )


class Review(Strict):
    schema_version: SchemaVersion = Field(description="The version of this file format; always 1")
    date: Date = Field(description="The day the review took place; the file name starts with it")
    kind: ReviewKind = Field(
        description="plan_review (our own), business_review (with the customer) or "
        "executive_touchpoint (with their executives)"
    )
    summary: Note | None = Field(default=None, description="What happened, in a few sentences")
    attendees: Attendees = Field(
        default_factory=Attendees, description="Who was there, from our side and theirs"
    )
    delivered: Texts = Field(
        default_factory=list,
        max_length=limits.TEXTS,
        description="What we delivered since the last review",
    )
    value_created: Texts = Field(
        default_factory=list,
        max_length=limits.TEXTS,
        description="The value the customer got from it, in their terms",
    )
    challenges: Texts = Field(
        default_factory=list,
        max_length=limits.TEXTS,
        description="Problems raised, on either side",
    )
    opportunities: Texts = Field(
        default_factory=list,
        max_length=limits.TEXTS,
        description="New openings for us that came up",
    )
    whitespace_moves: list[WhitespaceMove] = Field(
        default_factory=list,
        max_length=limits.MOVES,
        description="Whitespace cells whose status changed at this review",
    )
    satisfaction: Satisfaction | None = Field(
        default=None, description="How satisfied the customer is: CSAT and NPS"
    )
    referenceable: bool | None = Field(
        default=None, description="Whether the customer will act as a reference for us now"
    )
    next_steps: Texts = Field(
        default_factory=list,
        max_length=limits.TEXTS,
        description="What happens next, agreed at the review",
    )
