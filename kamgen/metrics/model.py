"""The metrics of a portfolio as plain data: what `report`, `check`, `diff` and the site read.

Every number sits next to the sentence that explains it (`why`), written from the data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kamgen.metrics.formulas import FreshStatus


@dataclass(frozen=True)
class Freshness:
    kind: str
    last: dt.date | None
    age_days: int | None
    limit_days: int
    status: FreshStatus
    source: str | None  # the file holding the latest review (or plan.yaml for `reviewed:`)
    why: str


@dataclass(frozen=True)
class Group:
    """Active and strong stakeholders of one level or buying role."""

    active: int
    strong: int
    coverage: float


@dataclass(frozen=True)
class Relationships:
    active: int
    strong: tuple[str, ...]
    coverage: float
    multithread_depth: int
    single_threaded: bool
    by_level: dict[str, Group]
    by_role: dict[str, Group]
    champions: tuple[str, ...]  # active champions
    detractors_in_power: tuple[str, ...]
    departed_champions: tuple[str, ...]
    strong_decision_makers: tuple[str, ...]
    in_power: tuple[str, ...]  # active decision makers and budget holders
    supportive_in_power: tuple[str, ...]  # those of them who are champions or supporters
    thin_map: bool
    why: dict[str, str]


@dataclass(frozen=True)
class OpenCell:
    unit: str
    offering: str
    status: str
    value: float  # converted
    fit: int | None
    champion: str | None
    active_champion: bool
    owner: str | None
    target_date: dt.date | None
    priority: float
    why: str


@dataclass(frozen=True)
class WhitespaceMetrics:
    units: int
    offerings: int
    applicable: int
    unexplored: int
    adopted: int
    won: int
    lost: int
    adoption: float | None
    value: float
    conversion: float | None
    open_cells: tuple[OpenCell, ...]  # by priority, highest first
    why: dict[str, str]


@dataclass(frozen=True)
class Overdue:
    id: str
    title: str
    owner: str | None
    due: dt.date
    days_late: int
    index: int  # position in plan.yaml's list


@dataclass(frozen=True)
class ObjectiveProgress:
    id: str
    coverage: float | None  # pipeline against the revenue target
    attainment: float | None  # measures against their targets


@dataclass(frozen=True)
class HealthLine:
    id: str
    points: int
    max: int
    why: str


@dataclass(frozen=True)
class AccountMetrics:
    id: str
    name: str
    kind: str
    tier: int
    owner: str
    executive_sponsor: str | None
    region: str | None
    industry: str | None
    currency: str
    criteria: dict[str, int]  # every criterion's score, derived ones included
    selection_score: float | None
    suggested_tier: int | None
    rank: int
    revenue: float
    revenue_previous: float | None  # None when there is no row for Y - 1
    wallet: float | None
    nrr: float | None
    share_of_wallet: float | None
    relationships: Relationships
    freshness: dict[str, Freshness]
    whitespace: WhitespaceMetrics
    overdue_actions: tuple[Overdue, ...]
    objectives_past_due: tuple[Overdue, ...]
    health: int
    health_lines: tuple[HealthLine, ...]  # its JSON name is declared in the catalogue
    why: dict[str, str]
    objectives: tuple[ObjectiveProgress, ...] = ()
    voice: Voice | None = None  # None only for hand-made metrics in tests
    clv_estimate: float | None = None  # an estimate, labelled so wherever it appears
    since: dt.date | None = None
    depth: Depth | None = None  # None only for hand-made metrics in tests


@dataclass(frozen=True)
class Share:
    revenue: float
    share: float | None
    accounts: tuple[str, ...]


@dataclass(frozen=True)
class RevenueFigures:
    """The portfolio's revenue figures over a set of accounts, with their whys. Field names
    are those of PortfolioMetrics, so the catalogue's portfolio entries read either."""

    accounts: tuple[str, ...]  # the accounts counted
    revenue: float
    revenue_previous: float
    nrr: float | None
    nrr_accounts: int  # counted accounts with revenue in both years
    pareto_80: tuple[str, ...]
    top_account_share: float | None
    by_region: dict[str, Share]
    region_unplaced: tuple[str, ...]  # counted, but in no region's row
    by_currency: dict[str, Share]
    why: dict[str, str]
    revenue_growth: float | None = None  # all accounts counted, churned ones and new ones too
    churned: tuple[str, ...] = ()  # lost accounts counted in nrr and revenue_growth


