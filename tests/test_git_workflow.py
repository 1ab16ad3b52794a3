"""The pull-request workflow in real temporary git repositories: annotations, changed-scope
blocking, and `kamgen diff` between a revision and the working tree."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from .builder import plan, write
from .gitrepo import PEOPLE, TODAY, make_repo, sh
from .helpers import days_ago, edit
from .test_cli import run


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def check(root: Path, *args: str) -> tuple[int, str, str]:
    return run("check", "--root", str(root), "--today", TODAY, "--no-cache", *args)


def test_invalid_edit_is_annotated_at_its_line(repo: Path) -> None:
    edit(repo / "accounts/a/plan.yaml", '"tier": 2', '"tier": 7')
    code, out, _ = check(repo, "--format", "github", "--changed-since", "main")
    assert code == 1
    line = next(
        i
        for i, t in enumerate((repo / "accounts/a/plan.yaml").read_text().splitlines(), 1)
        if '"tier": 7' in t
    )
    assert f"::error file=accounts/a/plan.yaml,line={line},col=10,title=invalid-value::" in out


def test_stale_plan_untouched_by_the_change_does_not_block_it(repo: Path) -> None:
    edit(repo / "accounts/a/plan.yaml", '"name": "A"', '"name": "A renamed"')
    code, out, _ = check(repo, "--format", "json", "--changed-since", "main")
    stale = [f for f in json.loads(out)["findings"] if f["rule"] == "stale-plan"]
    assert code == 0
    assert [(f["account"], f["severity"]) for f in stale] == [("b", "warning")]
    assert stale[0]["message"].endswith("(not blocking: this change does not touch the account)")
    code, out, _ = check(repo, "--format", "json")  # the scheduled, full run
    assert code == 1
    assert [f["severity"] for f in json.loads(out)["findings"] if f["rule"] == "stale-plan"] == [
        "error"
    ]


def test_touching_the_stale_account_blocks(repo: Path) -> None:
    edit(repo / "accounts/b/plan.yaml", '"name": "B"', '"name": "B renamed"')
    assert check(repo, "--changed-since", "main")[0] == 1


def test_changing_settings_touches_every_account(repo: Path) -> None:
    edit(repo / "kamgen.yaml", '"name": "Built"', '"name": "Rebuilt"')
    assert check(repo, "--changed-since", "main")[0] == 1


def test_a_broken_file_blocks_even_when_untouched(repo: Path) -> None:
    edit(repo / "accounts/b/plan.yaml", '"tier": 2', '"tier": 9')
    sh(repo, "commit", "-qam", "broken on the branch")
    sh(repo, "checkout", "-q", "-b", "pr2")
    edit(repo / "accounts/a/plan.yaml", '"name": "A"', '"name": "A2"')
    code, out, _ = check(repo, "--changed-since", "pr", "--format", "json")
    assert code == 1
    assert [f["rule"] for f in json.loads(out)["findings"] if f["severity"] == "error"] == [
        "invalid-value"
    ]


def test_new_untracked_account_counts_as_touched(repo: Path) -> None:
    write(
        repo,
        [
            plan("a", reviewed={"on": days_ago(5), "by": "kam"}),
            plan("b", reviewed={"on": days_ago(200), "by": "kam"}),
            plan("c"),
        ],
        people={"a": PEOPLE, "b": PEOPLE, "c": PEOPLE},
    )
    code, out, _ = check(repo, "--changed-since", "main", "--format", "json")
    blocking = {
        (f["account"], f["rule"]) for f in json.loads(out)["findings"] if f["severity"] == "error"
    }
    assert code == 1
    assert blocking == {("c", "stale-plan")}


def test_step_summary_lists_every_finding(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = repo.parent / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    # A value a finding quotes. (This used to be the account's name, which no finding
    # quotes: `"<b>" not in text` held whatever the summary did with user text.)
    edit(repo / "accounts/a/plan.yaml", '"owner": "kam"', '"owner": "<b>|x|</b>"')
    check(repo, "--format", "github")
    text = summary.read_text()
    assert text.startswith("### kamgen check: 2 error(s), ")
    assert "| error | `stale-plan` | accounts/b/plan&#46;yaml:" in text
    (row,) = [line for line in text.splitlines() if "`invalid-value`" in line]
    assert 'not "<b>|x|</b>"' in html.unescape(row)  # shown as text...
    assert "<b>" not in text  # ...not markup...
    assert {line.count("|") for line in text.splitlines() if line.startswith("|")} == {5}


def test_unknown_base_is_a_usage_error_with_a_hint(repo: Path) -> None:
    code, _, err = run("diff", "nope", "--root", str(repo), "--today", TODAY)
    assert code == 2
    assert err == (
        "kamgen: error: git revision `nope` is not known here; in a shallow clone, fetch it "
        "first (git fetch --depth=1 origin nope:refs/remotes/origin/nope)\n"
    )


def diff_json(root: Path, base: str = "main") -> dict:  # type: ignore[type-arg]
    code, out, _ = run("diff", base, "--root", str(root), "--today", TODAY, "--format", "json")
    assert code == 0
    return json.loads(out)  # type: ignore[no-any-return]


def test_score_change_shows_old_and_new(repo: Path) -> None:
    text = (repo / "accounts/a/plan.yaml").read_text()
    (repo / "accounts/a/plan.yaml").write_text(text.replace('"potential": 3', '"potential": 5'))
    data = diff_json(repo)
    (a,) = [x for x in data["accounts"] if x["id"] == "a"]
    # (50×2 + 30×2 + 20×5... ) both accounts tie on revenue: quintile 5 for both
    assert a["changes"]["selection_score"] == [60.0, 85.0]
    assert a["changes"]["criteria.potential"] == [3, 5]
    assert a["status"] == "changed"
    assert sh(repo, "status", "--porcelain") == " M accounts/a/plan.yaml\n"  # tree untouched
    _, out, _ = run("diff", "main", "--root", str(repo), "--today", TODAY)
    assert "**`a`**: selection score 60 → 85; suggested tier 2 → 1" in out
    assert "| Selection score (`selection_score`) | 60 | 85 |" in out


def test_champion_removed_and_findings_added(repo: Path) -> None:
    write(
        repo,
        [
            plan("a", reviewed={"on": days_ago(5), "by": "kam"}),
            plan("b", reviewed={"on": days_ago(200), "by": "kam"}),
        ],
        people={"a": PEOPLE[:1], "b": PEOPLE},
    )
    data = diff_json(repo)
    (a,) = [x for x in data["accounts"] if x["id"] == "a"]
    assert a["stakeholders_removed"] == ["p1", "p2", "p3", "p4", "p5"]
    assert a["champions_removed"] == ["p1", "p2", "p3", "p4", "p5"]
    assert {f["rule"] for f in a["findings_added"]} == {"single-threaded", "thin-map"}
    assert a["changes"]["multithread_depth"] == [6, 1]


def test_added_and_removed_accounts(repo: Path) -> None:
    sh(repo, "rm", "-rq", "accounts/b")
    write(
        repo,
        [plan("a", reviewed={"on": days_ago(5), "by": "kam"}), plan("c")],
        people={"a": PEOPLE, "c": PEOPLE},
    )
    data = diff_json(repo)
    status = {x["id"]: x["status"] for x in data["accounts"]}
    assert status == {"b": "removed", "c": "added"}
    (b,) = [x for x in data["accounts"] if x["id"] == "b"]
    assert b["changes"]["selection_score"] == [60.0, None]
    assert data["portfolio"] == {}  # still 2 accounts, no revenue either way


def test_portfolio_in_a_subfolder_and_a_shallow_clone(repo: Path, tmp_path: Path) -> None:
    mono = tmp_path / "mono"
    (mono / "kam").mkdir(parents=True)
    for item in repo.iterdir():
        if item.name != ".git":
            item.rename(mono / "kam" / item.name)
    sh(mono, "init", "-q", "-b", "main")
    sh(mono, "add", "-A")
    sh(mono, "commit", "-qm", "base")
    sh(mono, "checkout", "-q", "-b", "pr")
    edit(mono / "kam/accounts/a/plan.yaml", '"potential": 3', '"potential": 4')
    sh(mono, "commit", "-qam", "score")
    clone = tmp_path / "clone"
    sh(tmp_path, "clone", "-q", "--depth=1", "--branch", "pr", f"file://{mono}", str(clone))
    sh(clone, "fetch", "-q", "--depth=1", "origin", "main:refs/remotes/origin/main")
    data = diff_json(clone / "kam", "origin/main")
    assert [x["id"] for x in data["accounts"]] == ["a"]
    code, _, _ = run(
        "check",
        "--root",
        str(clone / "kam"),
        "--today",
        TODAY,
        "--no-cache",
        "--changed-since",
        "origin/main",
    )
    assert code == 0  # b's stale plan does not block a change to a


def test_diff_markdown_escapes_user_text(repo: Path) -> None:
    hostile = "<script>x</script> [a](javascript:alert(1)){: onclick=y}"
    grid = {
        "units": [hostile],
        "offerings": ["O"],
        "cells": [{"unit": hostile, "offering": "O", "status": "open"}],
    }
    plans = [
        plan("a", reviewed={"on": days_ago(5), "by": "kam"}),
        plan("b", reviewed={"on": days_ago(200), "by": "kam"}),
    ]
    write(repo, plans, people={"a": PEOPLE, "b": PEOPLE}, grids={"a": grid})
    sh(repo, "commit", "-qam", "grid")
    grid["cells"][0]["status"] = "won"
    write(repo, plans, people={"a": PEOPLE, "b": PEOPLE}, grids={"a": grid})
    code, out, _ = run("diff", "pr", "--root", str(repo), "--today", TODAY)
    line = next(t for t in out.splitlines() if t.startswith("- whitespace "))
    assert code == 0
    assert line.endswith(": open → won")
    for live in ("<script", "[a]", "](", "{:"):
        assert live not in out
