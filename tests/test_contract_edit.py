"""`kamgen contract renew` and `lost`: only the contract's line changes, a renewal opens the
next decision (the contract stays on the renewal calendar), and every refusal leaves the
file as it was, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .helpers import demo_copy
from .test_attest import HOSTILE_IDS, diff, run, snapshot

PLAN = "accounts/alpha/plan.yaml"
TODAY = ["--today", "2026-11-23"]
CONTRACT = (
    "  - {id: msa, title: Master services agreement, unit: North, offering: Training, "
    "value: 100000, start: 2025-01-01, end: 2027-03-31, notice_days: 90, renewal: at_risk}\n"
)


@pytest.fixture
def plan(portfolio: Path) -> Path:
    """The minimal portfolio's plan with one contract, at risk, after its actions."""
    path = portfolio / PLAN
    text = path.read_text()
    path.write_text(text.replace("reviewed:", "contracts:\n" + CONTRACT + "reviewed:"))
    return path


def renew(root: Path, *args: str) -> tuple[int, str, str]:
    return run("contract", "renew", *args, "--root", str(root), *TODAY)


def demo(tmp_path: Path) -> Path:
    return demo_copy(tmp_path)


def test_renew_moves_the_end_and_opens_the_renewal(plan: Path, portfolio: Path) -> None:
    before = plan.read_bytes()
    code, out, err = renew(portfolio, "alpha", "msa", "--end", "2029-03-31")
    assert (code, err) == (0, "")
    assert out == (
        f"{PLAN}: contract msa renewed until 2029-03-31; its renewal is open again, "
        "for the decision at the new end\n"
    )
    assert diff(before, plan.read_bytes()) == [
        "- " + CONTRACT,
        "+ " + CONTRACT.replace("2027-03-31", "2029-03-31").replace("at_risk", "open"),
    ]


def test_renew_replaces_value_and_notice_when_given(plan: Path, portfolio: Path) -> None:
    before = plan.read_bytes()
    code, _, err = renew(
        portfolio, "alpha", "msa", "--end", "2029-03-31", "--value", "125000.5",
        "--notice-days", "60",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert diff(before, plan.read_bytes()) == [
        "- " + CONTRACT,
        "+   - {id: msa, title: Master services agreement, unit: North, offering: Training, "
        "value: 125000.5, start: 2025-01-01, end: 2029-03-31, notice_days: 60, renewal: open}\n",
    ]


def test_a_block_style_contract_keeps_its_comments(plan: Path, portfolio: Path) -> None:
    plan.write_text(
        plan.read_text().replace(
            CONTRACT,
            "  # signed by their CFO\n"
            "  - id: msa   # the big one\n"
            "    title: Master services agreement\n"
            "\n"
            "    end: 2027-03-31  # per clause 12\n"
            "    notice_days: 90\n",
        )
    )
    before = plan.read_bytes()
    code, _, err = renew(portfolio, "alpha", "msa", "--end", "2029-03-31")
    assert (code, err) == (0, "")
    # No `renewal:` line is added: absent is open already.
    assert diff(before, plan.read_bytes()) == [
        "-     end: 2027-03-31  # per clause 12\n",
        "+     end: 2029-03-31  # per clause 12\n",
    ]


def test_a_renewed_contract_stays_on_the_calendar(tmp_path: Path) -> None:
    """The lapsed demo contract, renewed: no longer lapsed, and its new end is the account's
    next renewal (marked `renewed` instead, it would have none)."""
    root = demo(tmp_path)
    args = ["--root", str(root), "--today", "2026-11-23"]
    code, _, err = run(
        "contract", "renew", "veldt-agri", "depot-coaching-2025", "--end", "2027-10-31", *args
    )
    assert (code, err) == (0, "")
    report = json.loads(run("report", "--format", "json", *args)[1])
    veldt = next(a for a in report["accounts"] if a["id"] == "veldt-agri")
    assert veldt["next_renewal"] == "2027-10-31"
    assert not any(r["rule"] == "contract-lapsed" for r in veldt["risks"])


def test_renew_refuses_an_end_not_after_the_old_one(plan: Path, portfolio: Path) -> None:
    before = snapshot(portfolio)
    for end in ("2027-03-31", "2027-01-01"):
        code, out, err = renew(portfolio, "alpha", "msa", "--end", end)
        assert (code, out) == (2, "")
        assert err == (
            f"kamgen: error: --end {end} is not after the contract's current end, 2027-03-31: "
            "a renewal extends the contract\n"
        )
    assert snapshot(portfolio) == before


def test_renew_refuses_an_end_before_today(plan: Path, portfolio: Path) -> None:
    plan.write_text(plan.read_text().replace("end: 2027-03-31", "end: 2026-01-31"))
    before = snapshot(portfolio)
    code, out, err = renew(portfolio, "alpha", "msa", "--end", "2026-11-22")
    assert (code, out) == (2, "")
    assert err == (
        "kamgen: error: --end 2026-11-22 is before today (2026-11-23): a contract renewed "
        "until then would have lapsed already\n"
    )
    assert snapshot(portfolio) == before
    assert renew(portfolio, "alpha", "msa", "--end", "2026-11-23")[0] == 0  # ends today


def test_renew_refuses_a_lost_contract(plan: Path, portfolio: Path) -> None:
    plan.write_text(plan.read_text().replace("renewal: at_risk", "renewal: lost"))
    before = snapshot(portfolio)
    code, _, err = renew(portfolio, "alpha", "msa", "--end", "2029-03-31")
    assert code == 2
    assert err == (
        f"kamgen: error: contract `msa` in {PLAN} is recorded as lost; a contract won back is "
        "a new contract: add it to `contracts:` with its own id\n"
    )
    assert snapshot(portfolio) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["alpha", "ms"], f"no contract `ms` in {PLAN}; did you mean `msa`?"),
        (["alpah", "msa"], "no account `alpah` in accounts/; did you mean `alpha`?"),
        (
            ["alpha", "msa", "--end", "2029-02-30"],
            '--end must be a real date written YYYY-MM-DD, not "2029-02-30"',
        ),
        (
            ["alpha", "msa", "--value", "1e6"],
            '--value must be an amount such as 120000 or 99.5, not "1e6"',
        ),
    ],
)
def test_renew_usage_errors_name_the_fix(
    plan: Path, portfolio: Path, args: list[str], message: str
) -> None:
    before = snapshot(portfolio)
    if "--end" not in args:
        args = [*args, "--end", "2029-03-31"]
    code, out, err = renew(portfolio, *args)
    assert (code, out) == (2, "")
    assert err == f"kamgen: error: {message}\n"
    assert snapshot(portfolio) == before


