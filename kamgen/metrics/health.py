"""Account health: whole points per leading indicator, each point lost with its reason.

The parts and their weights are declared in `formulas.HEALTH`; this module only applies them.
"""

from __future__ import annotations

from collections.abc import Sequence

from kamgen.metrics import formulas as f
from kamgen.metrics.model import Freshness, HealthLine, Overdue, Relationships
from kamgen.metrics.words import names, plural
from kamgen.model.depth import Risk
from kamgen.model.stakeholders import Stakeholder


def _fresh(fresh: Freshness, full: int) -> tuple[int, str]:
    return f.fresh_points(fresh.status, full), fresh.why


def health(
    rel: Relationships,
    fresh: dict[str, Freshness],
    overdue: Sequence[Overdue],
    people: Sequence[Stakeholder],
    risks: Sequence[Risk] = (),
) -> tuple[int, tuple[HealthLine, ...]]:
    top = f.HEALTH_MAX
    lines: list[HealthLine] = []

    def add(part: str, points: int, why: str) -> None:
        lines.append(HealthLine(part, points, top[part], why))

    add("coverage", round(top["coverage"] * rel.coverage), rel.why["coverage"])
    depth_points = min(rel.multithread_depth * f.DEPTH_POINTS, top["depth"])
    add("depth", depth_points, rel.why["multithread_depth"])
    add("plan_freshness", *_fresh(fresh["plan_review"], top["plan_freshness"]))
    add("business_review", *_fresh(fresh["business_review"], top["business_review"]))

    touch = fresh["executive_touchpoint"]
    strong = set(rel.strong)
    execs = [p.id for p in people if p.level == "executive" and p.id in strong]
    touch_points = f.fresh_points(touch.status, top["executive_engagement"] - f.EXECUTIVE_BONUS)
    exec_why = (
        f"strong with executive {names(execs)}"
        if execs
        else "no strong relationship at executive level"
    )
    add(
        "executive_engagement",
        touch_points + (f.EXECUTIVE_BONUS if execs else 0),
        f"{touch.why}; {exec_why}",
    )

    in_power, supportive = rel.in_power, rel.supportive_in_power
    if not in_power:
        dm_points, dm_why = 0, "nobody who decides or pays is mapped"
    elif rel.detractors_in_power:
        dm_points = 0
        dm_why = f"detractor in power: {names(rel.detractors_in_power)}"
    elif supportive:
        dm_points, dm_why = top["decision_makers"], f"supportive: {names(supportive)}"
    else:
        dm_points = top["decision_makers"] // 2
        who = plural(len(in_power), "person who decides or pays", "people who decide or pay")
        dm_why = f"{who}, none of them a champion or supporter"
    add("decision_makers", dm_points, dm_why)

    late = [o.id for o in overdue]
    open_risks = [r for r in risks if r.status == "open"]
    lost = f.OVERDUE_PENALTY * len(late) + sum(
        f.RISK_PENALTY[r.severity >= f.SEVERE_RISK] for r in open_risks
    )
    why = f"{plural(len(late), 'action')} past due: {names(late)}" if late else "no overdue actions"
    if open_risks:
        why += "; open risks: " + names([f"{r.id} (severity {r.severity})" for r in open_risks])
    add("actions", max(0, top["actions"] - lost), why)
    return f.health_total({line.id: line.points for line in lines}), tuple(lines)
