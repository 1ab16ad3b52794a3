"""Integrity between files: every id points at something, names agree, grids are closed.

Each check yields findings carrying a document path; line and column are resolved later,
only for the files that have findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from kamgen.base.findings import Finding
from kamgen.base.hints import Hints
from kamgen.load.portfolio import Account, Portfolio, review_name
from kamgen.load.root import CONFIG
from kamgen.model import Plan, PortfolioConfig
from kamgen.rules.depth_refs import check_plan_depth, check_ties
from kamgen.rules.refs import Refs, in_grid, repeats
from kamgen.rules.registry import RULES, finding

PLAN = "plan.yaml"
STAKEHOLDERS = "stakeholders.yaml"
WHITESPACE = "whitespace.yaml"
# Every set of ids is a `Hints`, built once and asked many times: membership is a set lookup
# and a "did you mean" costs a bounded amount however many references miss (kamgen/base/hints.py).
_RULES = Hints(RULES)


def check_config(config: PortfolioConfig) -> Iterator[Finding]:
    total = sum(c.weight for c in config.scoring.criteria)
    if abs(total - 100) > 1e-9:
        yield finding(
            "scoring-weights",
            CONFIG,
            f"criterion weights sum to {total:g}; they must sum to 100",
            None,
            ("scoring", "criteria"),
        )
    for label, ids, key in (
        ("criterion", [c.id for c in config.scoring.criteria], ("scoring", "criteria")),
        ("team member", [m.id for m in config.team], ("team",)),
    ):
        for index, item_id in repeats(ids):
            yield finding(
                "duplicate-id",
                CONFIG,
                f"{label} id `{item_id}` is used twice",
                None,
                (*key, index, "id"),
            )
    for rule_id in config.rules:
        if rule_id not in RULES:
            yield finding(
                "unknown-rule",
                CONFIG,
                f"no rule `{rule_id}`{_RULES(rule_id)}",
                None,
                ("rules", rule_id),
            )
        elif not RULES[rule_id].overridable:
            yield finding(
                "unknown-rule",
                CONFIG,
                f"rule `{rule_id}` means the file cannot be read; its severity cannot change",
                None,
                ("rules", rule_id),
            )


def team_ids(config: PortfolioConfig | None) -> Hints | None:
    """The team's ids, for `check_account`: built once per portfolio, not once per account."""
    return Hints(m.id for m in config.team) if config is not None else None


