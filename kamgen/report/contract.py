"""`kamgen report --format json`: the contract's keys first, then kamgen's additions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kamgen.base.versions import versions
from kamgen.metrics.catalogue import nested, portfolio_view, view
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
    risk = report.risk(a.id)
    out: dict[str, Any] = {"id": a.id}
    # The contract's metrics, in the catalogue's order.
    out.update({m.key: m.json_value(a) for m in view("json")})
    out.update(
        {
            # Additions to the contract: what the account is, and each number's detail.
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
                **{m.nested[1]: m.json_value(a) for m in nested("whitespace") if m.nested},
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
                for line in a.health_lines
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
            "at_risk": risk.at_risk,
            "at_risk_reasons": list(risk.reasons),
            "objectives": [
                {"id": o.id, "coverage": o.coverage, "attainment": o.attainment}
                for o in a.objectives
            ],
        }
    )
    return out


def to_json(report: Report) -> dict[str, Any]:
    m = report.metrics
    portfolio: dict[str, Any] = {k.key: k.json_value(m) for k in portfolio_view("json")}
    portfolio.update(
        {
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
            "at_risk": sum(1 for a in m.accounts if report.risk(a.id).at_risk),
            "excluded": report.excluded,
        }
    )
    return {
        **versions(),
        "today": m.today.isoformat(),
        "currency": m.currency,
        "portfolio": portfolio,
        "accounts": [account_json(a, report) for a in report.accounts()],
    }
