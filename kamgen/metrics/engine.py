"""`compute(config, accounts, today)`: every metric of a portfolio, a pure function.

No I/O, no clock, no global state: the same inputs give the same `PortfolioMetrics`, in any
file order. Accounts whose plan did not load, or whose currency has no rate, are listed in
`skipped` (their findings say why) and take no part in any portfolio figure.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from kamgen.load.portfolio import Account
from kamgen.metrics import formulas as f
from kamgen.metrics.depth import depth, objective_progress
from kamgen.metrics.freshness import freshness
from kamgen.metrics.health import health
from kamgen.metrics.lifecycle import Tenure, clv, kpis, retention, voice
from kamgen.metrics.model import (
    AccountMetrics,
    ChurnedAccount,
    ManagerLoad,
    ObjectiveProgress,
    Overdue,
    PortfolioMetrics,
    Retention,
    RevenueFigures,
    Share,
    Skipped,
    Voice,
    WhitespaceMetrics,
)
from kamgen.metrics.relationships import relationships
from kamgen.metrics.whitespace import whitespace
from kamgen.metrics.words import money, names, plural
from kamgen.model import Plan, PortfolioConfig
from kamgen.model.stakeholders import Stakeholder

UNSPECIFIED = "unspecified"


@dataclass(frozen=True)
class _Money:
    """One account's money in the portfolio year Y, converted."""

    currency: str
    rate: float
    revenue: float
    previous: float | None
    wallet: float | None
    raw_revenue: float
    raw_wallet: float | None


def _money(plan: Plan, currency: str, rate: float, year: int | None) -> _Money:
    rows = {row.year: row for row in plan.financials}
    row = rows.get(year) if year is not None else None
    prev = rows.get(year - 1) if year is not None else None
    revenue = row.revenue if row else 0.0
    wallet = row.wallet if row else None
    return _Money(
        currency,
        rate,
        f.convert(revenue, rate),
        f.convert(prev.revenue, rate) if prev else None,
        f.convert(wallet, rate) if wallet is not None else None,
        revenue,
        wallet,
    )


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _overdue(plan: Plan, today: dt.date) -> tuple[tuple[Overdue, ...], tuple[Overdue, ...]]:
    actions = tuple(
        Overdue(a.id, a.what, a.owner, a.due, (today - a.due).days, i)
        for i, a in enumerate(plan.actions)
        if a.status in ("open", "in_progress") and a.due < today
    )
    objectives = tuple(
        Overdue(o.id, o.title, None, o.due, (today - o.due).days, i)
        for i, o in enumerate(plan.objectives)
        if o.status == "open" and o.due < today
    )
    return actions, objectives


def _shares(groups: dict[str, list[tuple[str, float]]], grand: float) -> dict[str, Share]:
    out = {}
    for key in sorted(groups, key=lambda k: (-f.total(r for _, r in groups[k]), k)):
        revenue = f.total(r for _, r in groups[key])
        out[key] = Share(revenue, f.share(revenue, grand), tuple(sorted(a for a, _ in groups[key])))
    return out


# Whitespace metrics kept between calls by a caller that computes the same files for many
# dates (`kamgen history`): they depend on the grid, the people and the rate, never on today.
Reuse = dict[tuple[int, int, float, str], tuple[object, object, WhitespaceMetrics]]


