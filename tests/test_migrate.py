"""`kamgen migrate`: a dry run shows the diff and writes nothing; --write changes only the
lines a step changes, after validating the migrated portfolio; versions it cannot move are
reported (exit 1). With v1 the only version, test-only steps stand in for real ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml.comments import CommentedMap

from kamgen.cli.main import Kamgen
from kamgen.cli.migrate import migrate
from kamgen.edit import migrate as migration

from .helpers import demo_copy

PLAN = "accounts/alpha/plan.yaml"
TODAY = "2026-11-23"
group = Kamgen("kamgen", commands=[migrate])


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(group, ["migrate", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def set_version(root: Path, rel: str, version: str) -> None:
    path = root / rel
    text = path.read_text()
    assert "schema_version: 1\n" in text
    path.write_text(text.replace("schema_version: 1\n", f"schema_version: {version}\n", 1))


def count(root: Path) -> int:
    return len(list(root.glob("accounts/*/*.yaml"))) + len(
        list(root.glob("accounts/*/reviews/*.yaml"))
    ) + 1  # fmt: skip


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A copy of the demo portfolio this repository ships."""
    return demo_copy(tmp_path)


@pytest.fixture
def step_from_0(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A test-only plan step 0 -> 1 that changes nothing but the version; returns the ids
    of the plans it was applied to."""
    seen: list[str] = []

    def step(plan: CommentedMap) -> None:
        seen.append(plan["id"])

    monkeypatch.setattr(migration, "STEPS", {("plan", 0): step})
    return seen


def test_current_version_comes_from_the_models() -> None:
    assert migration.CURRENT == 1
    assert migration.STEPS == {}


def test_the_demo_is_current_and_nothing_is_written(demo: Path) -> None:
    before = snapshot(demo)
    files = count(demo)
    assert files > 40
    for args in ([], ["--write"]):
        code, out, err = run(*args, "--root", str(demo), "--today", TODAY)
        assert (code, err) == (0, "")
        assert out == f"all {files} files are at schema_version 1: nothing to migrate\n"
    assert snapshot(demo) == before


def test_dry_run_shows_the_diff_and_writes_nothing(portfolio: Path, step_from_0: list[str]) -> None:
    set_version(portfolio, PLAN, "0  # the old format")
    before = snapshot(portfolio)
    code, out, err = run("--root", str(portfolio), "--today", TODAY)
    assert (code, err) == (0, "")
    assert step_from_0 == ["alpha"]
    assert out.splitlines() == [
        f"--- a/{PLAN}",
        f"+++ b/{PLAN}",
        "@@ -1,4 +1,4 @@",
        "-schema_version: 0  # the old format",
        "+schema_version: 1  # the old format",
        " id: alpha",
        " name: Alpha Industries",
        " tier: 1",
        f"1 of {count(portfolio)} files would move to schema_version 1; nothing was written: "
        "run `kamgen migrate --write` to write them",
    ]
    assert snapshot(portfolio) == before


def test_write_changes_exactly_the_version_line(portfolio: Path, step_from_0: list[str]) -> None:
    original = snapshot(portfolio)
    set_version(portfolio, PLAN, "0")
    old = (portfolio / PLAN).read_bytes()
    code, out, err = run("--write", "--root", str(portfolio), "--today", TODAY)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{PLAN}: schema_version 0 -> 1",
        f"migrated 1 of {count(portfolio)} files to schema_version 1",
    ]
    new = (portfolio / PLAN).read_bytes()
    assert old.replace(b"schema_version: 0\n", b"schema_version: 1\n", 1) == new
    assert snapshot(portfolio) == original  # every other file, byte for byte
    code, out, _ = run("--write", "--root", str(portfolio), "--today", TODAY)
    assert code == 0
    assert out.endswith("nothing to migrate\n")


def test_a_step_runs_on_the_round_trip_document_and_keeps_the_rest(
    portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real step renames or reshapes fields: the file keeps its comments and layout."""

    def step(plan: CommentedMap) -> None:
        plan["name"] = "Alpha Industries plc"

    monkeypatch.setattr(migration, "STEPS", {("plan", 0): step})
    path = portfolio / PLAN
    path.write_text(
        path.read_text()
        .replace("schema_version: 1\n", "schema_version: 0\n")
        .replace("name: Alpha Industries\n", "name: Alpha Industries      # legal name\n")
    )
    old = path.read_bytes()
    code, _, err = run("--write", "--root", str(portfolio), "--today", TODAY)
    assert (code, err) == (0, "")
    # The comment keeps its column.
    assert path.read_bytes() == old.replace(b"schema_version: 0", b"schema_version: 1").replace(
        b"name: Alpha Industries      #", b"name: Alpha Industries plc  #"
    )


def test_a_migration_that_would_add_an_error_writes_nothing(
    portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def step(plan: CommentedMap) -> None:
        plan["tier"] = 9

    monkeypatch.setattr(migration, "STEPS", {("plan", 0): step})
    set_version(portfolio, PLAN, "0")
    before = snapshot(portfolio)
    code, out, err = run("--write", "--root", str(portfolio), "--today", TODAY)
    assert code == 1
    assert out == ""
    assert f"{PLAN}:4:7: error" in err
    assert "kamgen: error: no file was migrated: the migrated portfolio would have 1 error" in err
    assert snapshot(portfolio) == before


@pytest.mark.parametrize("write", [[], ["--write"]])
def test_a_newer_version_is_reported(portfolio: Path, write: list[str]) -> None:
    set_version(portfolio, PLAN, "2")
    before = snapshot(portfolio)
    code, out, err = run(*write, "--root", str(portfolio), "--today", TODAY)
    assert code == 1
    assert out == ""
    assert err.splitlines()[0] == (
        f"{PLAN}:1:17: error schema-version: schema_version 2 is newer than this kamgen "
        "reads (it knows 1); upgrade kamgen, which never moves a file back to an older format"
    )
    assert err.splitlines()[-1].startswith("kamgen: error: 1 file cannot be migrated (above)")
    assert snapshot(portfolio) == before


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("0", "schema_version 0 is not a version kamgen can migrate from"),
        ("-1", "schema_version -1 is not a version kamgen can migrate from"),
        ("true", "has no whole-number schema_version"),
        ('"1"', "has no whole-number schema_version"),
        ("1.5", "has no whole-number schema_version"),
        ("'<script>alert(1)</script>'", "has no whole-number schema_version"),
    ],
)
def test_a_version_with_no_way_to_current_is_reported(
    portfolio: Path, value: str, says: str
) -> None:
    set_version(portfolio, "accounts/alpha/whitespace.yaml", value)
    code, out, err = run("--root", str(portfolio))
    assert (code, out) == (1, "")
    assert says in err
    assert "<script>" not in err  # the value is never echoed


