"""The editing layer: round-trip without a byte lost, splice into other styles, validation in
memory (the overlay), refusal that leaves the file untouched, atomic writes."""

from __future__ import annotations

import datetime as dt
import difflib
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml.comments import CommentedMap

from kamgen.base.errors import UsageError
from kamgen.edit import roundtrip
from kamgen.edit.attest import attestation
from kamgen.edit.overlay import Files
from kamgen.edit.review import review_text
from kamgen.edit.transaction import EditRefused, Target, changed_text, create, edit
from kamgen.load.portfolio import FsSource, load_portfolio

from .conftest import REPO

TODAY = dt.date(2026, 11, 23)
PLAN = "accounts/alpha/plan.yaml"


def shipped_yaml() -> list[str]:
    """Every YAML file of a portfolio this repository ships: the demo and the fixtures."""
    listed = subprocess.run(
        ["git", "ls-files", "accounts", "kamgen.yaml", "tests/fixtures"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [rel for rel in listed if rel.endswith((".yaml", ".yml"))]


def changed_lines(before: str, after: str) -> list[str]:
    """The lines that differ, as difflib's `-`/`+` lines."""
    diff = difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True))
    return [line for line in diff if line[:1] in "+-"]


def test_every_shipped_file_is_found() -> None:
    files = shipped_yaml()
    assert "kamgen.yaml" in files
    assert "tests/fixtures/minimal/accounts/alpha/plan.yaml" in files
    assert sum(f.startswith("accounts/") for f in files) >= 50


@pytest.mark.parametrize("rel", shipped_yaml())
def test_shipped_files_round_trip_byte_for_byte(rel: str) -> None:
    text = (REPO / rel).read_bytes().decode("utf-8")
    assert roundtrip.dump(roundtrip.load(text, rel)) == text


@pytest.mark.parametrize("kind", ["plan_review", "business_review", "executive_touchpoint"])
def test_generated_reviews_round_trip(kind: str) -> None:
    text = review_text("alpha", TODAY, kind, "kam")  # type: ignore[arg-type]
    assert roundtrip.dump(roundtrip.load(text, "r.yaml")) == text


def test_a_change_touches_only_its_line_and_keeps_comments() -> None:
    text = (
        "schema_version: 1  # contract v1\n"
        "# who\n"
        "owner: 'kam'\n"
        "\n"
        "reviewed: {on: 2026-01-01, by: kam}\n"
        "scores: {fit: 5}   # spaced\n"
    )
    out = changed_text(text, attestation(dt.date(2026, 11, 23), "exec"), "p.yaml")
    assert changed_lines(text, out) == [
        "- reviewed: {on: 2026-01-01, by: kam}\n",
        "+ reviewed: {on: 2026-11-23, by: exec}\n",
    ]


STYLED = """\
schema_version: 1
actions:
- {id: call, what: Call,   owner: kam}   # a sequence not indented under its key
reviewed:
    on: 2026-01-01    # when
    by: kam
confidential: ['situation.summary']
"""


def test_a_file_in_another_style_keeps_it() -> None:
    """ruamel would re-indent the whole file; only the two edited lines change."""
    out = changed_text(STYLED, attestation(dt.date(2026, 11, 23), "exec"), "p.yaml")
    assert sorted(changed_lines(STYLED, out)) == [
        "+     by: exec\n",
        "+     on: 2026-11-23      # when\n",
        "-     by: kam\n",
        "-     on: 2026-01-01    # when\n",
    ]


def test_windows_line_ends_and_a_bom_are_kept() -> None:
    text = "\ufeffa: 1\r\n# note\r\nb:\r\n- 1\r\n"
    out = changed_text(text, attestation(dt.date(2026, 11, 23), "kam"), "p.yaml")
    assert out == text + "reviewed: {on: 2026-11-23, by: kam}\r\n"


def test_the_overlay_serves_new_files_in_new_folders(portfolio: Path) -> None:
    rel = "accounts/alpha/notes/x/new.yaml"
    source = Files(FsSource(portfolio), {rel: b"a: 1\n"})
    assert ("notes", "dir") in (source.listdir("accounts/alpha") or [])
    assert source.listdir("accounts/alpha/notes/x") == [("new.yaml", "file")]
    assert source.read(rel) == b"a: 1\n"
    assert source.listdir("accounts") == FsSource(portfolio).listdir("accounts")