def compute(
    config: PortfolioConfig,
    accounts: Sequence[Account],
    today: dt.date,
    reuse: Reuse | None = None,
) -> PortfolioMetrics:
    currency = config.portfolio.currency
    skipped: list[Skipped] = []
    every: list[tuple[Account, Plan, str, float]] = []  # active and churned
    said: dict[str, Voice] = {}
    for account in sorted(accounts, key=lambda a: a.id):
        plan = account.plan
        if plan is None:
            skipped.append(Skipped(account.id, "plan.yaml is missing or invalid"))
            continue
        own = plan.currency or currency
        rate = config.portfolio.rate(own)
        if rate is None:
            skipped.append(Skipped(account.id, f"no fx rate for {own}"))
            continue
        every.append((account, plan, own, rate))
        said[account.id] = voice(account.reviews, today)
    # Retention first: the lifetime value estimates read its churn rate.
    kept = retention(
        [Tenure(a.id, plan.name, plan.since, _lost_on(plan)) for a, plan, _, _ in every], today
    )

    # The portfolio year counts churned accounts' financials too: they are accounts.
    years = [row.year for _, plan, _, _ in every for row in plan.financials]
    year = max(years) if years else None
    money_of = {a.id: _money(plan, own, rate, year) for a, plan, own, rate in every}
    usable = [entry for entry in every if entry[1].status == "active"]
    churned = tuple(
        sorted(
            (_churned(a, plan, money_of[a.id], said[a.id]) for a, plan, _, _ in every
             if plan.status == "churned"),
            key=lambda c: (-(c.churned_on or today).toordinal(), c.id),
        )
    )  # fmt: skip
    revenue = {a.id: money_of[a.id].revenue for a, _, _, _ in usable}
    n = len(usable)

    # Selection: derived criteria first, then scores, tiers and ranks.
    positions = f.competition_positions(revenue)
    thresholds = {t: config.scoring.tiers.threshold(t) for t in (1, 2, 3)}
    criteria_of: dict[str, dict[str, int]] = {}
    scores: dict[str, float | None] = {}
    score_why: dict[str, str] = {}
    for account, plan, _, _ in usable:
        given: dict[str, int] = {}
        parts: list[str] = []
        missing: list[str] = []
        for c in config.scoring.criteria:
            if c.source == "revenue_quintile":
                s = f.revenue_quintile(positions[account.id], n)
                parts.append(
                    f"{c.id} {s} (revenue {_ordinal(positions[account.id])} of {n}) ×{c.weight:g}"
                )
            elif c.id in plan.scores:
                s = plan.scores[c.id]
                parts.append(f"{c.id} {s} ×{c.weight:g}")
            else:
                missing.append(c.id)
                continue
            given[c.id] = s
        criteria_of[account.id] = given
        if missing:
            scores[account.id] = None
            score_why[account.id] = f"not scored: {names(missing)} missing in `scores:`"
        else:
            weighted = [(c.weight, given[c.id]) for c in config.scoring.criteria]
            scores[account.id] = f.selection_score(weighted)
            score_why[account.id] = f"{scores[account.id]:g} from " + ", ".join(parts)
    ranks = f.ranking(scores)

    out: list[AccountMetrics] = []
    for account, plan, own, _ in usable:
        m = money_of[account.id]
        people = account.stakeholders.stakeholders if account.stakeholders else []
        rel = relationships(people, config.coverage, today)
        fresh = freshness(
            plan, f"{account.folder}/plan.yaml", account.reviews, config.cadence, today
        )
        grid = _grid(account, people, m.rate, currency, reuse)
        value, value_why = clv(plan, m.rate, year, kept.churn_rate, currency)
        deep = depth(plan, people, m.rate, currency, config.coverage, today)
        progress = objective_progress(plan)
        overdue, past_due = _overdue(plan, today)
        total, lines = health(rel, fresh, overdue, people, plan.risks)
        score = scores[account.id]
        tier = f.suggested_tier(score, thresholds) if score is not None else None
        nrr = f.nrr(m.revenue, m.previous)
        sow = f.share_of_wallet(m.raw_revenue, m.raw_wallet)
        converted = (
            f" = {money(m.revenue, currency)} at {m.rate:g}" if m.currency != currency else ""
        )
        why = {
            "selection_score": score_why[account.id],
            "suggested_tier": (
                "no score, so no suggested tier"
                if score is None
                else f"{score:g} is below every tier's threshold"
                if tier is None
                else f"{score:g} reaches tier {tier}'s threshold of {thresholds[tier]:g}"
            ),
            "rank": f"{_ordinal(ranks[account.id])} of {n} by selection score",
            "revenue": (
                f"{money(m.raw_revenue, m.currency)} in {year}{converted}"
                if year is not None
                else "no financials in the portfolio"
            ),
            "nrr": (
                f"{money(m.revenue, currency)} in {year} / {money(m.previous, currency)} "
                f"in {year - 1}"
                if nrr is not None and m.previous is not None and year is not None
                else f"no revenue recorded for {year - 1 if year else 'the year before'}"
            ),
            "share_of_wallet": (
                f"{money(m.raw_revenue, m.currency)} of a "
                f"{money(m.raw_wallet, m.currency)} wallet in {year}"
                if sow is not None and m.raw_wallet is not None
                else f"no wallet recorded for {year}"
                if year is not None
                else "no financials recorded"
            ),
            # Only the parts short of their best, named in words: the breakdown has them all.
            "health": f"{total} of 100, points lost in: "
            + "; ".join(
                f"{line.id.replace('_', ' ')} {line.points}/{line.max}"
                for line in lines
                if line.points < line.max
            )
            if total < 100
            else "100 of 100: every leading indicator is at its best",
            "clv_estimate": value_why,
            **deep.why,
            **{f"objectives.{key}.coverage": said for key, _, _, said in progress},
            **said[account.id].why,
        }
        out.append(
            AccountMetrics(
                id=account.id,
                name=plan.name,
                kind=plan.kind,
                tier=plan.tier,
                owner=plan.owner,
                executive_sponsor=plan.executive_sponsor,
                region=plan.region,
                industry=plan.industry,
                currency=own,
                criteria=criteria_of[account.id],
                selection_score=score,
                suggested_tier=tier,
                rank=ranks[account.id],
                revenue=m.revenue,
                revenue_previous=m.previous,
                wallet=m.wallet,
                nrr=nrr,
                share_of_wallet=sow,
                relationships=rel,
                freshness=fresh,
                whitespace=grid,
                overdue_actions=overdue,
                objectives_past_due=past_due,
                health=total,
                health_lines=lines,
                why=why,
                objectives=tuple(
                    ObjectiveProgress(key, coverage, attainment)
                    for key, coverage, attainment, _ in progress
                ),
                voice=said[account.id],
                clv_estimate=value,
                since=plan.since,
                depth=deep,
            )
        )
    out.sort(key=lambda a: a.rank)
    return _portfolio(config, out, today, year, tuple(skipped), churned, kept)


