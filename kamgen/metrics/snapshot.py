"""Metrics flattened to {name: value}: what `diff` compares and `history` records."""

from __future__ import annotations

from typing import Any

from kamgen.metrics.model import AccountMetrics, PortfolioMetrics


def number(value: float | None) -> float | int | None:
    """Whole amounts as integers (1390000, not 1390000.0); conversion noise trimmed."""
    if value is None:
        return None
    trimmed = round(value, 6)
    return int(trimmed) if trimmed.is_integer() else trimmed


def account_snapshot(a: AccountMetrics) -> dict[str, Any]:
    out: dict[str, Any] = {
        "tier": a.tier,
        "suggested_tier": a.suggested_tier,
        "selection_score": a.selection_score,
        "rank": a.rank,
        "revenue": number(a.revenue),
        "nrr": a.nrr,
        "share_of_wallet": a.share_of_wallet,
        "coverage": a.relationships.coverage,
        "multithread_depth": a.relationships.multithread_depth,
        "single_threaded": a.relationships.single_threaded,
        "health": a.health,
        "whitespace_value": number(a.whitespace.value),
        "adoption": a.whitespace.adoption,
        "conversion": a.whitespace.conversion,
        "owner": a.owner,
    }
    for kind, fresh in a.freshness.items():
        out[f"freshness.{kind}"] = fresh.status
        out[f"freshness.{kind}.last"] = fresh.last.isoformat() if fresh.last else None
    for line in a.health_breakdown:
        out[f"health.{line.id}"] = line.points
    for criterion, score in a.criteria.items():
        out[f"criteria.{criterion}"] = score
    return out


def portfolio_snapshot(m: PortfolioMetrics) -> dict[str, Any]:
    return {
        "accounts": len(m.accounts),
        "revenue": number(m.revenue),
        "nrr": m.nrr,
        "pareto_80": list(m.pareto_80),
        "top_account_share": m.top_account_share,
    }