@dataclass(frozen=True)
class ManagerLoad:
    id: str
    name: str
    accounts: tuple[str, ...]
    tier1: tuple[str, ...]
    max_accounts: int
    max_tier1: int

    @property
    def overloaded(self) -> bool:
        return len(self.accounts) > self.max_accounts or len(self.tier1) > self.max_tier1


@dataclass(frozen=True)
class Skipped:
    id: str
    reason: str


@dataclass(frozen=True)
class PortfolioMetrics:
    today: dt.date
    currency: str
    year: int | None
    accounts: tuple[AccountMetrics, ...]  # in rank order
    revenue: float
    revenue_previous: float
    nrr: float | None
    pareto_80: tuple[str, ...]
    top_account_share: float | None
    by_region: dict[str, Share]
    by_currency: dict[str, Share]
    managers: tuple[ManagerLoad, ...]
    skipped: tuple[Skipped, ...] = ()
    why: dict[str, str] = field(default_factory=dict)
    revenue_growth: float | None = None
    kpis: Kpis | None = None
    churned: tuple[ChurnedAccount, ...] = ()  # by churn date, latest first
    clv_estimate: float | None = None  # the sum over active accounts: an estimate
    renewals_180d: int = 0  # open contracts ending in [today, today + 180]
    renewal_value_180d: float = 0.0
    weighted_pipeline: float = 0.0

    def account(self, account_id: str) -> AccountMetrics | None:
        return next((a for a in self.accounts if a.id == account_id), None)


@dataclass(frozen=True)
class Said:
    """A value a review recorded: what, on which date, in which file."""

    value: float | int | bool
    on: dt.date
    file: str


@dataclass(frozen=True)
class Voice:
    """The customer's voice in one account's reviews (metrics.md, "Voice of the customer")."""

    csat: Said | None  # the latest in the period
    nps: Said | None  # the latest in the period
    referenceable: Said | None  # the latest on or before today
    expansions: tuple[Said, ...]  # reviews in the period moving cells to adopted or won
    why: dict[str, str]


@dataclass(frozen=True)
class ChurnedAccount:
    """A lost account: out of selection, health and the rules, in churn and NRR."""

    id: str
    name: str
    tier: int
    owner: str
    region: str | None
    industry: str | None
    since: dt.date | None
    churned_on: dt.date | None
    currency: str
    revenue: float  # converted, the portfolio year
    revenue_previous: float | None
    voice: Voice
    why: str


@dataclass(frozen=True)
class Retention:
    """Who was a key account at the period's start, and who of them churned in it."""

    start: dt.date
    base_12m: tuple[str, ...]
    churned_12m: tuple[str, ...]  # by churn date
    logo_retention: float | None
    churn_rate: float | None
    why: dict[str, str]


@dataclass(frozen=True)
class Kpis:
    """The portfolio's leading and lagging indicators, with the accounts each counts."""

    retention: Retention
    csat: float | None
    nps: float | None
    referenceable_share: float | None
    expansion_rate_12m: float | None
    plans_on_time: float | None  # leading: share of plan reviews that are fresh
    coverage: float | None  # leading: mean relationship coverage
    health: float | None  # leading: mean health
    csat_accounts: tuple[str, ...]
    nps_accounts: tuple[str, ...]
    referenceable_accounts: tuple[str, ...]  # stating true
    stated_accounts: tuple[str, ...]  # stating either
    expanded_accounts: tuple[str, ...]
    why: dict[str, str]

    @property
    def logo_retention(self) -> float | None:
        return self.retention.logo_retention

    @property
    def churn_rate(self) -> float | None:
        return self.retention.churn_rate


@dataclass(frozen=True)
class OpenContract:
    """A contract whose renewal is not decided (`open` or `at_risk`)."""

    id: str
    title: str
    end: dt.date
    notice_date: dt.date
    value: float | None  # converted, per year
    renewal: str
    index: int  # position in plan.yaml's `contracts`


@dataclass(frozen=True)
class Depth:
    """Plan depth of one account (metrics.md, "Plan depth")."""

    next_renewal: dt.date | None
    open_contracts: tuple[OpenContract, ...]  # by end date
    renewals_180d: tuple[str, ...]  # open contracts ending in [today, today + 180]
    renewal_value_180d: float  # converted
    weighted_pipeline: float  # converted, 2 decimals
    risk_exposure: int
    key_person_dependency: float | None
    strong_ties: dict[str, int]  # team member -> strong ties, most first
    sponsor_connected: bool | None  # None without a sponsor
    why: dict[str, str]