def _lost_on(plan: Plan) -> dt.date | None:
    """The churn date retention reads: an active plan has none, whatever it says (a
    `churned_on` without `status: churned` is a finding of its own)."""
    return plan.churned_on if plan.status == "churned" else None


def _churned(account: Account, plan: Plan, m: _Money, said: Voice) -> ChurnedAccount:
    lost = f"churned on {plan.churned_on}" if plan.churned_on else "churned, with no date"
    return ChurnedAccount(
        id=account.id,
        name=plan.name,
        tier=plan.tier,
        owner=plan.owner,
        region=plan.region,
        industry=plan.industry,
        since=plan.since,
        churned_on=plan.churned_on,
        currency=m.currency,
        revenue=m.revenue,
        revenue_previous=m.previous,
        voice=said,
        why=lost + (f", a key account since {plan.since}" if plan.since else ""),
    )


def _portfolio(
    config: PortfolioConfig,
    accounts: list[AccountMetrics],
    today: dt.date,
    year: int | None,
    skipped: tuple[Skipped, ...],
    churned: tuple[ChurnedAccount, ...],
    kept: Retention,
) -> PortfolioMetrics:
    currency = config.portfolio.currency
    money_figures = revenue_figures(accounts, currency, year, lost=churned)
    figures = kpis(accounts, churned, today, kept)
    totals = depth_totals(accounts, currency, today)
    depth_why: dict[str, str] = totals.pop("depth_why")
    team = {m.id: m for m in config.team}
    owned: dict[str, list[AccountMetrics]] = defaultdict(list)
    for a in accounts:
        owned[a.owner].append(a)
    managers = tuple(
        ManagerLoad(
            person,
            team[person].name if person in team else person,
            tuple(a.id for a in owned[person]),
            tuple(a.id for a in owned[person] if a.tier == 1),
            config.capacity.max_accounts_per_manager,
            config.capacity.max_tier1_per_manager,
        )
        for person in sorted(
            set(owned) | {m.id for m in config.team if m.role == "key_account_manager"}
        )
    )
    return PortfolioMetrics(
        today=today,
        currency=currency,
        year=year,
        accounts=tuple(accounts),
        revenue=money_figures.revenue,
        revenue_previous=money_figures.revenue_previous,
        nrr=money_figures.nrr,
        pareto_80=money_figures.pareto_80,
        top_account_share=money_figures.top_account_share,
        by_region=money_figures.by_region,
        by_currency=money_figures.by_currency,
        managers=managers,
        skipped=skipped,
        why={
            **money_figures.why,
            **figures.why,
            "clv_estimate": _clv_total_why(accounts),
            **depth_why,
        },
        revenue_growth=money_figures.revenue_growth,
        kpis=figures,
        churned=churned,
        clv_estimate=_clv_total(accounts),
        **totals,
    )