def check_account(
    config: PortfolioConfig | None,
    account: Account,
    today: dt.date,
    team: Hints | None = None,
) -> Iterator[Finding]:
    refs = Refs(team if team is not None else team_ids(config), account)
    acc = account.id
    folder = account.folder
    plan_file = f"{folder}/{PLAN}"
    if account.plan is not None:
        plan = account.plan
        if plan.id != acc:
            yield finding(
                "id-mismatch",
                plan_file,
                f"plan id `{plan.id}` differs from its folder name `{acc}`; rename one",
                acc,
                ("id",),
            )
        yield from refs.team_id(plan.owner, plan_file, ("owner",), "owner")
        yield from refs.team_id(
            plan.executive_sponsor, plan_file, ("executive_sponsor",), "executive sponsor"
        )
        if plan.reviewed is not None:
            yield from refs.team_id(plan.reviewed.by, plan_file, ("reviewed", "by"), "reviewer")
            if plan.reviewed.on > today:
                yield finding(
                    "review-in-future",
                    plan_file,
                    f"plan attested on {plan.reviewed.on}, after today ({today})",
                    acc,
                    ("reviewed", "on"),
                )
        yield from _lifecycle(plan, plan_file, acc, today)
        yield from check_plan_depth(refs, plan, plan_file)
        objective_ids = Hints(o.id for o in plan.objectives)
        for i, dup in repeats(o.id for o in plan.objectives):
            yield finding(
                "duplicate-id",
                plan_file,
                f"objective id `{dup}` is used twice",
                acc,
                ("objectives", i, "id"),
            )
        for i, dup in repeats(a.id for a in plan.actions):
            yield finding(
                "duplicate-id",
                plan_file,
                f"action id `{dup}` is used twice",
                acc,
                ("actions", i, "id"),
            )
        for i, action in enumerate(plan.actions):
            yield from refs.team_id(
                action.owner, plan_file, ("actions", i, "owner"), "action owner"
            )
            if action.objective is not None and action.objective not in objective_ids:
                yield finding(
                    "unknown-reference",
                    plan_file,
                    f"objective `{action.objective}` is not in this plan's objectives"
                    f"{objective_ids(action.objective)}",
                    acc,
                    ("actions", i, "objective"),
                )
        for i, waiver in enumerate(plan.waivers):
            yield from refs.team_id(waiver.by, plan_file, ("waivers", i, "by"), "waiver approver")
            if waiver.rule not in RULES or not RULES[waiver.rule].overridable:
                yield finding(
                    "unknown-rule",
                    plan_file,
                    f"no rule `{waiver.rule}` can be waived{_RULES(waiver.rule)}",
                    acc,
                    ("waivers", i, "rule"),
                )
        if config is not None:
            criteria = {c.id: c for c in config.scoring.criteria}
            criterion_ids = Hints(criteria)
            for criterion in criteria.values():
                if criterion.source is None and criterion.id not in plan.scores:
                    yield finding(
                        "missing-score",
                        plan_file,
                        f"criterion `{criterion.id}` is not scored (1-5) in `scores:`",
                        acc,
                        ("scores",),
                    )
            for key in plan.scores:
                if key not in criteria:
                    yield finding(
                        "unknown-criterion",
                        plan_file,
                        f"`{key}` is not a criterion in kamgen.yaml{criterion_ids(key)}",
                        acc,
                        ("scores", key),
                    )
                elif criteria[key].source is not None:
                    yield finding(
                        "unknown-criterion",
                        plan_file,
                        f"`{key}` is derived ({criteria[key].source}); remove its score",
                        acc,
                        ("scores", key),
                    )
            currency = plan.currency or config.portfolio.currency
            if config.portfolio.rate(currency) is None:
                yield finding(
                    "missing-fx-rate",
                    plan_file,
                    f"no rate for {currency} in `portfolio.fx` of kamgen.yaml "
                    f"(1 {currency} = N {config.portfolio.currency})",
                    acc,
                    ("currency",),
                )
        for i, year in repeats(row.year for row in plan.financials):
            yield finding(
                "duplicate-id",
                plan_file,
                f"financial year {year} is listed twice",
                acc,
                ("financials", i, "year"),
            )

    yield from _check_stakeholders(refs, account)
    yield from _check_whitespace(refs, account)
    yield from _check_reviews(refs, account, today)


def _check_stakeholders(refs: Refs, account: Account) -> Iterator[Finding]:
    if account.stakeholders is None:
        return
    file = f"{account.folder}/{STAKEHOLDERS}"
    people = account.stakeholders.stakeholders
    for i, dup in repeats(p.id for p in people):
        yield finding(
            "duplicate-id",
            file,
            f"stakeholder id `{dup}` is used twice",
            account.id,
            ("stakeholders", i, "id"),
        )
    for i, person in enumerate(people):
        yield from refs.person(
            person.reports_to, file, ("stakeholders", i, "reports_to"), "reports_to"
        )
        if person.reports_to == person.id:
            yield finding(
                "unknown-reference",
                file,
                f"`{person.id}` reports to themself",
                account.id,
                ("stakeholders", i, "reports_to"),
            )
        for j, other in enumerate(person.influences):
            yield from refs.person(other, file, ("stakeholders", i, "influences", j), "influences")
        yield from refs.team_id(
            person.our_contact, file, ("stakeholders", i, "our_contact"), "our_contact"
        )
    yield from check_ties(refs, people, file)


