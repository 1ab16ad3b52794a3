"""`kamgen action done`: only that action's line changes, every refusal leaves the file as it
was, and no id a person types reaches a path unchecked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import REPO
from .test_attest import HOSTILE_IDS, diff, snapshot
from .test_cli import run

PLAN = "accounts/alpha/plan.yaml"
TODAY = ["--today", "2026-11-23"]


def test_done_adds_the_status_where_the_contract_puts_it(portfolio: Path) -> None:
    before = (portfolio / PLAN).read_bytes()
    code, out, err = run("action", "done", "alpha", "call", "--root", str(portfolio), *TODAY)
    assert (code, err) == (0, "")
    assert out == f"{PLAN}: action call marked done\n"
    assert diff(before, (portfolio / PLAN).read_bytes()) == [
        "-   - {id: call, what: Call the CFO, owner: kam, due: 2026-12-01, objective: grow}\n",
        "+   - {id: call, what: Call the CFO, owner: kam, due: 2026-12-01, status: done, "
        "objective: grow}\n",
    ]


def test_done_replaces_an_existing_status_in_the_demo(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    root.mkdir()
    shutil.copy(REPO / "kamgen.yaml", root)
    shutil.copytree(REPO / "accounts", root / "accounts")
    plan = root / "accounts/kopje-mining/plan.yaml"
    before = plan.read_bytes()
    code, _, err = run(
        "action", "done", "kopje-mining", "cfo-workshop", "--root", str(root),
        "--today", "2026-11-30",
    )  # fmt: skip
    assert (code, err) == (0, "")
    changed = diff(before, plan.read_bytes())
    assert len(changed) == 2
    assert changed[0].startswith("-   - {id: cfo-workshop,") and "status: open," in changed[0]
    assert changed[1] == changed[0].replace("status: open,", "status: done,").replace("-", "+", 1)


def test_a_block_style_action_keeps_its_comments(portfolio: Path) -> None:
    plan = portfolio / PLAN
    plan.write_text(
        plan.read_text().replace(
            "  - {id: call, what: Call the CFO, owner: kam, due: 2026-12-01, objective: grow}\n",
            "  # the one that matters\n"
            "  - id: call   # agreed in October\n"
            "    what: Call the CFO\n"
            "    owner: kam\n"
            "    due: 2026-12-01  # before the budget round\n"
            "    objective: grow\n",
        )
    )
    before = plan.read_bytes()
    code, _, err = run("action", "done", "alpha", "call", "--root", str(portfolio), *TODAY)
    assert (code, err) == (0, "")
    assert diff(before, plan.read_bytes()) == ["+     status: done\n"]
    assert "    due: 2026-12-01  # before the budget round\n    status: done\n" in plan.read_text()


def test_done_twice_writes_nothing(portfolio: Path) -> None:
    assert run("action", "done", "alpha", "call", "--root", str(portfolio), *TODAY)[0] == 0
    before = snapshot(portfolio)
    code, out, _ = run("action", "done", "alpha", "call", "--root", str(portfolio), *TODAY)
    assert code == 0
    assert out == f"{PLAN}: action call is already done; nothing to change\n"
    assert snapshot(portfolio) == before


def test_an_unknown_action_gets_a_hint_and_nothing_changes(portfolio: Path) -> None:
    before = snapshot(portfolio)
    code, out, err = run("action", "done", "alpha", "cal", "--root", str(portfolio), *TODAY)
    assert (code, out) == (2, "")
    assert err == f"kamgen: error: no action `cal` in {PLAN}; did you mean `call`?\n"
    assert snapshot(portfolio) == before


def test_a_plan_that_does_not_read_is_refused_untouched(portfolio: Path) -> None:
    plan = portfolio / PLAN
    plan.write_bytes(plan.read_bytes() + b"extra: &x 1\nagain: *x\n")
    before = snapshot(portfolio)
    code, out, err = run("action", "done", "alpha", "call", "--root", str(portfolio), *TODAY)
    assert (code, out) == (1, "")
    assert f"{PLAN} cannot be edited until it is valid YAML" in err
    assert snapshot(portfolio) == before


def test_an_action_that_is_not_a_mapping_is_not_found(portfolio: Path) -> None:
    """Only mappings are actions: a malformed entry is never rewritten into one."""
    plan = portfolio / PLAN
    text = plan.read_text().replace("  - {id: call", "  - [id: call")
    plan.write_text(text.replace("objective: grow}\n", "objective: grow]\n"))
    before = snapshot(portfolio)
    code, _, err = run("action", "done", "alpha", "call", "--root", str(portfolio), *TODAY)
    assert code == 2
    assert f"no action `call` in {PLAN}" in err
    assert snapshot(portfolio) == before


@pytest.mark.parametrize("bad", HOSTILE_IDS)
def test_hostile_ids_are_refused_before_any_path_is_built(portfolio: Path, bad: str) -> None:
    before = snapshot(portfolio)
    for args in (["action", "done", bad, "call"], ["action", "done", "alpha", bad]):
        code, out, err = run(*args, "--root", str(portfolio), *TODAY)
        assert code == 2, (args, err)
        assert out == ""
        assert "is not an account id" in err or "is not an action id" in err or "No such" in err
        assert "\x1b" not in err and "\u202e" not in err
    assert snapshot(portfolio) == before


def test_an_unknown_account_gets_a_hint(portfolio: Path) -> None:
    code, _, err = run("action", "done", "alpah", "call", "--root", str(portfolio), *TODAY)
    assert code == 2
    assert "no account `alpah` in accounts/; did you mean `alpha`?" in err


def test_help_has_an_example() -> None:
    for args in (["action", "--help"], ["action", "done", "--help"]):
        code, out, _ = run(*args)
        assert code == 0
        assert "Example:\n    kamgen action done kopje-mining cfo-workshop\n" in out