def test_the_overlay_is_what_validation_reads(portfolio: Path) -> None:
    new = (portfolio / PLAN).read_bytes().replace(b"tier: 1", b"tier: 7")
    loaded = load_portfolio(Files(FsSource(portfolio), {PLAN: new}))
    assert any(f.file == PLAN and f.severity == "error" for f in loaded.findings)


def test_an_edit_that_adds_an_error_is_refused_and_nothing_changes(portfolio: Path) -> None:
    before = (portfolio / PLAN).read_bytes()

    def bad(plan: CommentedMap) -> None:
        plan["owner"] = "nobody"

    with pytest.raises(EditRefused) as refused:
        edit(Target(portfolio, PLAN, "alpha", TODAY), bad)
    assert refused.value.exit_code == 1
    assert [line.split(": ", 2)[1] for line in refused.value.details] == ["error unknown-reference"]
    assert refused.value.details[0].startswith(
        f"{PLAN}:6:8: error unknown-reference: owner `nobody`"
    )
    assert (portfolio / PLAN).read_bytes() == before
    assert sorted(p.name for p in (portfolio / "accounts/alpha").iterdir()) == [
        "plan.yaml",
        "reviews",
        "stakeholders.yaml",
        "whitespace.yaml",
    ]


def test_errors_already_there_do_not_block_an_unrelated_edit(portfolio: Path) -> None:
    plan = portfolio / PLAN
    plan.write_text(plan.read_text().replace("owner: kam", "owner: ghost"))
    assert edit(Target(portfolio, PLAN, "alpha", TODAY), attestation(TODAY, "exec"))
    assert "reviewed: {on: 2026-11-23, by: exec}\n" in plan.read_text()


def test_a_write_leaves_no_temporary_file(portfolio: Path) -> None:
    assert edit(Target(portfolio, PLAN, "alpha", TODAY), attestation(TODAY, "exec"))
    names = [p.name for p in (portfolio / "accounts/alpha").iterdir()]
    assert not [n for n in names if n.startswith(".") or n.endswith(".tmp")]


def test_an_edit_that_changes_nothing_writes_nothing(portfolio: Path) -> None:
    plan = portfolio / PLAN
    stamp = plan.stat().st_mtime_ns
    assert not edit(
        Target(portfolio, PLAN, "alpha", TODAY), attestation(dt.date(2026, 11, 1), "kam")
    )
    assert plan.stat().st_mtime_ns == stamp


def test_a_broken_file_is_not_edited(portfolio: Path) -> None:
    plan = portfolio / PLAN
    plan.write_text("a: &x 1\nb: *x\n")
    with pytest.raises(EditRefused) as refused:
        edit(Target(portfolio, PLAN, "alpha", TODAY), attestation(TODAY, "kam"))
    assert refused.value.details and refused.value.details[0].startswith(f"{PLAN}:1:")
    assert plan.read_text() == "a: &x 1\nb: *x\n"


def test_no_edit_through_a_link(portfolio: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (portfolio / "accounts/alpha/reviews").rename(outside / "reviews")
    (portfolio / "accounts/alpha/reviews").symlink_to(outside / "reviews")
    rel = "accounts/alpha/reviews/2026-11-20-plan-review.yaml"
    with pytest.raises(UsageError, match="symbolic link"):
        create(
            Target(portfolio, rel, "alpha", TODAY),
            review_text("alpha", TODAY, "plan_review", "kam"),
        )
    assert not (outside / "reviews/2026-11-20-plan-review.yaml").exists()


def test_create_never_overwrites(portfolio: Path) -> None:
    rel = "accounts/alpha/reviews/2026-10-14-business-review.yaml"
    before = (portfolio / rel).read_bytes()
    with pytest.raises(UsageError, match="already exists"):
        create(Target(portfolio, rel, "alpha", TODAY), "schema_version: 1\n")
    assert (portfolio / rel).read_bytes() == before
