"""Every formula kamgen computes, in one file, each with the sentence that documents it.

The functions here are plain arithmetic on plain values: the other modules of
`kamgen.metrics` gather the values from the portfolio and write the "why" of each number.
The registry `FORMULAS` (and `HEALTH`) is what the metrics page of the docs is generated from,
so the documentation cannot drift from the code. Formulas marked exact follow
`shared/spec/metrics.md` to the stated rounding; the others are kamgen's own design.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

FreshStatus = Literal["fresh", "due_soon", "stale"]
Fn = TypeVar("Fn", bound=Callable[..., object])


# exact: checked independently to the stated rounding; specified: as the metrics contract
# describes it, without an exactness promise; design: kamgen's own, documented here.
Standing = Literal["exact", "specified", "design"]


@dataclass(frozen=True)
class Formula:
    id: str
    section: str
    standing: Standing
    text: str


FORMULAS: dict[str, Formula] = {}


def formula(
    id: str, section: str, text: str, *, standing: Standing = "exact"
) -> Callable[[Fn], Fn]:
    def register(fn: Fn) -> Fn:
        FORMULAS[id] = Formula(id, section, standing, text)
        return fn

    return register


def ratio(numerator: float, denominator: float, digits: int = 3) -> float | None:
    return None if denominator == 0 else round(numerator / denominator, digits)


# Money ---------------------------------------------------------------------------------


@formula(
    "currency",
    "Money",
    "Amounts are converted to the reporting currency: amount × `portfolio.fx[currency]` "
    "(1 unit of that currency = N units of the reporting currency); an account already in "
    "the reporting currency needs no rate. The portfolio year is the largest `year` in any "
    "account's financials.",
)
def convert(amount: float, rate: float) -> float:
    return amount * rate


# Selection -----------------------------------------------------------------------------


@formula(
    "selection_score",
    "Selection",
    "100 × Σ wᵢ·(sᵢ − 1) / (4 × Σ wᵢ) over the criteria in kamgen.yaml, each score sᵢ "
    "from 1 to 5 and wᵢ its weight; rounded to 2 decimals. 0 means every criterion scored "
    "1, 100 means every criterion scored 5.",
)
def selection_score(weighted: Sequence[tuple[float, int]]) -> float:
    total = sum(w for w, _ in weighted)
    return round(100 * sum(w * (s - 1) for w, s in weighted) / (4 * total), 2)


@formula(
    "revenue_quintile",
    "Selection",
    "For a criterion with `source: revenue_quintile`: accounts ranked by revenue in the "
    "portfolio year (converted; no row for that year = 0), highest first, ties sharing the "
    "better position p (1-based); with n accounts, s = 5 − ⌊5 × (p − 1) / n⌋.",
)
def revenue_quintile(position: int, n: int) -> int:
    return 5 - (5 * (position - 1)) // n


def competition_positions(values: dict[str, float]) -> dict[str, int]:
    """1-based position of each key by value, highest first; ties share the better position."""
    ordered = sorted(values.values(), reverse=True)
    first: dict[float, int] = {}
    for index, value in enumerate(ordered):
        first.setdefault(value, index + 1)
    return {key: first[value] for key, value in values.items()}


@formula(
    "suggested_tier",
    "Selection",
    "The best tier (1 before 2 before 3) whose threshold in `scoring.tiers` the selection "
    "score reaches; none when the score is below every threshold.",
)
def suggested_tier(score: float, thresholds: dict[int, float]) -> int | None:
    for tier in (1, 2, 3):
        if score >= thresholds[tier]:
            return tier
    return None


@formula(
    "rank",
    "Selection",
    "Position by selection score, highest first, ties broken by account id; accounts "
    "without a score (a criterion unscored) come last.",
)
def ranking(scores: dict[str, float | None]) -> dict[str, int]:
    order = sorted(scores, key=lambda k: (scores[k] is None, -(scores[k] or 0.0), k))
    return {key: index + 1 for index, key in enumerate(order)}


# Revenue concentration -----------------------------------------------------------------


@formula(
    "revenue",
    "Revenue concentration",
    "An account's revenue is its converted revenue in the portfolio year (0 when it has no "
    "row for that year); the portfolio's revenue is their sum.",
)
def total(values: Iterable[float]) -> float:
    return sum(values, 0.0)


@formula(
    "pareto_80",
    "Revenue concentration",
    "The shortest prefix of accounts ordered by revenue (highest first, ties by id) whose "
    "cumulative revenue is at least 80% of the portfolio total.",
)
def pareto_80(revenue: dict[str, float]) -> list[str]:
    order = sorted(revenue, key=lambda k: (-revenue[k], k))
    grand = sum(revenue.values(), 0.0)
    prefix: list[str] = []
    running = 0.0
    for key in order:
        # 5 × running ≥ 4 × total is the 80% test without the rounding of 0.8.
        if 5 * running >= 4 * grand:
            break
        prefix.append(key)
        running += revenue[key]
    return prefix


@formula(
    "top_account_share",
    "Revenue concentration",
    "Largest account revenue / portfolio revenue, 3 decimals (null when revenue is 0). "
    "The same share is computed for each region and each account currency: dependence on "
    "one region or currency is a risk too.",
)
def share(part: float, whole: float) -> float | None:
    return ratio(part, whole)


@formula(
    "nrr",
    "Revenue concentration",
    "Net revenue retention of an account = revenue(Y) / revenue(Y − 1) for Y the portfolio "
    "year, null when the Y − 1 row is absent or zero. The portfolio's = Σ revenue(Y) / "
    "Σ revenue(Y − 1) over accounts with a non-zero Y − 1 row. 3 decimals. Above 1.10 is "
    "the usual aim.",
)
def nrr(current: float, previous: float | None) -> float | None:
    return None if not previous else round(current / previous, 3)


@formula(
    "share_of_wallet",
    "Revenue concentration",
    "revenue(Y) / wallet(Y), the customer's total spend in our category that year; null "
    "without a wallet. 3 decimals.",
)
def share_of_wallet(revenue: float, wallet: float | None) -> float | None:
    return None if not wallet else round(revenue / wallet, 3)


# Relationships -------------------------------------------------------------------------


@formula(
    "strong",
    "Relationships",
    "An active stakeholder has `status: active`. A strong relationship is an active "
    "stakeholder with `strength` ≥ `coverage.strong_strength` and a `last_contact` at most "
    "`coverage.active_days` days before today.",
)
def is_strong(
    active: bool,
    strength: int,
    last_contact: dt.date | None,
    today: dt.date,
    strong_strength: int,
    active_days: int,
) -> bool:
    return (
        active
        and strength >= strong_strength
        and last_contact is not None
        and (today - last_contact).days <= active_days
    )


@formula(
    "multithread_depth",
    "Relationships",
    "The number of strong relationships; `single_threaded` when it is 1 or less.",
)
def single_threaded(depth: int) -> bool:
    return depth <= 1


@formula(
    "coverage",
    "Relationships",
    "Strong relationships / active stakeholders, 3 decimals (0 when nobody is active). "
    "Also shown per level (executive, management, operational) and per buying role.",
)
def coverage(strong: int, active: int) -> float:
    return 0.0 if active == 0 else round(strong / active, 3)


THIN_MAP = 6  # buying groups are usually 6 to 10 people


# Freshness -----------------------------------------------------------------------------


@formula(
    "freshness",
    "Freshness and cadence",
    "For each review kind: `last` = the latest review of that kind (for plan_review, the "
    "`reviewed.on` attestation in plan.yaml counts too); age = today − last in days; "
    "limit = `cadence[tier][kind]` for the declared tier. Stale when age > limit or there "
    "is no review; due soon when age > limit − `cadence.due_soon_days`; otherwise fresh. "
    "An age equal to the limit is not stale.",
)
def freshness(age_days: int | None, limit_days: int, due_soon_days: int) -> FreshStatus:
    if age_days is None or age_days > limit_days:
        return "stale"
    if age_days > limit_days - due_soon_days:
        return "due_soon"
    return "fresh"


# Whitespace ----------------------------------------------------------------------------


@formula(
    "adoption",
    "Whitespace",
    "Applicable cells = listed cells that are not `not_applicable`, plus the unexplored "
    "cells of the units × offerings grid. Adoption = (adopted + won) / applicable, 3 "
    "decimals (null for an empty grid).",
    standing="specified",
)
def adoption(adopted: int, won: int, applicable: int) -> float | None:
    return ratio(adopted + won, applicable)


@formula(
    "whitespace_value",
    "Whitespace",
    "Σ `value` of the open and pursuing cells, converted to the reporting currency.",
    standing="specified",
)
def whitespace_value(values: Iterable[float]) -> float:
    return sum(values, 0.0)


@formula(
    "conversion",
    "Whitespace",
    "won / (won + lost), 3 decimals; null while nothing has been decided.",
    standing="specified",
)
def conversion(won: int, lost: int) -> float | None:
    return ratio(won, won + lost)


CELL_FIT_UNKNOWN = 3
CHAMPION_BOOST = 1.5


@formula(
    "cell_priority",
    "Whitespace",
    "Open and pursuing cells are ranked by priority = converted value × fit / 5 × 1.5 when "
    "the cell's champion is an active stakeholder (a missing fit counts as 3, a missing "
    "value as 0); ties by unit, then offering. It is the value we can expect to win soonest.",
    standing="design",
)
def cell_priority(value: float, fit: int | None, active_champion: bool) -> float:
    boost = CHAMPION_BOOST if active_champion else 1.0
    return round(value * (fit or CELL_FIT_UNKNOWN) / 5 * boost, 2)


# Health --------------------------------------------------------------------------------


@dataclass(frozen=True)
class HealthPart:
    id: str
    points: int
    rule: str


HEALTH: tuple[HealthPart, ...] = (
    HealthPart(
        "coverage",
        20,
        "20 × coverage, rounded to a whole point.",
    ),
    HealthPart(
        "depth",
        15,
        "5 points per strong relationship, up to 3.",
    ),
    HealthPart(
        "plan_freshness",
        20,
        "Plan review fresh 20, due soon 10, stale 0.",
    ),
    HealthPart(
        "business_review",
        10,
        "Business review fresh 10, due soon 5, stale 0.",
    ),
    HealthPart(
        "executive_engagement",
        15,
        "Executive touchpoint fresh 10, due soon 5, stale 0; plus 5 for a strong "
        "relationship with someone at executive level.",
    ),
    HealthPart(
        "decision_makers",
        10,
        "Among active decision makers and budget holders: a champion or supporter and no "
        "detractor 10; no detractor but nobody supportive 5; a detractor, or nobody who "
        "decides or pays mapped, 0.",
    ),
    HealthPart(
        "actions",
        10,
        "Actions and risks: 10, less 5 for each open or in-progress action past its due date, "
        "5 for each open risk of severity 4 or 5 and 2 for each other open risk (`status: "
        "open`; a risk being mitigated or accepted costs nothing), never below 0.",
    ),
)
HEALTH_MAX = {part.id: part.points for part in HEALTH}
FRESH_SHARE: dict[FreshStatus, float] = {"fresh": 1.0, "due_soon": 0.5, "stale": 0.0}
DEPTH_POINTS = 5
EXECUTIVE_BONUS = 5
OVERDUE_PENALTY = 5
SEVERE_RISK = 4  # severity from which an open risk costs the most
RISK_PENALTY = {True: 5, False: 2}  # severe or not


def fresh_points(status: FreshStatus, points: int) -> int:
    return round(points * FRESH_SHARE[status])


@formula(
    "health",
    "Health",
    "A 0-100 score from leading indicators only (relationships, review rhythm, executive "
    "engagement, decision makers' sentiment, overdue actions): the sum of the parts below. "
    "Each part is a whole number of points, so the breakdown always sums to the total, and "
    "every point lost is listed with its reason.",
    standing="design",
)
def health_total(parts: dict[str, int]) -> int:
    return sum(parts.values())


HealthBand = Literal["good", "fair", "poor"]
HEALTH_BANDS: tuple[tuple[HealthBand, int], ...] = (("good", 75), ("fair", 50), ("poor", 0))


@formula(
    "health_band",
    "Health",
    "good from 75 points, fair from 50, poor below 50. A poor band makes an account at risk.",
    standing="design",
)
def health_band(points: int) -> HealthBand:
    return next(band for band, floor in HEALTH_BANDS if points >= floor)


# Objectives ----------------------------------------------------------------------------


@formula(
    "objective_coverage",
    "Objectives",
    "For an objective with a `target_revenue`: (won amount + Σ amount × probability of the "
    "open opportunities linked to it) / target_revenue, in the account's currency, 3 "
    "decimals; null without a target.",
)
def objective_coverage(won: float, weighted_open: float, target: float | None) -> float | None:
    return None if not target else round((won + weighted_open) / target, 3)


@formula(
    "objective_attainment",
    "Objectives",
    "The mean of the objective's measures' non-null attainments, 3 decimals; null when there "
    "are none.",
)
def objective_attainment(attainments: Sequence[float | None]) -> float | None:
    known = [a for a in attainments if a is not None]
    return round(sum(known) / len(known), 3) if known else None


# Lifecycle and lagging KPIs -------------------------------------------------------------

PERIOD_DAYS = 365  # the KPIs' period: the 365 days ending today
CLV_MAX_YEARS = 10  # the estimate's cap on expected remaining years
CLV_YEARS = 3  # the latest financial years the estimate averages


def period_start(today: dt.date) -> dt.date:
    """The start of the period (start, today]: today − 365 days."""
    return today - dt.timedelta(days=PERIOD_DAYS)


@formula(
    "base_12m",
    "Lifecycle and lagging KPIs",
    "The period is the 365 days ending today, (today − 365, today]. The base is the accounts "
    "that were key accounts at its start: `since` absent or on or before the start, and not "
    "churned on or before it. Churned accounts stay in the repository, so they count.",
)
def in_base(since: dt.date | None, churned_on: dt.date | None, start: dt.date) -> bool:
    return (since is None or since <= start) and (churned_on is None or churned_on > start)


@formula(
    "logo_retention",
    "Lifecycle and lagging KPIs",
    "1 − churned / base, where churned is the base accounts whose `churned_on` falls in the "
    "period; 3 decimals, null when the base is empty. `churn_rate` = churned / base.",
)
def logo_retention(churned: int, base: int) -> float | None:
    return None if base == 0 else round(1 - churned / base, 3)


@formula(
    "churn_rate",
    "Lifecycle and lagging KPIs",
    "Base accounts whose `churned_on` falls in the period / base accounts; 3 decimals, null "
    "when the base is empty.",
)
def churn_rate(churned: int, base: int) -> float | None:
    return ratio(churned, base)


@formula(
    "revenue_growth",
    "Lifecycle and lagging KPIs",
    "Σ revenue(Y) / Σ revenue(Y − 1) − 1 over all accounts, churned ones included, for Y the "
    "portfolio year; 3 decimals, null when the Y − 1 sum is 0. Unlike net revenue retention, "
    "new accounts count.",
)
def revenue_growth(current: float, previous: float) -> float | None:
    return None if not previous else round(current / previous - 1, 3)


@formula(
    "csat",
    "Lifecycle and lagging KPIs",
    "An account's CSAT (0 to 5) and NPS (−100 to 100) are `satisfaction.csat` and "
    "`satisfaction.nps` of the latest review dated in the period that has each; between "
    "reviews on the same date, the file name that sorts last wins. The portfolio's is the "
    "mean over active accounts with a value: CSAT to 2 decimals, NPS to 1.",
)
def mean(values: Sequence[float], digits: int) -> float | None:
    return round(sum(values) / len(values), digits) if values else None


@formula(
    "referenceable_share",
    "Lifecycle and lagging KPIs",
    "An account is referenceable as the latest review dated on or before today that states "
    "`referenceable` says. The portfolio's share = active accounts stating true / active "
    "accounts stating it; 3 decimals, null when none does.",
)
def referenceable_share(yes: int, stated: int) -> float | None:
    return ratio(yes, stated)


@formula(
    "expansion_rate_12m",
    "Lifecycle and lagging KPIs",
    "Active accounts with at least one review dated in the period whose `whitespace_moves` "
    "has `to: adopted` or `to: won`, divided by the active accounts; 3 decimals. The rate "
    "of up-sell and cross-sell.",
)
def expansion_rate(expanded: int, active: int) -> float | None:
    return ratio(expanded, active)


@formula(
    "clv_estimate",
    "Lifecycle and lagging KPIs",
    "An estimate, not a forecast: the account's mean yearly revenue over its latest "
    f"{CLV_YEARS} financial years (converted) × the years it is expected to stay, 1 / the "
    f"portfolio's churn rate, capped at {CLV_MAX_YEARS} (and {CLV_MAX_YEARS} when nothing "
    "churned or there is no base). Whole currency units.",
    standing="design",
)
def clv_estimate(mean_revenue: float | None, churn: float | None) -> float | None:
    if mean_revenue is None:
        return None
    return float(round(mean_revenue * expected_years(churn)))


def expected_years(churn: float | None) -> float:
    return CLV_MAX_YEARS if not churn else min(1 / churn, CLV_MAX_YEARS)


@formula(
    "leading_means",
    "Lifecycle and lagging KPIs",
    "The leading indicators beside them, over the active accounts: plans reviewed on time = "
    "accounts whose plan review is fresh / active accounts (3 decimals); mean coverage (3 "
    "decimals) and mean health (1 decimal).",
    standing="design",
)
def leading_mean(values: Sequence[float], digits: int) -> float | None:
    return mean(values, digits)


@formula(
    "measure_attainment",
    "Objectives",
    "A measure's attainment = (actual − baseline) / (target − baseline), 3 decimals; null "
    "when target = baseline (or nothing is measured yet).",
)
def measure_attainment(baseline: float, target: float, actual: float | None) -> float | None:
    return (
        None
        if actual is None or target == baseline
        else round((actual - baseline) / (target - baseline), 3)
    )


# Plan depth: contracts, pipeline, risks, ties -------------------------------------------

RENEWAL_WINDOW_DAYS = 180


@formula(
    "next_renewal",
    "Plan depth",
    "An open contract has `renewal: open` or `at_risk`; its notice date is `end` − "
    "`notice_days`. `next_renewal` = the earliest `end` on or after today among the "
    "account's open contracts. The portfolio's `renewals_180d` counts the open contracts "
    "ending in [today, today + 180 days]; `renewal_value_180d` sums their converted `value`.",
)
def in_renewal_window(end: dt.date, today: dt.date) -> bool:
    return today <= end <= today + dt.timedelta(days=RENEWAL_WINDOW_DAYS)


@formula(
    "weighted_pipeline",
    "Plan depth",
    "Σ amount × probability over the open opportunities, converted, 2 decimals; the "
    "portfolio's is the sum over active accounts.",
)
def weighted(amount: float, probability: float) -> float:
    return amount * probability


@formula(
    "risk_exposure",
    "Plan depth",
    "Σ severity × likelihood over the risks that are open or mitigating.",
)
def exposure(pairs: Iterable[tuple[int, int]]) -> int:
    return sum(s * k for s, k in pairs)


@formula(
    "key_person_dependency",
    "Plan depth",
    "A tie joins a team member and an active stakeholder: `our_contact` (with the "
    "stakeholder's `strength` and `last_contact`) and each `relationships` entry. It is strong "
    "as a relationship is. The largest number of strong ties held by one team member / all "
    "strong ties, 3 decimals; null when there are none.",
)
def key_person_dependency(most: int, strong: int) -> float | None:
    return ratio(most, strong)


KEY_PERSON_SHARE = 0.8  # above this share of the strong ties, with at least
KEY_PERSON_MIN_TIES = 3  # this many, the account's knowledge sits in one head
