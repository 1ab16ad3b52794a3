"""`kamgen history` and `--as-of`, on a real temporary git repository with dated commits.

Each step of the repository's story is also computed directly from the working tree with
`kamgen report --format json --today <that commit's date>`, before it is committed: the
history must give the same values, point by point."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from kamgen.check.validate import Options, analyse
from kamgen.history.gitlog import parse
from kamgen.metrics.snapshot import account_snapshot

from .builder import person, plan, write
from .test_cli import run

PEOPLE = [person(f"p{i}", strength=4, last_contact="2026-01-02", sentiment="supporter")
          for i in range(3)]  # fmt: skip


def git(root: Path, *args: str, date: str = "2026-01-01") -> str:
    stamp = f"{date}T12:00:00+02:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root, check=True, capture_output=True, text=True, env=env,
    ).stdout  # fmt: skip


def expected(root: Path, today: str) -> dict[str, dict[str, Any]]:
    """What `kamgen report` says of the working tree on `today`, as history records it."""
    code, _, err = run("report", "--root", str(root), "--today", today, "--format", "json")
    assert code == 0, err
    analysis = analyse(Options(root, dt.date.fromisoformat(today), policy=True))
    assert analysis.metrics is not None
    return {a.id: json.loads(json.dumps(account_snapshot(a))) for a in analysis.metrics.accounts}


def commit(root: Path, message: str, date: str) -> None:
    git(root, "add", "-A", date=date)
    git(root, "commit", "-qm", message, date=date)


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """Six commits: two accounts; a's scores change; b's plan breaks; a's folder is renamed
    to c; b is fixed, on a branch merged into main; then b is removed."""
    root = tmp_path_factory.mktemp("repo")
    git(root, "init", "-q", "-b", "main")
    want: dict[str, Any] = {}
    write(root, [plan("a"), plan("b", scores={"potential": 5, "fit": 4})],
          people={"a": PEOPLE, "b": PEOPLE})  # fmt: skip
    want["2026-01-05"] = expected(root, "2026-01-05")
    commit(root, "two accounts", "2026-01-05")

    path = root / "accounts/a/plan.yaml"
    path.write_text(path.read_text().replace('"potential": 3', '"potential": 5'))
    want["2026-02-10"] = expected(root, "2026-02-10")
    commit(root, "a grows", "2026-02-10")

    bad = root / "accounts/b/plan.yaml"
    good = bad.read_text()
    bad.write_text(good.replace('"tier": 2', '"tier": "two"'))
    want["2026-03-01"] = expected(root, "2026-03-01")
    commit(root, "b breaks", "2026-03-01")

    git(root, "mv", "accounts/a", "accounts/c")
    moved = root / "accounts/c/plan.yaml"
    moved.write_text(moved.read_text().replace('"id": "a"', '"id": "c"'))
    want["2026-04-01"] = expected(root, "2026-04-01")
    commit(root, "a is now c", "2026-04-01")

    git(root, "checkout", "-q", "-b", "fix")
    bad.write_text(good)
    commit(root, "fix b", "2026-04-20")  # on the branch: not a first-parent point
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "fix", "-m", "merge the fix", date="2026-05-02")
    want["2026-05-02"] = expected(root, "2026-05-02")

    shutil.rmtree(root / "accounts/b")
    want["2026-06-01"] = expected(root, "2026-06-01")
    commit(root, "b is lost", "2026-06-01")
    (root / "README.md").write_text("not the portfolio\n")
    commit(root, "docs only", "2026-06-15")  # touches neither kamgen.yaml nor accounts/
    return root, want


def history(root: Path, *args: str) -> dict[str, Any]:
    code, out, err = run("history", "--root", str(root), "--format", "json", *args)
    assert code == 0, err
    data = json.loads(out)
    assert {"kamgen_version", "contract_version", "points"} <= set(data)
    return data


def test_one_point_per_first_parent_commit_that_changed_the_portfolio(
    story: tuple[Path, dict[str, Any]],
) -> None:
    root, want = story
    points = history(root)["points"]
    assert [p["date"] for p in points] == list(want)  # the branch's own commit and docs: none
    for p in points:
        assert set(p["accounts"]) | set(p["gaps"]) <= {"a", "b", "c"}
        for account, values in p["accounts"].items():
            assert values == want[p["date"]][account], (p["date"], account)


def test_an_invalid_file_is_a_gap_with_its_finding(story: tuple[Path, dict[str, Any]]) -> None:
    root, want = story
    broken = next(p for p in history(root)["points"] if p["date"] == "2026-03-01")
    assert "b" not in broken["accounts"] and "b" not in want["2026-03-01"]
    assert broken["gaps"]["b"].startswith("accounts/b/plan.yaml:")
    assert "error" in broken["gaps"]["b"] and "tier" in broken["gaps"]["b"]
    assert broken["accounts"]["a"] == want["2026-03-01"]["a"]  # the other account goes on


def test_a_series_starts_ends_and_follows_a_rename(story: tuple[Path, dict[str, Any]]) -> None:
    root, _ = story
    data = history(root)
    assert data["renames"] == {"a": "c"}
    c = history(root, "c")["points"]
    # Its series began as `a` and goes on as `c`; b's ends when it is removed.
    assert [p["date"] for p in c] == ["2026-01-05", "2026-02-10", "2026-03-01", "2026-04-01",
                                      "2026-05-02", "2026-06-01"]  # fmt: skip
    assert [next(iter(p["accounts"])) for p in c] == ["a", "a", "a", "c", "c", "c"]
    b = history(root, "b")["points"]
    assert [p["date"] for p in b] == ["2026-01-05", "2026-02-10", "2026-03-01", "2026-04-01",
                                      "2026-05-02"]  # fmt: skip
    code, table, _ = run("history", "--root", str(root), "c")
    assert code == 0 and "(as a)" in table and len(table.splitlines()) == 1 + 6
    # Headings and values in the catalogue's words, in aligned columns: 75%, not 0.75.
    head, *rows = table.splitlines()
    assert head.split() == ["date", "commit", "tier", "score", "rank", "health", "cover", "plan"]
    assert all(re.search(r" \d+% ", row) for row in rows if "gap:" not in row), rows
    assert "_" not in table and "0.75" not in table


def test_since_and_formats(story: tuple[Path, dict[str, Any]]) -> None:
    root, _ = story
    assert [p["date"] for p in history(root, "--since", "2026-04-01")["points"]] == [
        "2026-04-01", "2026-05-02", "2026-06-01"]  # fmt: skip
    code, out, _ = run("history", "--root", str(root), "--format", "csv")
    assert code == 0
    rows = out.splitlines()
    assert rows[0].startswith("date,commit,account,") and rows[0].endswith(",gap")
    # b's plan is broken at two points: the commit that broke it, and the rename of a.
    assert sum(1 for r in rows if ",b," in r and "accounts/b/plan.yaml" in r) == 2
    assert run("history", "--root", str(root), "--since", "May")[0] == 2
    assert run("history", "--root", str(root), "nobody")[0] == 2


def test_the_cache_gives_the_same_points(story: tuple[Path, dict[str, Any]]) -> None:
    root, _ = story
    cold = history(root, "--no-cache")
    assert history(root) == cold
    assert history(root) == cold  # now from the cache


@pytest.mark.parametrize("day", ["2026-02-10", "2026-03-15", "2026-05-02"])
def test_as_of_gives_the_portfolio_of_that_day(
    story: tuple[Path, dict[str, Any]], day: str
) -> None:
    root, want = story
    # The last first-parent commit on or before the day, computed with today = the day.
    held = max(d for d in want if d <= day)
    code, out, err = run("report", "--root", str(root), "--as-of", day, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["today"] == day
    assert sorted(a["id"] for a in data["accounts"]) == sorted(want[held])
    code, out, err = run("check", "--root", str(root), "--as-of", day, "--format", "json")
    assert code in (0, 1), err
    found = json.loads(out)["findings"]
    broken = any(f["rule"] == "invalid-value" and f["file"] == "accounts/b/plan.yaml"
                 for f in found)  # fmt: skip
    assert broken == (held == "2026-03-01" or held == "2026-04-01")


def test_as_of_before_the_first_commit_or_with_another_today_is_a_user_error(
    story: tuple[Path, dict[str, Any]],
) -> None:
    root, _ = story
    code, _, err = run("report", "--root", str(root), "--as-of", "2025-12-31")
    assert code == 2 and "no commit on or before 2025-12-31" in err
    code, _, err = run(
        "report", "--root", str(root), "--as-of", "2026-03-01", "--today", "2026-03-02"
    )
    assert code == 2 and "--as-of" in err


def test_a_shallow_clone_gives_what_it_sees_and_says_how_far(
    story: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    root, want = story
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{root}", str(clone)],
                   check=True, capture_output=True)  # fmt: skip
    code, out, err = run("history", "--root", str(clone), "--format", "json")
    assert code == 0, err
    points = json.loads(out)["points"]
    # Depth 2: the docs commit and the one that removed b; the oldest shows every file.
    assert [p["date"] for p in points] == ["2026-06-01"]
    assert points[0]["accounts"]["c"] == want["2026-06-01"]["c"]
    assert json.loads(out)["shallow"] is True
    assert "shallow clone" in err and "2026-06-01" in err


def test_a_path_is_never_taken_for_a_commit() -> None:
    """Paths come after their change's meta; a name that looks like a header stays a path."""
    head = b"a" * 40 + b" 2026-01-02T00:00:00+00:00"
    tricky = b"accounts/" + b"b" * 40 + b" 2026-01-01/plan.yaml"
    raw = (
        head + b"\0\n:000000 100644 " + b"0" * 40 + b" " + b"1" * 40 + b" A\0" + tricky + b"\0"
    )
    [commit] = parse(raw)
    assert commit.oid == "a" * 40 and [c.path for c in commit.changes] == [tricky.decode()]


def test_build_as_of_shows_the_site_of_that_day(
    story: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    root, _ = story
    out = tmp_path / "site"
    code, _, err = run(
        "build", "--root", str(root), "--as-of", "2026-02-10", "--site-dir", str(out)
    )
    assert code == 0, err
    assert (out / "accounts/a/index.html").is_file() and not (out / "accounts/c").exists()
    assert "As of 2026-02-10" in (out / "index.html").read_text(encoding="utf-8")
    code, _, err = run("build", "--root", str(root), "--as-of", "2025-01-01",
                       "--site-dir", str(tmp_path / "none"))  # fmt: skip
    assert code == 2 and "no commit on or before 2025-01-01" in err
