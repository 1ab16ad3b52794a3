"""The account lifecycle and the lagging KPIs: retention, churn, growth, the customer's voice
(CSAT, NPS, references) and expansion, each with the accounts it counts.

Plain functions of plans and reviews (metrics.md, "Lifecycle and lagging KPIs"); the engine
gathers their inputs and puts the results in `PortfolioMetrics.lifecycle`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kamgen.metrics import formulas as f
from kamgen.metrics.model import AccountMetrics, ChurnedAccount, Kpis, Retention, Said, Voice
from kamgen.metrics.words import money, names, pct, plural
from kamgen.model import Plan
from kamgen.model.review import Review

GROWN = ("adopted", "won")  # a whitespace move to one of these is an expansion


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%b %Y}"


def _years(years: float) -> str:
    return f"{years:.1f}".removesuffix(".0")


def _said(value: object, review: tuple[str, Review]) -> Said:
    file, r = review
    return Said(value, r.date, file)  # type: ignore[arg-type]


def _latest(
    reviews: Sequence[tuple[str, Review]], pick: Callable[[Review], object | None]
) -> Said | None:
    """What `pick` reads from the first review (latest first) that records it."""
    return next((_said(value, r) for r in reviews if (value := pick(r[1])) is not None), None)


def voice(reviews: Sequence[tuple[str, Review]], today: dt.date) -> Voice:
    """The latest CSAT, NPS (in the period) and referenceability (on or before today) of
    one account, each from the review that carries it."""
    start = f.period_start(today)
    # Latest first; on the same date, the file name that sorts last wins.
    ordered = sorted(
        (r for r in reviews if r[1].date <= today), key=lambda r: (r[1].date, r[0]), reverse=True
    )
    in_period = [r for r in ordered if r[1].date > start]
    csat = _latest(in_period, lambda r: r.satisfaction.csat if r.satisfaction else None)
    nps = _latest(in_period, lambda r: r.satisfaction.nps if r.satisfaction else None)
    referenceable = _latest(ordered, lambda r: r.referenceable)
    expansions = tuple(
        _said(sum(1 for m in r[1].whitespace_moves if m.to in GROWN), r)
        for r in reversed(in_period)
        if any(m.to in GROWN for m in r[1].whitespace_moves)
    )

    since = f"since {_day(start)}"

    def from_review(said: Said | None, what: str) -> str:
        if said is None:
            return f"no review {since} records {what}"
        return f"{said.value} at the review of {_day(said.on)} ({said.file})"

    why = {
        "csat": from_review(csat, "a CSAT"),
        "nps": from_review(nps, "an NPS"),
        "referenceable": (
            f"{'yes' if referenceable.value else 'no'}, said at the review of "
            f"{_day(referenceable.on)} ({referenceable.file})"
            if referenceable is not None
            else "no review so far says whether they will act as a reference"
        ),
        "expansion": (
            f"{plural(sum(int(e.value) for e in expansions), 'cell')} moved to adopted or won "
            f"at {plural(len(expansions), 'review')} {since}"
            if expansions
            else f"no review {since} moved a whitespace cell to adopted or won"
        ),
    }
    return Voice(csat, nps, referenceable, expansions, why)


@dataclass(frozen=True)
class Tenure:
    """When an account was a key account: what retention reads."""

    id: str
    name: str
    since: dt.date | None
    churned_on: dt.date | None  # None for an active account


def retention(tenures: Sequence[Tenure], today: dt.date) -> Retention:
    start = f.period_start(today)
    base = [t for t in tenures if f.in_base(t.since, t.churned_on, start)]
    lost = [t for t in base if t.churned_on is not None and start < t.churned_on <= today]
    lost.sort(key=lambda t: (t.churned_on or today, t.id))
    churned_words = (
        "churned in the last 12 months: "
        + names([f"{t.name}, {_day(t.churned_on)}" for t in lost if t.churned_on])
        if lost
        else "none churned in the last 12 months"
    )
    base_words = f"{plural(len(base), 'key account')} on {_day(start)}"
    empty = f"no key accounts on {_day(start)}, the start of the 12 months: nothing to retain yet"
    why = {
        "base_12m": f"{base_words}: {names([t.name for t in base])}" if base else empty,
        "churned_12m": churned_words,
        "logo_retention": f"{len(base) - len(lost)} of {base_words} are still key accounts; "
        f"{churned_words}"
        if base
        else empty,
        "churn_rate": f"{len(lost)} of {base_words} lost; {churned_words}" if base else empty,
    }
    return Retention(
        start,
        tuple(t.id for t in base),
        tuple(t.id for t in lost),
        f.logo_retention(len(lost), len(base)),
        f.churn_rate(len(lost), len(base)),
        why,
    )


def kpis(
    active: Sequence[AccountMetrics], churned: Sequence[ChurnedAccount], today: dt.date,
    kept: Retention | None = None,
) -> Kpis:  # fmt: skip
    """The portfolio's leading and lagging indicators over these accounts: the whole
    portfolio (`compute`), or the accounts whose values the site may publish."""
    kept = kept or retention(
        [Tenure(a.id, a.name, a.since, None) for a in active]
        + [Tenure(c.id, c.name, c.since, c.churned_on) for c in churned],
        today,
    )
    label = {a.id: a.name for a in active}
    voices = [(a.id, a.voice) for a in active if a.voice is not None]
    with_csat = [(k, v.csat) for k, v in voices if v.csat is not None]
    with_nps = [(k, v.nps) for k, v in voices if v.nps is not None]
    stated = [(k, v.referenceable) for k, v in voices if v.referenceable is not None]
    yes = [k for k, said in stated if said.value]
    expanded = [k for k, v in voices if v.expansions]
    fresh = [a.id for a in active if a.freshness["plan_review"].status == "fresh"]

    csat = f.mean([float(s.value) for _, s in with_csat], 2)
    nps = f.mean([float(s.value) for _, s in with_nps], 1)
    share = f.referenceable_share(len(yes), len(stated))
    expansion = f.expansion_rate(len(expanded), len(active))
    on_time = f.ratio(len(fresh), len(active))
    coverage = f.leading_mean([a.relationships.coverage for a in active], 3)
    health = f.leading_mean([float(a.health) for a in active], 1)

    def who(ids: Sequence[str]) -> str:
        return names([label[k] for k in ids])

    period = f"the 12 months since {_day(kept.start)}"
    n = plural(len(active), "active account")
    why = {
        **kept.why,
        "csat": f"mean of the latest CSAT in {period} of "
        f"{plural(len(with_csat), 'active account')}: {who([k for k, _ in with_csat])}"
        if with_csat
        else f"no active account recorded a CSAT in {period}",
        "nps": f"mean of the latest NPS in {period} of "
        f"{plural(len(with_nps), 'active account')}: {who([k for k, _ in with_nps])}"
        if with_nps
        else f"no active account recorded an NPS in {period}",
        "referenceable_share": f"{len(yes)} of {plural(len(stated), 'active account')} "
        f"whose reviews say so will act as a reference: {who(yes)}"
        if stated
        else "no active account's reviews say whether it will act as a reference",
        "expansion_rate_12m": f"{len(expanded)} of {n} adopted or won a whitespace cell in "
        f"{period}: {who(expanded)}"
        if active
        else "no active accounts",
        "plans_on_time": f"{len(fresh)} of {n} have a fresh plan review"
        if active
        else "no active accounts",
        "coverage": f"mean relationship coverage of {n}" if active else "no active accounts",
        "health": f"mean health of {n}, out of 100" if active else "no active accounts",
    }
    return Kpis(
        retention=kept,
        csat=csat,
        nps=nps,
        referenceable_share=share,
        expansion_rate_12m=expansion,
        plans_on_time=on_time,
        coverage=coverage,
        health=health,
        csat_accounts=tuple(k for k, _ in with_csat),
        nps_accounts=tuple(k for k, _ in with_nps),
        referenceable_accounts=tuple(yes),
        stated_accounts=tuple(k for k, _ in stated),
        expanded_accounts=tuple(expanded),
        why=why,
    )


def clv(
    plan: Plan, rate: float, year: int | None, churn: float | None, currency: str
) -> tuple[float | None, str]:
    """The lifetime value estimate of one account, and its why."""
    rows = sorted(
        (r for r in plan.financials if year is None or r.year <= year), key=lambda r: -r.year
    )[: f.CLV_YEARS]
    if not rows:
        return None, "estimate: no financials to average"
    mean_revenue = f.total(f.convert(r.revenue, rate) for r in rows) / len(rows)
    value = f.clv_estimate(mean_revenue, churn)
    years = f.expected_years(churn)
    span = f"{rows[-1].year}" if len(rows) == 1 else f"{rows[-1].year}-{rows[0].year}"
    reason = (
        f"1 / churn of {pct(churn)}"
        + (f", capped at {f.CLV_MAX_YEARS}" if 1 / churn > years else "")
        if churn
        else "the cap, as no key account churned in the last 12 months"
        if churn == 0
        else "the cap, as there is no base of accounts to measure churn on"
    )
    return value, (
        f"estimate: {money(mean_revenue, currency)} a year on average over {span} × "
        f"{_years(years)} years expected ({reason})"
    )
