"""Policy rules of `kamgen check`: each fires where it should, points at the right line, and
can be waived per account or re-graded in `rules:`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from kamgen.rules.registry import RULES

from .builder import CONFIG, analysis, person, plan, review, write
from .helpers import TODAY, days_ago


def healthy_people() -> list[dict[str, Any]]:
    people = [
        person(
            f"p{i}",
            strength=4,
            last_contact=days_ago(10),
            sentiment="supporter",
            buying_role="decision_maker" if i == 0 else "influencer",
        )
        for i in range(6)
    ]
    # The decision maker is an executive our sponsor knows well (`sponsor-not-connected`).
    people[0].update(
        level="executive",
        relationships=[{"with": "exec", "strength": 4, "last_contact": days_ago(20)}],
    )
    return people


def healthy_plan(**fields: Any) -> dict[str, Any]:
    base = plan(
        "a",
        tier=2,
        scores={"potential": 3, "fit": 3},
        financials=[{"year": 2026, "revenue": 10}],
        reviewed={"on": days_ago(5), "by": "kam"},
    )
    base.update(fields)
    return base


def healthy_reviews() -> list[dict[str, Any]]:
    business = {**review(days_ago(5), "business_review"), "satisfaction": {"csat": 4.0}}
    return [business, review(days_ago(5), "executive_touchpoint")]


def build(
    root: Path,
    people: list[dict[str, Any]] | None = None,
    config: dict[str, Any] | None = None,
    **fields: Any,
) -> Path:
    return write(
        root,
        [healthy_plan(**fields)],
        people={"a": healthy_people() if people is None else people},
        reviews={"a": healthy_reviews()},
        config=config,
    )


def found(root: Path) -> list[tuple[str, str, str, int | None]]:
    return [(f.rule, f.severity, f.file, f.line) for f in analysis(root).findings]


def test_healthy_account_has_no_findings(tmp_path: Path) -> None:
    assert found(build(tmp_path)) == []


P = "accounts/a/plan.yaml"
S = "accounts/a/stakeholders.yaml"


def _people(**changes: Any) -> list[dict[str, Any]]:
    people = healthy_people()
    people[0].update(changes)
    return people


CASES: list[tuple[str, dict[str, Any], list[tuple[str, str, str]]]] = [
    ("tier", {"tier": 1, "executive_sponsor": "exec"}, [("tier-mismatch", "warning", P)]),
    (
        "no-sponsor",
        {"tier": 1, "scores": {"potential": 5, "fit": 5}},
        [("no-executive-sponsor", "warning", P)],
    ),
    (
        "overdue",
        {"actions": [{"id": "x", "what": "X", "owner": "kam", "due": days_ago(1)}]},
        [("overdue-action", "warning", P)],
    ),
    (
        "in-progress-overdue",
        {
            "actions": [
                {
                    "id": "x",
                    "what": "X",
                    "owner": "kam",
                    "due": days_ago(1),
                    "status": "in_progress",
                },
                {"id": "y", "what": "Y", "owner": "kam", "due": days_ago(1), "status": "blocked"},
                {"id": "z", "what": "Z", "owner": "kam", "due": days_ago(0)},
            ]
        },
        [("overdue-action", "warning", P)],
    ),
    (
        "objective",
        {"objectives": [{"id": "o", "title": "O", "horizon": "short", "due": days_ago(1)}]},
        [("objective-past-due", "warning", P)],
    ),
    ("stale", {"reviewed": {"on": days_ago(93), "by": "kam"}}, [("stale-plan", "error", P)]),
    ("due-soon", {"reviewed": {"on": days_ago(92), "by": "kam"}}, [("due-soon", "warning", P)]),
    (
        "waiver-expired",
        {"waivers": [{"rule": "thin-map", "reason": "r", "until": days_ago(1), "by": "exec"}]},
        [("waiver-expired", "error", P)],
    ),
]


@pytest.mark.parametrize(("name", "fields", "expected"), CASES, ids=[c[0] for c in CASES])
def test_plan_rules(
    tmp_path: Path, name: str, fields: dict[str, Any], expected: list[tuple[str, str, str]]
) -> None:
    got = [(rule, severity, file) for rule, severity, file, _ in found(build(tmp_path, **fields))]
    assert sorted(got) == sorted(expected)


PEOPLE_CASES: list[tuple[str, list[dict[str, Any]], list[str]]] = [
    ("thin", healthy_people()[:5], ["thin-map"]),
    (
        "single",
        [*healthy_people()[:1], *[person(f"w{i}", strength=1) for i in range(5)]],
        ["single-threaded"],
    ),
    ("no-dm", _people(buying_role="user"), ["no-decision-maker"]),
    ("detractor", _people(sentiment="detractor"), ["detractor-in-power"]),
    (
        "champion-left",
        [*healthy_people(), person("gone", status="left", sentiment="champion")],
        ["champion-left"],
    ),
    ("stale-contact", _people(last_contact=days_ago(121)), ["no-decision-maker"]),
]


@pytest.mark.parametrize(
    ("name", "people", "expected"), PEOPLE_CASES, ids=[c[0] for c in PEOPLE_CASES]
)
def test_relationship_rules(
    tmp_path: Path, name: str, people: list[dict[str, Any]], expected: list[str]
) -> None:
    got = found(build(tmp_path, people=people))
    assert sorted(rule for rule, *_ in got) == expected
    assert all(file == S for _, _, file, _ in got)


def test_detractor_finding_points_at_their_sentiment(tmp_path: Path) -> None:
    (finding,) = analysis(build(tmp_path, people=_people(sentiment="detractor"))).findings
    text = (tmp_path / S).read_text().splitlines()
    assert '"sentiment": "detractor"' in text[finding.line - 1]  # type: ignore[operator]
    assert finding.message.startswith("`p0` is a detractor who decides or pays")


def test_missing_reviews_are_stale_and_point_at_the_tier(tmp_path: Path) -> None:
    write(tmp_path, [healthy_plan(reviewed=None)], people={"a": healthy_people()})
    got = {f.rule: f for f in analysis(tmp_path).findings}
    assert set(got) == {
        "stale-plan", "stale-business-review", "stale-executive-touchpoint",
        "no-satisfaction-measure",
    }  # fmt: skip
    assert got["no-satisfaction-measure"].message == (
        "no review in the last 12 months records a CSAT or an NPS: ask for both at the next "
        "business review and record them with `kamgen review add a --kind business_review`"
    )
    assert (got["no-satisfaction-measure"].file, got["no-satisfaction-measure"].line) == (
        "accounts/a/plan.yaml",
        5,
    )
    assert got["stale-plan"].message == (
        "plan review is stale: the plan has never been reviewed or attested; tier 2 allows "
        "92 days; review the plan and run `kamgen attest a --by <you>`"
    )
    assert got["stale-plan"].severity == "error"


def test_manager_overloaded(tmp_path: Path) -> None:
    config = {**CONFIG, "capacity": {"max_accounts_per_manager": 1, "max_tier1_per_manager": 1}}
    tier1 = {"tier": 1, "executive_sponsor": "exec", "scores": {"potential": 5, "fit": 5}}
    write(
        tmp_path,
        [healthy_plan(id="a", **tier1), healthy_plan(id="b", **tier1)],
        people={"a": healthy_people(), "b": healthy_people()},
        reviews={"a": healthy_reviews(), "b": healthy_reviews()},
        config=config,
    )
    (finding,) = analysis(tmp_path).findings
    assert (finding.rule, finding.file, finding.line, finding.account) == (
        "manager-overloaded",
        "kamgen.yaml",
        12,  # the manager's entry in `team:`
        None,
    )
    assert finding.message == (
        "kam owns 2 accounts (limit 1) and 2 tier 1 accounts (limit 1): a, b"
    )


def test_live_waiver_silences_its_rule_for_that_account_only(tmp_path: Path) -> None:
    waiver = {"rule": "thin-map", "reason": "new logo", "until": days_ago(0), "by": "exec"}
    build(tmp_path, people=healthy_people()[:5], waivers=[waiver])
    assert found(tmp_path) == []  # a waiver holds through its `until` date
    assert sorted(f.rule for f in analysis(tmp_path, TODAY + dt.timedelta(days=1)).findings) == [
        "thin-map",
        "waiver-expired",
    ]


def test_rules_override_severity_and_off(tmp_path: Path) -> None:
    config = {**CONFIG, "rules": {"stale-plan": "warning", "thin-map": "error"}}
    build(
        tmp_path,
        config=config,
        people=healthy_people()[:5],
        reviewed={"on": days_ago(200), "by": "kam"},
    )
    assert sorted((r, s) for r, s, _, _ in found(tmp_path)) == [
        ("stale-plan", "warning"),
        ("thin-map", "error"),
    ]
    config = {**CONFIG, "rules": {"stale-plan": "off"}}
    build(tmp_path, config=config, reviewed={"on": days_ago(200), "by": "kam"})
    assert found(tmp_path) == []


def test_validate_does_not_run_policy(tmp_path: Path) -> None:
    from kamgen.check.validate import Options, execute

    build(tmp_path, reviewed={"on": days_ago(200), "by": "kam"})
    assert execute(Options(tmp_path, TODAY)).findings == []
    assert [f.rule for f in execute(Options(tmp_path, TODAY, policy=True)).findings] == [
        "stale-plan"
    ]


def test_every_policy_rule_is_registered_and_overridable() -> None:
    policy = [r for r in RULES.values() if r.kind == "policy"]
    assert {r.id for r in policy} >= {
        "tier-mismatch",
        "single-threaded",
        "no-decision-maker",
        "detractor-in-power",
        "thin-map",
        "champion-left",
        "stale-plan",
        "stale-business-review",
        "stale-executive-touchpoint",
        "due-soon",
        "overdue-action",
        "no-executive-sponsor",
        "manager-overloaded",
        "waiver-expired",
        "objective-past-due",
    }
    assert all(r.overridable for r in policy)
    assert RULES["stale-plan"].severity == "error"
    assert RULES["waiver-expired"].severity == "error"


def _voice_review(days: int, **fields: Any) -> dict[str, Any]:
    return {**review(days_ago(days), "business_review"), **fields}


@pytest.mark.parametrize(
    ("tier", "reviews", "fires"),
    [
        (1, [_voice_review(5)], True),  # a review, but no score in it
        (2, [_voice_review(5, satisfaction={"nps": 10})], False),  # NPS alone is enough
        (2, [_voice_review(5, satisfaction={"csat": 4.0})], False),
        (2, [_voice_review(365, satisfaction={"csat": 4.0})], True),  # the start: outside
        (2, [_voice_review(364, satisfaction={"csat": 4.0})], False),  # its first day
        (3, [_voice_review(5)], False),  # tier 3 is not asked
    ],
    ids=["tier1-none", "nps-only", "csat-only", "on-start", "first-day", "tier3"],
)
def test_no_satisfaction_measure(
    tmp_path: Path, tier: int, reviews: list[dict[str, Any]], fires: bool
) -> None:
    extra = {"executive_sponsor": "exec"} if tier == 1 else {}
    write(
        tmp_path,
        [healthy_plan(tier=tier, **extra)],
        people={"a": healthy_people()},
        reviews={"a": [*reviews, review(days_ago(5), "executive_touchpoint")]},
    )
    found = [f for f in analysis(tmp_path).findings if f.rule == "no-satisfaction-measure"]
    assert bool(found) is fires
    if fires:
        assert found[0].severity == "warning"
        assert found[0].file.startswith("accounts/a/reviews/")  # the latest business review


@pytest.mark.parametrize(
    ("fields", "message", "key"),
    [
        ({"status": "churned"}, "`status: churned` needs `churned_on:`", "status"),
        ({"churned_on": days_ago(3)}, "but `status` is not churned", "churned_on"),
        ({"status": "churned", "churned_on": days_ago(-1)}, "after today", "churned_on"),
    ],
    ids=["no-date", "not-churned", "future"],
)
def test_churned_on_invalid(tmp_path: Path, fields: dict[str, Any], message: str, key: str) -> None:
    write(tmp_path, [healthy_plan(**fields)], people={"a": healthy_people()},
          reviews={"a": healthy_reviews()})  # fmt: skip
    found = [f for f in analysis(tmp_path).findings if f.rule == "churned-on-invalid"]
    assert len(found) == 1 and found[0].severity == "error" and message in found[0].message
    plan_text = (tmp_path / "accounts/a/plan.yaml").read_text().splitlines()
    assert found[0].line is not None and f'"{key}"' in plan_text[found[0].line - 1]


def test_a_churned_account_gets_no_reminders(tmp_path: Path) -> None:
    # Everything about it is stale, thin and lapsed: none of that is a finding once it is lost.
    lost = healthy_plan(
        status="churned", churned_on=days_ago(30), reviewed=None, tier=1,
        waivers=[{"rule": "thin-map", "reason": "x", "until": days_ago(10), "by": "kam"}],
    )  # fmt: skip
    write(tmp_path, [lost], people={"a": []})
    assert [f.rule for f in analysis(tmp_path).findings] == []
