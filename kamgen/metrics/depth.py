"""Plan depth of one account: its renewals, pipeline, risk exposure and who knows whom
(metrics.md, "Plan depth"). A pure function of the plan, its people and today."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from kamgen.metrics import formulas as f
from kamgen.metrics.model import Depth, OpenContract
from kamgen.metrics.words import money, names, plural
from kamgen.model import Plan
from kamgen.model.portfolio import Coverage
from kamgen.model.stakeholders import Stakeholder

OPEN = ("open", "at_risk")


def open_contracts(plan: Plan, rate: float) -> tuple[OpenContract, ...]:
    found = [
        OpenContract(
            c.id,
            c.title,
            c.end,
            c.end - dt.timedelta(days=c.notice_days),
            f.convert(c.value, rate) if c.value is not None else None,
            c.renewal,
            i,
        )
        for i, c in enumerate(plan.contracts)
        if c.renewal in OPEN
    ]
    return tuple(sorted(found, key=lambda c: (c.end, c.id)))


def strong_ties(
    people: Sequence[Stakeholder], settings: Coverage, today: dt.date
) -> list[tuple[str, str]]:
    """(team member, stakeholder) of every strong tie: the primary one (`our_contact`) and
    each of `relationships`, for active stakeholders."""
    ties: list[tuple[str, str]] = []
    for p in people:
        if p.status != "active":
            continue
        pairs = [(p.our_contact, p.strength, p.last_contact)] + [
            (t.with_, t.strength, t.last_contact) for t in p.relationships
        ]
        for member, strength, last in pairs:
            if member is not None and f.is_strong(
                True, strength, last, today, settings.strong_strength, settings.active_days
            ):
                ties.append((member, p.id))
    return ties


def depth(
    plan: Plan,
    people: Sequence[Stakeholder],
    rate: float,
    currency: str,
    settings: Coverage,
    today: dt.date,
) -> Depth:
    contracts = open_contracts(plan, rate)
    upcoming = [c for c in contracts if c.end >= today]
    lapsed = [c for c in contracts if c.end < today]
    window = [c for c in contracts if f.in_renewal_window(c.end, today)]
    window_value = f.total(c.value or 0.0 for c in window)
    pipeline = round(
        f.total(
            f.convert(f.weighted(o.amount, o.probability), rate)
            for o in plan.opportunities
            if o.stage == "open"
        ),
        2,
    )
    opened = sum(o.stage == "open" for o in plan.opportunities)
    live = [r for r in plan.risks if r.status in ("open", "mitigating")]
    exposure = f.exposure((r.severity, r.likelihood) for r in live)
    ties = strong_ties(people, settings, today)
    held = Counter(member for member, _ in ties)
    most = max(held.values(), default=0)
    kpd = f.key_person_dependency(most, len(ties))
    by_id = {p.id: p for p in people}
    sponsor = plan.executive_sponsor
    connected = (
        None
        if sponsor is None
        else any(member == sponsor and by_id[pid].level == "executive" for member, pid in ties)
    )
    top = sorted(held.items(), key=lambda kv: (-kv[1], kv[0]))
    why = {
        "next_renewal": (
            f"{upcoming[0].title} ({upcoming[0].id}) ends {upcoming[0].end}, notice by "
            f"{upcoming[0].notice_date}"
            if upcoming
            else "no open contract ends today or later"
        )
        # A lapsed contract is a decision still to record, not a renewal behind us.
        + (
            f"; {plural(len(lapsed), 'contract')} ended and still undecided: "
            + names([f"{c.title} on {c.end}" for c in lapsed])
            if lapsed
            else ""
        ),
        "renewal_value_180d": (
            f"{plural(len(window), 'open contract')} ending by "
            f"{today + dt.timedelta(days=f.RENEWAL_WINDOW_DAYS)}: {names([c.id for c in window])}"
            f", worth {money(window_value, currency)} a year"
            if window
            else f"no open contract ends in the next {f.RENEWAL_WINDOW_DAYS} days"
        ),
        "weighted_pipeline": (
            f"{money(pipeline, currency)} from "
            f"{plural(opened, 'open opportunity', 'open opportunities')}"
            ", each amount × probability"
        ),
        "risk_exposure": (
            f"{exposure} from {plural(len(live), 'open or mitigating risk')}: "
            + ", ".join(f"{r.id} {r.severity}×{r.likelihood}" for r in live)
            if live
            else "no open or mitigating risk"
        ),
        "key_person_dependency": (
            f"{top[0][0]} holds {top[0][1]} of {plural(len(ties), 'strong tie')}"
            + (f"; then {', '.join(f'{m} {n}' for m, n in top[1:4])}" if len(top) > 1 else "")
            if ties
            else "no strong ties between the team and the customer"
        ),
    }
    return Depth(
        next_renewal=upcoming[0].end if upcoming else None,
        open_contracts=contracts,
        renewals_180d=tuple(c.id for c in window),
        renewal_value_180d=window_value,
        weighted_pipeline=pipeline,
        risk_exposure=exposure,
        key_person_dependency=kpd,
        strong_ties=dict(top),
        sponsor_connected=connected,
        why=why,
    )


def objective_progress(plan: Plan) -> list[tuple[str, float | None, float | None, str]]:
    """(objective id, coverage, attainment, why) for each objective, in the plan's order."""
    out = []
    for o in plan.objectives:
        linked = [opp for opp in plan.opportunities if opp.objective == o.id]
        won = f.total(opp.amount for opp in linked if opp.stage == "won")
        weighted_open = f.total(
            f.weighted(opp.amount, opp.probability) for opp in linked if opp.stage == "open"
        )
        coverage = f.objective_coverage(won, weighted_open, o.target_revenue)
        attained = [f.measure_attainment(m.baseline, m.target, m.actual) for m in o.measures]
        attainment = f.objective_attainment(attained)
        why = (
            f"won {won:,.0f} + weighted open {weighted_open:,.0f} of a {o.target_revenue:,.0f} "
            f"target, from {plural(len(linked), 'linked opportunity', 'linked opportunities')}"
            if o.target_revenue
            else "no target_revenue, so no coverage"
        )
        out.append((o.id, coverage, attainment, why))
    return out