def test_a_file_that_is_not_yaml_is_reported_not_a_traceback(portfolio: Path) -> None:
    (portfolio / PLAN).write_text("schema_version: 0\nid: [unclosed\n")
    code, _, err = run("--root", str(portfolio))
    assert code == 1
    assert f"{PLAN}:" in err and "yaml-syntax" in err
    assert "Traceback" not in err


def test_paths_are_escaped_for_the_terminal(portfolio: Path, step_from_0: list[str]) -> None:
    reviews = portfolio / "accounts/alpha/reviews"
    review = next(reviews.iterdir())
    hostile = "2026-10-14-business-review-\x1b[31mred\u202eevil.yaml"
    review.rename(reviews / hostile)
    set_version(portfolio, PLAN, "0")
    for args in ([], ["--write"]):
        code, out, err = run(*args, "--root", str(portfolio), "--today", TODAY)
        assert "\x1b" not in out + err and "\u202e" not in out + err
    # A review is not a plan: with no review step, version 0 of it would be refused.
    set_version(portfolio, f"accounts/alpha/reviews/{hostile}", "2")
    code, out, err = run("--root", str(portfolio))
    assert code == 1
    assert "\\x1b[31mred\\u202eevil.yaml" in err
    assert "\x1b" not in out + err and "\u202e" not in out + err


def test_links_are_never_followed(portfolio: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("schema_version: 2\n")
    (portfolio / "accounts/alpha/reviews/2026-11-01-plan-review.yaml").symlink_to(outside)
    code, out, _ = run("--root", str(portfolio))
    assert code == 0
    assert out.startswith("all ")
    assert outside.read_text() == "schema_version: 2\n"


def test_help_has_an_example() -> None:
    code, out, _ = run("--help")
    assert code == 0
    assert "Example:\n    kamgen migrate\n" in out