def depth_totals(
    accounts: Sequence[AccountMetrics], currency: str, today: dt.date
) -> dict[str, Any]:
    deep = [(a.id, a.depth) for a in accounts if a.depth is not None]
    ending = [(k, c) for k, d in deep for c in d.open_contracts if c.id in d.renewals_180d]
    value = f.total(c.value or 0.0 for _, c in ending)
    pipeline = round(f.total(d.weighted_pipeline for _, d in deep), 2)
    with_pipeline = [k for k, d in deep if d.weighted_pipeline]
    return {
        "renewals_180d": len(ending),
        "renewal_value_180d": value,
        "weighted_pipeline": pipeline,
        "depth_why": {
            "renewals_180d": (
                f"{plural(len(ending), 'open contract')} end by "
                f"{today + dt.timedelta(days=f.RENEWAL_WINDOW_DAYS)}: "
                + names([f"{k} {c.id} on {c.end}" for k, c in ending])
                if ending
                else f"no open contract ends in the next {f.RENEWAL_WINDOW_DAYS} days"
            ),
            "renewal_value_180d": f"{money(value, currency)} a year across "
            f"{plural(len(ending), 'contract')} ending in the next {f.RENEWAL_WINDOW_DAYS} days",
            "weighted_pipeline": f"{money(pipeline, currency)} across "
            f"{plural(len(with_pipeline), 'account')} with open opportunities: "
            f"{names(with_pipeline)}",
        },
    }


def _clv_total(accounts: Sequence[AccountMetrics]) -> float | None:
    values = [a.clv_estimate for a in accounts if a.clv_estimate is not None]
    return f.total(values) if values else None


def _clv_total_why(accounts: Sequence[AccountMetrics]) -> str:
    values = [a for a in accounts if a.clv_estimate is not None]
    return (
        "estimate: the sum of the lifetime value estimates of "
        f"{plural(len(values), 'active account')}"
        if values
        else "estimate: no active account has financials to estimate from"
    )


def _grid(
    account: Account, people: list[Stakeholder], rate: float, currency: str, reuse: Reuse | None
) -> WhitespaceMetrics:
    if reuse is None:
        return whitespace(account.whitespace, people, rate, currency)
    key = (id(account.whitespace), id(account.stakeholders), rate, currency)
    kept = reuse.get(key)
    # The very same models (a loader's memo shares them while their files are unchanged);
    # `is` guards against an id reused by a model that was freed.
    if kept is not None and kept[0] is account.whitespace and kept[1] is account.stakeholders:
        return kept[2]
    grid = whitespace(account.whitespace, people, rate, currency)
    reuse[key] = (account.whitespace, account.stakeholders, grid)
    return grid


