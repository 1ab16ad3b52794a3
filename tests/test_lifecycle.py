"""The account lifecycle and the lagging KPIs (metrics.md, "Lifecycle and lagging KPIs") on
portfolios built to hit their edges: each value is worked out by hand here, and checked
against the independent computation of tests/reference.py as well."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from kamgen.report.build import Options as ReportOptions
from kamgen.report.build import execute as report
from kamgen.report.contract import to_json

from . import reference
from .builder import plan, review, write
from .helpers import TODAY, days_ago
from .test_cli import run

START = TODAY - dt.timedelta(days=365)  # the period is (START, TODAY]
LAGGING = ("logo_retention", "churn_rate", "revenue_growth", "csat", "nps",
           "referenceable_share", "expansion_rate_12m")  # fmt: skip
GRID = {"units": ["U"], "offerings": ["O"]}


def day(offset: int) -> str:
    """START + offset days, as YAML writes it."""
    return (START + dt.timedelta(days=offset)).isoformat()


def lost(id: str, on: str, **fields: Any) -> dict[str, Any]:
    return plan(id, status="churned", churned_on=on, **fields)


def said(date: str, kind: str = "business_review", **fields: Any) -> dict[str, Any]:
    return {**review(date, kind), **fields}


def kpis(root: Path) -> dict[str, Any]:
    """The report's JSON, after checking the portfolio's KPIs and each account's voice
    against the independent computation."""
    got = to_json(report(ReportOptions(root, TODAY)))
    want = reference.compute(root, TODAY)
    for key in LAGGING:
        assert got["portfolio"][key] == want["portfolio"][key], key
    assert got["portfolio"]["nrr"] == want["portfolio"]["nrr"]
    for a in got["accounts"]:
        theirs = next(x for x in want["accounts"] if x["id"] == a["id"])
        for key in ("csat", "nps", "referenceable", "rank", "selection_score"):
            assert a[key] == theirs[key], (a["id"], key)
    return got


def write_all(
    root: Path, plans: list[dict[str, Any]], reviews: dict[str, Any] | None = None
) -> Path:
    grids = {p["id"]: GRID for p in plans}
    return write(root, plans, grids=grids, reviews=reviews)


def test_no_base_accounts_means_no_retention(tmp_path: Path) -> None:
    # Both became key accounts after the period started: there was nobody to retain.
    got = kpis(write_all(tmp_path, [plan("a", since=day(1)), plan("b", since=days_ago(10))]))
    p = got["portfolio"]
    assert (p["logo_retention"], p["churn_rate"]) == (None, None)
    assert p["lifecycle"]["base_12m"] == []
    assert "nothing to retain yet" in p["why"]["logo_retention"]


def test_churn_on_the_period_boundary(tmp_path: Path) -> None:
    plans = [
        lost("on-start", day(0)),  # lost on the start: not in the base at all
        lost("day-one", day(1), name="Lakeside Foods"),  # the period's first day: counted
        lost("today", TODAY.isoformat()),  # its last day: counted
        plan("joined-on-start", since=day(0)),  # a key account at the start: in the base
        plan("joined-after", since=day(1)),  # not yet: out of the base
        plan("kept"),
    ]
    got = kpis(write_all(tmp_path, plans))
    life = got["portfolio"]["lifecycle"]
    assert life["base_12m"] == ["day-one", "joined-on-start", "kept", "today"]
    assert life["churned_12m"] == ["day-one", "today"]
    assert got["portfolio"]["logo_retention"] == 0.5
    assert got["portfolio"]["churn_rate"] == 0.5
    first = START + dt.timedelta(days=1)
    assert got["portfolio"]["why"]["churn_rate"] == (
        f"2 of 4 key accounts on {START.day} {START:%b %Y} lost; churned in the last 12 "
        f"months: Lakeside Foods, {first.day} {first:%b %Y}, Today, {TODAY.day} {TODAY:%b %Y}"
    )
    # Churned accounts are out of the ranked accounts, and listed on their own.
    assert [a["id"] for a in got["accounts"]] == ["joined-after", "joined-on-start", "kept"]
    assert got["portfolio"]["accounts"] == 3
    assert [c["id"] for c in got["churned"]] == ["today", "day-one", "on-start"]
    assert sorted(a["rank"] for a in got["accounts"]) == [1, 2, 3]


def test_the_churn_why_names_the_account_and_the_day(tmp_path: Path) -> None:
    write_all(tmp_path, [lost("lakeside", "2026-05-12", name="Lakeside Foods"), plan("kept")])
    got = kpis(tmp_path)
    assert got["portfolio"]["why"]["churned_12m"] == (
        "churned in the last 12 months: Lakeside Foods, 12 May 2026"
    )


def test_reviews_on_the_same_date_the_file_name_that_sorts_last_wins(tmp_path: Path) -> None:
    date = days_ago(20)
    reviews = {
        "a": [
            # 2026-...-business-review.yaml sorts before ...-executive-touchpoint.yaml
            said(date, satisfaction={"csat": 3.0, "nps": 10}, referenceable=False),
            said(date, "executive_touchpoint", satisfaction={"csat": 4.5}, referenceable=True),
            said(days_ago(40), satisfaction={"nps": 70}),  # older: loses to the same-day NPS
        ]
    }
    got = kpis(write_all(tmp_path, [plan("a")], reviews))
    (a,) = got["accounts"]
    assert (a["csat"], a["nps"], a["referenceable"]) == (4.5, 10, True)
    assert a["voice"]["csat"]["file"].endswith(f"{date}-executive-touchpoint.yaml")
    assert a["voice"]["nps"]["file"].endswith(f"{date}-business-review.yaml")


def test_values_only_outside_the_period(tmp_path: Path) -> None:
    reviews = {
        # On the start: outside the period for CSAT, NPS and expansion; referenceability
        # counts from any review on or before today.
        "a": [said(day(0), satisfaction={"csat": 5, "nps": 90}, referenceable=True,
                   whitespace_moves=[{"unit": "U", "offering": "O", "from": "open",
                                      "to": "won"}])],
    }  # fmt: skip
    got = kpis(write_all(tmp_path, [plan("a", tier=3)], reviews))
    (a,) = got["accounts"]
    assert (a["csat"], a["nps"], a["referenceable"]) == (None, None, True)
    p = got["portfolio"]
    assert (p["csat"], p["nps"], p["referenceable_share"], p["expansion_rate_12m"]) == (
        None, None, 1.0, 0.0,
    )  # fmt: skip
    assert p["why"]["csat"].startswith("no active account recorded a CSAT")


def test_an_all_churned_portfolio(tmp_path: Path) -> None:
    plans = [
        lost("a", days_ago(100), financials=[{"year": 2025, "revenue": 100},
                                             {"year": 2026, "revenue": 20}]),
        lost("b", days_ago(400), financials=[{"year": 2025, "revenue": 50}]),
    ]  # fmt: skip
    reviews = {"a": [said(days_ago(120), satisfaction={"csat": 2.0})]}
    got = kpis(write_all(tmp_path, plans, reviews))
    p = got["portfolio"]
    assert got["accounts"] == [] and p["accounts"] == 0
    assert p["lifecycle"]["base_12m"] == ["a"]  # b was lost before the period began
    assert (p["logo_retention"], p["churn_rate"]) == (0.0, 1.0)
    # The active-account KPIs have nobody to average; NRR counts what the lost took away.
    assert (p["csat"], p["nps"], p["referenceable_share"], p["expansion_rate_12m"]) == (
        None, None, None, None,
    )  # fmt: skip
    assert p["nrr"] == round(20 / 150, 3)
    assert p["revenue_growth"] == round(20 / 150 - 1, 3)
    assert p["revenue"] == 0 and p["pareto_80"] == []
    assert [c["csat"] for c in got["churned"]] == [2.0, None]


def test_nrr_counts_churned_revenue_and_growth_counts_new_accounts(tmp_path: Path) -> None:
    plans = [
        plan("kept", financials=[{"year": 2025, "revenue": 100}, {"year": 2026, "revenue": 130}]),
        plan("new", financials=[{"year": 2026, "revenue": 50}]),
        lost("gone", days_ago(30), financials=[{"year": 2025, "revenue": 100}]),
    ]
    got = kpis(write_all(tmp_path, plans))
    p = got["portfolio"]
    assert p["nrr"] == round(130 / 200, 3)  # the new account has no 2025 row; gone counts
    assert p["revenue_growth"] == round(180 / 200 - 1, 3)
    assert p["revenue"] == 180  # concentration: active accounts only
    assert "1 churned account included" in p["why"]["nrr"]


def test_expansion_and_referenceable_share(tmp_path: Path) -> None:
    move = {"unit": "U", "offering": "O", "from": "pursuing"}
    reviews = {
        "a": [said(days_ago(3), whitespace_moves=[{**move, "to": "adopted"}], referenceable=True)],
        "b": [said(days_ago(3), whitespace_moves=[{**move, "to": "lost"}], referenceable=False)],
        "c": [said(days_ago(3), referenceable=True)],
        "gone": [said(days_ago(3), whitespace_moves=[{**move, "to": "won"}], referenceable=True)],
    }
    plans = [plan("a"), plan("b"), plan("c"), plan("d"), lost("gone", days_ago(1))]
    got = kpis(write_all(tmp_path, plans, reviews))
    p = got["portfolio"]
    assert p["expansion_rate_12m"] == 0.25  # a, of the 4 active accounts
    assert p["referenceable_share"] == round(2 / 3, 3)  # a and c, of a, b and c
    assert p["lifecycle"]["expanded_accounts"] == ["a"]


def test_portfolio_means_round_as_the_contract_says(tmp_path: Path) -> None:
    reviews = {
        "a": [said(days_ago(3), satisfaction={"csat": 4.0, "nps": 33})],
        "b": [said(days_ago(3), satisfaction={"csat": 4.5, "nps": 34})],
        "c": [said(days_ago(3), satisfaction={"csat": 3.25, "nps": 34})],
    }
    got = kpis(write_all(tmp_path, [plan("a"), plan("b"), plan("c")], reviews))
    assert got["portfolio"]["csat"] == round((4.0 + 4.5 + 3.25) / 3, 2) == 3.92
    assert got["portfolio"]["nps"] == round(101 / 3, 1) == 33.7


def test_clv_is_labelled_an_estimate_everywhere(tmp_path: Path) -> None:
    plans = [
        plan("a", financials=[{"year": 2024, "revenue": 90}, {"year": 2025, "revenue": 100},
                              {"year": 2026, "revenue": 110}]),
        plan("b"),
        lost("gone", days_ago(3)),
    ]  # fmt: skip
    write_all(tmp_path, plans)
    got = kpis(tmp_path)
    a = next(x for x in got["accounts"] if x["id"] == "a")
    # Churn 1 of 3: 3 years expected, times the 100 a year averaged over 2024-2026.
    assert a["clv_estimate"] == 300
    assert a["why"]["clv_estimate"].startswith("estimate: USD 100 a year on average over 2024-2026")
    _, table, _ = run("report", "--root", str(tmp_path), "--today", TODAY.isoformat())
    assert "lifetime value (estimate)" in table
    _, csv_text, _ = run("report", "--root", str(tmp_path), "--today", TODAY.isoformat(),
                         "--format", "csv")  # fmt: skip
    assert "clv_estimate" in csv_text.splitlines()[0]


def test_a_churned_account_is_reported_apart(tmp_path: Path) -> None:
    write_all(tmp_path, [lost("gone", days_ago(3), since="2020-01-01"), plan("kept")])
    code, out, err = run(
        "report", "--account", "gone", "--root", str(tmp_path), "--today", TODAY.isoformat()
    )
    assert code == 2
    assert (
        f"account `gone` is not reported: it churned on {days_ago(3)}, a key account since " in err
    )
    code, out, _ = run("report", "--root", str(tmp_path), "--today", TODAY.isoformat(),
                       "--format", "json")  # fmt: skip
    data = json.loads(out)
    (gone,) = data["churned"]
    assert (gone["churned_on"], gone["since"]) == (days_ago(3), "2020-01-01")
    assert data["portfolio"]["churned"] == 1
    assert data["portfolio"]["excluded"] == {"confidential": 0, "invalid": 0}


@pytest.mark.parametrize("status", ["active", "churned"])
def test_check_is_clean_for_a_lost_account_with_its_date(tmp_path: Path, status: str) -> None:
    fields = {"status": "churned", "churned_on": days_ago(3)} if status == "churned" else {}
    write_all(tmp_path, [plan("a", **fields)])
    code, out, _ = run("validate", "--root", str(tmp_path), "--today", TODAY.isoformat())
    assert code == 0, out
