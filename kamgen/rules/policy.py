"""The policy rules of `kamgen check`, read off the metrics, and the waivers that silence them.

Each finding points at the line a person would edit to resolve it: the `tier:` of the plan,
the stakeholder concerned, the overdue action's `due:`, the latest review of a stale kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from kamgen.base.findings import DocPath, Finding
from kamgen.load.portfolio import Account, Portfolio
from kamgen.load.root import CONFIG
from kamgen.metrics.model import AccountMetrics, Freshness, PortfolioMetrics
from kamgen.metrics.words import days, names, plural
from kamgen.rules.depth_policy import depth_findings
from kamgen.rules.registry import finding

STALE_RULE = {
    "plan_review": "stale-plan",
    "business_review": "stale-business-review",
    "executive_touchpoint": "stale-executive-touchpoint",
}
KIND_LABEL = {
    "plan_review": "plan review",
    "business_review": "business review",
    "executive_touchpoint": "executive touchpoint",
}
FIX = {
    "plan_review": "review the plan and run `kamgen attest {id} --by <you>`",
    "business_review": "hold one and record it with `kamgen review add {id} --kind "
    "business_review`",
    "executive_touchpoint": "arrange one and record it with `kamgen review add {id} --kind "
    "executive_touchpoint`",
}


def _people_index(account: Account) -> dict[str, int]:
    people = account.stakeholders.stakeholders if account.stakeholders else []
    return {p.id: i for i, p in reversed(list(enumerate(people)))}


def _freshness(account: Account, plan_file: str, fresh: Freshness) -> Iterator[Finding]:
    if fresh.status == "fresh":
        return
    path: DocPath
    if fresh.source is None:
        file, path = plan_file, ("tier",)
    elif fresh.source == plan_file:
        file, path = plan_file, ("reviewed", "on")
    else:
        file, path = fresh.source, ("date",)
    label = KIND_LABEL[fresh.kind]
    fix = FIX[fresh.kind].format(id=account.id)
    if fresh.status == "stale":
        yield finding(
            STALE_RULE[fresh.kind], file, f"{label} is stale: {fresh.why}; {fix}", account.id, path
        )
    else:
        yield finding("due-soon", file, f"{label} falls due: {fresh.why}", account.id, path)


def _satisfaction(account: Account, m: AccountMetrics) -> Iterator[Finding]:
    voice = m.voice
    if m.tier > 2 or voice is None or voice.csat is not None or voice.nps is not None:
        return
    business = m.freshness["business_review"].source
    file, path = (business, ("date",)) if business else (f"{account.folder}/plan.yaml", ("tier",))
    yield finding(
        "no-satisfaction-measure",
        file,
        "no review in the last 12 months records a CSAT or an NPS: ask for both at the "
        f"next business review and record them with `kamgen review add {account.id} --kind "
        "business_review`",
        account.id,
        path,
    )


def account_findings(account: Account, m: AccountMetrics) -> Iterator[Finding]:
    acc = account.id
    plan_file = f"{account.folder}/plan.yaml"
    people_file = f"{account.folder}/stakeholders.yaml"
    rel = m.relationships
    index = _people_index(account)

    if m.suggested_tier is not None and m.suggested_tier != m.tier:
        yield finding(
            "tier-mismatch",
            plan_file,
            f"declared tier {m.tier}, suggested tier {m.suggested_tier}: {m.why['suggested_tier']}",
            acc,
            ("tier",),
        )
    elif m.suggested_tier is None and m.selection_score is not None:
        yield finding(
            "tier-mismatch",
            plan_file,
            f"declared tier {m.tier}, but {m.why['suggested_tier']}: is it still a key account?",
            acc,
            ("tier",),
        )
    if m.tier == 1 and m.executive_sponsor is None:
        yield finding(
            "no-executive-sponsor",
            plan_file,
            "tier 1 account without `executive_sponsor:`; tier 1 gets a sponsor with 2-3 "
            "objectives a year",
            acc,
            ("tier",),
        )

    if rel.single_threaded:
        yield finding(
            "single-threaded",
            people_file,
            f"single-threaded with {rel.why['multithread_depth']}",
            acc,
            ("stakeholders",),
        )
    if not rel.strong_decision_makers:
        yield finding(
            "no-decision-maker",
            people_file,
            f"{rel.why['decision_makers']} (decision_maker or budget_holder)",
            acc,
            ("stakeholders",),
        )
    for person in rel.detractors_in_power:
        yield finding(
            "detractor-in-power",
            people_file,
            f"`{person}` is a detractor who decides or pays; plan how to win them over or "
            "work around them",
            acc,
            ("stakeholders", index[person], "sentiment"),
        )
    if rel.thin_map:
        yield finding(
            "thin-map",
            people_file,
            f"thin map: {rel.why['thin_map']}",
            acc,
            ("stakeholders",),
        )
    for person in rel.departed_champions:
        yield finding(
            "champion-left",
            people_file,
            f"champion `{person}` has left; find who inherits their agenda and follow them "
            "to their new company",
            acc,
            ("stakeholders", index[person], "status"),
        )

    for fresh in m.freshness.values():
        yield from _freshness(account, plan_file, fresh)
    yield from _satisfaction(account, m)

    for late in m.overdue_actions:
        yield finding(
            "overdue-action",
            plan_file,
            f"action `{late.id}` ({late.owner}) was due {late.due}, {days(late.days_late)} ago",
            acc,
            ("actions", late.index, "due"),
        )
    for late in m.objectives_past_due:
        yield finding(
            "objective-past-due",
            plan_file,
            f"objective `{late.id}` was due {late.due}, {days(late.days_late)} ago; mark it "
            "achieved, missed or dropped, or move its date",
            acc,
            ("objectives", late.index, "due"),
        )


def manager_findings(portfolio: Portfolio, metrics: PortfolioMetrics) -> Iterator[Finding]:
    team = portfolio.config.team if portfolio.config else []
    position = {m.id: i for i, m in enumerate(team)}
    for load in metrics.managers:
        if not load.overloaded:
            continue
        problems = []
        if len(load.accounts) > load.max_accounts:
            problems.append(f"{plural(len(load.accounts), 'account')} (limit {load.max_accounts})")
        if len(load.tier1) > load.max_tier1:
            problems.append(
                f"{len(load.tier1)} tier 1 accounts (limit {load.max_tier1}): "
                f"{names(list(load.tier1))}"
            )
        yield finding(
            "manager-overloaded",
            CONFIG,
            f"{load.id} owns {' and '.join(problems)}",
            None,
            ("team", position[load.id]) if load.id in position else ("capacity",),
        )


def waiver_findings(portfolio: Portfolio, today: dt.date) -> Iterator[Finding]:
    for account in portfolio.accounts:
        # A lost account gets no reminders: its waivers lapse with it.
        if account.plan is None or account.plan.status == "churned":
            continue
        for i, waiver in enumerate(account.plan.waivers):
            if waiver.until < today:
                yield finding(
                    "waiver-expired",
                    f"{account.folder}/plan.yaml",
                    f"waiver of `{waiver.rule}` expired on {waiver.until}; renew it with a "
                    "reason or remove it",
                    account.id,
                    ("waivers", i, "until"),
                )


def live_waivers(portfolio: Portfolio, today: dt.date) -> set[tuple[str, str]]:
    """(account, rule) pairs silenced today: a waiver holds through its `until` date."""
    return {
        (account.id, waiver.rule)
        for account in portfolio.accounts
        if account.plan is not None
        for waiver in account.plan.waivers
        if waiver.until >= today
    }


def apply_waivers(findings: Iterable[Finding], waived: set[tuple[str, str]]) -> Iterator[Finding]:
    for found in findings:
        if found.account is None or (found.account, found.rule) not in waived:
            yield found


def check_policy(
    portfolio: Portfolio, metrics: PortfolioMetrics, today: dt.date
) -> Iterator[Finding]:
    by_id = {a.id: a for a in portfolio.accounts}
    warn = portfolio.config.cadence.renewal_warn_days if portfolio.config else 90
    for m in metrics.accounts:
        yield from account_findings(by_id[m.id], m)
        yield from depth_findings(by_id[m.id], m, metrics.today, warn)
    yield from manager_findings(portfolio, metrics)
    yield from waiver_findings(portfolio, today)
