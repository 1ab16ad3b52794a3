"""Cross-file integrity: each case mutates the minimal valid portfolio and expects one finding."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .helpers import TODAY, append, brief, edit, findings

A = "accounts/alpha"
Mutation = Callable[[Path], None]


def test_minimal_portfolio_is_clean(portfolio: Path) -> None:
    assert findings(portfolio) == []


def test_demo_portfolio_is_clean() -> None:
    from .conftest import REPO

    assert findings(REPO) == []


def _rename_folder(root: Path) -> None:
    (root / A).rename(root / "accounts/beta")


def _copy_account(root: Path) -> None:
    shutil.copytree(root / A, root / "accounts/gamma")
    edit(root / "accounts/gamma/plan.yaml", "id: alpha", "id: gamma")


CASES: list[tuple[str, Mutation, str, str, int]] = [
    ("folder-differs-from-id", _rename_folder, "id-mismatch", "accounts/beta/plan.yaml", 2),
    (
        "owner-not-in-team",
        lambda r: edit(r / A / "plan.yaml", "owner: kam", "owner: kim"),
        "unknown-reference",
        f"{A}/plan.yaml",
        6,
    ),
    (
        "sponsor-not-in-team",
        lambda r: edit(r / A / "plan.yaml", "executive_sponsor: exec", "executive_sponsor: boss"),
        "unknown-reference",
        f"{A}/plan.yaml",
        7,
    ),
    (
        "action-objective-unknown",
        lambda r: edit(r / A / "plan.yaml", "objective: grow}", "objective: grwo}"),
        "unknown-reference",
        f"{A}/plan.yaml",
        15,
    ),
    (
        "action-owner-unknown",
        lambda r: edit(
            r / A / "plan.yaml", "what: Call the CFO, owner: kam", "what: x, owner: ghost"
        ),
        "unknown-reference",
        f"{A}/plan.yaml",
        15,
    ),
    (
        "reviewer-unknown",
        lambda r: edit(r / A / "plan.yaml", "by: kam}", "by: nobody}"),
        "unknown-reference",
        f"{A}/plan.yaml",
        16,
    ),
    (
        "reports-to-unknown",
        lambda r: edit(r / A / "stakeholders.yaml", "reports_to: ceo", "reports_to: coo"),
        "unknown-reference",
        f"{A}/stakeholders.yaml",
        4,
    ),
    (
        "influences-unknown",
        lambda r: edit(r / A / "stakeholders.yaml", "influences: [buyer]", "influences: [bayer]"),
        "unknown-reference",
        f"{A}/stakeholders.yaml",
        4,
    ),
    (
        "our-contact-unknown",
        lambda r: edit(r / A / "stakeholders.yaml", "our_contact: exec", "our_contact: exe"),
        "unknown-reference",
        f"{A}/stakeholders.yaml",
        3,
    ),
    (
        "duplicate-stakeholder",
        lambda r: edit(r / A / "stakeholders.yaml", "id: buyer", "id: cfo"),
        "duplicate-id",
        f"{A}/stakeholders.yaml",
        5,
    ),
    (
        "champion-unknown",
        lambda r: edit(r / A / "whitespace.yaml", "champion: cfo", "champion: cto"),
        "unknown-reference",
        f"{A}/whitespace.yaml",
        6,
    ),
    (
        "cell-owner-unknown",
        lambda r: edit(r / A / "whitespace.yaml", "owner: kam}", "owner: kem}"),
        "unknown-reference",
        f"{A}/whitespace.yaml",
        6,
    ),
    (
        "cell-outside-grid",
        lambda r: edit(r / A / "whitespace.yaml", "unit: South", "unit: East"),
        "whitespace-outside-grid",
        f"{A}/whitespace.yaml",
        6,
    ),
    (
        "duplicate-cell",
        lambda r: edit(
            r / A / "whitespace.yaml",
            "unit: South, offering: Coaching, status: open",
            "unit: North, offering: Training, status: open",
        ),
        "duplicate-cell",
        f"{A}/whitespace.yaml",
        6,
    ),
    (
        "duplicate-unit",
        lambda r: edit(
            r / A / "whitespace.yaml", "units: [North, South]", "units: [North, South, North]"
        ),
        "duplicate-id",
        f"{A}/whitespace.yaml",
        2,
    ),
    (
        "attendee-ours-unknown",
        lambda r: edit(
            r / A / "reviews/2026-10-14-business-review.yaml", "ours: [kam]", "ours: [kam, zed]"
        ),
        "unknown-reference",
        f"{A}/reviews/2026-10-14-business-review.yaml",
        4,
    ),
    (
        "attendee-theirs-unknown",
        lambda r: edit(
            r / A / "reviews/2026-10-14-business-review.yaml", "theirs: [ceo]", "theirs: [cxo]"
        ),
        "unknown-reference",
        f"{A}/reviews/2026-10-14-business-review.yaml",
        4,
    ),
    (
        "move-outside-grid",
        lambda r: edit(
            r / A / "reviews/2026-10-14-business-review.yaml",
            "offering: Coaching",
            "offering: Coachin",
        ),
        "whitespace-outside-grid",
        f"{A}/reviews/2026-10-14-business-review.yaml",
        5,
    ),
    (
        "review-name-date",
        lambda r: edit(
            r / A / "reviews/2026-10-14-business-review.yaml",
            "date: 2026-10-14",
            "date: 2026-10-15",
        ),
        "review-filename",
        f"{A}/reviews/2026-10-14-business-review.yaml",
        2,
    ),
    (
        "review-name-kind",
        lambda r: edit(
            r / A / "reviews/2026-10-14-business-review.yaml",
            "kind: business_review",
            "kind: plan_review",
        ),
        "review-filename",
        f"{A}/reviews/2026-10-14-business-review.yaml",
        3,
    ),
    (
        "review-name-shape",
        lambda r: (r / A / "reviews/2026-10-14-business-review.yaml").rename(
            r / A / "reviews/qbr.yaml"
        ),
        "review-filename",
        f"{A}/reviews/qbr.yaml",
        1,
    ),
    (
        "weights-not-100",
        lambda r: edit(r / "kamgen.yaml", "{id: fit, weight: 40}", "{id: fit, weight: 45}"),
        "scoring-weights",
        "kamgen.yaml",
        11,
    ),
    (
        "criterion-not-scored",
        lambda r: edit(
            r / A / "plan.yaml", "scores: {potential: 4, fit: 5}", "scores: {potential: 4}"
        ),
        "missing-score",
        f"{A}/plan.yaml",
        8,
    ),
    (
        "score-for-unknown-criterion",
        lambda r: edit(r / A / "plan.yaml", "fit: 5}", "fit: 5, fitt: 3}"),
        "unknown-criterion",
        f"{A}/plan.yaml",
        8,
    ),
    (
        "derived-criterion-scored",
        lambda r: edit(r / A / "plan.yaml", "fit: 5}", "fit: 5, current_revenue: 3}"),
        "unknown-criterion",
        f"{A}/plan.yaml",
        8,
    ),
    (
        "fx-rate-missing",
        lambda r: edit(r / A / "plan.yaml", "currency: EUR", "currency: GBP"),
        "missing-fx-rate",
        f"{A}/plan.yaml",
        5,
    ),
    (
        "unknown-rule-override",
        lambda r: append(r / "kamgen.yaml", "rules: {stale-plans: warning}\n"),
        "unknown-rule",
        "kamgen.yaml",
        15,
    ),
    (
        "load-rule-not-overridable",
        lambda r: append(r / "kamgen.yaml", "rules: {yaml-syntax: off}\n"),
        "unknown-rule",
        "kamgen.yaml",
        15,
    ),
    (
        "duplicate-team-member",
        lambda r: edit(r / "kamgen.yaml", "{id: exec, name: Eve", "{id: kam, name: Eve"),
        "duplicate-id",
        "kamgen.yaml",
        8,
    ),
    (
        "duplicate-plan-id",
        lambda r: shutil.copytree(r / A, r / "accounts/gamma"),
        "duplicate-id",
        "accounts/gamma/plan.yaml",
        2,
    ),
    (
        "missing-whitespace-file",
        lambda r: (r / A / "whitespace.yaml").unlink(),
        "missing-file",
        f"{A}/whitespace.yaml",
        None,  # type: ignore[list-item]
    ),
    (
        "misspelt-file",
        lambda r: (r / A / "stakeholders.yaml").rename(r / A / "stakeholder.yaml"),
        "unexpected-file",
        f"{A}/stakeholder.yaml",
        None,  # type: ignore[list-item]
    ),
    (
        "duplicate-financial-year",
        lambda r: edit(r / A / "plan.yaml", "year: 2026", "year: 2025"),
        "duplicate-id",
        f"{A}/plan.yaml",
        11,
    ),
]


@pytest.mark.parametrize(
    ("name", "mutate", "rule", "file", "line"), CASES, ids=[c[0] for c in CASES]
)
def test_reference_finding(
    portfolio: Path, name: str, mutate: Mutation, rule: str, file: str, line: int | None
) -> None:
    mutate(portfolio)
    got = brief(findings(portfolio))
    assert (rule, file, line) in got, got


def test_hints_name_the_nearest_id(portfolio: Path) -> None:
    edit(portfolio / A / "plan.yaml", "objective: grow}", "objective: grwo}")
    [finding] = findings(portfolio)
    assert (
        finding.message == "objective `grwo` is not in this plan's objectives; did you mean `grow`?"
    )
    assert (finding.line, finding.column) == (15, 76)


def test_review_in_future_depends_on_today(portfolio: Path) -> None:
    # The review is dated 2026-10-14 and the plan attested on 2026-11-01; the boundary
    # day itself is not in the future.
    assert findings(portfolio, dt.date(2026, 11, 1)) == []
    assert brief(findings(portfolio, dt.date(2026, 10, 31))) == [
        ("review-in-future", f"{A}/plan.yaml", 16)
    ]
    assert brief(findings(portfolio, dt.date(2026, 10, 13))) == [
        ("review-in-future", f"{A}/plan.yaml", 16),
        ("review-in-future", f"{A}/reviews/2026-10-14-business-review.yaml", 2),
    ]


def test_rule_override_changes_severity_and_off_silences(portfolio: Path) -> None:
    edit(portfolio / A / "plan.yaml", "owner: kam", "owner: kim")
    append(portfolio / "kamgen.yaml", "rules: {unknown-reference: warning}\n")
    assert [(f.rule, f.severity) for f in findings(portfolio)] == [("unknown-reference", "warning")]
    edit(portfolio / "kamgen.yaml", "unknown-reference: warning", "unknown-reference: 'off'")
    assert findings(portfolio) == []


def test_files_narrow_the_report_to_their_accounts(portfolio: Path) -> None:
    _copy_account(portfolio)
    edit(portfolio / "accounts/gamma/plan.yaml", "owner: kam", "owner: kim")
    edit(portfolio / A / "plan.yaml", "owner: kam", "owner: kym")
    only_alpha = findings(portfolio, TODAY, portfolio / A / "stakeholders.yaml")
    assert {f.account for f in only_alpha} == {"alpha"}
    everything = findings(portfolio, TODAY, portfolio / "kamgen.yaml")
    assert {f.account for f in everything} == {"alpha", "gamma"}
