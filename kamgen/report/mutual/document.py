"""The mutual plan as data: what of one account the customer may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, TypeVar

from kamgen.load.portfolio import Account
from kamgen.model.portfolio import PortfolioConfig
from kamgen.rules.confidential import Hidden, hidden_of

Format = Literal["md", "html"]
T = TypeVar("T")

# Spelled out here, not with strftime's %B, which follows the machine's locale.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
STATUS = {
    "open": "Open",
    "in_progress": "In progress",
    "done": "Done",
    "blocked": "Blocked",
    "dropped": "Dropped",
}
INTRO = "The actions we agreed to take together, and the objectives they serve."
NOTHING = "—"  # no customer owner named, no objective served


class Withheld:
    """A value the plan lists as confidential: shown as the word "withheld"."""

    def __repr__(self) -> str:
        return "WITHHELD"


WITHHELD = Withheld()


@dataclass(frozen=True)
class Goal:
    """An objective that a shared action serves."""

    title: str | Withheld
    due: dt.date | Withheld


@dataclass(frozen=True)
class Contact:
    """The customer's owner of an action."""

    name: str | Withheld
    title: str | None  # None: no title recorded, or a confidential one


@dataclass(frozen=True)
class Step:
    """One shared action."""

    what: str | Withheld
    due: dt.date
    status: str | Withheld  # in words
    objective: Goal | Withheld | None
    ours: str  # our team member's name
    theirs: Contact | Withheld | None


@dataclass(frozen=True)
class MutualPlan:
    customer: str | Withheld
    today: dt.date
    owner: str
    sponsor: str | None  # None: none named, or a confidential one
    goals: tuple[Goal, ...] | Withheld  # the served objectives, by due date
    steps: tuple[Step, ...]  # the shared actions, by due date
    # Why there are no steps when the actions themselves are confidential.
    actions_withheld: bool = False


def _shown(hidden: Hidden, path: str, value: T) -> T | Withheld:
    """`value`, or WITHHELD where `confidential:` leaves `path` out."""
    return WITHHELD if hidden.covers(path) else value


def long_date(day: dt.date) -> str:
    """`15 December 2026`: a document for people outside the team, in any locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def mutual_plan(account: Account, config: PortfolioConfig, today: dt.date) -> MutualPlan:
    """What the customer may see of `account`'s plan (a validated, active account)."""
    plan = account.plan
    if plan is None:
        raise ValueError(f"account {account.id} has no plan")
    hidden = hidden_of(plan)
    if hidden is None:
        # Validation refuses such a plan before it gets here; never guess what a typo meant
        # to hide.
        raise ValueError(f"a confidential entry of {account.id} hides nothing")
    team = {m.id: m.name for m in config.team}
    people = {p.id: p for p in account.stakeholders.stakeholders} if account.stakeholders else {}
    objectives = {o.id: o for o in plan.objectives}
    goals: dict[str, Goal] = {}
    steps: list[Step] = []
    actions_withheld = hidden.covers("actions") or hidden.covers("actions.shared")
    for action in [] if actions_withheld else plan.actions:
        if not action.shared:
            continue
        objective: Goal | Withheld | None = None
        if hidden.covers("actions.objective") or (
            action.objective is not None and hidden.covers("objectives")
        ):
            objective = WITHHELD
        elif action.objective is not None and action.objective in objectives:
            aim = objectives[action.objective]
            objective = goals.setdefault(
                aim.id,
                Goal(_shown(hidden, "objectives.title", aim.title),
                     _shown(hidden, "objectives.due", aim.due)),
            )  # fmt: skip
        theirs: Contact | Withheld | None = None
        if hidden.covers("actions.customer_owner") or (
            action.customer_owner is not None and hidden.covers("stakeholders")
        ):
            theirs = WITHHELD
        elif action.customer_owner is not None and action.customer_owner in people:
            person = people[action.customer_owner]
            title = None if hidden.covers("stakeholders.title") else person.title
            theirs = Contact(_shown(hidden, "stakeholders.name", person.name), title)
        steps.append(
            Step(
                what=_shown(hidden, "actions.what", action.what),
                due=action.due,
                status=_shown(hidden, "actions.status", STATUS[action.status]),
                objective=objective,
                ours=team.get(action.owner, action.owner),
                theirs=theirs,
            )
        )
    served: tuple[Goal, ...] | Withheld = WITHHELD
    if not hidden.covers("objectives"):
        served = tuple(sorted(goals.values(), key=_goal_order))
    sponsor = plan.executive_sponsor
    return MutualPlan(
        customer=_shown(hidden, "name", plan.name),
        today=today,
        owner=team.get(plan.owner, plan.owner),
        sponsor=None if sponsor is None or hidden.covers("executive_sponsor")
        else team.get(sponsor, sponsor),
        goals=served,
        # Python's sort is stable: actions due on the same day keep the plan's order.
        steps=tuple(sorted(steps, key=lambda s: s.due)),
        actions_withheld=actions_withheld,
    )  # fmt: skip


def _goal_order(goal: Goal) -> tuple[dt.date, str]:
    """By due date, then title; a withheld date or title sorts last."""
    due = dt.date.max if isinstance(goal.due, Withheld) else goal.due
    return due, "\uffff" if isinstance(goal.title, Withheld) else goal.title
