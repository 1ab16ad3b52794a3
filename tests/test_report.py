"""`kamgen report`: the JSON contract, the other formats, escaping, and errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from .builder import plan, write
from .conftest import REPO
from .helpers import edit
from .test_cli import run

TODAY = "2026-11-23"
CONTRACT_ACCOUNT_KEYS = {
    "id",
    "tier",
    "suggested_tier",
    "selection_score",
    "rank",
    "revenue",
    "share_of_wallet",
    "nrr",
    "coverage",
    "multithread_depth",
    "single_threaded",
    "freshness",
    "health",
    "health_breakdown",
}


def report(*args: str) -> tuple[int, str, str]:
    return run("report", "--root", str(REPO), "--today", TODAY, *args)


def test_json_has_every_contract_key() -> None:
    code, out, _ = report("--format", "json")
    assert code == 0
    data = json.loads(out)
    assert {"today", "currency", "portfolio", "accounts"} <= set(data)
    assert (data["today"], data["currency"]) == (TODAY, "USD")
    assert {"accounts", "revenue", "nrr", "pareto_80", "top_account_share"} <= set(
        data["portfolio"]
    )
    first = data["accounts"][0]
    assert set(first) >= CONTRACT_ACCOUNT_KEYS
    assert set(first["freshness"]) == {"plan_review", "business_review", "executive_touchpoint"}
    assert {"last", "age_days", "limit_days", "status"} <= set(first["freshness"]["plan_review"])
    assert [a["rank"] for a in data["accounts"]] == list(range(1, 12))
    assert all(sum(a["health_breakdown"].values()) == a["health"] for a in data["accounts"])


def test_json_for_one_account_keeps_portfolio_figures() -> None:
    _, everything, _ = report("--format", "json")
    code, out, _ = report("--format", "json", "--account", "veldt-agri")
    data = json.loads(out)
    assert code == 0
    assert [a["id"] for a in data["accounts"]] == ["veldt-agri"]
    assert data["portfolio"] == json.loads(everything)["portfolio"]
    (veldt,) = data["accounts"]
    assert veldt["freshness"]["plan_review"] == {
        "last": "2026-05-20",
        "age_days": 187,
        "limit_days": 92,
        "status": "stale",
        "source": "accounts/veldt-agri/plan.yaml",
        "why": "plan reviewed 187 days ago on 2026-05-20 (attested in plan.yaml); tier 2 "
        "allows 92: 95 days overdue",
    }
    # Errors first: the lapsed contract and the stale plan both block.
    assert [r["rule"] for r in veldt["risks"][:2]] == ["contract-lapsed", "stale-plan"]


def test_today_from_environment_changes_ages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMGEN_TODAY", "2026-12-01")
    _, out, _ = run("report", "--root", str(REPO), "--format", "json")
    data = json.loads(out)
    assert data["today"] == "2026-12-01"
    veldt = next(a for a in data["accounts"] if a["id"] == "veldt-agri")
    assert veldt["freshness"]["plan_review"]["age_days"] == 195


def test_table_headline_and_ranked_rows() -> None:
    code, out, _ = report()
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == (
        "2026: key accounts 11, revenue USD 6,957,150, net revenue retention 104.5%, accounts "
        "carrying 80% of revenue 6, top account's share 22%"
    )
    assert lines[1].startswith(
        "leading and lagging indicators: revenue growth 5%, logo retention 91%, churn rate 9%"
    )
    assert lines[2].startswith("plan depth: renewals in 180 days ")
    assert lines[3] == (
        "by region: Southern Africa 48%, Europe 31%, East Africa 8%, North America 7%, "
        "United Kingdom 6%"
    )
    assert lines[5].startswith("managers: akhumalo 2 (1 tier 1), jdevries 4 (2 tier 1)")
    assert lines[6] == (
        "churned (counted only in churn, logo retention, net revenue retention and revenue "
        "growth): lakeside-foods on 2026-05-12"
    )
    header = lines.index("") + 1
    assert lines[header].split() == [
        "#",
        "account",
        "tier",
        "score",
        "health",
        "cover",
        "plan",
        "owner",
        "at",
        "risk",
    ]
    assert lines[header + 1].split()[:2] == ["1", "cobalt-ridge-bank"]
    veldt = next(line for line in lines if "veldt-agri" in line)
    assert veldt.split()[:8] == ["11", "veldt-agri", "2>3", "42.50", "15", "0%", "STALE", "+95d"]


def test_account_detail_explains_every_number() -> None:
    code, out, _ = report("--account", "harbourline-logistics")
    assert code == 0
    assert out.startswith("Harbourline Logistics B.V. (harbourline-logistics): tier 1")
    for phrase in (
        "EUR 655,000 in 2026 = USD 707,400 at 1.08",
        "1 of 2 active stakeholders is strong: sales-ops; not strong: coo",
        "Health 30/100",
        "2 actions past due: map-new-org, sponsor-letter",
        "warning champion-left: champion `vp-sales` has left",
    ):
        assert phrase in out


def test_unknown_account_is_a_usage_error_with_a_hint() -> None:
    code, _, err = report("--account", "veldt-agr")
    assert code == 2
    assert err == "kamgen: error: no account `veldt-agr`; did you mean `veldt-agri`?\n"


HOSTILE = '=HYPERLINK("http://x") [a](javascript:alert(1)){: onclick=alert(1)} <script>x</script>'


def test_csv_neutralises_formulas(tmp_path: Path) -> None:
    write(tmp_path, [plan("a", name=HOSTILE)])
    code, out, _ = run("report", "--root", str(tmp_path), "--today", TODAY, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert rows[0]["name"] == "'" + HOSTILE
    assert rows[0]["id"] == "a"


def test_markdown_escapes_user_text(tmp_path: Path) -> None:
    write(tmp_path, [plan("a", name=HOSTILE)])
    code, out, _ = run("report", "--root", str(tmp_path), "--today", TODAY, "--format", "markdown")
    row = next(line for line in out.splitlines() if "`a`" in line)
    assert code == 0
    for live in ("<script", "[a]", "](", "{:", "=HYPERLINK"):
        assert live not in row
    assert "&#60;script&#62;" in row
    assert row.count("|") == 10  # the name's own characters did not add columns


def test_invalid_settings_exit_1_with_the_findings(tmp_path: Path) -> None:
    write(tmp_path, [plan("a")])
    edit(tmp_path / "kamgen.yaml", '"currency": "USD"', '"currency": "usd"')
    code, out, err = run("report", "--root", str(tmp_path), "--today", TODAY)
    assert (code, out) == (1, "")
    assert "kamgen.yaml:5:" in err
    assert err.endswith("kamgen: error: kamgen.yaml is invalid, so there is nothing to report\n")


def test_report_and_check_find_the_portfolio_from_a_path(tmp_path: Path) -> None:
    code, out, _ = run(
        "report", str(REPO / "accounts"), "--today", TODAY, "--format", "json", cwd=tmp_path
    )
    assert code == 0
    assert json.loads(out)["portfolio"]["accounts"] == 11
    code, out, _ = run(
        "check", str(REPO), "--today", TODAY, "--format", "json", "--no-cache", cwd=tmp_path
    )
    assert code == 1
    rules = [f["rule"] for f in json.loads(out)["findings"]]
    assert rules.count("stale-plan") == 1
    code, out, _ = run(
        "check",
        str(REPO / "accounts" / "kopje-mining"),
        "--today",
        TODAY,
        "--format",
        "json",
        "--no-cache",
        cwd=tmp_path,
    )
    assert code == 0
    assert {f["account"] for f in json.loads(out)["findings"]} == {"kopje-mining"}
