"""`kamgen stakeholder add` and `left`: only that person's lines change, in the file's own
style; every refusal leaves the file as it was; no id a person types reaches a path unchecked."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamgen.cli import stakeholder as cli_module
from kamgen.cli.main import cli
from kamgen.load import yamlsafe
from kamgen.model import stakeholders as model

from .helpers import demo_copy
from .hostile import HOSTILE
from .test_attest import HOSTILE_IDS, diff, snapshot
from .test_cli import run

PEOPLE = "accounts/alpha/stakeholders.yaml"
TODAY = ["--today", "2026-11-23"]


def demo(tmp_path: Path) -> Path:
    return demo_copy(tmp_path)


def test_the_choices_are_the_models() -> None:
    assert typing.get_args(model.Level) == cli_module.LEVELS
    assert typing.get_args(model.BuyingRole) == cli_module.BUYING_ROLES
    assert typing.get_args(model.Sentiment) == cli_module.SENTIMENTS


# --- left ---------------------------------------------------------------------------------


def test_left_sets_the_status_on_that_line_only(portfolio: Path) -> None:
    before = (portfolio / PEOPLE).read_bytes()
    code, out, err = run("stakeholder", "left", "alpha", "cfo", "--root", str(portfolio), *TODAY)
    assert (code, err) == (0, "")
    assert out == f"{PEOPLE}: stakeholder cfo marked as left\n"
    assert diff(before, (portfolio / PEOPLE).read_bytes()) == [
        "-   - {id: cfo, name: Finn Finance, level: executive, reports_to: ceo, "
        "influences: [buyer], strength: 3}\n",
        "+   - {id: cfo, name: Finn Finance, level: executive, reports_to: ceo, "
        "influences: [buyer], strength: 3, status: left}\n",
    ]


def test_on_is_checked_and_said_to_be_unrecorded(portfolio: Path) -> None:
    before = (portfolio / PEOPLE).read_bytes()
    args = ["stakeholder", "left", "alpha", "cfo", "--root", str(portfolio), *TODAY]
    code, out, _ = run(*args, "--on", "2026-11-20")
    assert code == 0
    assert out == (
        f"{PEOPLE}: stakeholder cfo marked as left "
        "(on 2026-11-20: not recorded, the file has no field for it)\n"
    )
    assert b"2026-11-20" not in (portfolio / PEOPLE).read_bytes()
    assert len(diff(before, (portfolio / PEOPLE).read_bytes())) == 2


@pytest.mark.parametrize(
    ("on", "message"),
    [("2026-11-24", "--on 2026-11-24 is after today"), ("20261120", "--on must be a real date")],
)
def test_a_bad_on_is_refused_untouched(portfolio: Path, on: str, message: str) -> None:
    before = snapshot(portfolio)
    code, out, err = run(
        "stakeholder", "left", "alpha", "cfo", "--on", on, "--root", str(portfolio), *TODAY
    )
    assert (code, out) == (2, "")
    assert message in err
    assert snapshot(portfolio) == before


def test_left_in_a_block_style_file_adds_one_line_where_the_contract_puts_it(
    tmp_path: Path,
) -> None:
    root = demo(tmp_path)
    people = root / "accounts/harbourline-logistics/stakeholders.yaml"
    before = people.read_bytes()
    code, _, err = run(
        "stakeholder", "left", "harbourline-logistics", "coo", "--root", str(root),
        "--today", "2026-11-30",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert diff(before, people.read_bytes()) == ["+     status: left\n"]
    assert "    last_contact: 2026-03-12\n    status: left\n  - id: sales-ops\n" in (
        people.read_text()
    )


def test_left_twice_writes_nothing(tmp_path: Path) -> None:
    root = demo(tmp_path)
    before = snapshot(root)
    code, out, _ = run(
        "stakeholder", "left", "harbourline-logistics", "vp-sales", "--root", str(root),
        "--today", "2026-11-30",
    )  # fmt: skip
    assert code == 0
    assert out.endswith("stakeholder vp-sales is already marked as left; nothing to change\n")
    assert snapshot(root) == before


def test_a_champion_who_left_is_the_champion_left_signal(tmp_path: Path) -> None:
    root = demo(tmp_path)
    today = ["--root", str(root), "--today", "2026-11-30"]

    def signals() -> list[str]:
        result = CliRunner().invoke(cli, ["check", *today, "--format", "text", "--no-cache"])
        return [
            line
            for line in result.stdout.splitlines()
            if "champion-left" in line and "kopje-mining" in line
        ]

    assert signals() == []
    assert run("stakeholder", "left", "kopje-mining", "cfo", *today)[0] == 0
    found = signals()
    assert len(found) == 1 and "champion `cfo` has left" in found[0]


def test_an_unknown_stakeholder_gets_a_hint(portfolio: Path) -> None:
    before = snapshot(portfolio)
    code, _, err = run("stakeholder", "left", "alpha", "cf0", "--root", str(portfolio), *TODAY)
    assert code == 2
    assert err == f"kamgen: error: no stakeholder `cf0` in {PEOPLE}; did you mean `cfo`?\n"
    assert snapshot(portfolio) == before


# --- add ----------------------------------------------------------------------------------


def test_add_appends_one_line_in_the_files_style(portfolio: Path) -> None:
    before = (portfolio / PEOPLE).read_bytes()
    code, out, err = run(
        "stakeholder", "add", "alpha", "coo", "--name", "Olu Ops", "--title", "COO",
        "--level", "executive", "--buying-role", "budget_holder", "--sentiment", "neutral",
        "--strength", "2", "--our-contact", "kam", "--last-contact", "2026-11-02",
        "--reports-to", "ceo", "--root", str(portfolio), *TODAY,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == f"{PEOPLE}: stakeholder coo added\n"
    after = (portfolio / PEOPLE).read_bytes()
    assert after == before + (
        b"  - {id: coo, name: Olu Ops, title: COO, level: executive, buying_role: budget_holder,"
        b" reports_to: ceo, sentiment: neutral, strength: 2, our_contact: kam,"
        b" last_contact: 2026-11-02}\n"
    )


def test_add_in_a_block_style_file_writes_block_style(tmp_path: Path) -> None:
    root = demo(tmp_path)
    people = root / "accounts/harbourline-logistics/stakeholders.yaml"
    before = people.read_bytes()
    code, _, err = run(
        "stakeholder", "add", "harbourline-logistics", "cfo", "--name", "Femke de Boer",
        "--level", "executive", "--reports-to", "coo", "--root", str(root),
        "--today", "2026-11-30",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert people.read_bytes() == before + (
        b"  - id: cfo\n    name: Femke de Boer\n    level: executive\n    reports_to: coo\n"
    )


def test_add_keeps_comments_and_touches_no_other_line(portfolio: Path) -> None:
    people = portfolio / PEOPLE
    text = people.read_text()
    text = "# who is who at Alpha\n" + text.replace(
        "strength: 3}\n", "strength: 3}   # ask about the budget\n\n  # the buyers\n"
    )
    people.write_text(text)
    before = people.read_bytes()
    code, _, err = run(
        "stakeholder", "add", "alpha", "coo", "--name", "Olu Ops", "--level", "management",
        "--root", str(portfolio), *TODAY,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert diff(before, people.read_bytes()) == [
        "+   - {id: coo, name: Olu Ops, level: management}\n"
    ]
    assert people.read_text().endswith(
        "  - {id: buyer, name: Bo Buyer, level: operational, reports_to: cfo}\n"
        "  - {id: coo, name: Olu Ops, level: management}\n"
    )


def test_the_first_stakeholder_of_an_empty_map(portfolio: Path) -> None:
    people = portfolio / PEOPLE
    people.write_text("schema_version: 1  # none yet\nstakeholders: []\n")
    # The fixture's review and whitespace name stakeholders; let them name nobody, so that
    # the empty map is valid before the edit.
    review = portfolio / "accounts/alpha/reviews/2026-10-14-business-review.yaml"
    review.write_text(review.read_text().replace("theirs: [ceo]", "theirs: []"))
    cells = portfolio / "accounts/alpha/whitespace.yaml"
    cells.write_text(cells.read_text().replace(" champion: cfo,", ""))
    assert run(
        "stakeholder", "add", "alpha", "ceo", "--name", "Cara Chief", "--level", "executive",
        "--root", str(portfolio), *TODAY,
    )[0] == 0  # fmt: skip
    assert people.read_text() == (
        "schema_version: 1  # none yet\n"
        "stakeholders:\n"
        "  - {id: ceo, name: Cara Chief, level: executive}\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--our-contact", "nobody"], "`nobody`"),
        (["--reports-to", "ghost"], "`ghost`"),
    ],
)
def test_an_add_that_adds_an_error_is_refused_untouched(
    portfolio: Path, args: list[str], message: str
) -> None:
    before = snapshot(portfolio)
    code, out, err = run(
        "stakeholder", "add", "alpha", "coo", "--name", "Olu Ops", "--level", "management",
        *args, "--root", str(portfolio), *TODAY,
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert f"{PEOPLE}:6:" in err and message in err
    assert f"{PEOPLE} was left unchanged" in err
    assert snapshot(portfolio) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--last-contact", "2026-11-24"], "--last-contact 2026-11-24 is after today"),
        (["--last-contact", "2026-02-30"], "--last-contact must be a real date"),
        (["--strength", "6"], "Invalid value for '--strength'"),
        (["--level", "boss"], "Invalid value for '--level'"),
        (["--name", " "], "--name must not be empty"),
    ],
)
def test_a_bad_option_is_a_usage_error(portfolio: Path, args: list[str], message: str) -> None:
    before = snapshot(portfolio)
    code, out, err = run(
        "stakeholder", "add", "alpha", "coo", "--name", "Olu Ops", "--level", "management",
        *args, "--root", str(portfolio), *TODAY,
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert message in err
    assert snapshot(portfolio) == before


def test_a_twin_is_refused_untouched(portfolio: Path) -> None:
    before = snapshot(portfolio)
    code, _, err = run(
        "stakeholder", "add", "alpha", "cfo", "--name", "Other", "--level", "management",
        "--root", str(portfolio), *TODAY,
    )  # fmt: skip
    assert code == 2
    assert f"stakeholder `cfo` is already in {PEOPLE}" in err
    assert snapshot(portfolio) == before


@pytest.mark.parametrize("bad", HOSTILE_IDS)
def test_hostile_ids_are_refused_before_any_path_is_built(portfolio: Path, bad: str) -> None:
    before = snapshot(portfolio)
    add = ["--name", "N", "--level", "management"]
    for args in (
        ["stakeholder", "left", bad, "cfo"],
        ["stakeholder", "left", "alpha", bad],
        ["stakeholder", "add", bad, "coo", *add],
        ["stakeholder", "add", "alpha", bad, *add],
        ["stakeholder", "add", "alpha", "coo", *add, "--reports-to", bad],
        ["stakeholder", "add", "alpha", "coo", *add, "--our-contact", bad],
    ):
        code, out, err = run(*args, "--root", str(portfolio), *TODAY)
        assert code == 2, (args, err)
        assert out == ""
        assert "is not a" in err or "No such" in err or "requires an argument" in err, err
        assert "\x1b" not in err and "\u202e" not in err
    assert snapshot(portfolio) == before


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_name_is_stored_exactly_or_refused_untouched(portfolio: Path, name: str) -> None:
    people = portfolio / PEOPLE
    before = snapshot(portfolio)
    code, out, err = run(
        "stakeholder", "add", "alpha", "coo", "--name", name, "--title", name,
        "--level", "management", "--root", str(portfolio), *TODAY,
    )  # fmt: skip
    if code == 0:
        assert diff(before[PEOPLE], people.read_bytes())[0].startswith("+   - {id: coo, name: ")
        assert len(diff(before[PEOPLE], people.read_bytes())) == 1
        added = yamlsafe.parse(people.read_text())["stakeholders"][-1]
        assert (added["name"], added["title"]) == (name, name)
    else:
        assert (code, out) == (2, ""), err
        assert "one line of printable text" in err or "must not be empty" in err
        assert "\x1b" not in err and "\u202e" not in err
        assert snapshot(portfolio) == before


def test_help_has_an_example() -> None:
    for args, line in (
        (["stakeholder", "--help"], "kamgen stakeholder left kopje-mining cfo --on 2026-11-20"),
        (["stakeholder", "add", "--help"], "kamgen stakeholder add kopje-mining coo --name"),
        (["stakeholder", "left", "--help"], "kamgen stakeholder left kopje-mining cfo\n"),
    ):
        code, out, _ = run(*args)
        assert code == 0
        assert "Example:\n" in out and line in out, out
