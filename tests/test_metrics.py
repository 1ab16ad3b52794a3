"""Exact formulas of metrics.md, each against a hand-computed portfolio."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kamgen.metrics import formulas as f

from .builder import metrics, person, plan, review, write
from .helpers import TODAY, days_ago


def rows(*pairs: tuple[int, float]) -> list[dict[str, float]]:
    return [{"year": y, "revenue": r} for y, r in pairs]


def test_selection_score_weights_and_single_account_quintile(tmp_path: Path) -> None:
    write(tmp_path, [plan("a", scores={"potential": 4, "fit": 5}, financials=rows((2026, 10)))])
    (a,) = metrics(tmp_path).accounts
    # 100 × (50×3 + 30×4 + 20×4) / (4 × 100); one account is at position 1 of 1: s = 5.
    assert a.criteria == {"potential": 4, "fit": 5, "current_revenue": 5}
    assert a.selection_score == 87.5
    assert a.suggested_tier == 1
    assert a.rank == 1
    assert "current_revenue 5 (revenue 1st of 1) ×20" in a.why["selection_score"]


def test_revenue_quintile_ties_share_the_better_position_and_no_row_is_zero(
    tmp_path: Path,
) -> None:
    revenue = {"a": 700, "b": 600, "c": 600, "d": 400, "e": 300}
    plans = [plan(k, financials=rows((2026, v))) for k, v in revenue.items()]
    plans.append(plan("f", financials=rows((2025, 900))))  # no 2026 row: revenue 0
    plans.append(plan("g"))  # no financials at all
    write(tmp_path, plans)
    got = {a.id: a.criteria["current_revenue"] for a in metrics(tmp_path).accounts}
    # positions 1, 2, 2, 4, 5, 6, 6 of n = 7; s = 5 − ⌊5(p − 1)/7⌋
    assert got == {"a": 5, "b": 5, "c": 5, "d": 3, "e": 3, "f": 2, "g": 2}


@pytest.mark.parametrize(
    ("position", "n", "expected"),
    [(1, 10, 5), (2, 10, 5), (3, 10, 4), (10, 10, 1), (9, 10, 1), (1, 1, 5), (5, 5, 1)],
)
def test_quintile_formula(position: int, n: int, expected: int) -> None:
    assert f.revenue_quintile(position, n) == expected


def test_rank_ties_broken_by_id_and_tiers_from_thresholds(tmp_path: Path) -> None:
    same = {"potential": 3, "fit": 3}
    write(
        tmp_path,
        [
            plan("zeta", scores=same, financials=rows((2026, 5))),
            plan("alpha", scores=same, financials=rows((2026, 5))),
            plan("mid", scores={"potential": 1, "fit": 1}, financials=rows((2026, 5))),
        ],
    )
    m = metrics(tmp_path)
    assert [(a.id, a.rank) for a in m.accounts] == [("alpha", 1), ("zeta", 2), ("mid", 3)]
    # All tie on revenue, so all get quintile 5: (50×2 + 30×2 + 20×4) / 4 = 60
    assert m.account("alpha").selection_score == 60.0  # type: ignore[union-attr]
    assert m.account("alpha").suggested_tier == 2  # type: ignore[union-attr]
    # (0 + 0 + 20×4) / 4 = 20: below tier 2's 45, at least tier 3's 0
    assert m.account("mid").selection_score == 20.0  # type: ignore[union-attr]
    assert m.account("mid").suggested_tier == 3  # type: ignore[union-attr]


def test_suggested_tier_none_below_every_threshold() -> None:
    assert f.suggested_tier(10.0, {1: 70, 2: 45, 3: 20}) is None
    assert f.suggested_tier(20.0, {1: 70, 2: 45, 3: 20}) == 3
    assert f.suggested_tier(70.0, {1: 70, 2: 45, 3: 20}) == 1


def test_concentration_pareto_boundary_and_ties(tmp_path: Path) -> None:
    revenue = {"a": 50, "b": 30, "d": 10, "c": 10}
    write(tmp_path, [plan(k, financials=rows((2026, v))) for k, v in revenue.items()])
    m = metrics(tmp_path)
    assert m.revenue == 100
    # a + b = 80, exactly 80%: the prefix stops there.
    assert m.pareto_80 == ("a", "b")
    assert m.top_account_share == 0.5
    assert f.pareto_80({"a": 50, "b": 29, "d": 11, "c": 10}) == ["a", "b", "d"]
    assert f.pareto_80({"x": 10, "w": 10}) == ["w", "x"]


def test_nrr_missing_and_zero_years_and_portfolio_nrr(tmp_path: Path) -> None:
    write(
        tmp_path,
        [
            plan(
                "a", financials=[*rows((2025, 100)), {"year": 2026, "revenue": 120, "wallet": 400}]
            ),
            plan("b", financials=rows((2025, 0), (2026, 50))),
            plan("c", financials=rows((2026, 80))),
            plan("d", financials=rows((2025, 40))),
        ],
    )
    m = metrics(tmp_path)
    got = {a.id: (a.revenue, a.nrr, a.share_of_wallet) for a in m.accounts}
    assert got == {
        "a": (120, 1.2, 0.3),
        "b": (50, None, None),
        "c": (80, None, None),
        "d": (0, 0.0, None),  # a customer lost this year
    }
    # over accounts with a non-zero 2025 row (a, d): (120 + 0) / (100 + 40)
    assert m.nrr == 0.857
    assert m.year == 2026


def test_currency_conversion_and_concentration_by_currency_and_region(tmp_path: Path) -> None:
    write(
        tmp_path,
        [
            plan(
                "eu", currency="EUR", region="Europe", financials=rows((2025, 1000), (2026, 2000))
            ),
            plan("za", currency="ZAR", region="Africa", financials=rows((2026, 20000))),
            plan("us", region="Africa", financials=rows((2026, 1000))),
        ],
    )
    m = metrics(tmp_path)
    eu = m.account("eu")
    assert eu is not None
    assert eu.revenue == pytest.approx(2200)
    assert eu.nrr == 2.0
    assert eu.why["revenue"] == "EUR 2,000 in 2026 = USD 2,200 at 1.1"
    assert m.revenue == pytest.approx(2200 + 1000 + 1000)
    assert m.by_currency["EUR"].share == 0.524
    assert m.by_region["Africa"].share == 0.476
    assert m.by_region["Africa"].accounts == ("us", "za")
    assert list(m.by_region) == ["Europe", "Africa"]  # biggest first


def test_no_revenue_anywhere(tmp_path: Path) -> None:
    write(tmp_path, [plan("a"), plan("b")])
    m = metrics(tmp_path)
    assert (m.revenue, m.nrr, m.pareto_80, m.top_account_share, m.year) == (0, None, (), None, None)


def test_relationships_strength_recency_and_departures(tmp_path: Path) -> None:
    people = [
        person("p1", strength=4, last_contact=days_ago(120), buying_role="decision_maker"),
        person("p2", strength=3, last_contact=days_ago(121)),  # one day too old
        person("p3", strength=2, last_contact=days_ago(1)),  # too weak
        person("p4", strength=5, last_contact=days_ago(1), status="left", sentiment="champion"),
        person("p5", strength=3),  # never contacted
    ]
    write(tmp_path, [plan("a")], people={"a": people})
    rel = metrics(tmp_path).accounts[0].relationships
    assert (rel.active, rel.strong, rel.coverage) == (4, ("p1",), 0.25)
    assert (rel.multithread_depth, rel.single_threaded) == (1, True)
    assert rel.departed_champions == ("p4",)
    assert rel.strong_decision_makers == ("p1",)
    assert rel.thin_map is True
    assert rel.by_level["management"].active == 4
    assert rel.why["coverage"] == "1 of 4 active stakeholders is strong: p1; not strong: p2, p3, p5"


def test_coverage_is_zero_without_active_stakeholders(tmp_path: Path) -> None:
    write(tmp_path, [plan("a")], people={"a": [person("gone", status="left")]})
    rel = metrics(tmp_path).accounts[0].relationships
    assert (rel.coverage, rel.multithread_depth, rel.single_threaded) == (0.0, 0, True)


@pytest.mark.parametrize(
    ("age", "status"),
    [(0, "fresh"), (78, "fresh"), (79, "due_soon"), (92, "due_soon"), (93, "stale")],
)
def test_freshness_boundaries(tmp_path: Path, age: int, status: str) -> None:
    # tier 2: plan_review every 92 days, due soon 14 days before
    write(tmp_path, [plan("a", reviewed={"on": days_ago(age), "by": "kam"})])
    fresh = metrics(tmp_path).accounts[0].freshness["plan_review"]
    assert (fresh.age_days, fresh.limit_days, fresh.status) == (age, 92, status)


def test_freshness_latest_of_review_files_and_attestation(tmp_path: Path) -> None:
    write(
        tmp_path,
        [plan("a", tier=1, reviewed={"on": days_ago(40), "by": "kam"})],
        reviews={
            "a": [
                review(days_ago(10), "plan_review"),
                review(days_ago(50), "plan_review"),
                review(days_ago(100), "business_review"),
            ]
        },
    )
    fresh = metrics(tmp_path).accounts[0].freshness
    assert fresh["plan_review"].last == TODAY - dt.timedelta(days=10)
    assert fresh["plan_review"].source == f"accounts/a/reviews/{days_ago(10)}-plan-review.yaml"
    assert (fresh["business_review"].age_days, fresh["business_review"].status) == (100, "stale")
    assert (fresh["executive_touchpoint"].last, fresh["executive_touchpoint"].status) == (
        None,
        "stale",
    )
    assert fresh["executive_touchpoint"].why == (
        "no executive touchpoint is on record; tier 1 allows 92 days"
    )


def test_whitespace_adoption_value_conversion_and_priority(tmp_path: Path) -> None:
    grid = {
        "units": ["A", "B"],
        "offerings": ["X", "Y", "Z"],
        "cells": [
            {"unit": "A", "offering": "X", "status": "adopted"},
            {"unit": "A", "offering": "Y", "status": "won"},
            {"unit": "A", "offering": "Z", "status": "lost"},
            {"unit": "B", "offering": "X", "status": "not_applicable"},
            {
                "unit": "B",
                "offering": "Y",
                "status": "open",
                "value": 100,
                "fit": 4,
                "champion": "c1",
                "owner": "kam",
            },
            # B x Z unexplored
        ],
    }
    write(
        tmp_path,
        [plan("a", currency="EUR")],
        people={"a": [person("c1")]},
        grids={"a": grid},
    )
    ws = metrics(tmp_path).accounts[0].whitespace
    assert (ws.applicable, ws.unexplored, ws.adoption, ws.conversion) == (5, 1, 0.4, 0.5)
    assert ws.value == pytest.approx(110)  # EUR 100 at 1.1
    (cell,) = ws.open_cells
    assert cell.priority == 132.0  # 110 × 4/5 × 1.5 for the active champion
    assert cell.owner == "kam"


def test_open_cells_ranked_by_priority_then_grid_order() -> None:
    assert f.cell_priority(1000, None, False) == 600.0
    assert f.cell_priority(1000, 5, True) == 1500.0
    assert f.cell_priority(0, 5, True) == 0.0


def test_health_sums_and_explains_every_lost_point(tmp_path: Path) -> None:
    write(
        tmp_path,
        [
            plan(
                "a",
                actions=[
                    {"id": "x", "what": "X", "owner": "kam", "due": days_ago(3)},
                    {"id": "y", "what": "Y", "owner": "kam", "due": days_ago(3), "status": "done"},
                ],
                reviewed={"on": days_ago(80), "by": "kam"},
            )
        ],
        people={
            "a": [
                person(
                    "ceo",
                    level="executive",
                    strength=4,
                    last_contact=days_ago(5),
                    buying_role="decision_maker",
                    sentiment="supporter",
                ),
                person("ops", strength=1),
            ]
        },
    )
    a = metrics(tmp_path).accounts[0]
    parts = {line.id: line.points for line in a.health_lines}
    assert parts == {
        "coverage": 10,  # 1 of 2 strong
        "depth": 5,
        "plan_freshness": 10,  # due soon
        "business_review": 0,
        "executive_engagement": 5,  # no touchpoint, but a strong executive
        "decision_makers": 10,
        "actions": 5,  # one overdue action
    }
    assert a.health == sum(parts.values()) == 45
    assert sum(f.HEALTH_MAX.values()) == 100
    lost = [line for line in a.health_lines if line.points < line.max]
    assert all(line.why for line in lost)
    assert a.why["health"].startswith("45 of 100, points lost in: coverage 10/20; depth 5/15")


def test_accounts_without_usable_plan_are_skipped(tmp_path: Path) -> None:
    write(tmp_path, [plan("a", financials=rows((2026, 10))), plan("b", currency="GBP")])
    from .builder import analysis

    m = analysis(tmp_path).metrics
    assert m is not None
    assert [a.id for a in m.accounts] == ["a"]
    assert [(s.id, s.reason) for s in m.skipped] == [("b", "no fx rate for GBP")]
