"""References of plan depth: the grid cells contracts and opportunities name, the objectives,
actions, stakeholders and team members they point at, and ids used twice."""

from __future__ import annotations

from collections.abc import Iterator

from kamgen.base.findings import DocPath, Finding
from kamgen.base.hints import Hints
from kamgen.model import Plan
from kamgen.model.stakeholders import Stakeholder
from kamgen.rules.refs import Refs, repeats
from kamgen.rules.registry import finding


def _cell(
    refs: Refs, unit: str | None, offering: str | None, file: str, path: DocPath
) -> Iterator[Finding]:
    if refs.account.whitespace is None:
        return  # an unreadable grid has its own finding
    for axis, value, known in (("unit", unit, refs.units), ("offering", offering, refs.offerings)):
        if value is not None and value not in known:
            yield finding(
                "whitespace-outside-grid", file,
                f"{axis} `{value}` is not in `{axis}s:` of whitespace.yaml{known(value)}",
                refs.account.id, (*path, axis),
            )  # fmt: skip


def _local(
    refs: Refs, value: str | None, known: Hints, what: str, where: str, file: str, path: DocPath
) -> Iterator[Finding]:
    if value is not None and value not in known:
        yield finding("unknown-reference", file,
                      f"{what} `{value}` is not in this plan's {where}{known(value)}",
                      refs.account.id, path)  # fmt: skip


def _twice(ids: list[str], what: str, key: str, file: str, acc: str) -> Iterator[Finding]:
    for i, dup in repeats(ids):
        yield finding("duplicate-id", file, f"{what} id `{dup}` is used twice", acc, (key, i, "id"))


def check_plan_depth(refs: Refs, plan: Plan, file: str) -> Iterator[Finding]:
    acc = refs.account.id
    objectives = Hints(o.id for o in plan.objectives)
    actions = Hints(a.id for a in plan.actions)
    yield from _twice([c.id for c in plan.contracts], "contract", "contracts", file, acc)
    yield from _twice([o.id for o in plan.opportunities], "opportunity", "opportunities", file, acc)
    yield from _twice([r.id for r in plan.risks], "risk", "risks", file, acc)
    yield from _crm_twice(
        [(c.crm_id, ("contracts", i, "crm_id")) for i, c in enumerate(plan.contracts)],
        "contract",
        file,
        refs,
    )
    yield from _crm_twice([(o.crm_id, ("opportunities", i, "crm_id"))
                           for i, o in enumerate(plan.opportunities)], "opportunity", file,
                          refs)  # fmt: skip
    for i, c in enumerate(plan.contracts):
        yield from _cell(refs, c.unit, c.offering, file, ("contracts", i))
    for i, o in enumerate(plan.opportunities):
        yield from _cell(refs, o.unit, o.offering, file, ("opportunities", i))
        yield from _local(refs, o.objective, objectives, "objective", "objectives", file,
                          ("opportunities", i, "objective"))  # fmt: skip
    for i, r in enumerate(plan.risks):
        yield from refs.team_id(r.owner, file, ("risks", i, "owner"), "risk owner")
        for j, action in enumerate(r.mitigations):
            yield from _local(refs, action, actions, "mitigation", "actions", file,
                              ("risks", i, "mitigations", j))  # fmt: skip
    for i, goal in enumerate(plan.objectives):
        yield from refs.team_id(goal.owner, file, ("objectives", i, "owner"), "objective owner")
        for j, dup in repeats(m.id for m in goal.measures):
            yield finding("duplicate-id", file, f"measure id `{dup}` is used twice", acc,
                          ("objectives", i, "measures", j, "id"))  # fmt: skip
    for i, a in enumerate(plan.actions):
        yield from refs.person(a.customer_owner, file, ("actions", i, "customer_owner"),
                               "customer_owner")  # fmt: skip


def check_ties(refs: Refs, people: list[Stakeholder], file: str) -> Iterator[Finding]:
    for i, person in enumerate(people):
        for j, tie in enumerate(person.relationships):
            yield from refs.team_id(tie.with_, file, ("stakeholders", i, "relationships", j,
                                                      "with"), "relationship")  # fmt: skip
        for j, dup in repeats(t.with_ for t in person.relationships):
            yield finding("duplicate-id", file,
                          f"`{dup}` has two relationships with `{person.id}`", refs.account.id,
                          ("stakeholders", i, "relationships", j, "with"))  # fmt: skip
        for j, tie in enumerate(person.relationships):
            if tie.with_ == person.our_contact:
                yield finding("duplicate-id", file,
                              f"`{tie.with_}` is already `{person.id}`'s our_contact: one "
                              "tie each; keep the strength and last contact in one place",
                              refs.account.id,
                              ("stakeholders", i, "relationships", j, "with"))  # fmt: skip
    yield from _crm_twice([(p.crm_id, ("stakeholders", i, "crm_id"))
                           for i, p in enumerate(people)], "stakeholder", file, refs)  # fmt: skip


def _crm_twice(
    ids: list[tuple[str | None, DocPath]], what: str, file: str, refs: Refs
) -> Iterator[Finding]:
    """A CRM id names one record: two entries with one id leave an import unable to tell
    which of them to update."""
    seen: set[str] = set()
    for crm, path in ids:
        if crm is None:
            continue
        if crm in seen:
            yield finding("duplicate-id", file,
                          f"CRM id `{crm}` is on two {what} entries: each CRM record is one "
                          f"{what}", refs.account.id, path)  # fmt: skip
        seen.add(crm)
