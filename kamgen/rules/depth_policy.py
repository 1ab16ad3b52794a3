"""The policy rules of plan depth (metrics.md, "Plan depth"): renewals, the pipeline, measured
objectives, the risk register and who knows whom. Each points at the line to edit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from kamgen.base.findings import Finding
from kamgen.load.portfolio import Account
from kamgen.metrics import formulas as f
from kamgen.metrics.model import AccountMetrics
from kamgen.metrics.words import days, pct
from kamgen.model import Plan
from kamgen.rules.registry import finding

LIVE_ACTIONS = ("open", "in_progress")


def _contracts(
    plan: Plan, m: AccountMetrics, file: str, today: dt.date, warn: int
) -> Iterator[Finding]:
    if m.depth is None:
        return
    edge = today + dt.timedelta(days=warn)
    for c in m.depth.open_contracts:
        if c.end < today:
            yield finding("contract-lapsed", file,
                     f"contract `{c.id}` ({c.title}) ended on {c.end}, {days((today - c.end).days)}"
                     f" ago, with its renewal still {c.renewal.replace('_', ' ')}: record the "
                     f"outcome with `kamgen contract renew {m.id} {c.id} --end YYYY-MM-DD` or "
                     f"`kamgen contract lost {m.id} {c.id}`",
                     m.id, ("contracts", c.index, "renewal"))  # fmt: skip
        elif c.notice_date <= edge:
            left = (c.notice_date - today).days
            when = (
                f"notice was due {days(-left)} ago, on {c.notice_date}"
                if left < 0
                else "notice is due today"
                if left == 0
                else f"notice is due in {days(left)}, on {c.notice_date}"
            )
            yield finding("renewal-due", file,
                     f"contract `{c.id}` ({c.title}) ends {c.end}; {when}: agree the renewal "
                     f"with the customer and record it with `kamgen contract renew {m.id} "
                     f"{c.id} --end YYYY-MM-DD`", m.id,
                     ("contracts", c.index, "end"))  # fmt: skip


def _pipeline(plan: Plan, m: AccountMetrics, file: str, today: dt.date) -> Iterator[Finding]:
    for i, o in enumerate(plan.opportunities):
        if o.stage == "open" and o.close_date < today:
            yield finding("close-date-passed", file,
                     f"opportunity `{o.id}` ({o.name}) was to close on {o.close_date}, "
                     f"{days((today - o.close_date).days)} ago: mark it won or lost, or move "
                     "its `close_date`", m.id, ("opportunities", i, "close_date"))  # fmt: skip
    coverage = {p.id: p.coverage for p in m.objectives}
    for i, goal in enumerate(plan.objectives):
        covered = coverage.get(goal.id)
        if goal.target_revenue and goal.due >= today and covered is not None and covered < 1:
            yield finding("objective-uncovered", file,
                     f"objective `{goal.id}` is {covered * 100:.1f}% covered: "
                     f"{m.why.get(f'objectives.{goal.id}.coverage', '')}; add or advance "
                     "opportunities linked to it", m.id,
                     ("objectives", i, "target_revenue"))  # fmt: skip


def _measures(plan: Plan, m: AccountMetrics, file: str, today: dt.date) -> Iterator[Finding]:
    limit = m.freshness["plan_review"].limit_days
    for i, goal in enumerate(plan.objectives):
        for j, measure in enumerate(goal.measures):
            if measure.as_of is not None and (today - measure.as_of).days > limit:
                yield finding("measure-stale", file,
                         f"measure `{measure.id}` of objective `{goal.id}` was last measured on "
                         f"{measure.as_of}, {days((today - measure.as_of).days)} ago; a tier "
                         f"{m.tier} plan is reviewed every {days(limit)}: update `actual` and "
                         "`as_of`", m.id,
                         ("objectives", i, "measures", j, "as_of"))  # fmt: skip


def _risks(plan: Plan, m: AccountMetrics, file: str, today: dt.date) -> Iterator[Finding]:
    status = {a.id: a.status for a in plan.actions}
    for i, r in enumerate(plan.risks):
        live = [a for a in r.mitigations if status.get(a) in LIVE_ACTIONS]
        if r.status == "open" and r.severity >= 4 and not live:
            yield finding("risk-unmitigated", file,
                     f"risk `{r.id}` ({r.title}) is severity {r.severity} with no open "
                     "mitigation: add an action to the plan and list it in `mitigations`",
                     m.id, ("risks", i, "severity"))  # fmt: skip
        if r.status in ("open", "mitigating") and r.review_by is not None and r.review_by < today:
            yield finding("risk-review-overdue", file,
                     f"risk `{r.id}` ({r.title}) was due for review on {r.review_by}, "
                     f"{days((today - r.review_by).days)} ago: review it and set a new "
                     "`review_by`", m.id, ("risks", i, "review_by"))  # fmt: skip


def _ties(account: Account, m: AccountMetrics) -> Iterator[Finding]:
    deep = m.depth
    if deep is None:
        return
    people_file = f"{account.folder}/stakeholders.yaml"
    total = sum(deep.strong_ties.values())
    share = deep.key_person_dependency
    if share is not None and share > f.KEY_PERSON_SHARE and total >= f.KEY_PERSON_MIN_TIES:
        member, held = next(iter(deep.strong_ties.items()))
        yield finding("key-person-dependency", people_file,
                 f"{member} holds {held} of the {total} strong ties ({pct(share)}): if they "
                 "leave, so does what we know; introduce a colleague to the key people and "
                 "record it in `relationships`", m.id, ("stakeholders",))  # fmt: skip
    if m.tier == 1 and deep.sponsor_connected is False:
        yield finding("sponsor-not-connected", f"{account.folder}/plan.yaml",
                 f"executive sponsor {m.executive_sponsor} has no strong tie to an executive at "
                 "the customer: arrange a meeting and record it in their `relationships`",
                 m.id, ("executive_sponsor",))  # fmt: skip


def depth_findings(
    account: Account, m: AccountMetrics, today: dt.date, warn_days: int
) -> Iterator[Finding]:
    plan = account.plan
    if plan is None:
        return
    file = f"{account.folder}/plan.yaml"
    yield from _contracts(plan, m, file, today, warn_days)
    yield from _pipeline(plan, m, file, today)
    yield from _measures(plan, m, file, today)
    yield from _risks(plan, m, file, today)
    yield from _ties(account, m)
