"""Plan depth (metrics.md, "Plan depth") on portfolios built for its edges: a contract ending
today, a notice date exactly at the warning edge, a measure with target = baseline, ties
exactly at the strength and age limits, a share of exactly 0.8. Each value is worked out by
hand and checked against tests/reference.py too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from kamgen.report.build import Options as ReportOptions
from kamgen.report.build import execute as report
from kamgen.report.contract import to_json

from . import reference
from .builder import analysis, person, plan, write
from .helpers import TODAY, days_ago

GRID = {"units": ["U"], "offerings": ["O"]}
DEPTH = ("next_renewal", "weighted_pipeline", "risk_exposure", "key_person_dependency",
         "objectives")  # fmt: skip


def ahead(n: int) -> str:
    return (TODAY + dt.timedelta(days=n)).isoformat()


def contract(id: str, end: str, **fields: Any) -> dict[str, Any]:
    return {"id": id, "title": id.title(), "end": end, **fields}


def build(root: Path, plans: list[dict[str, Any]], people: Any = None) -> dict[str, Any]:
    write(root, plans, people=people, grids={p["id"]: GRID for p in plans})
    got = to_json(report(ReportOptions(root, TODAY)))
    want = reference.compute(root, TODAY)
    for key in ("renewals_180d", "weighted_pipeline"):
        assert got["portfolio"][key] == want["portfolio"][key], key
    assert got["portfolio"]["renewal_value_180d"] == pytest.approx(
        want["portfolio"]["renewal_value_180d"]
    )
    for a in got["accounts"]:
        theirs = next(x for x in want["accounts"] if x["id"] == a["id"])
        for key in DEPTH:
            assert a[key] == theirs[key], (a["id"], key)
    return got


def rules(root: Path, rule: str) -> list[str]:
    return [f.message for f in analysis(root).findings if f.rule == rule]


def test_a_contract_ending_today_is_due_not_lapsed(tmp_path: Path) -> None:
    ending = [contract("today", TODAY.isoformat(), value=10),
              contract("yesterday", days_ago(1), value=5)]  # fmt: skip
    got = build(tmp_path, [plan("a", contracts=ending)])
    (a,) = got["accounts"]
    assert a["next_renewal"] == TODAY.isoformat()
    assert got["portfolio"]["renewals_180d"] == 1  # [today, today + 180]
    assert got["portfolio"]["renewal_value_180d"] == 10
    assert len(rules(tmp_path, "renewal-due")) == 1
    (lapsed,) = rules(tmp_path, "contract-lapsed")
    assert lapsed.startswith(f"contract `yesterday` (Yesterday) ended on {days_ago(1)}, 1 day ago")


@pytest.mark.parametrize(
    ("end", "notice_days", "due"), [(90, 0, True), (91, 1, True), (92, 1, False), (91, 0, False)]
)
def test_the_notice_date_exactly_at_the_warning_edge(
    tmp_path: Path, end: int, notice_days: int, due: bool
) -> None:
    # Notice on today + 90 (the default renewal_warn_days) warns; a day later does not.
    write(tmp_path, [plan("a", contracts=[contract("c", ahead(end), notice_days=notice_days)])])
    assert bool(rules(tmp_path, "renewal-due")) is due


def test_the_window_of_180_days_includes_its_last_day(tmp_path: Path) -> None:
    ending = [contract("in", ahead(180), value=1), contract("out", ahead(181), value=2),
              contract("done", ahead(10), value=4, renewal="renewed")]  # fmt: skip
    plans = [plan("a", contracts=ending)]
    got = build(tmp_path, plans)
    assert got["portfolio"]["renewals_180d"] == 1
    assert got["portfolio"]["renewal_value_180d"] == 1


def test_a_measure_with_target_equal_to_baseline_has_no_attainment(tmp_path: Path) -> None:
    objectives = [
        {"id": "flat", "title": "F", "horizon": "short", "due": ahead(30),
         "measures": [{"id": "m", "name": "M", "baseline": 5, "target": 5, "actual": 9}]},
        {"id": "mixed", "title": "M", "horizon": "short", "due": ahead(30),
         "measures": [{"id": "m1", "name": "M", "baseline": 5, "target": 5, "actual": 9},
                      {"id": "m2", "name": "M", "baseline": 0, "target": 3, "actual": 1}]},
    ]  # fmt: skip
    got = build(tmp_path, [plan("a", objectives=objectives)])
    (a,) = got["accounts"]
    assert a["objectives"] == [
        {"id": "flat", "coverage": None, "attainment": None},
        {"id": "mixed", "coverage": None, "attainment": 0.333},
    ]


def test_coverage_counts_won_and_weighted_open_against_the_target(tmp_path: Path) -> None:
    objectives = [{"id": "o", "title": "O", "horizon": "short", "due": ahead(30),
                   "target_revenue": 1000}]  # fmt: skip
    opportunities = [
        {"id": "w", "name": "W", "amount": 300, "stage": "won", "probability": 0.1,
         "close_date": days_ago(5), "objective": "o"},
        {"id": "p", "name": "P", "amount": 500, "probability": 0.5, "close_date": ahead(5),
         "objective": "o"},
        {"id": "l", "name": "L", "amount": 900, "stage": "lost", "probability": 0.9,
         "close_date": ahead(5), "objective": "o"},
        {"id": "late", "name": "Late", "amount": 100, "probability": 0.5,
         "close_date": days_ago(1)},
    ]  # fmt: skip
    got = build(tmp_path, [plan("a", currency="EUR", objectives=objectives,
                                opportunities=opportunities)])  # fmt: skip
    (a,) = got["accounts"]
    assert a["objectives"][0]["coverage"] == 0.55  # (300 + 250) / 1000, in EUR
    assert a["weighted_pipeline"] == round((250 + 50) * 1.1, 2)  # converted at 1.1
    (uncovered,) = rules(tmp_path, "objective-uncovered")
    assert uncovered.startswith("objective `o` is 55.0% covered")
    (late,) = rules(tmp_path, "close-date-passed")
    assert late.startswith(f"opportunity `late` (Late) was to close on {days_ago(1)}, 1 day ago")


def _people(n_kam: int, n_exec: int, strength: int = 3, age: int = 120) -> list[dict[str, Any]]:
    """Stakeholders whose primary tie is with kam (n_kam) or exec (n_exec)."""
    return [
        person(f"p{i}", our_contact="kam" if i < n_kam else "exec", strength=strength,
               last_contact=days_ago(age))
        for i in range(n_kam + n_exec)
    ]  # fmt: skip


def test_ties_exactly_at_the_strength_and_age_limits_are_strong(tmp_path: Path) -> None:
    # strong_strength 3 and active_days 120 (the defaults): both limits count as strong.
    people = _people(2, 1)
    people.append(person("weak", our_contact="exec", strength=2, last_contact=days_ago(1)))
    people.append(person("old", our_contact="exec", strength=5, last_contact=days_ago(121)))
    got = build(tmp_path, [plan("a")], {"a": people})
    assert got["accounts"][0]["key_person_dependency"] == round(2 / 3, 3)


def test_a_share_of_exactly_0_8_is_not_a_dependency(tmp_path: Path) -> None:
    got = build(tmp_path, [plan("a")], {"a": _people(4, 1)})
    assert got["accounts"][0]["key_person_dependency"] == 0.8
    assert rules(tmp_path, "key-person-dependency") == []
    write(tmp_path, [plan("a")], people={"a": _people(5, 1)}, grids={"a": GRID})
    (found,) = rules(tmp_path, "key-person-dependency")
    assert found.startswith("kam holds 5 of the 6 strong ties (83%)")


def test_a_relationship_entry_is_a_tie_and_can_connect_the_sponsor(tmp_path: Path) -> None:
    people = [person("ceo", level="executive", our_contact="kam", strength=4,
                     last_contact=days_ago(3))]  # fmt: skip
    tier1 = {"tier": 1, "executive_sponsor": "exec"}
    write(tmp_path, [plan("a", **tier1)], people={"a": people}, grids={"a": GRID})
    (found,) = rules(tmp_path, "sponsor-not-connected")
    assert found.startswith("executive sponsor exec has no strong tie to an executive")
    people[0]["relationships"] = [{"with": "exec", "strength": 3, "last_contact": days_ago(50)}]
    got = build(tmp_path, [plan("a", **tier1)], {"a": people})
    assert rules(tmp_path, "sponsor-not-connected") == []
    assert got["accounts"][0]["key_person_dependency"] == 0.5


def test_risks_exposure_and_their_rules(tmp_path: Path) -> None:
    actions = [
        {"id": "act", "what": "A", "owner": "kam", "due": ahead(10), "status": "open"},
        {"id": "old", "what": "B", "owner": "kam", "due": ahead(10), "status": "done"},
    ]
    risks = [
        {"id": "big", "title": "Big", "severity": 4, "likelihood": 2, "mitigations": ["old"]},
        {"id": "covered", "title": "C", "severity": 5, "likelihood": 1, "mitigations": ["act"]},
        {"id": "calm", "title": "M", "severity": 3, "likelihood": 3, "status": "mitigating",
         "review_by": days_ago(1)},
        {"id": "gone", "title": "G", "severity": 5, "likelihood": 5, "status": "closed",
         "review_by": days_ago(9)},
    ]  # fmt: skip
    got = build(tmp_path, [plan("a", actions=actions, risks=risks)])
    assert got["accounts"][0]["risk_exposure"] == 8 + 5 + 9
    (unmitigated,) = rules(tmp_path, "risk-unmitigated")
    assert unmitigated.startswith("risk `big` (Big) is severity 4 with no open mitigation")
    (overdue,) = rules(tmp_path, "risk-review-overdue")
    assert overdue.startswith(f"risk `calm` (M) was due for review on {days_ago(1)}, 1 day ago")


def test_a_stale_measure(tmp_path: Path) -> None:
    # Tier 2 plans are reviewed every 92 days: a measure 93 days old is stale, 92 is not.
    objectives = [{"id": "o", "title": "O", "horizon": "short", "due": ahead(30),
                   "measures": [{"id": "new", "name": "N", "baseline": 0, "target": 1,
                                 "as_of": days_ago(92)},
                                {"id": "old", "name": "O", "baseline": 0, "target": 1,
                                 "as_of": days_ago(93)}]}]  # fmt: skip
    write(tmp_path, [plan("a", objectives=objectives)], grids={"a": GRID})
    (stale,) = rules(tmp_path, "measure-stale")
    assert stale.startswith("measure `old` of objective `o` was last measured on")


def test_references_of_plan_depth_are_checked(tmp_path: Path) -> None:
    fields = {
        "contracts": [contract("c", ahead(5), unit="Nowhere", offering="O")],
        "opportunities": [{"id": "p", "name": "P", "amount": 1, "probability": 0.5,
                           "close_date": ahead(5), "objective": "missing"}],
        "risks": [{"id": "r", "title": "R", "severity": 1, "likelihood": 1, "owner": "nobody",
                   "mitigations": ["no-such-action"]}],
        "actions": [{"id": "a1", "what": "A", "owner": "kam", "due": ahead(5),
                     "customer_owner": "stranger"}],
        "links": [{"label": "L", "url": "javascript:alert(1)"}],
    }  # fmt: skip
    write(tmp_path, [plan("a", **{k: v for k, v in fields.items() if k != "links"})],
          grids={"a": GRID})  # fmt: skip
    found = {(f.rule, f.message) for f in analysis(tmp_path).findings}
    assert {
        ("whitespace-outside-grid", "unit `Nowhere` is not in `units:` of whitespace.yaml"),
        ("unknown-reference", "objective `missing` is not in this plan's objectives"),
        ("unknown-reference", "risk owner `nobody` is not in `team:` of kamgen.yaml"),
        ("unknown-reference", "mitigation `no-such-action` is not in this plan's actions"),
        ("unknown-reference", "customer_owner `stranger` is not a stakeholder of this account"),
    } <= found
    write(tmp_path, [plan("a", links=fields["links"])], grids={"a": GRID})
    bad = [f for f in analysis(tmp_path).findings if f.severity == "error"]
    assert bad and "https://" in bad[0].message
