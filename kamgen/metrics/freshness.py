"""When each kind of review last happened, against the declared tier's cadence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from kamgen.metrics import formulas as f
from kamgen.metrics.model import Freshness
from kamgen.metrics.words import days
from kamgen.model.plan import Plan
from kamgen.model.portfolio import Cadence
from kamgen.model.review import REVIEW_KINDS, Review

LABEL = {
    "plan_review": "plan reviewed",
    "business_review": "business review held",
    "executive_touchpoint": "executive touchpoint held",
}
NONE = {
    "plan_review": "the plan has never been reviewed or attested",
    "business_review": "no business review is on record",
    "executive_touchpoint": "no executive touchpoint is on record",
}


def freshness(
    plan: Plan,
    plan_file: str,
    reviews: Sequence[tuple[str, Review]],
    cadence: Cadence,
    today: dt.date,
) -> dict[str, Freshness]:
    latest: dict[str, tuple[dt.date, str]] = {}
    for rel, review in reviews:
        seen = latest.get(review.kind)
        if seen is None or review.date > seen[0]:
            latest[review.kind] = (review.date, rel)
    if plan.reviewed is not None:
        seen = latest.get("plan_review")
        # An attestation on the same day as a review file points at the review file.
        if seen is None or plan.reviewed.on > seen[0]:
            latest["plan_review"] = (plan.reviewed.on, plan_file)
    limits = cadence.for_tier(plan.tier)
    out: dict[str, Freshness] = {}
    for kind in REVIEW_KINDS:
        limit = getattr(limits, kind)
        found = latest.get(kind)
        last, source = found if found else (None, None)
        age = (today - last).days if last is not None else None
        status = f.freshness(age, limit, cadence.due_soon_days)
        allows = f"tier {plan.tier} allows {limit}"
        if age is None:
            why = f"{NONE[kind]}; {allows} days"
        else:
            via = " (attested in plan.yaml)" if source == plan_file else ""
            why = f"{LABEL[kind]} {days(age)} ago on {last}{via}; {allows}"
            if status == "stale":
                why += f": {days(age - limit)} overdue"
            elif status == "due_soon":
                left = limit - age
                why += ": due today" if left == 0 else f": due in {days(left)}"
        out[kind] = Freshness(kind, last, age, limit, status, source, why)
    return out