def revenue_figures(
    accounts: Sequence[AccountMetrics],
    currency: str,
    year: int | None,
    region_of: Callable[[AccountMetrics], str | None] | None = None,
    lost: Sequence[ChurnedAccount] = (),
) -> RevenueFigures:
    """Revenue, net revenue retention, concentration and the region and currency shares of
    `accounts`: the one definition, for the whole portfolio (`compute`) and for the accounts
    whose revenue the site may publish. `region_of` returns None for an account to leave out
    of the region table only (the site: its region is confidential); by default an account
    without a region is counted as "unspecified". The `lost` (churned) accounts count only in
    net revenue retention and growth: the revenue they took away is what those measure."""
    revenue = {a.id: a.revenue for a in accounts}
    grand = f.total(revenue.values())
    everyone: list[AccountMetrics | ChurnedAccount] = [*accounts, *lost]
    with_previous = [a for a in everyone if a.revenue_previous]
    previous = f.total(a.revenue_previous or 0.0 for a in with_previous)
    current = f.total(a.revenue for a in with_previous)
    nrr = f.nrr(current, previous)
    all_previous = f.total(a.revenue_previous or 0.0 for a in everyone)
    all_current = f.total(a.revenue for a in everyone)
    growth = f.revenue_growth(all_current, all_previous)
    churned_note = f", {plural(len(lost), 'churned account')} included" if lost else ""
    pareto = f.pareto_80(revenue)
    top = min(accounts, key=lambda a: (-a.revenue, a.id), default=None)
    top_share = f.share(top.revenue, grand) if top is not None else None
    regions: dict[str, list[tuple[str, float]]] = defaultdict(list)
    currencies: dict[str, list[tuple[str, float]]] = defaultdict(list)
    unplaced = []
    for a in accounts:
        region = (a.region or UNSPECIFIED) if region_of is None else region_of(a)
        if region is None:
            unplaced.append(a.id)
        else:
            regions[region].append((a.id, a.revenue))
        currencies[a.currency].append((a.id, a.revenue))
    why = {
        "revenue": (
            f"{money(grand, currency)} across {plural(len(accounts), 'account')} in {year}"
            if year is not None
            else "no financials recorded"
        ),
        "nrr": (
            f"{money(current, currency)} in {year} / {money(previous, currency)} in "
            f"{(year or 0) - 1}, over {plural(len(with_previous), 'account')} with revenue "
            f"in both years{churned_note}"
            if nrr is not None
            else "no account has revenue recorded for the year before"
        ),
        "pareto_80": (
            f"{plural(len(pareto), 'account')} of {len(accounts)} carry 80% of revenue: "
            f"{names(list(pareto))}"
            if grand
            else "no revenue recorded"
        ),
        "revenue_growth": (
            f"{money(all_current, currency)} in {year} against {money(all_previous, currency)}"
            f" in {(year or 0) - 1}, over {plural(len(everyone), 'account')}{churned_note}; "
            "new accounts count"
            if growth is not None
            else f"no revenue recorded for {year - 1 if year else 'the year before'}"
        ),
        "top_account_share": (
            f"{top.id} carries {money(top.revenue, currency)} of {money(grand, currency)}"
            if top is not None and top_share is not None
            else "no revenue recorded"
        ),
    }
    return RevenueFigures(
        accounts=tuple(a.id for a in accounts),
        revenue=grand,
        revenue_previous=previous,
        nrr=nrr,
        nrr_accounts=len(with_previous),
        pareto_80=tuple(pareto),
        top_account_share=top_share,
        by_region=_shares(regions, grand),
        region_unplaced=tuple(unplaced),
        by_currency=_shares(currencies, grand),
        why=why,
        revenue_growth=growth,
        churned=tuple(a.id for a in lost),
    )
