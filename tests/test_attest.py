"""`kamgen attest`: only the `reviewed:` line changes, every refusal leaves the file as it was."""

from __future__ import annotations

import difflib
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamgen.cli.main import cli
from kamgen.rules.policy import FIX

from .conftest import REPO

PLAN = "accounts/alpha/plan.yaml"
HOSTILE_IDS = [
    "../x",
    "/etc/passwd",
    "Alpha",
    "alpha/../../x",
    "alpha\n",
    "-alpha",
    "",
    "a" * 64,
    "<script>alert(1)</script>",
    "\u202eevil",
    "\x1b[31mred",
    "{{ config }}",
    "::error::x",
    "%0A",
]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def diff(before: bytes, after: bytes) -> list[str]:
    lines = difflib.ndiff(
        before.decode().splitlines(keepends=True), after.decode().splitlines(keepends=True)
    )
    return [line for line in lines if line[:1] in "+-"]


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_attest_replaces_the_reviewed_line_only(portfolio: Path) -> None:
    before = (portfolio / PLAN).read_bytes()
    code, out, err = run(
        "attest", "alpha", "--by", "exec", "--on", "2026-11-20", "--root", str(portfolio),
        "--today", "2026-11-23",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == f"{PLAN}: plan attested on 2026-11-20 by exec\n"
    assert diff(before, (portfolio / PLAN).read_bytes()) == [
        "- reviewed: {on: 2026-11-01, by: kam}\n",
        "+ reviewed: {on: 2026-11-20, by: exec}\n",
    ]


def test_on_defaults_to_today(portfolio: Path) -> None:
    code, _, _ = run(
        "attest", "alpha", "--by", "kam", "--root", str(portfolio), "--today", "2026-11-23"
    )
    assert code == 0
    assert "reviewed: {on: 2026-11-23, by: kam}\n" in (portfolio / PLAN).read_text()


def test_a_plan_without_reviewed_gets_it_at_the_end_and_keeps_comments(portfolio: Path) -> None:
    plan = portfolio / PLAN
    text = plan.read_text().replace("reviewed: {on: 2026-11-01, by: kam}\n", "")
    text = text.replace("tier: 1\n", "tier: 1  # agreed with the sales director\n\n# money\n")
    plan.write_text(text)
    before = plan.read_bytes()
    code, _, err = run(
        "attest", "alpha", "--by", "kam", "--root", str(portfolio), "--today", "2026-11-23"
    )
    assert (code, err) == (0, "")
    after = plan.read_bytes()
    assert after == before + b"reviewed: {on: 2026-11-23, by: kam}\n"


def test_a_block_style_attestation_stays_block_style(portfolio: Path) -> None:
    plan = portfolio / PLAN
    plan.write_text(
        plan.read_text().replace(
            "reviewed: {on: 2026-11-01, by: kam}\n",
            "reviewed:   # last attested\n  on: 2026-11-01\n  by: kam  # Kim\n",
        )
    )
    before = plan.read_bytes()
    code, _, _ = run(
        "attest", "alpha", "--by", "exec", "--root", str(portfolio), "--today", "2026-11-23"
    )
    assert code == 0
    # ruamel keeps the comment's column: one space fewer before it for a longer id.
    assert sorted(diff(before, plan.read_bytes())) == [
        "+   by: exec # Kim\n",
        "+   on: 2026-11-23\n",
        "-   by: kam  # Kim\n",
        "-   on: 2026-11-01\n",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "nobody"], "reviewer `nobody` is not in `team:`"),
        (["--by", "kam", "--on", "2026-12-01"], "after today"),
    ],
)
def test_a_refused_attestation_leaves_the_file_untouched(
    portfolio: Path, args: list[str], message: str
) -> None:
    before = snapshot(portfolio)
    code, out, err = run(
        "attest", "alpha", *args, "--root", str(portfolio), "--today", "2026-11-23"
    )
    assert code == 1
    assert out == ""
    assert re.search(rf"^{PLAN}:16:\d+: error [a-z-]+: .*{re.escape(message)}", err, re.M)
    assert "plan.yaml was left unchanged" in err
    assert snapshot(portfolio) == before


