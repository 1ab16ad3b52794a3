"""`kamgen risk add` and `close`: the risk register grows by one line in the file's style, a
plan without one gets `risks:` where the contract puts it (above the comments that head the
next key), and every refusal leaves the file as it was, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kamgen.load import yamlsafe

from .conftest import REPO
from .hostile import HOSTILE
from .test_attest import HOSTILE_IDS, diff, run, snapshot

PLAN = "accounts/alpha/plan.yaml"
TODAY = ["--today", "2026-11-23"]
RISK = (
    "  - {id: fx, title: Currency squeezes the budget, severity: 4, likelihood: 3, "
    "owner: kam, status: open, raised_on: 2026-09-01}\n"
)


def add(root: Path, *args: str) -> tuple[int, str, str]:
    return run("risk", "add", "alpha", *args, "--root", str(root), *TODAY)


@pytest.fixture
def plan(portfolio: Path) -> Path:
    """The minimal portfolio's plan with a register of one risk."""
    path = portfolio / PLAN
    path.write_text(path.read_text().replace("reviewed:", "risks:\n" + RISK + "reviewed:"))
    return path


def test_add_appends_one_line_in_the_register_style(plan: Path, portfolio: Path) -> None:
    before = plan.read_bytes()
    code, out, err = add(
        portfolio, "--id", "churn", "--title", "Their CFO may cut the programme",
        "--severity", "5", "--likelihood", "2", "--owner", "exec", "--review-by", "2027-01-15",
        "--mitigation", "call", "--mitigation", "call",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == f"{PLAN}: risk churn added\n"
    assert diff(before, plan.read_bytes()) == [
        "+   - {id: churn, title: Their CFO may cut the programme, severity: 5, likelihood: 2, "
        "owner: exec, status: open, mitigations: [call], raised_on: 2026-11-23, "
        "review_by: 2027-01-15}\n"
    ]
    assert run("validate", "--root", str(portfolio), *TODAY)[0] == 0


def test_a_plan_without_a_register_gets_one_where_the_contract_puts_it(
    portfolio: Path,
) -> None:
    plan = portfolio / PLAN
    before = plan.read_bytes()
    code, _, err = add(portfolio, "--id", "fx", "--title", "FX", "--severity", "2",
                       "--likelihood", "1")  # fmt: skip
    assert (code, err) == (0, "")
    assert diff(before, plan.read_bytes()) == [
        "+ risks:\n",
        "+   - {id: fx, title: FX, severity: 2, likelihood: 1, status: open, "
        "raised_on: 2026-11-23}\n",
    ]
    # After the actions, before `reviewed:`, as the contract orders a plan's keys.
    assert "objective: grow}\nrisks:\n  - {id: fx," in plan.read_text()
    assert plan.read_text().endswith(
        "raised_on: 2026-11-23}\nreviewed: {on: 2026-11-01, by: kam}\n"
    )


def test_an_empty_register_is_filled_in_place(portfolio: Path) -> None:
    plan = portfolio / PLAN
    plan.write_text(plan.read_text().replace("reviewed:", "risks: []  # none yet\nreviewed:"))
    before = plan.read_bytes()
    assert add(portfolio, "--id", "fx", "--title", "FX", "--severity", "2",
               "--likelihood", "1")[0] == 0  # fmt: skip
    assert diff(before, plan.read_bytes()) == [
        "- risks: []  # none yet\n",
        "+ risks:     # none yet\n",  # ruamel keeps the comment in its column
        "+   - {id: fx, title: FX, severity: 2, likelihood: 1, status: open, "
        "raised_on: 2026-11-23}\n",
    ]


def test_the_comments_above_the_next_key_stay_above_it(portfolio: Path) -> None:
    """A plan made by `kamgen new` heads `reviewed:` with comment lines; ruamel keeps them
    with the key before, but the new register goes above them, not between them and
    `reviewed:`."""
    plan = portfolio / PLAN
    plan.write_text(
        plan.read_text().replace(
            "reviewed:",
            "\n# Who last confirmed that this plan is still true.\n#\n"
            "# After each plan review, run kamgen attest.\nreviewed:",
        )
    )
    before = plan.read_bytes()
    assert add(portfolio, "--id", "fx", "--title", "FX", "--severity", "2",
               "--likelihood", "1")[0] == 0  # fmt: skip
    assert diff(before, plan.read_bytes()) == [
        "+ risks:\n",
        "+   - {id: fx, title: FX, severity: 2, likelihood: 1, status: open, "
        "raised_on: 2026-11-23}\n",
    ]
    assert plan.read_text().endswith(
        "objective: grow}\nrisks:\n  - {id: fx, title: FX, severity: 2, likelihood: 1, "
        "status: open, raised_on: 2026-11-23}\n\n"
        "# Who last confirmed that this plan is still true.\n#\n"
        "# After each plan review, run kamgen attest.\nreviewed: {on: 2026-11-01, by: kam}\n"
    )


def test_an_entry_commented_out_stays_with_its_list(portfolio: Path) -> None:
    """An indented comment after the last action is an action commented out: it stays in
    the actions; the column-0 heading of `reviewed:` stays above `reviewed:`."""
    plan = portfolio / PLAN
    plan.write_text(
        plan.read_text().replace(
            "reviewed:", "  # - {id: later, what: Later}\n\n# Reviewed by\nreviewed:"
        )
    )
    before = plan.read_bytes()
    assert add(portfolio, "--id", "fx", "--title", "FX", "--severity", "2",
               "--likelihood", "1")[0] == 0  # fmt: skip
    assert diff(before, plan.read_bytes()) == [
        "+ risks:\n",
        "+   - {id: fx, title: FX, severity: 2, likelihood: 1, status: open, "
        "raised_on: 2026-11-23}\n",
    ]
    assert plan.read_text().endswith(
        "objective: grow}\n  # - {id: later, what: Later}\nrisks:\n  - {id: fx, title: FX, "
        "severity: 2, likelihood: 1, status: open, raised_on: 2026-11-23}\n\n"
        "# Reviewed by\nreviewed: {on: 2026-11-01, by: kam}\n"
    )


def test_a_new_account_from_the_template_gets_its_register(portfolio: Path) -> None:
    args = ["--root", str(portfolio), *TODAY]
    assert run("new", "beta", "--name", "Beta", "--tier", "2", "--owner", "kam", *args)[0] == 0
    plan = portfolio / "accounts/beta/plan.yaml"
    before = plan.read_bytes()
    code, _, err = run("risk", "add", "beta", "--id", "fx", "--title", "FX", "--severity", "2",
                       "--likelihood", "1", *args)  # fmt: skip
    assert (code, err) == (0, "")
    assert diff(before, plan.read_bytes()) == [
        "+ risks:\n",
        "+   - {id: fx, title: FX, severity: 2, likelihood: 1, status: open, "
        "raised_on: 2026-11-23}\n",
    ]
    assert "\nactions: []\nrisks:\n  - {id: fx," in plan.read_text()
    assert run("validate", *args)[0] == 0


def test_a_block_style_register_gets_a_block_entry(plan: Path, portfolio: Path) -> None:
    plan.write_text(
        plan.read_text().replace(
            RISK,
            "  - id: fx   # raised by finance\n"
            "    title: Currency squeezes the budget\n"
            "    severity: 4\n"
            "    likelihood: 3\n"
            "\n"
            "  # the next one\n",
        )
    )
    before = plan.read_bytes()
    assert add(portfolio, "--id", "churn", "--title", "Churn", "--severity", "3",
               "--likelihood", "3", "--mitigation", "call")[0] == 0  # fmt: skip
    assert diff(before, plan.read_bytes()) == [
        "+   - id: churn\n",
        "+     title: Churn\n",
        "+     severity: 3\n",
        "+     likelihood: 3\n",
        "+     status: open\n",
        "+     mitigations: [call]\n",
        "+     raised_on: 2026-11-23\n",
    ]
    assert "  # the next one\n  - id: churn\n" in plan.read_text()


def test_demo_register_grows_by_one_line(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    root.mkdir()
    shutil.copy(REPO / "kamgen.yaml", root)
    shutil.copytree(REPO / "accounts", root / "accounts")
    plan = root / "accounts/kopje-mining/plan.yaml"
    before = plan.read_bytes()
    code, _, err = run(
        "risk", "add", "kopje-mining", "--id", "smelter-delay", "--title",
        "Smelter delay cuts budgets", "--severity", "4", "--likelihood", "2", "--owner",
        "tnyathi", "--mitigation", "cfo-workshop", "--root", str(root), "--today", "2026-11-30",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert diff(before, plan.read_bytes()) == [
        "+   - {id: smelter-delay, title: Smelter delay cuts budgets, severity: 4, "
        "likelihood: 2, owner: tnyathi, status: open, mitigations: [cfo-workshop], "
        "raised_on: 2026-11-30}\n"
    ]
    text = plan.read_text()
    assert text.index("id: ld-resistance") < text.index("id: smelter-delay")
    assert text.index("id: smelter-delay") < text.index("\nreviewed:")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--id", "fx"],
            f"risk `fx` is already in {PLAN}; pick another id, or `kamgen risk close` it "
            "if it is over",
        ),
        (
            ["--id", "new", "--mitigation", "cal"],
            f"--mitigation cal: no action `cal` in {PLAN}; did you mean `call`?",
        ),
        (
            ["--id", "new", "--review-by", "2026-11-22"],
            "--review-by 2026-11-22 is before today (2026-11-23); it is the day the risk must "
            "be looked at again",
        ),
        (
            ["--id", "new", "--review-by", "22/11/2027"],
            '--review-by must be a real date written YYYY-MM-DD, not "22/11/2027"',
        ),
        (
            ["--id", "new", "--title", "two\nlines"],
            '--title must be one line of printable text; "two\\nlines" holds a line break, '
            "a control character or a hidden direction mark",
        ),
        (["--id", "new", "--title", "  "], "--title must not be empty"),
    ],
)
def test_add_usage_errors_leave_the_file_untouched(
    plan: Path, portfolio: Path, args: list[str], message: str
) -> None:
    before = snapshot(portfolio)
    given = dict(zip(args[::2], args[1::2], strict=True))
    given.setdefault("--title", "A risk")
    flat = [x for pair in given.items() for x in pair]
    code, out, err = add(portfolio, *flat, "--severity", "3", "--likelihood", "3")
    assert (code, out) == (2, "")
    assert err == f"kamgen: error: {message}\n"
    assert snapshot(portfolio) == before


