"""`kamgen review add`: a new review file named by the contract, pre-filled, valid, and never
written over an existing one."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kamgen.cli.main import cli
from kamgen.cli.review import KINDS
from kamgen.load import yamlsafe
from kamgen.model.review import REVIEW_KINDS
from kamgen.rules.policy import FIX

from .conftest import REPO
from .helpers import edit, findings
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


# What the customer said: --csat, --nps, --referenceable, and the questions asked on a terminal.

BUSINESS = f"{REVIEWS}/2026-11-20-business-review.yaml"
INTRO = "What did the customer say? Leave an answer blank to skip it (--no-input never asks):\n"
CSAT_Q, NPS_Q = "  CSAT, from 0 to 5: ", "  NPS, from -100 to 100: "
REF_Q = "  Will they act as a reference for us, yes or no: "


def add_review(root: Path, kind: str, *more: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli,
        ["review", "add", "alpha", "--kind", kind, "--date", "2026-11-20", "--root", str(root),
         "--today", "2026-11-23", *more],
        input=input,
        catch_exceptions=False,
    )  # fmt: skip
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """stdin as a person's terminal (CliRunner's stdin is not one)."""
    monkeypatch.setattr("kamgen.cli.review.stdin_is_terminal", lambda: True)


def voice_of(root: Path, rel: str) -> dict[str, object]:
    """The satisfaction and referenceable keys of a review, as the loader reads them."""
    data = yamlsafe.parse((root / rel).read_text())
    assert isinstance(data, dict)
    return {k: data[k] for k in ("satisfaction", "referenceable") if k in data}


def report_voice(root: Path) -> dict[str, object]:
    code, out, _ = run("report", "--format", "json", "--root", str(root), "--today", "2026-11-23")
    assert code == 0
    alpha = next(a for a in json.loads(out)["accounts"] if a["id"] == "alpha")
    return {k: alpha[k] for k in ("csat", "nps", "referenceable")}


@pytest.mark.parametrize("kind", ["business_review", "executive_touchpoint"])
def test_the_options_are_written_as_real_keys(portfolio: Path, kind: str) -> None:
    before = snapshot(portfolio)
    code, out, err = add_review(
        portfolio, kind, "--csat", "4.5", "--nps", "40", "--not-referenceable"
    )
    assert (code, err) == (0, "")
    rel = f"{REVIEWS}/2026-11-20-{kind.replace('_', '-')}.yaml"
    assert out == (
        f"{rel}: {kind.replace('_', ' ')} of 2026-11-20 recorded "
        "(CSAT 4.5, NPS 40, not referenceable); answer its questions\n"
    )
    after = snapshot(portfolio)
    assert set(after) - set(before) == {rel}
    assert {k: v for k, v in after.items() if k in before} == before  # bytes untouched
    text = after[rel].decode()
    assert (
        "# How satisfied are they? csat from 0 to 5, nps from -100 to 100.\n"
        "satisfaction: {csat: 4.5, nps: 40}\n"
        "# Would they act as a reference for us (true or false)?\n"
        "referenceable: false\n"
    ) in text
    assert "# satisfaction:" not in text and "# referenceable:" not in text
    assert voice_of(portfolio, rel) == {
        "satisfaction": {"csat": 4.5, "nps": 40},
        "referenceable": False,
    }
    assert findings(portfolio) == []
    assert run("validate", "--root", str(portfolio), "--today", "2026-11-23")[0] == 0
    # The metrics read them: the new review is the latest.
    assert report_voice(portfolio) == {"csat": 4.5, "nps": 40, "referenceable": False}


def test_what_is_not_given_keeps_its_commented_question(portfolio: Path) -> None:
    code, out, _ = add_review(portfolio, "business_review", "--nps", "-100")
    assert code == 0
    assert out.endswith(" recorded (NPS -100); answer its questions\n")
    text = (portfolio / BUSINESS).read_text()
    assert "\nsatisfaction: {nps: -100}\n" in text
    assert (
        "# Would they act as a reference for us (true or false)?\n# referenceable: true\n" in text
    )
    assert voice_of(portfolio, BUSINESS) == {"satisfaction": {"nps": -100}}
    assert findings(portfolio) == []


def test_an_executive_touchpoint_without_options_asks_nothing_of_satisfaction(
    portfolio: Path,
) -> None:
    code, _, _ = add_review(portfolio, "executive_touchpoint", "--referenceable")
    assert code == 0
    text = (portfolio / f"{REVIEWS}/2026-11-20-executive-touchpoint.yaml").read_text()
    assert "satisfaction" not in text and "\nreferenceable: true\n" in text


@pytest.mark.parametrize(
    ("typed", "written"),
    [("4.50", "4.5"), ("05", "5"), ("5.0", "5"), ("0", "0"), ("0.25", "0.25"),
     ("0.00001", "0.00001"), (" 3.75 ", "3.75")],
)  # fmt: skip
def test_a_csat_is_written_as_the_number_typed(portfolio: Path, typed: str, written: str) -> None:
    assert add_review(portfolio, "business_review", "--csat", typed)[0] == 0
    assert f"\nsatisfaction: {{csat: {written}}}\n" in (portfolio / BUSINESS).read_text()
    assert findings(portfolio) == []


@pytest.mark.parametrize(("typed", "written"), [("+40", "40"), ("-0", "0"), ("100", "100")])
def test_an_nps_is_written_as_a_whole_number(portfolio: Path, typed: str, written: str) -> None:
    assert add_review(portfolio, "business_review", f"--nps={typed}")[0] == 0
    assert f"\nsatisfaction: {{nps: {written}}}\n" in (portfolio / BUSINESS).read_text()


CSAT_RULE = "must be a number from 0 to 5, decimals allowed (e.g. 4.5)"
NPS_RULE = "must be a whole number from -100 to 100 (e.g. 40)"


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--csat", "6", f'--csat {CSAT_RULE}, not "6"'),
        ("--csat", "-1", f'--csat {CSAT_RULE}, not "-1"'),
        ("--csat", "5.0000000000000001", f'--csat {CSAT_RULE}, not "5.0000000000000001"'),
        ("--csat", "4,5", f'--csat {CSAT_RULE}, not "4,5"'),
        ("--csat", "nan", f'--csat {CSAT_RULE}, not "nan"'),
        ("--csat", "1e0", f'--csat {CSAT_RULE}, not "1e0"'),
        ("--csat", "\u0664", f'--csat {CSAT_RULE}, not "\u0664"'),  # an Arabic-Indic 4
        ("--csat", "", f'--csat {CSAT_RULE}, not ""'),
        ("--nps", "40.5", f'--nps {NPS_RULE}, not "40.5"'),
        ("--nps", "101", f'--nps {NPS_RULE}, not "101"'),
        ("--nps", "-101", f'--nps {NPS_RULE}, not "-101"'),
        ("--nps", "1e2", f'--nps {NPS_RULE}, not "1e2"'),
        ("--nps", "9" * 5000, f'--nps {NPS_RULE}, not "{"9" * 36}..."'),
        ("--nps", "<script>", f'--nps {NPS_RULE}, not "<script>"'),
        ("--nps", "\u202eevil", f'--nps {NPS_RULE}, not "\\u202eevil"'),
    ],
)  # fmt: skip
def test_a_value_out_of_range_is_a_usage_error(
    portfolio: Path, option: str, value: str, message: str
) -> None:
    before = snapshot(portfolio)
    code, out, err = add_review(portfolio, "business_review", f"{option}={value}")
    assert (code, out, err) == (2, "", f"kamgen: error: {message}\n")
    assert snapshot(portfolio) == before


@pytest.mark.parametrize(
    ("options", "named"),
    [
        (["--csat", "4"], "--csat records what the customer said, and a plan_review is our own "
         "review, held without them: record it with"),
        (["--nps", "10", "--not-referenceable"], "--nps and --not-referenceable record what the "
         "customer said, and a plan_review is our own review, held without them: record them with"),
        (["--referenceable", "--csat", "9", "--nps", "1"], "--csat, --nps and --referenceable "
         "record what the customer said, and a plan_review is our own review, held without them: "
         "record them with"),
    ],
)  # fmt: skip
def test_a_plan_review_refuses_what_the_customer_said(
    portfolio: Path, options: list[str], named: str
) -> None:
    before = snapshot(portfolio)
    code, out, err = add_review(portfolio, "plan_review", *options)
    assert (code, out) == (2, "")
    assert err == (
        f"kamgen: error: {named} --kind business_review or --kind executive_touchpoint\n"
    )
    assert snapshot(portfolio) == before


def test_nothing_is_asked_without_a_terminal(portfolio: Path) -> None:
    """CliRunner's stdin is a pipe, as in CI or a script: answers waiting on it are not read."""
    code, out, err = add_review(portfolio, "business_review", input="4.5\n40\nyes\n")
    assert (code, err) == (0, "")
    assert out.endswith(" recorded; answer its questions\n")
    text = (portfolio / BUSINESS).read_text()
    assert "\n# satisfaction: {csat: 4.5, nps: 40}\n" in text
    assert "\n# referenceable: true\n" in text
    assert voice_of(portfolio, BUSINESS) == {}


