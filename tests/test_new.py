"""`kamgen new`: an account folder from templates, valid as written, with the method's
questions as comments; hostile or existing ids and invalid owners write nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamgen.cli.init import init
from kamgen.cli.main import Kamgen, cli
from kamgen.cli.new import new
from kamgen.edit import roundtrip
from kamgen.model.common import SLUG_PATTERN

from .helpers import findings
from .test_attest import HOSTILE_IDS, diff, snapshot

# `init` and `new` join the command group in kamgen/cli/main.py; until then (and after),
# the tests run them in a group like it, so that errors become exit codes the same way.
GROUP = Kamgen(name="kamgen", commands={**cli.commands, "init": init, "new": new})
FILES = ("plan.yaml", "stakeholders.yaml", "whitespace.yaml")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(GROUP, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def add(root: Path, account: str, *more: str) -> tuple[int, str, str]:
    return run(
        "new", "--name", "Beta Mining Ltd", "--tier", "1", "--owner", "kam",
        "--root", str(root), "--today", "2026-11-23", *more, "--", account,
    )  # fmt: skip


def test_new_writes_three_valid_files_with_modelines_and_prompts(portfolio: Path) -> None:
    before = snapshot(portfolio)
    code, out, err = add(portfolio, "beta", "--kind", "emerging")
    assert (code, err) == (0, "")
    assert "wrote accounts/beta/plan.yaml\n" in out
    after = snapshot(portfolio)
    assert set(after) - set(before) == {f"accounts/beta/{name}" for name in FILES}
    assert {k: v for k, v in after.items() if k in before} == before
    for name in FILES:
        text = (portfolio / "accounts/beta" / name).read_text()
        kind = name.removesuffix(".yaml")
        first = f"# yaml-language-server: $schema=../../schema/{kind}.schema.json"
        assert text.splitlines()[0] == first
        # The editing layer reproduces every generated file byte for byte.
        assert roundtrip.dump(roundtrip.load(text, name)) == text
    plan = (portfolio / "accounts/beta/plan.yaml").read_text()
    for line in [
        "id: beta",
        "name: Beta Mining Ltd",
        "kind: emerging",
        "tier: 1",
        "owner: kam",
        "reviewed: {on: 2026-11-23, by: kam}",
        # every criterion that is not derived, with a valid default and its question
        "  potential: 3",
        "  fit: 3",
    ]:
        assert line + "\n" in plan
    assert "current_revenue:" not in plan  # derived from the financials
    assert "starts at 3" in plan
    for prompt in [
        "priorities",
        "pressures",
        "initiatives",
        "known (they told us)",
        "unknown (we see them",
        "competitor-driven",
        "personal (what the people",
        "competitors:",
        "target_revenue",
        "horizon",
        "owner (a team id) and a due date",
    ]:
        assert prompt in plan
    stakeholders = (portfolio / "accounts/beta/stakeholders.yaml").read_text()
    for prompt in ["level: executive, management or operational", "decision_maker", "strength"]:
        assert prompt in stakeholders
    whitespace = (portfolio / "accounts/beta/whitespace.yaml").read_text()
    assert "business units" in whitespace and "offerings" in whitespace
    assert [f for f in findings(portfolio) if f.severity == "error"] == []


def test_the_examples_in_the_comments_are_valid_when_uncommented(portfolio: Path) -> None:
    assert add(portfolio, "beta")[0] == 0
    folder = portfolio / "accounts/beta"
    for name in FILES:
        text = (folder / name).read_text()
        # An example list item under a `key: []` line: uncomment them into the list.
        text = re.sub(r"((?:^#   - .*\n)+)(\w+): \[\]\n", _uncomment_items, text, flags=re.M)
        for key in ["executive_sponsor: exec", "confidential:"]:
            text = re.sub(rf"^# ({key}.*)$", r"\1", text, flags=re.M)
        # The grid's example units and offerings, given after `e.g.` above each key.
        text = re.sub(r"e\.g\. (\[.*\])\n(\w+): \[\]", r"e.g. \1\n\2: \1", text)
        (folder / name).write_text(text)
    plan = (folder / "plan.yaml").read_text()
    assert "  - {id: cfo-workshop," in plan and "executive_sponsor: exec\n" in plan
    stakeholders = (folder / "stakeholders.yaml").read_text()
    assert stakeholders.count("\n  - {id: ") == 2
    whitespace = (folder / "whitespace.yaml").read_text()
    assert "units: [Harare plant, Head office]\n" in whitespace
    assert whitespace.count("\n  - {unit: ") == 2
    assert [f for f in findings(portfolio) if f.severity == "error"] == []


def _uncomment_items(match: re.Match[str]) -> str:
    items = [line.replace("#   - ", "  - ", 1) for line in match.group(1).splitlines()]
    return f"{match.group(2)}:\n" + "".join(item + "\n" for item in items)


@pytest.mark.parametrize("account", [*HOSTILE_IDS, "alpha"])
def test_hostile_and_existing_ids_are_refused_and_nothing_is_written(
    portfolio: Path, account: str
) -> None:
    before = snapshot(portfolio)
    code, out, err = add(portfolio, account)
    assert code == 2, (out, err)
    assert out == ""
    assert err.startswith("kamgen: error: ") and err.count("\n") == 1
    assert snapshot(portfolio) == before
    if account == "alpha":
        assert "already exists" in err
    else:
        assert not re.fullmatch(SLUG_PATTERN, account)


def test_an_owner_not_in_the_team_is_refused_with_the_findings(portfolio: Path) -> None:
    before = snapshot(portfolio)
    code, out, err = run(
        "new", "beta", "--name", "Beta", "--tier", "2", "--owner", "nobody",
        "--root", str(portfolio), "--today", "2026-11-23",
    )  # fmt: skip
    assert code == 1
    assert out == ""
    assert "accounts/beta/plan.yaml:" in err and "unknown-reference" in err and "nobody" in err
    assert err.splitlines()[-1].startswith("kamgen: error: accounts/beta was not written")
    assert snapshot(portfolio) == before


def test_a_hostile_owner_is_refused_before_any_path(portfolio: Path) -> None:
    before = snapshot(portfolio)
    code, _, err = run(
        "new", "beta", "--name", "Beta", "--tier", "2", "--owner", "../kam",
        "--root", str(portfolio), "--today", "2026-11-23",
    )  # fmt: skip
    assert code == 2 and "is not a team id" in err
    assert snapshot(portfolio) == before


@pytest.mark.parametrize(
    "name",
    [
        '"><img src=x onerror=alert(1)>',
        "<script>alert(1)</script>",
        "Acme: #1 @ID@ {{ config }}",
        '=HYPERLINK("http://evil")',
        "- item",
        "---",
        "true",
        "123",
        "&anchor *alias !tag",
        "O'Brien & Sons",
        "Zürich Versicherung",
        "back\\slash",
    ],
)
def test_a_name_is_written_so_that_it_reads_back_as_typed(portfolio: Path, name: str) -> None:
    code, _, err = run(
        "new", "beta", "--name", name, "--tier", "2", "--owner", "kam",
        "--root", str(portfolio), "--today", "2026-11-23",
    )  # fmt: skip
    assert (code, err) == (0, "")
    plan = roundtrip.load((portfolio / "accounts/beta/plan.yaml").read_text(), "plan.yaml")
    assert plan["name"] == name and plan["id"] == "beta"
    assert [f for f in findings(portfolio) if f.severity == "error"] == []


@pytest.mark.parametrize("name", ["a\nb", "tab\there", "\u202eevil", "\x1b[31mred", "a\r=1"])
def test_a_name_with_control_characters_is_refused(portfolio: Path, name: str) -> None:
    before = snapshot(portfolio)
    code, _, err = run(
        "new", "beta", "--name", name, "--tier", "2", "--owner", "kam",
        "--root", str(portfolio), "--today", "2026-11-23",
    )  # fmt: skip
    assert code == 2 and "one line of visible text" in err
    assert snapshot(portfolio) == before


def test_a_broken_kamgen_yaml_is_refused(portfolio: Path) -> None:
    config = portfolio / "kamgen.yaml"
    config.write_text(config.read_text().replace("scoring:", "scoring_typo:"))
    before = snapshot(portfolio)
    code, _, err = add(portfolio, "beta")
    assert code == 1 and "kamgen.yaml has errors" in err
    assert snapshot(portfolio) == before


def test_accounts_behind_a_link_are_refused(portfolio: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (portfolio / "accounts").rename(tmp_path / "moved")
    (portfolio / "accounts").symlink_to(outside)
    code, _, err = add(portfolio, "beta")
    assert code == 2 and "symbolic link" in err
    assert list(outside.iterdir()) == []


def test_attest_then_changes_only_the_reviewed_line(portfolio: Path) -> None:
    assert add(portfolio, "beta")[0] == 0
    plan = portfolio / "accounts/beta/plan.yaml"
    before = plan.read_bytes()
    code, _, _ = run(
        "attest", "beta", "--by", "exec", "--on", "2026-11-30", "--root", str(portfolio),
        "--today", "2026-11-30",
    )  # fmt: skip
    assert code == 0
    assert diff(before, plan.read_bytes()) == [
        "- reviewed: {on: 2026-11-23, by: kam}\n",
        "+ reviewed: {on: 2026-11-30, by: exec}\n",
    ]


def test_help_has_an_example() -> None:
    code, out, _ = run("new", "--help")
    assert code == 0 and "Example:\n    kamgen new " in out


LIFECYCLE = (
    "# Is it still a key account? Once it is lost, set `status: churned` and `churned_on`, and\n"
    "# keep its folder: its history stays, and churn and net revenue retention count its loss.\n"
    "# status: active          # active | churned; churned needs churned_on\n"
    "# churned_on: 2026-11-23  # the day it was lost; only with status: churned\n"
)


def test_the_plan_asks_since_and_carries_the_lifecycle_commented(portfolio: Path) -> None:
    assert add(portfolio, "beta")[0] == 0
    plan = (portfolio / "accounts/beta/plan.yaml").read_text()
    assert (
        "# When did it become a key account? Retention counts it from that day; without "
        "`since`, it\n# counts as a key account since before the last 12 months began.\n"
        "# since: 2026-11-23\n" + LIFECYCLE
    ) in plan
    data = roundtrip.load(plan, "plan.yaml")
    assert not {"since", "status", "churned_on"} & set(data)


def test_since_is_written_when_given(portfolio: Path) -> None:
    code, _, err = add(portfolio, "beta", "--since", "2024-03-01")
    assert (code, err) == (0, "")
    plan = (portfolio / "accounts/beta/plan.yaml").read_text()
    assert "\nsince: 2024-03-01\n" + LIFECYCLE in plan
    assert "# since:" not in plan
    assert roundtrip.dump(roundtrip.load(plan, "plan.yaml")) == plan
    assert [f for f in findings(portfolio) if f.severity == "error"] == []


def test_since_today_is_accepted(portfolio: Path) -> None:
    assert add(portfolio, "beta", "--since", "2026-11-23")[0] == 0
    assert "\nsince: 2026-11-23\n" in (portfolio / "accounts/beta/plan.yaml").read_text()


@pytest.mark.parametrize(
    ("since", "message"),
    [
        ("2026-11-24", "--since 2026-11-24 is after today (2026-11-23): give the day the account "
         "became a key account, on or before today"),
        ("2026-02-30", '--since must be a real date written YYYY-MM-DD, not "2026-02-30"'),
        ("20240301", '--since must be a real date written YYYY-MM-DD, not "20240301"'),
    ],
)  # fmt: skip
def test_a_bad_since_is_refused_and_nothing_is_written(
    portfolio: Path, since: str, message: str
) -> None:
    before = snapshot(portfolio)
    code, out, err = add(portfolio, "beta", "--since", since)
    assert (code, out, err) == (2, "", f"kamgen: error: {message}\n")
    assert snapshot(portfolio) == before


def test_the_lifecycle_lines_are_valid_when_uncommented(portfolio: Path) -> None:
    """Following the comment (status churned, with churned_on) makes a valid churned account,
    which the report then lists among the churned, not the active accounts."""
    assert add(portfolio, "beta", "--since", "2024-03-01")[0] == 0
    plan = portfolio / "accounts/beta/plan.yaml"
    text = plan.read_text()
    text = text.replace("# status: active ", "status: churned").replace(
        "# churned_on:", "churned_on:"
    )
    plan.write_text(text)
    assert [f for f in findings(portfolio) if f.severity == "error"] == []
    code, out, _ = run(
        "report", "--format", "json", "--root", str(portfolio), "--today", "2026-11-23"
    )
    assert code == 0
    report = json.loads(out)
    assert "beta" not in [a["id"] for a in report["accounts"]]
    [churned] = report["churned"]
    assert (churned["id"], churned["since"], churned["churned_on"]) == (
        "beta",
        "2024-03-01",
        "2026-11-23",
    )
    # Only `status: active` uncommented is valid too (churned_on goes only with churned).
    assert add(portfolio, "gamma")[0] == 0
    other = portfolio / "accounts/gamma/plan.yaml"
    other.write_text(other.read_text().replace("# status: active", "status: active"))
    assert [f for f in findings(portfolio) if f.severity == "error"] == []


def test_help_names_since() -> None:
    code, out, _ = run("new", "--help")
    assert code == 0 and "--since YYYY-MM-DD" in out