@pytest.mark.parametrize("bad", HOSTILE_IDS)
def test_hostile_ids_are_refused_before_any_path_is_built(portfolio: Path, bad: str) -> None:
    before = snapshot(portfolio)
    for args in (["attest", bad, "--by", "kam"], ["attest", "alpha", "--by", bad]):
        code, out, err = run(*args, "--root", str(portfolio), "--today", "2026-11-23")
        assert code == 2, (args, err)
        assert out == ""
        # `-alpha` reads as an option to click, which refuses it just as well.
        assert re.search("is not an account id|is not a team id|No such option", err)
        assert "\x1b" not in err and "\u202e" not in err
    assert snapshot(portfolio) == before


def test_an_unknown_account_gets_a_hint(portfolio: Path) -> None:
    code, _, err = run("attest", "alpah", "--by", "kam", "--root", str(portfolio))
    assert code == 2
    assert "no account `alpah` in accounts/; did you mean `alpha`?" in err


@pytest.mark.parametrize("bad", ["2026-13-01", "20261120", "tomorrow", ""])
def test_a_bad_date_is_a_usage_error(portfolio: Path, bad: str) -> None:
    before = snapshot(portfolio)
    code, _, err = run("attest", "alpha", "--by", "kam", "--on", bad, "--root", str(portfolio))
    assert code == 2
    assert "--on must be a real date written YYYY-MM-DD" in err
    assert snapshot(portfolio) == before


def test_attesting_the_same_again_writes_nothing(portfolio: Path) -> None:
    code, out, _ = run(
        "attest", "alpha", "--by", "kam", "--on", "2026-11-01", "--root", str(portfolio),
        "--today", "2026-11-23",
    )  # fmt: skip
    assert code == 0
    assert "already attested on 2026-11-01 by kam; nothing to change" in out


def test_the_hint_of_a_stale_plan_works_and_makes_it_clean(tmp_path: Path) -> None:
    """The demo's veldt-agri plan is stale; the command its finding names fixes it."""
    root = tmp_path / "demo"
    root.mkdir()
    shutil.copy(REPO / "kamgen.yaml", root)
    shutil.copytree(REPO / "accounts", root / "accounts")
    today = ["--root", str(root), "--today", "2026-11-30"]
    code, out, _ = run("check", *today, "--format", "text", "--no-cache")
    stale = [line for line in out.splitlines() if "stale-plan" in line and "veldt-agri" in line]
    assert len(stale) == 1 and code == 1
    assert FIX["plan_review"].format(id="veldt-agri") in stale[0]
    command = re.search(r"`kamgen (attest [^`]+)`", stale[0])
    assert command is not None
    args = command.group(1).replace("<you>", "akhumalo").split()
    before = (root / "accounts/veldt-agri/plan.yaml").read_bytes()
    code, _, err = run(*args, *today)
    assert (code, err) == (0, "")
    assert diff(before, (root / "accounts/veldt-agri/plan.yaml").read_bytes()) == [
        "- reviewed: {on: 2026-05-20, by: akhumalo}\n",
        "+ reviewed: {on: 2026-11-30, by: akhumalo}\n",
    ]
    _, out, _ = run("check", *today, "--no-cache")
    assert "stale-plan" not in out


def test_attest_finds_the_portfolio_from_the_working_folder(portfolio: Path) -> None:
    old = Path.cwd()
    os.chdir(portfolio / "accounts")
    try:
        code, out, _ = run("attest", "alpha", "--by", "kam", "--today", "2026-11-23")
    finally:
        os.chdir(old)
    assert code == 0 and out.startswith(f"{PLAN}: plan attested on 2026-11-23")


def test_help_has_an_example() -> None:
    code, out, _ = run("attest", "--help")
    assert code == 0
    assert "Example:\n    kamgen attest kopje-mining --by tnyathi\n" in out