def test_on_a_terminal_each_answer_is_asked_and_asked_again_until_valid(
    portfolio: Path, terminal: None
) -> None:
    before = snapshot(portfolio)
    code, out, err = add_review(portfolio, "business_review", input="6\n4.5\nabc\n-20\nmaybe\nY\n")
    assert code == 0
    assert err == (
        INTRO
        + f"{CSAT_Q}6\n"
        + f'Error: CSAT {CSAT_RULE}, not "6"\n'
        + f"{CSAT_Q}4.5\n"
        + f"{NPS_Q}abc\n"
        + f'Error: NPS {NPS_RULE}, not "abc"\n'
        + f"{NPS_Q}-20\n"
        + f"{REF_Q}maybe\n"
        + 'Error: The answer must be yes or no, not "maybe"\n'
        + f"{REF_Q}Y\n"
    )
    assert out == (
        f"{BUSINESS}: business review of 2026-11-20 recorded (CSAT 4.5, NPS -20, "
        "referenceable); answer its questions\n"
    )
    after = snapshot(portfolio)
    assert {k: v for k, v in after.items() if k in before} == before
    assert voice_of(portfolio, BUSINESS) == {
        "satisfaction": {"csat": 4.5, "nps": -20},
        "referenceable": True,
    }
    assert findings(portfolio) == []


