"""Properties of the metrics on generated portfolios, and agreement with an independent
computation of every exact formula (tests/reference.py), value by value."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamgen.metrics import compute
from kamgen.report.build import Options as ReportOptions
from kamgen.report.build import execute as report
from kamgen.report.contract import to_json

from . import reference
from .builder import CONFIG, analysis, write
from .conftest import REPO
from .helpers import TODAY

EXACT = (
    "tier",
    "suggested_tier",
    "selection_score",
    "rank",
    "nrr",
    "share_of_wallet",
    "coverage",
    "multithread_depth",
    "single_threaded",
)
FRESH_KEYS = ("last", "age_days", "limit_days", "status")


# metrics.md "Lifecycle and lagging KPIs": the portfolio's exact KPIs, and each account's.
LAGGING = ("logo_retention", "churn_rate", "revenue_growth", "csat", "nps",
           "referenceable_share", "expansion_rate_12m", "renewals_180d",
           "weighted_pipeline")  # fmt: skip
DEPTH = ("next_renewal", "weighted_pipeline", "risk_exposure", "key_person_dependency",
         "objectives")  # fmt: skip
VOICE = ("csat", "nps", "referenceable")


def assert_agrees(root: Path, today: dt.date) -> dict[str, Any]:
    got = to_json(report(ReportOptions(root, today)))
    want = reference.compute(root, today)
    assert (got["today"], got["currency"]) == (want["today"], want["currency"])
    for key in ("accounts", "nrr", "pareto_80", "top_account_share", *LAGGING):
        assert got["portfolio"][key] == want["portfolio"][key], key
    for key in ("revenue", "renewal_value_180d"):
        assert got["portfolio"][key] == pytest.approx(want["portfolio"][key], rel=1e-9), key
    assert [a["id"] for a in got["accounts"]] == [a["id"] for a in want["accounts"]]
    for mine, theirs in zip(got["accounts"], want["accounts"], strict=True):
        for key in (*EXACT, *VOICE, *DEPTH):
            assert mine[key] == theirs[key], (mine["id"], key)
        assert mine["revenue"] == pytest.approx(theirs["revenue"], rel=1e-9, abs=1e-9)
        for kind, fresh in theirs["freshness"].items():
            assert {k: mine["freshness"][kind][k] for k in FRESH_KEYS} == fresh, (mine["id"], kind)
    return got


def test_demo_portfolio_agrees_with_the_independent_computation() -> None:
    got = assert_agrees(REPO, TODAY)
    assert got["portfolio"]["accounts"] == 11


DATES = st.integers(0, 400).map(lambda n: (TODAY - dt.timedelta(days=n)).isoformat())
# What a review may say of the customer's voice and of expansion (each part optional).
VOICES = st.fixed_dictionaries(
    {},
    optional={
        "satisfaction": st.fixed_dictionaries(
            {},
            optional={
                "csat": st.sampled_from([0, 2.5, 3.3, 4, 4.75, 5]),
                "nps": st.integers(-100, 100),
            },
        ),
        "referenceable": st.booleans(),
        "whitespace_moves": st.lists(
            st.fixed_dictionaries(
                {
                    "unit": st.just("U"),
                    "offering": st.just("O"),
                    "from": st.just("open"),
                    "to": st.sampled_from(["pursuing", "adopted", "won", "lost"]),
                }
            ),
            max_size=2,
        ),
    },
)
GRID = {"units": ["U"], "offerings": ["O"]}
# Plan depth: dates on both sides of today, the edges of the 180-day window among them.
AROUND = st.sampled_from([-400, -181, -1, 0, 1, 30, 89, 90, 91, 179, 180, 181, 400]).map(
    lambda n: (TODAY + dt.timedelta(days=n)).isoformat()
)
TIES = st.lists(
    st.fixed_dictionaries(
        {"with": st.just("exec"), "strength": st.integers(0, 5)},
        optional={"last_contact": DATES, "target": st.integers(0, 5)},
    ),
    max_size=1,
)


@st.composite
def depth_fields(draw: st.DrawFn) -> dict[str, Any]:
    objectives = [
        {
            "id": f"o{i}", "title": "O", "horizon": "short", "due": draw(AROUND),
            **({"target_revenue": draw(st.sampled_from([100, 1000, 5000]))}
               if draw(st.booleans()) else {}),
            "measures": [
                {"id": f"m{j}", "name": "M", "baseline": draw(st.sampled_from([0, 10])),
                 "target": draw(st.sampled_from([10, 40])),
                 **({"actual": draw(st.sampled_from([0, 5, 25, 50]))}
                    if draw(st.booleans()) else {})}
                for j in range(draw(st.integers(0, 2)))
            ],
        }
        for i in range(draw(st.integers(0, 2)))
    ]  # fmt: skip
    contracts = [
        {"id": f"c{i}", "title": "C", "end": draw(AROUND),
         "notice_days": draw(st.sampled_from([0, 30, 90])),
         "renewal": draw(st.sampled_from(["open", "at_risk", "renewed", "lost"])),
         **({"value": draw(st.sampled_from([0, 250, 1000]))} if draw(st.booleans()) else {})}
        for i in range(draw(st.integers(0, 3)))
    ]  # fmt: skip
    opportunities = [
        {"id": f"p{i}", "name": "P", "amount": draw(st.sampled_from([0, 100, 333, 5000])),
         "probability": draw(st.sampled_from([0, 0.1, 0.25, 0.5, 0.8, 1])),
         "stage": draw(st.sampled_from(["open", "won", "lost"])), "close_date": draw(AROUND),
         **({"objective": f"o{draw(st.integers(0, len(objectives) - 1))}"}
            if objectives and draw(st.booleans()) else {})}
        for i in range(draw(st.integers(0, 3)))
    ]  # fmt: skip
    risks = [
        {"id": f"r{i}", "title": "R", "severity": draw(st.integers(1, 5)),
         "likelihood": draw(st.integers(1, 5)),
         "status": draw(st.sampled_from(["open", "mitigating", "accepted", "closed"]))}
        for i in range(draw(st.integers(0, 2)))
    ]  # fmt: skip
    return {
        "objectives": objectives,
        "contracts": contracts,
        "opportunities": opportunities,
        "risks": risks,
    }


DEPTH_FIELDS = depth_fields()


@st.composite
def portfolios(draw: st.DrawFn) -> dict[str, Any]:
    ids = draw(
        st.lists(
            st.from_regex(r"[a-z][a-z0-9]{0,5}", fullmatch=True),
            min_size=1,
            max_size=8,
            unique=True,
        )
    )
    plans, people, reviews = [], {}, {}
    for account in ids:
        years = draw(st.lists(st.integers(2023, 2026), unique=True, max_size=3))
        plan: dict[str, Any] = {
            "schema_version": 1,
            "id": account,
            "name": account,
            "tier": draw(st.sampled_from([1, 2, 3])),
            "owner": "kam",
            "currency": draw(st.sampled_from(["USD", "EUR", "ZAR"])),
            "scores": {
                "potential": draw(st.integers(1, 5)),
                "fit": draw(st.integers(1, 5)),
            },
            "financials": [
                {
                    "year": y,
                    "revenue": draw(st.sampled_from([0, 100, 250, 1000, 1000, 37_500])),
                    **(
                        {"wallet": draw(st.sampled_from([0, 5000, 120_000]))}
                        if draw(st.booleans())
                        else {}
                    ),
                }
                for y in years
            ],
        }
        if draw(st.booleans()):
            plan["reviewed"] = {"on": draw(DATES), "by": "kam"}
        if draw(st.booleans()):
            plan["since"] = draw(DATES)
        if draw(st.integers(0, 3)) == 0:
            plan["status"] = "churned"
            plan["churned_on"] = draw(DATES)
        plan.update(draw(DEPTH_FIELDS))
        plans.append(plan)
        people[account] = [
            {
                "id": f"p{i}",
                "name": "P",
                "level": draw(st.sampled_from(["executive", "management", "operational"])),
                "strength": draw(st.integers(0, 5)),
                "status": draw(st.sampled_from(["active", "active", "left"])),
                "sentiment": draw(st.sampled_from(["champion", "neutral", "detractor"])),
                "buying_role": draw(st.sampled_from(["decision_maker", "user"])),
                **({"last_contact": draw(DATES)} if draw(st.booleans()) else {}),
                "our_contact": draw(st.sampled_from(["kam", "exec"])),
                "relationships": draw(TIES),
            }
            for i in range(draw(st.integers(0, 7)))
        ]
        reviews[account] = [
            {"schema_version": 1, "date": d, "kind": k, **draw(VOICES)}
            for d, k in draw(
                st.lists(
                    st.tuples(DATES, st.sampled_from(reference.KINDS)),
                    max_size=4,
                    unique=True,
                )
            )
        ]
    return {"plans": plans, "people": people, "reviews": reviews}


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(portfolios())
def test_generated_portfolios_agree_and_hold_their_invariants(data: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        grids = {p["id"]: GRID for p in data["plans"]}
        root = write(
            Path(tmp), data["plans"], data["people"], grids, data["reviews"], config=CONFIG
        )
        got = assert_agrees(root, TODAY)
        accounts = got["accounts"]
        n = len(accounts)
        assert sorted(a["rank"] for a in accounts) == list(range(1, n + 1))
        for a in accounts:
            assert 0 <= a["selection_score"] <= 100
            assert 0 <= a["health"] <= 100
            assert sum(a["health_breakdown"].values()) == a["health"]
            for line in a["health_detail"]:
                assert 0 <= line["points"] <= line["max"]
                assert line["why"]
            assert 0 <= a["coverage"] <= 1
        pareto = got["portfolio"]["pareto_80"]
        revenue = {a["id"]: a["revenue"] for a in accounts}
        total = sum(revenue.values())
        if total:
            assert sum(revenue[k] for k in pareto) >= 0.8 * total - 1e-6
            assert sum(revenue[k] for k in pareto[:-1]) < 0.8 * total + 1e-6
            # a prefix of the accounts ordered by revenue
            order = sorted(revenue, key=lambda k: (-revenue[k], k))
            assert pareto == order[: len(pareto)]


@SETTINGS
@given(portfolios(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_file_order(data: dict[str, Any], rng: random.Random) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write(Path(tmp), data["plans"], data["people"], reviews=data["reviews"])
        loaded = analysis(root).portfolio
        assert loaded.config is not None
        first = compute(loaded.config, loaded.accounts, TODAY)
        shuffled = [dataclasses.replace(a, reviews=list(a.reviews)) for a in loaded.accounts]
        rng.shuffle(shuffled)
        for a in shuffled:
            rng.shuffle(a.reviews)
        assert compute(loaded.config, shuffled, TODAY) == first
