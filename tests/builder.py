"""Write small portfolios from Python data, for metric tests. JSON is valid YAML 1.2."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from kamgen.check.validate import Analysis, Options, analyse
from kamgen.metrics import PortfolioMetrics

from .helpers import TODAY

CONFIG: dict[str, Any] = {
    "schema_version": 1,
    "portfolio": {"name": "Built", "currency": "USD", "fx": {"EUR": 1.1, "ZAR": 0.05}},
    "team": [
        {"id": "kam", "name": "Kim", "role": "key_account_manager"},
        {"id": "exec", "name": "Eve", "role": "executive"},
    ],
    "scoring": {
        "criteria": [
            {"id": "potential", "weight": 50},
            {"id": "fit", "weight": 30},
            {"id": "current_revenue", "weight": 20, "source": "revenue_quintile"},
        ],
        "tiers": {"1": 70, "2": 45, "3": 0},
    },
}


def plan(id: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "schema_version": 1,
        "id": id,
        "name": id.title(),
        "tier": 2,
        "owner": "kam",
        "scores": {"potential": 3, "fit": 3},
        "financials": [],
    }
    base.update(fields)
    return base


def person(id: str, **fields: Any) -> dict[str, Any]:
    return {"id": id, "name": id.title(), "level": "management", **fields}


def review(date: str, kind: str) -> dict[str, Any]:
    return {"schema_version": 1, "date": date, "kind": kind}


def _dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def write(
    root: Path,
    plans: list[dict[str, Any]],
    people: dict[str, list[dict[str, Any]]] | None = None,
    grids: dict[str, dict[str, Any]] | None = None,
    reviews: dict[str, list[dict[str, Any]]] | None = None,
    config: dict[str, Any] | None = None,
) -> Path:
    _dump(root / "kamgen.yaml", config or CONFIG)
    for p in plans:
        folder = root / "accounts" / p["id"]
        _dump(folder / "plan.yaml", p)
        _dump(
            folder / "stakeholders.yaml",
            {"schema_version": 1, "stakeholders": (people or {}).get(p["id"], [])},
        )
        _dump(folder / "whitespace.yaml", {"schema_version": 1, **(grids or {}).get(p["id"], {})})
        for r in (reviews or {}).get(p["id"], []):
            name = f"{r['date']}-{r['kind'].replace('_', '-')}.yaml"
            _dump(folder / "reviews" / name, r)
    return root


def analysis(root: Path, today: dt.date = TODAY) -> Analysis:
    return analyse(Options(root, today, policy=True))


def metrics(root: Path, today: dt.date = TODAY) -> PortfolioMetrics:
    result = analysis(root, today)
    errors = [f for f in result.findings if f.severity == "error"]
    assert result.metrics is not None
    assert not [f for f in errors if f.rule not in ("stale-plan", "waiver-expired")], errors
    return result.metrics
