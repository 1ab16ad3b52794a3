"""`kamgen risk add` and `close`: one entry of the risk register, `risks:` in plan.yaml."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kamgen.base.errors import UsageError
from kamgen.base.hints import did_you_mean
from kamgen.edit.entries import append, by_id, entries, ids, put, text
from kamgen.edit.transaction import Change
from kamgen.model.plan import Plan

# The contract's field order of a risk (kamgen.model.depth.Risk), and of a plan's keys, so
# that a plan without a register gets `risks:` where the contract puts it.
FIELDS = (
    "id",
    "title",
    "severity",
    "likelihood",
    "owner",
    "status",
    "mitigations",
    "raised_on",
    "review_by",
)
PLAN_FIELDS = tuple(Plan.model_fields)


@dataclass(frozen=True)
class NewRisk:
    """A risk as the command line gives it; None is a field left out."""

    id: str
    title: str
    severity: int
    likelihood: int
    raised_on: dt.date
    owner: str | None = None
    review_by: dt.date | None = None
    mitigations: tuple[str, ...] = ()

    def entry(self) -> CommentedMap:
        mitigations = None
        if self.mitigations:
            mitigations = CommentedSeq(self.mitigations)
            mitigations.fa.set_flow_style()  # [cfo-workshop], as a person writes it
        given = {
            "id": self.id,
            "title": text(self.title),
            "severity": self.severity,
            "likelihood": self.likelihood,
            "owner": self.owner,
            "status": "open",
            "mitigations": mitigations,
            "raised_on": self.raised_on,
            "review_by": self.review_by,
        }
        return CommentedMap((key, given[key]) for key in FIELDS if given[key] is not None)


def added(risk: NewRisk, where: str) -> Change:
    """Append `risk` after the last risk, in that entry's style (a plan without a register
    gets one after its opportunities). An id already in the register, or a mitigation that
    is not an action of the plan, is a usage error and nothing changes."""

    def change(plan: CommentedMap) -> None:
        if risk.id in ids(entries(plan, "risks")):
            raise UsageError(
                f"risk `{risk.id}` is already in {where}; pick another id, "
                f"or `kamgen risk close` it if it is over"
            )
        actions = ids(entries(plan, "actions"))
        for action in risk.mitigations:
            if action not in actions:
                raise UsageError(
                    f"--mitigation {action}: no action `{action}` in {where}"
                    f"{did_you_mean(action, actions)}"
                )
        append(plan, "risks", risk.entry(), where, PLAN_FIELDS)

    return change


def closed(risk: str, where: str) -> Change:
    """Set `status: closed` on the risk whose id is `risk`."""

    def change(plan: CommentedMap) -> None:
        put(by_id(entries(plan, "risks"), risk, "risk", where), "status", "closed", FIELDS)

    return change