@pytest.mark.parametrize("option", ["--severity", "--likelihood"])
@pytest.mark.parametrize("value", ["0", "6", "high"])
def test_severity_and_likelihood_are_one_to_five(
    plan: Path, portfolio: Path, option: str, value: str
) -> None:
    before = snapshot(portfolio)
    given = {"--severity": "3", "--likelihood": "3", option: value}
    code, _, err = add(
        portfolio, "--id", "new", "--title", "T", *[x for kv in given.items() for x in kv]
    )
    assert code == 2
    assert f"Invalid value for '{option}'" in err
    assert snapshot(portfolio) == before


def test_an_owner_outside_the_team_is_refused_with_exit_1(plan: Path, portfolio: Path) -> None:
    before = snapshot(portfolio)
    code, out, err = add(portfolio, "--id", "new", "--title", "T", "--severity", "3",
                         "--likelihood", "3", "--owner", "zed")  # fmt: skip
    assert (code, out) == (1, "")
    assert err.splitlines()[-1] == (
        f"kamgen: error: {PLAN} was left unchanged: the edit would add 1 error (above)"
    )
    assert "risk owner `zed` is not in `team:` of kamgen.yaml" in err
    assert snapshot(portfolio) == before


def test_a_hostile_title_is_quoted_and_reads_back_as_typed(plan: Path, portfolio: Path) -> None:
    printable = [h for h in HOSTILE if h.strip() and h.isprintable() and len(h) <= 4000]
    for index, title in enumerate(printable):
        code, _, err = add(portfolio, "--id", f"h{index}", "--title", title, "--severity", "1",
                           "--likelihood", "1")  # fmt: skip
        assert code == 0, (title, err)
    risks = yamlsafe.parse(plan.read_text(encoding="utf-8"))["risks"]
    assert [r["title"] for r in risks[1:]] == printable
    assert run("validate", "--root", str(portfolio), *TODAY)[0] == 0


