"""`kamgen report --format json`: the contract's keys first, then kamgen's additions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kamgen.base.versions import versions
from kamgen.metrics.catalogue import nested, portfolio_view, view
from kamgen.metrics.model import (
    AccountMetrics,
    ChurnedAccount,
    Kpis,
    OpenCell,
    Overdue,
    Said,
    Share,
    Voice,
)
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


def _voice(voice: Voice | None) -> dict[str, Any]:
    """Where each of the customer's voice values came from: the review, by date and file."""

    def said(value: Said | None) -> dict[str, Any] | None:
        return None if value is None else {"date": _date(value.on), "file": value.file}

    if voice is None:
        return {}
    return {
        "csat": said(voice.csat),
        "nps": said(voice.nps),
        "referenceable": said(voice.referenceable),
        "expansions": [{**(said(e) or {}), "cells": e.value} for e in voice.expansions],
    }


def churned_json(c: ChurnedAccount) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "tier": c.tier,
        "owner": c.owner,
        "region": c.region,
        "industry": c.industry,
        "since": _date(c.since),
        "churned_on": _date(c.churned_on),
        "currency": c.currency,
        "revenue": num(c.revenue),
        "revenue_previous": num(c.revenue_previous),
        "csat": c.voice.csat.value if c.voice.csat else None,
        "nps": c.voice.nps.value if c.voice.nps else None,
        "referenceable": c.voice.referenceable.value if c.voice.referenceable else None,
        "voice": _voice(c.voice),
        "why": c.why,
    }


def _lifecycle(k: Kpis | None) -> dict[str, Any]:
    if k is None:
        return {}
    return {
        "period_start": _date(k.retention.start),
        "base_12m": list(k.retention.base_12m),
        "churned_12m": list(k.retention.churned_12m),
        "csat_accounts": list(k.csat_accounts),
        "nps_accounts": list(k.nps_accounts),
        "referenceable_accounts": list(k.referenceable_accounts),
        "stated_accounts": list(k.stated_accounts),
        "expanded_accounts": list(k.expanded_accounts),
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
            "since": _date(a.since),
            "status": "active",
            "voice": _voice(a.voice),
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
            "churned": len(m.churned),  # lost accounts, listed under the top-level `churned`
            "lifecycle": _lifecycle(m.kpis),
        }
    )
    return {
        **versions(),
        "today": m.today.isoformat(),
        "currency": m.currency,
        "portfolio": portfolio,
        "accounts": [account_json(a, report) for a in report.accounts()],
        # Lost accounts, latest first: out of every figure above but churn and retention.
        "churned": [churned_json(c) for c in m.churned if report.account in (None, c.id)],
    }
