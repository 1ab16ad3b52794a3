"""`kamgen diff` says what changed in words, pairs a finding whose words changed, and loads a
file that BASE and the working tree hold alike only once."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from kamgen.base.findings import Finding
from kamgen.load import portfolio as loader
from kamgen.report.diff import execute, paired

from .builder import plan, write
from .gitrepo import PEOPLE, TODAY, make_repo, sh
from .helpers import days_ago, edit
from .test_cli import run

HOSTILE_NAME = "Ann `x` | y\nz <script>alert(1)</script> [a](javascript:x) @here"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def diff(root: Path, *args: str) -> str:
    code, out, err = run("diff", "main", "--root", str(root), "--today", TODAY, *args)
    assert code == 0, err
    return out


def account(data: dict[str, Any], account_id: str) -> dict[str, Any]:
    (found,) = [a for a in data["accounts"] if a["id"] == account_id]
    return found


def rewrite(root: Path, people_a: list[dict[str, Any]], **plan_a: Any) -> None:
    write(
        root,
        [
            plan("a", reviewed={"on": days_ago(5), "by": "kam"}, **plan_a),
            plan("b", reviewed={"on": days_ago(200), "by": "kam"}),
        ],
        people={"a": people_a, "b": PEOPLE},
    )


def test_json_has_the_words_of_each_account(repo: Path) -> None:
    people = copy.deepcopy(PEOPLE)
    people[1]["sentiment"] = "supporter"
    rewrite(repo, people, owner="exec")
    data = json.loads(diff(repo, "--format", "json"))
    a = account(data, "a")
    assert a["words"] == ["owner Kim → Eve", "P1: sentiment champion → supporter"]
    assert a["changes"]["owner"] == ["kam", "exec"]  # the metric deltas are still there
    assert all(x["words"] == [] for x in data["accounts"] if x["id"] != "a")


def test_markdown_lists_the_words_before_the_metric_deltas(repo: Path) -> None:
    people = copy.deepcopy(PEOPLE)
    people[1]["status"] = "left"
    rewrite(repo, people)
    out = diff(repo)
    lines = out.splitlines()
    start = lines.index(next(t for t in lines if t.startswith("**`a`**")))
    assert lines[start + 1 : start + 4] == ["", "- champion P1 marked as left", ""]
    assert lines[start + 4] == "| metric | before | after |"


def test_a_text_edit_that_moves_no_metric_is_still_listed(repo: Path) -> None:
    rewrite(repo, PEOPLE, situation={"priorities": ["Grow the mines"]})
    a = account(json.loads(diff(repo, "--format", "json")), "a")
    assert a["words"] == ["situation priorities: Grow the mines added"]
    assert a["changes"] == {}
    assert "**`a`**: no metric moved\n\n- situation priorities: Grow the mines added\n" in diff(
        repo
    )


def test_hostile_names_are_escaped_in_markdown_and_plain_in_json(repo: Path) -> None:
    people = copy.deepcopy(PEOPLE)
    people[1]["name"] = HOSTILE_NAME
    rewrite(repo, people)
    sh(repo, "commit", "-qam", "a hostile name")
    sh(repo, "branch", "-f", "main")
    people[1]["sentiment"] = "detractor"
    rewrite(repo, people)
    a = account(json.loads(diff(repo, "--format", "json")), "a")
    assert a["words"] == [f"{HOSTILE_NAME}: sentiment champion → detractor"]
    out = diff(repo)
    (line,) = [t for t in out.splitlines() if t.endswith(": sentiment champion → detractor")]
    assert line.startswith("- Ann &#96;x&#96; &#124; y z &#60;script&#62;")
    for live in ("`x`", "|", "<script", "[a]", "](", "@here"):
        assert live not in line
    assert "@\u2060here" not in line and "&#64;\u2060here" in line  # no mention either


def test_a_finding_whose_numbers_changed_is_shown_once_as_changed(repo: Path) -> None:
    edit(repo / "accounts/b/plan.yaml", days_ago(200), days_ago(190))
    data = json.loads(diff(repo, "--format", "json"))
    b = account(data, "b")
    assert [f["rule"] for f in b["findings_added"] + b["findings_resolved"]] == []
    (changed,) = b["findings_changed"]
    assert changed["rule"] == "stale-plan"
    assert "plan reviewed 200 days ago" in changed["message_before"]
    assert "plan reviewed 190 days ago" in changed["message"]
    assert (changed["severity_before"], changed["severity"]) == ("error", "error")
    out = diff(repo)
    stale = [t for t in out.splitlines() if "`stale-plan`" in t]
    assert len(stale) == 1
    assert stale[0].startswith("- changed error `stale-plan`: plan review is stale")
    assert "108 days overdue" in stale[0] and "98 days overdue" in stale[0]
    assert b["words"] == [f"plan review attested by Kim on {days_ago(190)}"]


def _finding(rule: str, message: str, file: str = "accounts/a/plan.yaml") -> Finding:
    return Finding(rule, "warning", file, message, "a")


def test_pairing_keeps_different_findings_apart() -> None:
    three = _finding("overdue-action", "action `call` is 3 days overdue")
    four = _finding("overdue-action", "action `call` is 4 days overdue")
    other = _finding("overdue-action", "action `meet` is 1 day overdue")
    gone = _finding("overdue-action", "action `demo` is 9 days overdue")
    # Numbers alone differ: one finding. `meet` and `demo` are two different actions.
    assert paired([four, other], [three, gone]) == ([other], [gone], [(three, four)])
    elsewhere = _finding("overdue-action", "action `call` is 4 days overdue", "accounts/b/x.yaml")
    assert paired([elsewhere], [three]) == ([elsewhere], [three], [])  # another file
    thin = _finding("thin-map", "action `call` is 4 days overdue")
    assert paired([thin], [three]) == ([thin], [three], [])  # another rule
    kam, bob = _finding("x", "owner `kam` is unknown"), _finding("x", "owner `bob` is unknown")
    assert paired([bob], [kam]) == ([bob], [kam], [])  # about another id
    never = _finding("stale-plan", "no plan review is on record; run `kamgen attest a`")
    late = _finding("stale-plan", "plan reviewed 200 days ago; run `kamgen attest a`")
    assert paired([late], [never]) == ([], [], [(never, late)])  # the same thing, reworded
    again = _finding("stale-plan", "no attestation; run `kamgen attest a`")
    assert paired([late, again], [never]) == ([late, again], [never], [])  # which one?


def test_files_alike_on_both_sides_are_loaded_once(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(repo / "accounts/a/plan.yaml", '"potential": 3', '"potential": 5')
    parsed: list[str] = []
    real = loader._parsed

    def counting(raw: bytes, rel: str, *args: Any) -> Any:
        parsed.append(rel)
        return real(raw, rel, *args)

    monkeypatch.setattr(loader, "_parsed", counting)
    result = execute(repo, "main", dt.date.fromisoformat(TODAY))
    files = ["kamgen.yaml"] + [
        f"accounts/{a}/{f}.yaml" for a in "ab" for f in ("plan", "stakeholders", "whitespace")
    ]
    # Every file once, from the working tree; from BASE only the one whose bytes differ.
    assert sorted(parsed) == sorted([*files, "accounts/a/plan.yaml"])
    assert [c.words for c in result.accounts[0].words] == ["score potential 3 → 5"]


def test_a_churn_reads_as_one_line_not_every_metric_to_none(repo: Path) -> None:
    rewrite(repo, PEOPLE, status="churned", churned_on=days_ago(2))
    out = diff(repo)
    assert (
        "**`a`**: churned: out of the ranked portfolio, its health and every reminder; it "
        "counts in churn, retention and net revenue retention"
    ) in out
    assert "(`health`) |" not in out  # no table of metrics going to none
    assert "- portfolio key accounts: 2 → 1" in out
    data = json.loads(diff(repo, "--format", "json"))
    a = account(data, "a")
    assert a["status"] == "churned"
    assert a["changes"]["health"][1] is None  # the JSON keeps the full picture
    # Undoing it reads as a reinstatement.
    sh(repo, "add", "-A")
    sh(repo, "commit", "-qm", "lost a")
    sh(repo, "branch", "-f", "main")
    rewrite(repo, PEOPLE)
    assert "**`a`**: no longer churned: back in the ranked portfolio" in diff(repo)


def test_a_headline_without_headline_metrics_names_what_moved(repo: Path) -> None:
    contracts = [{"id": "msa", "title": "MSA", "end": days_ago(-400), "renewal": "open"}]
    rewrite(repo, PEOPLE, contracts=contracts)
    out = diff(repo)
    assert "**`a`**: next renewal moved" in out
    assert "no metric moved" not in out