@pytest.mark.parametrize(
    ("answer", "said"), [("no", False), (" FALSE ", False), ("n", False), ("yes", True),
                         ("true", True)]
)  # fmt: skip
def test_yes_and_no_are_understood(
    portfolio: Path, terminal: None, answer: str, said: bool
) -> None:
    assert add_review(portfolio, "business_review", input=f"\n\n{answer}\n")[0] == 0
    assert voice_of(portfolio, BUSINESS) == {"referenceable": said}


def test_blank_answers_leave_the_file_as_without_a_terminal(
    portfolio: Path, tmp_path: Path, terminal: None
) -> None:
    code, out, err = add_review(portfolio, "business_review", input="\n  \n\n")
    assert code == 0 and out.endswith(" recorded; answer its questions\n")
    assert err == INTRO + f"{CSAT_Q}\n{NPS_Q}  \n{REF_Q}\n"
    asked = (portfolio / BUSINESS).read_bytes()
    (portfolio / BUSINESS).unlink()
    assert add_review(portfolio, "business_review", "--no-input")[0] == 0
    assert (portfolio / BUSINESS).read_bytes() == asked


def test_only_what_the_options_leave_out_is_asked(portfolio: Path, terminal: None) -> None:
    code, _, err = add_review(portfolio, "business_review", "--csat", "3", input="\nno\n")
    assert code == 0
    assert err == INTRO + f"{NPS_Q}\n{REF_Q}no\n"
    assert voice_of(portfolio, BUSINESS) == {"satisfaction": {"csat": 3}, "referenceable": False}


@pytest.mark.parametrize(
    "options",
    [
        ["--no-input"],
        ["--csat", "4", "--nps", "0", "--referenceable"],
    ],
)
def test_no_input_or_every_answer_given_asks_nothing(
    portfolio: Path, terminal: None, options: list[str]
) -> None:
    code, _, err = add_review(portfolio, "business_review", *options, input="4\n")
    assert (code, err) == (0, "")


@pytest.mark.parametrize("kind", ["plan_review", "executive_touchpoint"])
def test_other_kinds_ask_nothing(portfolio: Path, terminal: None, kind: str) -> None:
    code, _, err = add_review(portfolio, kind, input="4\n")
    assert (code, err) == (0, "")


