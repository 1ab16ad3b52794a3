"""A finding as a leader reads it: what is wrong, who should do what, by when.

"Plan review 3 days overdue: Tendai Nyathi to review the plan and attest it." The rule id and
the file are secondary (the site links them); this sentence is what a director acts on.
Each rule's advice is declared once here, as the part a person does (`TODO`) and who does it
(`WHO`); the headline is worked out from the account's metrics, so the numbers are the ones
every other output shows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from kamgen.base.findings import Finding
from kamgen.metrics.model import AccountMetrics, Freshness, Overdue
from kamgen.metrics.words import plural
from kamgen.rules.registry import RULES

Who = Literal["owner", "sponsor", "action", "leaders"]


@dataclass(frozen=True)
class Advice:
    headline: str  # what is wrong, with its number: "Plan review 3 days overdue"
    who: str  # a person's name, or "the account's leaders"
    todo: str  # what they do: "review the plan and attest it"
    by: dt.date | None = None  # when, where the plan says

    @property
    def sentence(self) -> str:
        when = f" by {self.by.isoformat()}" if self.by else ""
        return f"{self.headline}: {self.who} to {self.todo}{when}."


# What a person does about each rule's finding, and who. Rules not named here (a file that
# cannot be used, a broken reference) are fixed by the account's owner in the file.
TODO: dict[str, tuple[Who, str]] = {
    "stale-plan": ("owner", "review the plan and attest it"),
    "due-soon": ("owner", "hold the review and record it"),
    "stale-business-review": ("owner", "hold a business review with the customer and record it"),
    "stale-executive-touchpoint": ("sponsor", "meet their executive counterpart and record it"),
    "overdue-action": ("action", "finish it, or move its date"),
    "objective-past-due": ("owner", "mark it achieved, missed or dropped, or move its date"),
    "single-threaded": ("owner", "build a second strong relationship"),
    "no-decision-maker": ("owner", "build a strong relationship with someone who decides"),
    "detractor-in-power": ("owner", "plan how to win them over, with the sponsor"),
    "thin-map": ("owner", "map the rest of the buying group"),
    "champion-left": ("owner", "find who inherits their agenda"),
    "tier-mismatch": ("leaders", "decide the tier: the scores or the investment are wrong"),
    "no-executive-sponsor": ("leaders", "name an executive sponsor"),
    "waiver-expired": ("owner", "renew the waiver with a reason, or fix what it waived"),
}
FIX_FILE = "fix the file"
_QUOTED = re.compile(r"`([^`]+)`")


def _fresh(kind: str) -> Callable[[AccountMetrics, Finding], tuple[str, dt.date | None]]:
    label = kind.replace("_", " ").capitalize()

    def headline(m: AccountMetrics, finding: Finding) -> tuple[str, dt.date | None]:
        f: Freshness = m.freshness[kind]
        if f.age_days is None or f.last is None:
            return f"No {label.lower()} on record", None
        due = f.last + dt.timedelta(days=f.limit_days)
        late = f.age_days - f.limit_days
        if late > 0:
            return f"{label} {plural(late, 'day')} overdue", None
        if late == 0:
            return f"{label} due today", None
        return f"{label} due in {plural(-late, 'day')}", due

    return headline


def _due_soon(m: AccountMetrics, finding: Finding) -> tuple[str, dt.date | None]:
    # The message names the kind first ("plan review falls due: ...").
    kind = next((k for k in m.freshness if finding.message.startswith(k.replace("_", " "))), "")
    return _fresh(kind)(m, finding) if kind else ("A review falls due", None)


def _late(items: Callable[[AccountMetrics], tuple[Overdue, ...]], what: str) -> Callable[
    [AccountMetrics, Finding], tuple[str, dt.date | None]
]:  # fmt: skip
    def headline(m: AccountMetrics, finding: Finding) -> tuple[str, dt.date | None]:
        quoted = _QUOTED.findall(finding.message)
        late = next((o for o in items(m) if quoted and o.id == quoted[0]), None)
        if late is None:
            return finding.message, None
        return f"{what} “{late.title}” {plural(late.days_late, 'day')} overdue", None

    return headline


HEADLINES: dict[str, Callable[[AccountMetrics, Finding], tuple[str, dt.date | None]]] = {
    "stale-plan": _fresh("plan_review"),
    "stale-business-review": _fresh("business_review"),
    "stale-executive-touchpoint": _fresh("executive_touchpoint"),
    "due-soon": _due_soon,
    "overdue-action": _late(lambda m: m.overdue_actions, "Action"),
    "objective-past-due": _late(lambda m: m.objectives_past_due, "Objective"),
}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _person(finding: Finding, people: Mapping[str, str]) -> str:
    """The message's first quoted id, as the person's name where it is a stakeholder."""
    quoted = _QUOTED.findall(finding.message)
    return people.get(quoted[0], quoted[0]) if quoted else ""


def advise(
    finding: Finding,
    m: AccountMetrics | None,
    team: Mapping[str, str],
    people: Mapping[str, str] = {},
) -> Advice:
    """The leader's sentence for one finding of an account. `team` maps team ids to names,
    `people` the account's stakeholder ids to names."""
    who_kind, todo = TODO.get(finding.rule, ("owner", FIX_FILE))
    rule = RULES.get(finding.rule)
    if m is None:
        return Advice(_capital(finding.message), "the account's owner", todo)
    owner = team.get(m.owner, m.owner)
    who = owner
    if who_kind == "sponsor" and m.executive_sponsor:
        who = team.get(m.executive_sponsor, m.executive_sponsor)
    elif who_kind == "leaders":
        who = "leaders"
    elif who_kind == "action":
        quoted = _QUOTED.findall(finding.message)
        late = next((o for o in m.overdue_actions if quoted and o.id == quoted[0]), None)
        who = team.get(late.owner, late.owner) if late and late.owner else owner
    by: dt.date | None = None
    if finding.rule in HEADLINES:
        headline, by = HEADLINES[finding.rule](m, finding)
    elif finding.rule == "detractor-in-power":
        headline = f"Detractor {_person(finding, people)} decides or pays"
    elif finding.rule == "champion-left":
        headline = f"Champion {_person(finding, people)} has left the customer"
    elif rule is not None and rule.kind in ("load", "schema"):
        headline = f"{finding.file.rsplit('/', 1)[-1]} cannot be used: {finding.message}"
    else:
        headline = _capital(finding.message)
    return Advice(headline, who, todo, by)
