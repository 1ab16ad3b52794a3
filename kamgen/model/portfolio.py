"""kamgen.yaml: portfolio settings, one per repository."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kamgen.model import limits
from kamgen.model.common import Currency, Key, Name, Note, SchemaVersion, Slug, Strict

RuleSeverity = Literal["error", "warning", "off"]


class PortfolioInfo(Strict):
    name: Name
    currency: Currency
    fx: dict[Currency, Annotated[float, Field(gt=0, le=limits.MAX_NUMBER)]] = Field(
        default_factory=dict,
        max_length=limits.FX_RATES,
        description="1 unit of the key currency = N units of the reporting currency",
    )
    description: Note | None = None

    def rate(self, currency: str) -> float | None:
        """Units of the reporting currency per unit of `currency`; None without a rate."""
        return 1.0 if currency == self.currency else self.fx.get(currency)


class TeamMember(Strict):
    id: Slug
    name: Name
    role: Key = Field(description="e.g. key_account_manager, executive, sales_leader")
    email: Name | None = None


class Criterion(Strict):
    id: Key
    label: Name | None = None
    weight: Annotated[float, Field(gt=0, le=limits.MAX_NUMBER)]
    source: Literal["revenue_quintile"] | None = None
    description: Note | None = None


class Tiers(Strict):
    """Minimum selection score (0-100) for a suggested tier."""

    tier1: Annotated[float, Field(alias="1", ge=0, le=100)]
    tier2: Annotated[float, Field(alias="2", ge=0, le=100)]
    tier3: Annotated[float, Field(alias="3", ge=0, le=100)]

    def threshold(self, tier: int) -> float:
        return {1: self.tier1, 2: self.tier2, 3: self.tier3}[tier]


class Scoring(Strict):
    criteria: Annotated[list[Criterion], Field(min_length=3, max_length=8)]
    tiers: Tiers


Days = Annotated[int, Field(gt=0)]


class CadenceLimits(Strict):
    """Maximum days between reviews of each kind."""

    plan_review: Days
    business_review: Days
    executive_touchpoint: Days


class Cadence(Strict):
    tier1: CadenceLimits = Field(
        alias="1",
        default=CadenceLimits(plan_review=31, business_review=92, executive_touchpoint=92),
    )
    tier2: CadenceLimits = Field(
        alias="2",
        default=CadenceLimits(plan_review=92, business_review=183, executive_touchpoint=183),
    )
    tier3: CadenceLimits = Field(
        alias="3",
        default=CadenceLimits(plan_review=183, business_review=365, executive_touchpoint=365),
    )
    due_soon_days: Annotated[int, Field(ge=0)] = 14

    def for_tier(self, tier: int) -> CadenceLimits:
        return {1: self.tier1, 2: self.tier2, 3: self.tier3}[tier]


class Coverage(Strict):
    strong_strength: Annotated[int, Field(ge=0, le=5)] = 3
    active_days: Days = 120


class Capacity(Strict):
    max_accounts_per_manager: Days = 30
    max_tier1_per_manager: Days = 5


class PortfolioConfig(Strict):
    schema_version: SchemaVersion
    portfolio: PortfolioInfo
    team: list[TeamMember] = Field(default_factory=list, max_length=limits.TEAM)
    scoring: Scoring
    cadence: Cadence = Field(default_factory=Cadence)
    coverage: Coverage = Field(default_factory=Coverage)
    capacity: Capacity = Field(default_factory=Capacity)
    rules: dict[Key, RuleSeverity] = Field(
        default_factory=dict,
        max_length=limits.RULE_OVERRIDES,
        description="per-rule severity override",
    )
