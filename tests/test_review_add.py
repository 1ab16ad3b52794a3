"""`kamgen review add`: a new review file named by the contract, pre-filled, valid, and never
written over an existing one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamgen.cli.main import cli
from kamgen.cli.review import KINDS
from kamgen.model.review import REVIEW_KINDS
from kamgen.rules.policy import FIX

from .conftest import REPO
from .helpers import findings
from .test_attest import HOSTILE_IDS, snapshot

REVIEWS = "accounts/alpha/reviews"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner(env=env).invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("kind", "name", "asks"),
    [
        ("plan_review", "2026-11-20-plan-review.yaml", ["What changed", "next_steps"]),
        (
            "business_review",
            "2026-11-20-business-review.yaml",
            [
                "# delivered:",
                "# value_created:",
                "# challenges:",
                "# opportunities:",
                "# whitespace_moves:",
                "# satisfaction: {csat:",
                "# referenceable:",
            ],
        ),
        ("executive_touchpoint", "2026-11-20-executive-touchpoint.yaml", ["sponsor's objectives"]),
    ],
)
def test_review_add_writes_a_valid_prefilled_file(
    portfolio: Path, kind: str, name: str, asks: list[str]
) -> None:
    before = snapshot(portfolio)
    code, out, err = run(
        "review", "add", "alpha", "--kind", kind, "--date", "2026-11-20",
        "--root", str(portfolio), "--today", "2026-11-23",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith(f"{REVIEWS}/{name}: {kind.replace('_', ' ')} of 2026-11-20 recorded")
    after = snapshot(portfolio)
    assert set(after) - set(before) == {f"{REVIEWS}/{name}"}
    assert {k: v for k, v in after.items() if k in before} == before
    text = after[f"{REVIEWS}/{name}"].decode()
    demo = (REPO / "accounts/kopje-mining/reviews/2026-10-14-business-review.yaml").read_text()
    assert text.splitlines()[0] == demo.splitlines()[0]  # the same schema modeline
    assert text.splitlines()[1:5] == [
        "schema_version: 1",
        "date: 2026-11-20",
        f"kind: {kind}",
        "attendees: {ours: [kam], theirs: []}",
    ]
    for ask in asks:
        assert ask in text
    assert findings(portfolio) == []


def test_the_date_defaults_to_today(portfolio: Path) -> None:
    code, _, _ = run(
        "review", "add", "alpha", "--kind", "plan_review", "--root", str(portfolio),
        "--today", "2026-11-23",
    )  # fmt: skip
    assert code == 0
    assert (portfolio / REVIEWS / "2026-11-23-plan-review.yaml").is_file()


def test_an_existing_review_is_never_overwritten(portfolio: Path) -> None:
    before = snapshot(portfolio)
    code, out, err = run(
        "review", "add", "alpha", "--kind", "business_review", "--date", "2026-10-14",
        "--root", str(portfolio), "--today", "2026-11-23",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert "already exists" in err and "pass another --date, or edit that file" in err
    assert snapshot(portfolio) == before


def test_a_review_after_today_is_refused_and_nothing_is_written(portfolio: Path) -> None:
    before = snapshot(portfolio)
    code, out, err = run(
        "review", "add", "alpha", "--kind", "business_review", "--date", "2026-12-01",
        "--root", str(portfolio), "--today", "2026-11-23",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert re.search(
        rf"^{REVIEWS}/2026-12-01-business-review.yaml:3:7: error review-in-future: ", err, re.M
    )
    assert "was not written" in err
    assert snapshot(portfolio) == before


def test_the_first_review_of_an_account_makes_its_folder(portfolio: Path) -> None:
    for path in (portfolio / REVIEWS).iterdir():
        path.unlink()
    (portfolio / REVIEWS).rmdir()
    code, _, _ = run(
        "review", "add", "alpha", "--kind", "plan_review", "--date", "2026-11-20",
        "--root", str(portfolio), "--today", "2026-11-23",
    )  # fmt: skip
    assert code == 0
    assert [p.name for p in (portfolio / REVIEWS).iterdir()] == ["2026-11-20-plan-review.yaml"]


@pytest.mark.parametrize("bad", HOSTILE_IDS)
def test_hostile_ids_are_refused_with_nothing_written(portfolio: Path, bad: str) -> None:
    before = snapshot(portfolio)
    code, out, err = run(
        "review", "add", bad, "--kind", "plan_review", "--root", str(portfolio),
        "--today", "2026-11-23",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert re.search("is not an account id|No such option", err)
    assert snapshot(portfolio) == before


def test_an_unknown_kind_is_a_usage_error(portfolio: Path) -> None:
    code, _, err = run("review", "add", "alpha", "--kind", "qbr", "--root", str(portfolio))
    assert code == 2 and "'qbr' is not one of" in err


def test_edit_opens_the_editor_on_the_new_file(portfolio: Path, tmp_path: Path) -> None:
    """EDITOR is a harmless command that records what it was given."""
    seen = tmp_path / "seen"
    editor = tmp_path / "editor.sh"
    editor.write_text(f'#!/bin/sh\nprintf %s "$1" > {seen}\n')
    editor.chmod(0o755)
    code, _, _ = run(
        "review", "add", "alpha", "--kind", "business_review", "--date", "2026-11-20", "--edit",
        "--root", str(portfolio), "--today", "2026-11-23",
        env={"EDITOR": str(editor), "VISUAL": ""},
    )  # fmt: skip
    assert code == 0
    assert seen.read_text() == str(portfolio / REVIEWS / "2026-11-20-business-review.yaml")


def test_edit_with_true_as_the_editor(portfolio: Path) -> None:
    code, _, _ = run(
        "review", "add", "alpha", "--kind", "plan_review", "--date", "2026-11-20", "--edit",
        "--root", str(portfolio), "--today", "2026-11-23",
        env={"EDITOR": "true", "VISUAL": ""},
    )  # fmt: skip
    assert code == 0
    assert (portfolio / REVIEWS / "2026-11-20-plan-review.yaml").is_file()


@pytest.mark.parametrize("kind", ["business_review", "executive_touchpoint"])
def test_the_hints_that_name_review_add_work(portfolio: Path, kind: str) -> None:
    command = re.search(r"`kamgen ([^`]+)`", FIX[kind].format(id="alpha"))
    assert command is not None
    code, _, err = run(*command.group(1).split(), "--root", str(portfolio), "--today", "2026-11-23")
    assert (code, err) == (0, "")
    assert (portfolio / REVIEWS / f"2026-11-23-{kind.replace('_', '-')}.yaml").is_file()


def test_the_kinds_offered_are_the_models_kinds() -> None:
    assert KINDS == REVIEW_KINDS


def test_help_has_an_example() -> None:
    for args in (["review", "--help"], ["review", "add", "--help"]):
        code, out, _ = run(*args)
        assert code == 0
        assert "Example:\n    kamgen review add kopje-mining --kind business_review" in out
