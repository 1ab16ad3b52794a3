"""accounts/<id>/plan.yaml: who the customer is, scores, financials, situation, objectives."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from kamgen.model import limits
from kamgen.model.common import (
    DOTTED_PATTERN,
    Currency,
    Date,
    Key,
    Money,
    Name,
    Note,
    SchemaVersion,
    Score,
    Slug,
    Strict,
    Text,
    Texts,
    TierNumber,
)

ActionStatus = Literal["open", "in_progress", "done", "blocked", "dropped"]


class FinancialYear(Strict):
    year: Annotated[int, Field(ge=1900, le=2200)]
    revenue: Money
    wallet: Money | None = Field(default=None, description="the customer's total spend")


class Situation(Strict):
    summary: Note | None = None
    priorities: Texts = Field(default_factory=list, max_length=limits.TEXTS)
    pressures: Texts = Field(default_factory=list, max_length=limits.TEXTS)
    initiatives: Texts = Field(default_factory=list, max_length=limits.TEXTS)


class Needs(Strict):
    known: Texts = Field(default_factory=list, max_length=limits.TEXTS)
    unknown: Texts = Field(default_factory=list, max_length=limits.TEXTS)
    competitor_driven: Texts = Field(default_factory=list, max_length=limits.TEXTS)
    personal: Texts = Field(default_factory=list, max_length=limits.TEXTS)


class Competitor(Strict):
    name: Name
    position: Note | None = None
    notes: Note | None = None


class Objective(Strict):
    id: Slug
    title: Text
    horizon: Literal["short", "medium", "long"]
    target_revenue: Money | None = None
    due: Date
    status: Literal["open", "achieved", "missed", "dropped"] = "open"


class Action(Strict):
    id: Slug
    what: Text
    owner: Slug
    due: Date
    status: ActionStatus = "open"
    objective: Slug | None = None


class Attestation(Strict):
    on: Date
    by: Slug


class Waiver(Strict):
    rule: Key
    reason: Text
    until: Date
    by: Slug


class Plan(Strict):
    schema_version: SchemaVersion
    id: Slug
    name: Name
    kind: Literal["existing", "emerging"] = "existing"
    tier: TierNumber
    industry: Name | None = None
    region: Name | None = None
    currency: Currency | None = Field(
        default=None, description="currency of the financials; the portfolio's when absent"
    )
    owner: Slug
    executive_sponsor: Slug | None = None
    scores: dict[Key, Score] = Field(default_factory=dict, max_length=limits.SCORES)
    financials: list[FinancialYear] = Field(default_factory=list, max_length=limits.FINANCIAL_YEARS)
    situation: Situation = Field(default_factory=Situation)
    needs: Needs = Field(default_factory=Needs)
    competitors: list[Competitor] = Field(default_factory=list, max_length=limits.COMPETITORS)
    objectives: list[Objective] = Field(default_factory=list, max_length=limits.OBJECTIVES)
    actions: list[Action] = Field(default_factory=list, max_length=limits.ACTIONS)
    reviewed: Attestation | None = None
    waivers: list[Waiver] = Field(default_factory=list, max_length=limits.WAIVERS)
    confidential: list[Annotated[str, StringConstraints(pattern=DOTTED_PATTERN)]] = Field(
        default_factory=list,
        max_length=limits.TEXTS,
        description="dotted paths of fields that must never reach a built site",
    )
