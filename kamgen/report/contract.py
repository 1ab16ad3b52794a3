"""`kamgen report --format json`: the contract's keys first, then kamgen's additions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kamgen.metrics.model import AccountMetrics, OpenCell, Overdue, Share
from kamgen.metrics.snapshot import number as num
from kamgen.report.build import Report


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _share(share: Share) -> dict[str, Any]:
    return {"revenue": num(share.revenue), "share": share.share, "accounts": list(share.accounts)}


def _cell(cell: OpenCell) -> dict[str, Any]:
    return {
        "unit": cell.unit,
        "offering": cell.offering,
        "status": cell.status,
        "value": num(cell.value),
        "fit": cell.fit,
        "champion": cell.champion,
        "owner": cell.owner,
        "target_date": _date(cell.target_date),
        "priority": num(cell.priority),
        "why": cell.why,
    }


def _late(item: Overdue) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "owner": item.owner,
        "due": _date(item.due),
        "days_late": item.days_late,
    }


def account_json(a: AccountMetrics, report: Report) -> dict[str, Any]:
    rel = a.relationships
    grid = a.whitespace
    return {
        "id": a.id,
        "tier": a.tier,
        "suggested_tier": a.suggested_tier,
        "selection_score": a.selection_score,
        "rank": a.rank,
        "revenue": num(a.revenue),
        "share_of_wallet": a.share_of_wallet,
        "nrr": a.nrr,
        "coverage": rel.coverage,
        "multithread_depth": rel.multithread_depth,
        "single_threaded": rel.single_threaded,
        "freshness": {
            kind: {
                "last": _date(fresh.last),
                "age_days": fresh.age_days,
                "limit_days": fresh.limit_days,
                "status": fresh.status,
                "source": fresh.source,
                "why": fresh.why,
            }
            for kind, fresh in a.freshness.items()
        },
        "health": a.health,
        "health_breakdown": {line.id: line.points for line in a.health_breakdown},
        # Additions to the contract.
        "name": a.name,
        "kind": a.kind,
        "owner": a.owner,
        "executive_sponsor": a.executive_sponsor,
        "region": a.region,
        "industry": a.industry,
        "currency": a.currency,
        "criteria": a.criteria,
        "revenue_previous": num(a.revenue_previous),
        "wallet": num(a.wallet),
        "relationships": {
            "active": rel.active,
            "strong": list(rel.strong),
            "by_level": {k: vars(g) for k, g in rel.by_level.items()},
            "by_role": {k: vars(g) for k, g in rel.by_role.items()},
            "champions": list(rel.champions),
            "detractors_in_power": list(rel.detractors_in_power),
            "departed_champions": list(rel.departed_champions),
            "thin_map": rel.thin_map,
        },
        "whitespace": {
            "adoption": grid.adoption,
            "value": num(grid.value),
            "conversion": grid.conversion,
            "applicable": grid.applicable,
            "unexplored": grid.unexplored,
            "adopted": grid.adopted,
            "won": grid.won,
            "lost": grid.lost,
            "open_cells": [_cell(c) for c in grid.open_cells],
        },
        "overdue_actions": [_late(x) for x in a.overdue_actions],
        "objectives_past_due": [_late(x) for x in a.objectives_past_due],
        "health_detail": [
            {"id": line.id, "points": line.points, "max": line.max, "why": line.why}
            for line in a.health_breakdown
        ],
        "risks": [
            {"rule": f.rule, "severity": f.severity, "message": f.message}
            for f in report.risks.get(a.id, [])
        ],
        "why": {
            **a.why,
            **{f"relationships.{k}": v for k, v in rel.why.items()},
            **{f"whitespace.{k}": v for k, v in grid.why.items()},
        },
    }


def to_json(report: Report) -> dict[str, Any]:
    m = report.metrics
    return {
        "today": m.today.isoformat(),
        "currency": m.currency,
        "portfolio": {
            "accounts": len(m.accounts),
            "revenue": num(m.revenue),
            "nrr": m.nrr,
            "pareto_80": list(m.pareto_80),
            "top_account_share": m.top_account_share,
            "year": m.year,
            "revenue_previous": num(m.revenue_previous),
            "by_region": {k: _share(v) for k, v in m.by_region.items()},
            "by_currency": {k: _share(v) for k, v in m.by_currency.items()},
            "managers": [
                {
                    "id": load.id,
                    "name": load.name,
                    "accounts": list(load.accounts),
                    "tier1": list(load.tier1),
                    "overloaded": load.overloaded,
                }
                for load in m.managers
            ],
            "skipped": [{"id": s.id, "reason": s.reason} for s in m.skipped],
            "findings": {"errors": report.errors, "warnings": report.warnings},
            "why": m.why,
        },
        "accounts": [account_json(a, report) for a in report.accounts()],
    }
