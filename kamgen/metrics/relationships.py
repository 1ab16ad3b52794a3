"""Coverage, multithread depth and the shape of the relationship map of one account."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from kamgen.metrics import formulas as f
from kamgen.metrics.model import Group, Relationships
from kamgen.metrics.words import names, plural
from kamgen.model.portfolio import Coverage
from kamgen.model.stakeholders import Stakeholder

LEVELS = ("executive", "management", "operational")
ROLES = ("decision_maker", "budget_holder", "influencer", "user", "gatekeeper")
IN_POWER = ("decision_maker", "budget_holder")


def _groups(
    active: Sequence[Stakeholder], strong: set[str], key: str, names: tuple[str, ...]
) -> dict[str, Group]:
    counts = {name: [0, 0] for name in names}
    for p in active:
        value = getattr(p, key)
        if value is not None:
            counts[value][0] += 1
            counts[value][1] += p.id in strong
    return {name: Group(a, s, f.coverage(s, a)) for name, (a, s) in counts.items()}


def relationships(
    people: Sequence[Stakeholder], settings: Coverage, today: dt.date
) -> Relationships:
    active = [p for p in people if p.status == "active"]
    strong = [
        p.id
        for p in active
        if f.is_strong(
            True,
            p.strength,
            p.last_contact,
            today,
            settings.strong_strength,
            settings.active_days,
        )
    ]
    strong_set = set(strong)
    depth = len(strong)
    cov = f.coverage(depth, len(active))
    in_power = [p for p in active if p.buying_role in IN_POWER]
    detractors = tuple(p.id for p in in_power if p.sentiment == "detractor")
    deciders = tuple(p.id for p in in_power if p.id in strong_set)
    supportive = tuple(p.id for p in in_power if p.sentiment in ("champion", "supporter"))
    champions = tuple(p.id for p in active if p.sentiment == "champion")
    departed = tuple(p.id for p in people if p.sentiment == "champion" and p.status == "left")
    thin = len(active) < f.THIN_MAP
    weak = [p.id for p in active if p.id not in strong_set]
    why = {
        "coverage": (
            f"{depth} of {plural(len(active), 'active stakeholder')} "
            f"{'is' if depth == 1 else 'are'} strong: {names(strong)}"
            + (f"; not strong: {names(weak)}" if weak else "")
            if active
            else "no active stakeholders are mapped, so coverage is 0"
        ),
        "multithread_depth": (
            f"{plural(depth, 'strong relationship')} (strength ≥ {settings.strong_strength}, "
            f"contact within {settings.active_days} days)"
            + ("; one departure and the account goes dark" if depth == 1 else "")
            + ("; nobody at the customer is a strong relationship" if depth == 0 else "")
        ),
        "decision_makers": (
            f"strong with {names(deciders)} among those who decide or pay"
            if deciders
            else "no strong relationship with anyone who decides or pays"
        ),
        "thin_map": (
            f"{plural(len(active), 'active stakeholder')} mapped; buying groups are usually "
            f"{f.THIN_MAP} to 10 people"
        ),
    }
    return Relationships(
        active=len(active),
        strong=tuple(strong),
        coverage=cov,
        multithread_depth=depth,
        single_threaded=f.single_threaded(depth),
        by_level=_groups(active, strong_set, "level", LEVELS),
        by_role=_groups(active, strong_set, "buying_role", ROLES),
        champions=champions,
        detractors_in_power=detractors,
        departed_champions=departed,
        strong_decision_makers=deciders,
        in_power=tuple(p.id for p in in_power),
        supportive_in_power=supportive,
        thin_map=thin,
        why=why,
    )