def test_an_existing_review_is_refused_before_anything_is_asked(
    portfolio: Path, terminal: None
) -> None:
    before = snapshot(portfolio)
    code, out, err = add_review(
        portfolio, "business_review", "--date", "2026-10-14", input="4\n40\nyes\n"
    )
    assert (code, out) == (2, "")
    assert err == (
        f"kamgen: error: {REVIEWS}/2026-10-14-business-review.yaml already exists; kamgen never "
        "overwrites a file; pass another --date, or edit that file\n"
    )
    assert snapshot(portfolio) == before


def test_a_review_after_today_is_refused_before_anything_is_asked(
    portfolio: Path, terminal: None
) -> None:
    before = snapshot(portfolio)
    code, out, err = add_review(
        portfolio, "business_review", "--date", "2026-12-01", input="4\n40\nyes\n"
    )
    assert (code, out) == (1, "")
    assert "CSAT" not in err and "review-in-future" in err
    assert snapshot(portfolio) == before


def test_an_interrupted_answer_writes_nothing(portfolio: Path, terminal: None) -> None:
    before = snapshot(portfolio)
    code, out, err = add_review(portfolio, "business_review", input="4.5\n")
    assert (code, out) == (1, "")
    assert err == INTRO + f"{CSAT_Q}4.5\n{NPS_Q}Aborted!\n"
    assert snapshot(portfolio) == before


def test_help_names_the_options() -> None:
    code, out, _ = run("review", "add", "--help")
    assert code == 0
    for option in ("--csat SCORE", "--nps SCORE", "--referenceable / --not-referenceable",
                   "--no-input"):  # fmt: skip
        assert option in out


def option_names(path: tuple[str, ...]) -> set[str]:
    command: click.Command = cli
    for word in path:
        assert isinstance(command, click.Group)
        command = command.commands[word]
    return {o for p in command.params for o in (*p.opts, *p.secondary_opts)} | {"--help", "-h"}


def _mentions() -> Iterator[tuple[str, str]]:
    """Each `kamgen ...` command line quoted in the package, its templates and the docs."""
    paths = [*(REPO / "kamgen").rglob("*.py"), *(REPO / "kamgen/templates").rglob("*")]
    paths += [REPO / "README.md", *(REPO / "docs").glob("*.md")]
    for path in sorted(p for p in paths if p.is_file()):
        text = path.read_text(encoding="utf-8")
        for span in re.findall(r"`(kamgen [^`\n]+)`", text):
            yield str(path.relative_to(REPO)), span


@pytest.mark.parametrize("path", [("review", "add"), ("new",), ("init",)], ids=" ".join)
def test_every_option_a_hint_or_a_doc_names_exists(path: tuple[str, ...]) -> None:
    known = option_names(path)
    prefix = f"kamgen {' '.join(path)} "
    named = [
        (where, word.strip("[]|").split("=")[0])
        for where, span in _mentions()
        if span.startswith(prefix)
        for word in span.split()
        if word.strip("[]|").startswith("-")
    ]
    assert [n for n in named if n[1] not in known] == []
    if path == ("review", "add"):
        assert any(option == "--kind" for _, option in named)  # the scan sees the mentions


def _satisfaction_hints(root: Path) -> list[str]:
    code, out, _ = run("check", "--format", "json", "--root", str(root), "--today", "2026-11-23")
    assert code == 0  # a warning at most
    found = json.loads(out)["findings"]
    return [f["message"] for f in found if f["rule"] == "no-satisfaction-measure"]


def test_the_no_satisfaction_hint_runs(portfolio: Path) -> None:
    """The warning's hint, as `kamgen check` prints it, is a command that works and clears it."""
    edit(
        portfolio / f"{REVIEWS}/2026-10-14-business-review.yaml",
        "satisfaction: {csat: 4.2, nps: 30}\n",
        "",
    )
    [hint] = _satisfaction_hints(portfolio)
    command = re.search(r"`kamgen ([^`]+)`", hint)
    assert command is not None
    more = ["--csat", "4", "--root", str(portfolio), "--today", "2026-11-23"]
    assert run(*command.group(1).split(), *more)[0] == 0
    assert _satisfaction_hints(portfolio) == []


def test_the_options_scan_sees_a_made_up_option() -> None:
    assert "--stars" not in option_names(("review", "add"))
    assert "--csat" in option_names(("review", "add"))
