"""Metrics flattened to {name: value}: what `diff` compares and `history` records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kamgen.metrics.catalogue import Metric, portfolio_view, view
from kamgen.metrics.model import AccountMetrics, PortfolioMetrics
from kamgen.metrics.words import number

__all__ = ["account_snapshot", "number", "portfolio_snapshot"]


def account_snapshot(a: AccountMetrics, tracked: Sequence[Metric] | None = None) -> dict[str, Any]:
    """Every metric the catalogue tracks for diffs, then the details behind them. `tracked`
    is `view("diff")`, for a caller that snapshots thousands of accounts."""
    out: dict[str, Any] = {m.key: m.json_value(a) for m in tracked or view("diff")}
    out["owner"] = a.owner
    for kind, fresh in a.freshness.items():
        out[f"freshness.{kind}.last"] = fresh.last.isoformat() if fresh.last else None
    for line in a.health_lines:
        out[f"health.{line.id}"] = line.points
    for criterion, score in a.criteria.items():
        out[f"criteria.{criterion}"] = score
    return out


def portfolio_snapshot(m: PortfolioMetrics) -> dict[str, Any]:
    return {k.key: k.json_value(m) for k in portfolio_view("diff")}