def test_close_sets_the_status_only(plan: Path, portfolio: Path) -> None:
    before = plan.read_bytes()
    code, out, err = run("risk", "close", "alpha", "fx", "--root", str(portfolio), *TODAY)
    assert (code, err) == (0, "")
    assert out == f"{PLAN}: risk fx closed\n"
    assert diff(before, plan.read_bytes()) == [
        "- " + RISK,
        "+ " + RISK.replace("status: open", "status: closed"),
    ]
    after = snapshot(portfolio)
    code, out, _ = run("risk", "close", "alpha", "fx", "--root", str(portfolio), *TODAY)
    assert code == 0
    assert out == f"{PLAN}: risk fx is already closed; nothing to change\n"
    assert snapshot(portfolio) == after


def test_close_adds_a_missing_status_where_the_contract_puts_it(
    plan: Path, portfolio: Path
) -> None:
    plan.write_text(plan.read_text().replace("status: open, ", ""))
    before = plan.read_bytes()
    assert run("risk", "close", "alpha", "fx", "--root", str(portfolio), *TODAY)[0] == 0
    assert diff(before, plan.read_bytes())[1] == "+ " + RISK.replace(
        "status: open", "status: closed"
    )


def test_close_an_unknown_risk_gets_a_hint(plan: Path, portfolio: Path) -> None:
    before = snapshot(portfolio)
    code, out, err = run("risk", "close", "alpha", "fxx", "--root", str(portfolio), *TODAY)
    assert (code, out) == (2, "")
    assert err == f"kamgen: error: no risk `fxx` in {PLAN}; did you mean `fx`?\n"
    code, _, err = run("risk", "close", "alpah", "fx", "--root", str(portfolio), *TODAY)
    assert code == 2
    assert err == "kamgen: error: no account `alpah` in accounts/; did you mean `alpha`?\n"
    assert snapshot(portfolio) == before


@pytest.mark.parametrize("bad", HOSTILE_IDS)
def test_hostile_ids_are_refused_before_any_path_is_built(
    plan: Path, portfolio: Path, bad: str
) -> None:
    before = snapshot(portfolio)
    base = ["--title", "T", "--severity", "1", "--likelihood", "1"]
    for args in (
        ["risk", "add", bad, "--id", "r", *base],
        ["risk", "add", "alpha", "--id", bad, *base],
        ["risk", "add", "alpha", "--id", "r", "--owner", bad, *base],
        ["risk", "add", "alpha", "--id", "r", "--mitigation", bad, *base],
        ["risk", "close", bad, "fx"],
        ["risk", "close", "alpha", bad],
    ):
        code, out, err = run(*args, "--root", str(portfolio), *TODAY)
        assert code == 2, (args, err)
        assert out == ""
        assert " is not a" in err or "No such" in err or "requires an argument" in err, err
        assert "\x1b" not in err and "\u202e" not in err
    assert snapshot(portfolio) == before


def test_help_has_an_example() -> None:
    for args in (["risk"], ["risk", "add"], ["risk", "close"]):
        code, out, _ = run(*args, "--help")
        assert code == 0
        assert "Example:\n    kamgen risk " in out