def _check_whitespace(refs: Refs, account: Account) -> Iterator[Finding]:
    if account.whitespace is None:
        return
    grid = account.whitespace
    file = f"{account.folder}/{WHITESPACE}"
    for axis, values in (("units", grid.units), ("offerings", grid.offerings)):
        for i, value in repeats(values):
            yield finding(
                "duplicate-id",
                file,
                f"`{value}` is listed twice in `{axis}`",
                account.id,
                (axis, i),
            )
    cells: dict[tuple[str, str], int] = {}
    for i, cell in enumerate(grid.cells):
        yield from in_grid(refs, cell.unit, cell.offering, file, ("cells", i))
        key = (cell.unit, cell.offering)
        if key in cells:
            yield finding(
                "duplicate-cell",
                file,
                f"cell {cell.unit} x {cell.offering} is already listed (cells[{cells[key]}])",
                account.id,
                ("cells", i),
            )
        cells.setdefault(key, i)
        yield from refs.person(cell.champion, file, ("cells", i, "champion"), "champion")
        yield from refs.team_id(cell.owner, file, ("cells", i, "owner"), "cell owner")


def _check_reviews(refs: Refs, account: Account, today: dt.date) -> Iterator[Finding]:
    for file, review in account.reviews:
        name = file.rsplit("/", 1)[-1]
        match = review_name(name)
        expected = f"{review.date}-{review.kind.replace('_', '-')}.yaml"
        if match is None:
            yield finding(
                "review-filename",
                file,
                f"review files are named <date>-<kind>[-slug].yaml, e.g. {expected}",
                account.id,
                (),
            )
        else:
            if match["date"] != review.date.isoformat():
                yield finding(
                    "review-filename",
                    file,
                    f"file name says {match['date']} but `date:` is {review.date}",
                    account.id,
                    ("date",),
                )
            if match["kind"] != review.kind.replace("_", "-"):
                yield finding(
                    "review-filename",
                    file,
                    f"file name says {match['kind']} but `kind:` is {review.kind}",
                    account.id,
                    ("kind",),
                )
        if review.date > today:
            yield finding(
                "review-in-future",
                file,
                f"review dated {review.date}, after today ({today}); record reviews "
                "once they have happened",
                account.id,
                ("date",),
            )
        for i, ours in enumerate(review.attendees.ours):
            yield from refs.team_id(ours, file, ("attendees", "ours", i), "attendee")
        for i, theirs in enumerate(review.attendees.theirs):
            yield from refs.person(theirs, file, ("attendees", "theirs", i), "attendee")
        if account.whitespace is not None:
            for i, move in enumerate(review.whitespace_moves):
                yield from in_grid(refs, move.unit, move.offering, file, ("whitespace_moves", i))


def _lifecycle(plan: Plan, file: str, acc: str, today: dt.date) -> Iterator[Finding]:
    """`status: churned` goes with a `churned_on` date that has passed, and only with it."""
    rule = "churned-on-invalid"
    if plan.status == "churned" and plan.churned_on is None:
        yield finding(rule, file, "`status: churned` needs `churned_on:`, the day the account was "
                 "lost, so churn and retention can count it", acc, ("status",))  # fmt: skip
    if plan.churned_on is not None and plan.status != "churned":
        yield finding(rule, file, f"`churned_on: {plan.churned_on}` but `status` is not churned: "
                 "set `status: churned`, or remove `churned_on`", acc, ("churned_on",))  # fmt: skip
    if plan.churned_on is not None and plan.churned_on > today:
        yield finding(rule, file, f"churned on {plan.churned_on}, after today ({today}): record "
                 "a churn once it has happened", acc, ("churned_on",))  # fmt: skip


def check_references(portfolio: Portfolio, today: dt.date) -> Iterator[Finding]:
    if portfolio.config is not None:
        yield from check_config(portfolio.config)
    plan_ids: dict[str, str] = {}
    team = team_ids(portfolio.config)
    for account in portfolio.accounts:
        yield from check_account(portfolio.config, account, today, team)
        if account.plan is not None:
            first = plan_ids.setdefault(account.plan.id, account.id)
            if first != account.id:
                yield finding(
                    "duplicate-id",
                    f"{account.folder}/{PLAN}",
                    f"plan id `{account.plan.id}` is also the id of accounts/{first}",
                    account.id,
                    ("id",),
                )
