"""An independent computation of metrics.md's exact formulas, straight from the YAML files.

It shares nothing with kamgen but the files: its own YAML reader (ruamel's safe loader), no
models, no kamgen imports. Tests compare it value by value with `kamgen report --format json`,
as the outside checker of the issue does.
"""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

KINDS = ("plan_review", "business_review", "executive_touchpoint")


def _load(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def compute(root: Path, today: dt.date) -> dict[str, Any]:
    config = _load(root / "kamgen.yaml")
    currency = config["portfolio"]["currency"]
    fx = config["portfolio"].get("fx", {})
    coverage_cfg = {"strong_strength": 3, "active_days": 120, **config.get("coverage", {})}
    cadence = config.get("cadence") or {
        "1": {"plan_review": 31, "business_review": 92, "executive_touchpoint": 92},
        "2": {"plan_review": 92, "business_review": 183, "executive_touchpoint": 183},
        "3": {"plan_review": 183, "business_review": 365, "executive_touchpoint": 365},
    }
    due_soon = cadence.get("due_soon_days", 14)
    criteria = config["scoring"]["criteria"]
    tiers = {int(k): v for k, v in config["scoring"]["tiers"].items()}

    every: dict[str, Any] = {}
    people: dict[str, list[Any]] = {}
    reviews: dict[str, list[Any]] = {}
    for folder in sorted((root / "accounts").iterdir()):
        every[folder.name] = _load(folder / "plan.yaml")
        people[folder.name] = _load(folder / "stakeholders.yaml").get("stakeholders") or []
        # Sorted by file name: on the same date, the name that sorts last wins.
        reviews[folder.name] = [_load(p) for p in sorted(folder.glob("reviews/*.yaml"))]
    # Churned accounts leave everything but NRR and the lifecycle KPIs.
    plans = {k: p for k, p in every.items() if p.get("status", "active") == "active"}

    def rate(plan: Any) -> float:
        own = plan.get("currency", currency)
        return 1.0 if own == currency else fx[own]

    year = max(
        (row["year"] for plan in every.values() for row in plan.get("financials", [])),
        default=0,
    )

    def revenue_in(plan: Any, y: int) -> float | None:
        for row in plan.get("financials", []):
            if row["year"] == y:
                return row["revenue"] * rate(plan)
        return None

    revenue = {k: revenue_in(p, year) or 0.0 for k, p in plans.items()}
    n = len(plans)
    position = {k: 1 + sum(1 for o in revenue.values() if o > v) for k, v in revenue.items()}
    accounts: dict[str, dict[str, Any]] = {}
    for key, plan in plans.items():
        scores = dict(plan.get("scores", {}))
        for c in criteria:
            if c.get("source") == "revenue_quintile":
                scores[c["id"]] = 5 - math.floor(5 * (position[key] - 1) / n)
        top = sum(c["weight"] * (scores[c["id"]] - 1) for c in criteria)
        score = round(100 * top / (4 * sum(c["weight"] for c in criteria)), 2)
        suggested = next((t for t in (1, 2, 3) if score >= tiers[t]), None)
        previous = revenue_in(plan, year - 1)
        wallet = None
        for row in plan.get("financials", []):
            if row["year"] == year and row.get("wallet") is not None:
                wallet = row["wallet"] * rate(plan)
        active = [p for p in people[key] if p.get("status", "active") == "active"]
        strong = [
            p
            for p in active
            if p.get("strength", 0) >= coverage_cfg["strong_strength"]
            and p.get("last_contact") is not None
            and (today - _date(p["last_contact"])).days <= coverage_cfg["active_days"]
        ]
        freshness = {}
        for kind in KINDS:
            dates = [_date(r["date"]) for r in reviews[key] if r["kind"] == kind]
            if kind == "plan_review" and plan.get("reviewed"):
                dates.append(_date(plan["reviewed"]["on"]))
            limit = cadence[str(plan["tier"])][kind]
            last = max(dates) if dates else None
            age = (today - last).days if last else None
            if age is None or age > limit:
                status = "stale"
            elif age > limit - due_soon:
                status = "due_soon"
            else:
                status = "fresh"
            freshness[kind] = {
                "last": last.isoformat() if last else None,
                "age_days": age,
                "limit_days": limit,
                "status": status,
            }
        accounts[key] = {
            "id": key,
            "tier": plan["tier"],
            "suggested_tier": suggested,
            "selection_score": score,
            "revenue": revenue[key],
            "nrr": round(revenue[key] / previous, 3) if previous else None,
            "share_of_wallet": round(revenue[key] / wallet, 3) if wallet else None,
            "coverage": round(len(strong) / len(active), 3) if active else 0,
            "multithread_depth": len(strong),
            "single_threaded": len(strong) <= 1,
            "freshness": freshness,
            "_previous": previous,
        }
    order = sorted(accounts, key=lambda k: (-accounts[k]["selection_score"], k))
    for index, key in enumerate(order):
        accounts[key]["rank"] = index + 1
    total = sum(revenue.values())
    by_revenue = sorted(revenue, key=lambda k: (-revenue[k], k))
    pareto: list[str] = []
    running = 0.0
    for key in by_revenue:
        # Exact rational arithmetic: the 80% test is a contract, not a float accident.
        if Fraction(running) >= Fraction(4, 5) * Fraction(total):
            break
        pareto.append(key)
        running += revenue[key]
    with_previous = [k for k, p in every.items() if revenue_in(p, year - 1)]
    prev_total = sum(revenue_in(every[k], year - 1) or 0.0 for k in with_previous)
    nrr_current = sum(revenue_in(every[k], year) or 0.0 for k in with_previous)
    for a in accounts.values():
        del a["_previous"]
    lagging = _lagging(every, reviews, today)
    for key, a in accounts.items():
        a.update(lagging["accounts"][key])
        a.update(_depth(plans[key], people[key], rate(plans[key]), today, coverage_cfg))
    window = [
        (c, rate(plans[k]))
        for k in plans
        for c in plans[k].get("contracts") or []
        if c.get("renewal", "open") in ("open", "at_risk")
        and today <= _date(c["end"]) <= today + dt.timedelta(days=180)
    ]
    all_current = sum(revenue_in(p, year) or 0.0 for p in every.values())
    all_previous = sum(revenue_in(p, year - 1) or 0.0 for p in every.values())
    return {
        "today": today.isoformat(),
        "currency": currency,
        "portfolio": {
            "accounts": n,
            "revenue": total,
            "nrr": round(nrr_current / prev_total, 3) if prev_total else None,
            "revenue_growth": round(all_current / all_previous - 1, 3) if all_previous else None,
            "renewals_180d": len(window),
            "renewal_value_180d": sum((c.get("value") or 0) * r for c, r in window),
            "weighted_pipeline": round(sum(a["weighted_pipeline"] for a in accounts.values()), 2),
            **lagging["portfolio"],
            "pareto_80": pareto,
            "top_account_share": round(max(revenue.values()) / total, 3) if total else None,
        },
        "accounts": [accounts[k] for k in order],
    }


def _lagging(plans: dict[str, Any], reviews: dict[str, list[Any]], today: dt.date) -> Any:
    """metrics.md "Lifecycle and lagging KPIs", read literally."""
    start = today - dt.timedelta(days=365)

    def churned_on(plan: Any) -> dt.date | None:
        if plan.get("status", "active") != "churned" or plan.get("churned_on") is None:
            return None
        return _date(plan["churned_on"])

    base = [
        k
        for k, p in plans.items()
        if (p.get("since") is None or _date(p["since"]) <= start)
        and (churned_on(p) is None or churned_on(p) > start)  # type: ignore[operator]
    ]
    lost = [k for k in base if churned_on(plans[k]) and start < churned_on(plans[k]) <= today]  # type: ignore[operator]
    active = [k for k, p in plans.items() if p.get("status", "active") == "active"]

    def latest(key: str, pick: Any, since: dt.date | None) -> Any:
        found = None
        for r in reviews[key]:  # file-name order, so a later equal date replaces
            on = _date(r["date"])
            if on > today or (since is not None and on <= since):
                continue
            value = pick(r)
            if value is not None and (found is None or on >= found[0]):
                found = (on, value)
        return None if found is None else found[1]

    per: dict[str, dict[str, Any]] = {}
    for key in plans:
        per[key] = {
            "csat": latest(key, lambda r: (r.get("satisfaction") or {}).get("csat"), start),
            "nps": latest(key, lambda r: (r.get("satisfaction") or {}).get("nps"), start),
            "referenceable": latest(key, lambda r: r.get("referenceable"), None),
        }
    expanded = [
        k
        for k in active
        if any(
            start < _date(r["date"]) <= today
            and any(m["to"] in ("adopted", "won") for m in r.get("whitespace_moves") or [])
            for r in reviews[k]
        )
    ]
    csats = [per[k]["csat"] for k in active if per[k]["csat"] is not None]
    npss = [per[k]["nps"] for k in active if per[k]["nps"] is not None]
    stated = [per[k]["referenceable"] for k in active if per[k]["referenceable"] is not None]
    return {
        "accounts": per,
        "portfolio": {
            "logo_retention": round(1 - len(lost) / len(base), 3) if base else None,
            "churn_rate": round(len(lost) / len(base), 3) if base else None,
            "csat": round(sum(csats) / len(csats), 2) if csats else None,
            "nps": round(sum(npss) / len(npss), 1) if npss else None,
            "referenceable_share": round(sum(1 for v in stated if v) / len(stated), 3)
            if stated
            else None,
            "expansion_rate_12m": round(len(expanded) / len(active), 3) if active else None,
        },
    }


def _depth(
    plan: Any, people: list[Any], fx: float, today: dt.date, cov: dict[str, Any]
) -> dict[str, Any]:
    """metrics.md "Plan depth", read literally."""
    open_contracts = [
        c for c in plan.get("contracts") or [] if c.get("renewal", "open") in ("open", "at_risk")
    ]
    ends = [_date(c["end"]) for c in open_contracts if _date(c["end"]) >= today]
    opps = plan.get("opportunities") or []
    pipeline = round(
        sum(o["amount"] * o["probability"] * fx for o in opps if o.get("stage", "open") == "open"),
        2,
    )
    objectives = []
    for o in plan.get("objectives") or []:
        linked = [x for x in opps if x.get("objective") == o["id"]]
        won = sum(x["amount"] for x in linked if x.get("stage", "open") == "won")
        weighted = sum(
            x["amount"] * x["probability"] for x in linked if x.get("stage", "open") == "open"
        )
        target = o.get("target_revenue")
        attainments = [
            round((m["actual"] - m["baseline"]) / (m["target"] - m["baseline"]), 3)
            for m in o.get("measures") or []
            if m.get("actual") is not None and m["target"] != m["baseline"]
        ]
        objectives.append(
            {
                "id": o["id"],
                "coverage": round((won + weighted) / target, 3) if target else None,
                "attainment": round(sum(attainments) / len(attainments), 3)
                if attainments
                else None,
            }
        )
    exposure = sum(
        r["severity"] * r["likelihood"]
        for r in plan.get("risks") or []
        if r.get("status", "open") in ("open", "mitigating")
    )

    def strong(strength: int, last: Any) -> bool:
        return (
            strength >= cov["strong_strength"]
            and last is not None
            and (today - _date(last)).days <= cov["active_days"]
        )

    held: dict[str, int] = {}
    for p in people:
        if p.get("status", "active") != "active":
            continue
        ties = [(p.get("our_contact"), p.get("strength", 0), p.get("last_contact"))]
        for t in p.get("relationships") or []:
            ties.append((t["with"], t["strength"], t.get("last_contact")))
        for member, strength, last in ties:
            if member is not None and strong(strength, last):
                held[member] = held.get(member, 0) + 1
    total = sum(held.values())
    return {
        "next_renewal": min(ends).isoformat() if ends else None,
        "weighted_pipeline": pipeline,
        "risk_exposure": exposure,
        "key_person_dependency": round(max(held.values()) / total, 3) if total else None,
        "objectives": objectives,
    }
