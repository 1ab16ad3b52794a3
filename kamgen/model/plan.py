"""accounts/<id>/plan.yaml: who the customer is, scores, financials, situation, objectives."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kamgen.model import limits
from kamgen.model.common import (
    Currency,
    Date,
    Dotted,
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
from kamgen.model.depth import Contract, CrmId, Link, Measure, Opportunity, Risk, Swot

ActionStatus = Literal["open", "in_progress", "done", "blocked", "dropped"]
AccountStatus = Literal["active", "churned"]


class FinancialYear(Strict):
    year: Annotated[int, Field(ge=1900, le=2200)] = Field(
        description="The financial year these figures cover, e.g. 2026"
    )
    revenue: Money = Field(description="What this customer spent with us in that year")
    wallet: Money | None = Field(
        default=None,
        description="The customer's total spend in our market that year, with us and others",
    )


class Situation(Strict):
    summary: Note | None = Field(
        default=None, description="The customer's situation today, in a few sentences"
    )
    priorities: Texts = Field(
        default_factory=list,
        max_length=limits.TEXTS,
        description="What the customer's leadership is focused on this year",
    )
    pressures: Texts = Field(
        default_factory=list,
        max_length=limits.TEXTS,
        description="Pressures on the customer: market, regulation, cost, competition",
    )
    initiatives: Texts = Field(
        default_factory=list,
        max_length=limits.TEXTS,
        description="Programmes and projects the customer is running or planning",
    )


class Needs(Strict):
    known: Texts = Field(
        default_factory=list,
        max_length=limits.TEXTS,
        description="Needs the customer has told us about",
    )
    unknown: Texts = Field(
        default_factory=list,
        max_length=limits.TEXTS,
        description="Needs we see that the customer has not yet named",
    )
    competitor_driven: Texts = Field(
        default_factory=list,
        max_length=limits.TEXTS,
        description="Needs a competitor has raised or shaped",
    )
    personal: Texts = Field(
        default_factory=list,
        max_length=limits.TEXTS,
        description="What the people we deal with want for themselves: "
        "recognition, career, less risk",
    )


class Competitor(Strict):
    name: Name = Field(description="The competitor's name")
    position: Note | None = Field(
        default=None, description="Where the competitor stands in this account and what it sells"
    )
    notes: Note | None = Field(default=None, description="Anything else worth knowing about them")


class Objective(Strict):
    id: Slug = Field(description="A short id for this objective, used by actions to refer to it")
    title: Text = Field(description="What we want to achieve, in one line")
    horizon: Literal["short", "medium", "long"] = Field(
        description="How far out: short (this year), medium or long term"
    )
    target_revenue: Money | None = Field(
        default=None, description="The revenue this objective should bring, if it has a number"
    )
    due: Date = Field(description="When the objective should be met")
    status: Literal["open", "achieved", "missed", "dropped"] = Field(
        default="open", description="Where the objective stands: open, achieved, missed or dropped"
    )
    owner: Slug | None = Field(
        default=None, description="The team member who answers for it (a team id)"
    )
    measures: list[Measure] = Field(
        default_factory=list,
        max_length=limits.MEASURES,
        description="How progress is measured: baseline, target and the latest actual",
    )


class Action(Strict):
    id: Slug = Field(description="A short id for this action")
    what: Text = Field(description="What will be done, in one line")
    owner: Slug = Field(description="The team member responsible (an id from kamgen.yaml's team)")
    due: Date = Field(description="When the action should be done")
    status: ActionStatus = Field(
        default="open",
        description="Where the action stands: open, in_progress, done, blocked or dropped",
    )
    objective: Slug | None = Field(
        default=None, description="The id of the objective this action serves, if any"
    )
    customer_owner: Slug | None = Field(
        default=None,
        description="The stakeholder at the customer who owns it with us (a stakeholder id)",
    )
    shared: bool = Field(
        default=False,
        description="true when the action is part of the plan shared with the customer",
    )


class Attestation(Strict):
    on: Date = Field(description="The date the plan was last confirmed as still true")
    by: Slug = Field(description="The team member who confirmed it")


class Waiver(Strict):
    rule: Key = Field(description="The id of the check rule being waived")
    reason: Text = Field(description="Why the rule does not apply to this account for now")
    until: Date = Field(description="The date the waiver expires and the rule applies again")
    by: Slug = Field(description="The team member who granted the waiver")


class Plan(Strict):
    schema_version: SchemaVersion = Field(description="The version of this file format; always 1")
    id: Slug = Field(description="The account's id; the same as its folder name under accounts/")
    name: Name = Field(description="The customer's name as people say it")
    kind: Literal["existing", "emerging"] = Field(
        default="existing",
        description="existing (a customer today) or emerging "
        "(one we are growing into a key account)",
    )
    tier: TierNumber = Field(
        description="The account's tier: 1 gets the most attention and the shortest review cycle"
    )
    industry: Name | None = Field(default=None, description="The customer's industry")
    region: Name | None = Field(default=None, description="The region the account belongs to")
    since: Date | None = Field(
        default=None, description="When the customer became a key account (for retention)"
    )
    status: AccountStatus = Field(
        default="active",
        description="active, or churned: a lost account stays in the repository with its "
        "history, and counts in churn and net revenue retention",
    )
    churned_on: Date | None = Field(
        default=None,
        description="The day the account was lost; only with status: churned, never after today",
    )
    currency: Currency | None = Field(
        default=None,
        description="The currency of this plan's figures; the portfolio's currency when left out",
    )
    owner: Slug = Field(
        description="The key account manager who owns this plan (an id from kamgen.yaml's team)"
    )
    executive_sponsor: Slug | None = Field(
        default=None, description="Our executive who sponsors this account (a team id)"
    )
    scores: dict[Key, Score] = Field(
        default_factory=dict,
        max_length=limits.SCORES,
        description="Selection scores, 1 (low) to 5 (high), one per criterion in kamgen.yaml",
    )
    financials: list[FinancialYear] = Field(
        default_factory=list,
        max_length=limits.FINANCIAL_YEARS,
        description="Revenue and wallet, one entry per year",
    )
    situation: Situation = Field(
        default_factory=Situation,
        description="The customer's situation: summary, priorities, pressures and initiatives",
    )
    needs: Needs = Field(
        default_factory=Needs,
        description="The customer's needs: known, unknown, competitor-driven and personal",
    )
    competitors: list[Competitor] = Field(
        default_factory=list,
        max_length=limits.COMPETITORS,
        description="Competitors active in this account",
    )
    objectives: list[Objective] = Field(
        default_factory=list,
        max_length=limits.OBJECTIVES,
        description="What we aim to achieve with this customer, each with a due date",
    )
    actions: list[Action] = Field(
        default_factory=list,
        max_length=limits.ACTIONS,
        description="The next steps, each with an owner and a due date",
    )
    crm_id: CrmId | None = Field(
        default=None, description="The account's id in your CRM, kept by `kamgen import accounts`"
    )
    links: list[Link] = Field(
        default_factory=list,
        max_length=limits.LINKS,
        description="Where else the account lives: shared drive, CRM record (https only)",
    )
    swot: Swot = Field(
        default_factory=Swot,
        description="Our strengths, weaknesses, opportunities and threats in this account",
    )
    contracts: list[Contract] = Field(
        default_factory=list,
        max_length=limits.CONTRACTS,
        description="Contracts with their end and notice dates, and the renewal's outcome",
    )
    opportunities: list[Opportunity] = Field(
        default_factory=list,
        max_length=limits.OPPORTUNITIES,
        description="The pipeline: what we may sell, its amount, probability and close date",
    )
    risks: list[Risk] = Field(
        default_factory=list,
        max_length=limits.RISKS,
        description="The risk register: severity × likelihood, owner, mitigating actions",
    )
    reviewed: Attestation | None = Field(
        default=None, description="Who last confirmed this plan is still true, and when"
    )
    waivers: list[Waiver] = Field(
        default_factory=list,
        max_length=limits.WAIVERS,
        description="Check rules switched off for this account for a while, each with a reason",
    )
    confidential: list[Dotted] = Field(
        default_factory=list,
        max_length=limits.TEXTS,
        description="Parts of this plan that must never appear on the built site, "
        "e.g. situation.pressures or financials",
    )
