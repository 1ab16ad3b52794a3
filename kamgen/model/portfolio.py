"""kamgen.yaml: portfolio settings, one per repository."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kamgen.model import limits
from kamgen.model.common import Currency, Key, Name, Note, SchemaVersion, Slug, Strict

RuleSeverity = Literal["error", "warning", "off"]


class PortfolioInfo(Strict):
    name: Name = Field(description="The portfolio's name, shown as the site's title")
    currency: Currency = Field(
        description="The currency all totals are reported in, e.g. USD or EUR"
    )
    fx: dict[Currency, Annotated[float, Field(gt=0, le=limits.MAX_NUMBER)]] = Field(
        default_factory=dict,
        max_length=limits.FX_RATES,
        description="Exchange rates: 1 unit of the key's currency is this many units of "
        "the reporting currency",
    )
    description: Note | None = Field(
        default=None, description="A few words on what this portfolio covers"
    )

    def rate(self, currency: str) -> float | None:
        """Units of the reporting currency per unit of `currency`; None without a rate."""
        return 1.0 if currency == self.currency else self.fx.get(currency)


class TeamMember(Strict):
    id: Slug = Field(description="A short id for this person, used in plans as owner or sponsor")
    name: Name = Field(description="The person's full name")
    role: Key = Field(
        description="The person's role, e.g. key_account_manager, executive or sales_leader"
    )
    email: Name | None = Field(default=None, description="The person's work email address")


class Criterion(Strict):
    id: Key = Field(description="A short id for this criterion, used as a key in plans' scores")
    label: Name | None = Field(
        default=None, description="The criterion's name as people read it in reports"
    )
    weight: Annotated[float, Field(gt=0, le=limits.MAX_NUMBER)] = Field(
        description="How much this criterion counts in the selection score, relative to the others"
    )
    source: Literal["revenue_quintile"] | None = Field(
        default=None,
        description="Leave out to score by hand in each plan; revenue_quintile derives the "
        "score from the account's revenue rank",
    )
    description: Note | None = Field(
        default=None, description="What a high and a low score mean for this criterion"
    )


class Tiers(Strict):
    """Minimum selection score (0-100) for a suggested tier."""

    tier1: Annotated[float, Field(alias="1", ge=0, le=100)] = Field(
        description="The lowest selection score (0-100) that suggests tier 1"
    )
    tier2: Annotated[float, Field(alias="2", ge=0, le=100)] = Field(
        description="The lowest selection score (0-100) that suggests tier 2"
    )
    tier3: Annotated[float, Field(alias="3", ge=0, le=100)] = Field(
        description="The lowest selection score (0-100) that suggests tier 3"
    )

    def threshold(self, tier: int) -> float:
        return {1: self.tier1, 2: self.tier2, 3: self.tier3}[tier]


class Scoring(Strict):
    criteria: Annotated[list[Criterion], Field(min_length=3, max_length=8)] = Field(
        description="The 3 to 8 criteria that decide which customers are key accounts"
    )
    tiers: Tiers = Field(
        description='The selection score each tier needs, with the keys quoted: "1", "2", "3"'
    )


Days = Annotated[int, Field(gt=0)]


class CadenceLimits(Strict):
    """Maximum days between reviews of each kind."""

    plan_review: Days = Field(description="The most days allowed between plan reviews")
    business_review: Days = Field(
        description="The most days allowed between business reviews with the customer"
    )
    executive_touchpoint: Days = Field(
        description="The most days allowed between meetings with the customer's executives"
    )


class Cadence(Strict):
    tier1: CadenceLimits = Field(
        alias="1",
        default=CadenceLimits(plan_review=31, business_review=92, executive_touchpoint=92),
        description="Review limits, in days, for tier 1 accounts",
    )
    tier2: CadenceLimits = Field(
        alias="2",
        default=CadenceLimits(plan_review=92, business_review=183, executive_touchpoint=183),
        description="Review limits, in days, for tier 2 accounts",
    )
    tier3: CadenceLimits = Field(
        alias="3",
        default=CadenceLimits(plan_review=183, business_review=365, executive_touchpoint=365),
        description="Review limits, in days, for tier 3 accounts",
    )
    due_soon_days: Annotated[int, Field(ge=0)] = Field(
        default=14, description="Warn this many days before a review is overdue"
    )
    renewal_warn_days: Annotated[int, Field(ge=0, le=3650)] = Field(
        default=90,
        description="Warn this many days before a contract's notice date (`renewal-due`)",
    )

    def for_tier(self, tier: int) -> CadenceLimits:
        return {1: self.tier1, 2: self.tier2, 3: self.tier3}[tier]


class Coverage(Strict):
    strong_strength: Annotated[int, Field(ge=0, le=5)] = Field(
        default=3,
        description="A relationship this strong (0 to 5) or stronger counts as a strong one",
    )
    active_days: Days = Field(
        default=120,
        description="A stakeholder last contacted longer ago than this many days is not active",
    )


class Capacity(Strict):
    max_accounts_per_manager: Days = Field(
        default=30, description="The most accounts one key account manager should own"
    )
    max_tier1_per_manager: Days = Field(
        default=5, description="The most tier 1 accounts one key account manager should own"
    )


class PortfolioConfig(Strict):
    schema_version: SchemaVersion = Field(description="The version of this file format; always 1")
    portfolio: PortfolioInfo = Field(
        description="The portfolio's name, reporting currency and exchange rates"
    )
    team: list[TeamMember] = Field(
        default_factory=list,
        max_length=limits.TEAM,
        description="The people who own, sponsor and work on the accounts",
    )
    scoring: Scoring = Field(
        description="How accounts are scored for selection, and the score each tier needs"
    )
    cadence: Cadence = Field(
        default_factory=Cadence,
        description="How often each tier's accounts must be reviewed, with the tier keys quoted",
    )
    coverage: Coverage = Field(
        default_factory=Coverage,
        description="What counts as a strong and an active relationship with a stakeholder",
    )
    capacity: Capacity = Field(
        default_factory=Capacity, description="How many accounts one manager can look after well"
    )
    rules: dict[Key, RuleSeverity] = Field(
        default_factory=dict,
        max_length=limits.RULE_OVERRIDES,
        description="Check rules made stricter or softer for this portfolio: error, warning or off",
    )