def test_a_plan_that_does_not_read_is_refused_untouched(plan: Path, portfolio: Path) -> None:
    plan.write_bytes(plan.read_bytes() + b"extra: &x 1\nagain: *x\n")
    before = snapshot(portfolio)
    code, out, err = renew(portfolio, "alpha", "msa", "--end", "2029-03-31")
    assert (code, out) == (1, "")
    assert f"{PLAN} cannot be edited until it is valid YAML" in err
    assert snapshot(portfolio) == before


def test_lost_sets_the_renewal_only(plan: Path, portfolio: Path) -> None:
    before = plan.read_bytes()
    code, out, err = run("contract", "lost", "alpha", "msa", "--root", str(portfolio), *TODAY)
    assert (code, err) == (0, "")
    assert out == f"{PLAN}: contract msa recorded as lost\n"
    assert diff(before, plan.read_bytes()) == [
        "- " + CONTRACT,
        "+ " + CONTRACT.replace("at_risk", "lost"),
    ]
    after = snapshot(portfolio)
    code, out, _ = run("contract", "lost", "alpha", "msa", "--root", str(portfolio), *TODAY)
    assert code == 0
    assert out == f"{PLAN}: contract msa is already recorded as lost; nothing to change\n"
    assert snapshot(portfolio) == after


def test_lost_adds_the_renewal_after_the_notice(plan: Path, portfolio: Path) -> None:
    plan.write_text(plan.read_text().replace(", renewal: at_risk}", "}"))
    before = plan.read_bytes()
    assert run("contract", "lost", "alpha", "msa", "--root", str(portfolio), *TODAY)[0] == 0
    assert diff(before, plan.read_bytes())[1].endswith("notice_days: 90, renewal: lost}\n")


def test_lost_on_an_unknown_contract_gets_a_hint(plan: Path, portfolio: Path) -> None:
    before = snapshot(portfolio)
    code, _, err = run("contract", "lost", "alpha", "mas", "--root", str(portfolio), *TODAY)
    assert code == 2
    assert err == f"kamgen: error: no contract `mas` in {PLAN}; did you mean `msa`?\n"
    assert snapshot(portfolio) == before


@pytest.mark.parametrize("bad", HOSTILE_IDS)
def test_hostile_ids_are_refused_before_any_path_is_built(
    plan: Path, portfolio: Path, bad: str
) -> None:
    before = snapshot(portfolio)
    for args in (
        ["contract", "renew", bad, "msa", "--end", "2029-03-31"],
        ["contract", "renew", "alpha", bad, "--end", "2029-03-31"],
        ["contract", "lost", bad, "msa"],
        ["contract", "lost", "alpha", bad],
    ):
        code, out, err = run(*args, "--root", str(portfolio), *TODAY)
        assert code == 2, (args, err)
        assert out == ""
        assert "is not an account id" in err or "is not a contract id" in err or "No such" in err
        assert "\x1b" not in err and "\u202e" not in err
    assert snapshot(portfolio) == before


def test_help_has_an_example() -> None:
    for args in (["contract"], ["contract", "renew"], ["contract", "lost"]):
        code, out, _ = run(*args, "--help")
        assert code == 0
        assert f"Example:\n    kamgen {' '.join(args[:1])} " in out
