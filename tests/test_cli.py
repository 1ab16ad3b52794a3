"""The command line: exact user-facing messages, formats and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import kamgen
from kamgen.base.findings import Finding
from kamgen.check.reporters import github_line
from kamgen.cli.main import cli

from .conftest import REPO
from .helpers import edit

A = "accounts/alpha"


def run(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    old = Path.cwd()
    try:
        if cwd:
            os.chdir(cwd)
        result = runner.invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def test_clean_portfolio_exits_0_with_a_summary(portfolio: Path) -> None:
    code, out, err = run("validate", "--root", str(portfolio), "--today", "2026-11-23")
    assert (code, out) == (0, "")
    assert err == "0 error(s), 0 warning(s) in 5 files of 1 accounts\n"


def test_text_finding_is_clickable_with_hint(portfolio: Path) -> None:
    edit(portfolio / A / "plan.yaml", "currency: EUR", "curency: EUR")
    code, out, _ = run("validate", "--today", "2026-11-23", cwd=portfolio / A)
    assert code == 1
    assert out == (
        f"{A}/plan.yaml:5:1: error unknown-field: unknown field `curency`; "
        "did you mean `currency`?\n"
    )


def test_json_format_is_the_contract_shape(portfolio: Path) -> None:
    edit(portfolio / A / "plan.yaml", "tier: 1", "tier: 5")
    code, out, _ = run(
        "validate", "--root", str(portfolio), "--format", "json", "--today", "2026-11-23"
    )
    assert code == 1
    assert json.loads(out) == {
        "kamgen_version": kamgen.__version__,
        "contract_version": 1,
        "findings": [
            {
                "rule": "invalid-value",
                "severity": "error",
                "account": "alpha",
                "file": f"{A}/plan.yaml",
                "line": 4,
                "column": 7,
                "message": "`tier` should be 1, 2 or 3, not 5",
            }
        ],
    }


def test_check_runs_the_same_structural_checks(portfolio: Path) -> None:
    edit(portfolio / A / "plan.yaml", "tier: 1", "tier: 5")
    code, out, _ = run(
        "check", "--root", str(portfolio), "--format", "json", "--today", "2026-11-23"
    )
    assert code == 1
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["invalid-value"]


def test_no_portfolio_is_exit_2(tmp_path: Path) -> None:
    code, _out, err = run("validate", cwd=tmp_path)
    assert code == 2
    assert err.startswith(f"kamgen: error: no kamgen.yaml found in {tmp_path.resolve()}")


def test_bad_today_is_exit_2(portfolio: Path) -> None:
    code, _, err = run("validate", "--root", str(portfolio), "--today", "23/11/2026")
    assert code == 2
    assert err == (
        "kamgen: error: --today must be a date written YYYY-MM-DD, from 1900 to 2199, not "
        "'23/11/2026'\n"
    )


def test_today_from_environment(portfolio: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMGEN_TODAY", "2026-10-01")
    code, out, _ = run("validate", "--root", str(portfolio))
    assert code == 1 and "review-in-future" in out


def test_file_outside_portfolio_is_usage_error(portfolio: Path, tmp_path: Path) -> None:
    other = tmp_path / "x.yaml"
    other.write_text("a: 1\n")
    code, _, err = run("validate", "--root", str(portfolio), str(other))
    assert code == 2 and "is outside the portfolio" in err


def test_github_annotations_escape_untrusted_text() -> None:
    finding = Finding(
        "unknown-field", "error", "accounts/a,b:c/plan.yaml", "100% bad\r\nvalue: x", "a", 3, 1
    )
    assert github_line(finding) == (
        "::error file=accounts/a%2Cb%3Ac/plan.yaml,line=3,col=1,title=unknown-field"
        "::100%25 bad%0D%0Avalue: x"
    )


def test_terminal_output_escapes_control_characters(portfolio: Path) -> None:
    (portfolio / "accounts" / "evil\x1b[31m").mkdir()
    code, out, _ = run("validate", "--root", str(portfolio), "--today", "2026-11-23")
    assert code == 1
    assert "\x1b" not in out and "evil\\x1b[31m" in out


def test_schema_check_passes_in_this_repository() -> None:
    code, _, err = run("schema", "--check", "--root", str(REPO))
    assert (code, err) == (0, "")


def test_schema_check_fails_when_stale_and_write_fixes_it(tmp_path: Path) -> None:
    (tmp_path / "kamgen.yaml").write_text("schema_version: 1\n")
    code, _, err = run("schema", "--check", "--root", str(tmp_path))
    assert code == 1
    assert "schema/plan.schema.json: out of date; run `kamgen schema`" in err
    assert run("schema", "--root", str(tmp_path))[0] == 0
    assert run("schema", "--check", "--root", str(tmp_path))[0] == 0
    plan = json.loads((tmp_path / "schema/plan.schema.json").read_text())
    assert plan["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert plan["$id"] == "urn:kamgen:schema:1:plan"


def kamgen_process(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args[:-1], "-m", "kamgen", "validate", "--root", args[-1],
         "--today", "2026-11-23"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_console_script_runs_as_a_real_process(portfolio: Path) -> None:
    proc = kamgen_process(str(portfolio))
    assert proc.returncode == 0, proc.stderr


def test_cache_answers_an_unchanged_tree_and_notices_any_edit(portfolio: Path) -> None:
    args = ("validate", "--root", str(portfolio), "--today", "2026-11-23", "--format", "json")
    assert run(*args)[0] == 0
    assert list(Path(os.environ["KAMGEN_CACHE_DIR"]).glob("*/validate.json"))
    assert not (portfolio / ".kamgen-cache").exists()  # nothing is written into the portfolio
    assert run(*args)[0] == 0  # answered from the cache
    edit(portfolio / A / "plan.yaml", "tier: 1", "tier: 7")
    code, out, _ = run(*args)
    assert code == 1 and json.loads(out)["findings"][0]["line"] == 4
    # A different reference date is a different question.
    edit(portfolio / A / "plan.yaml", "tier: 7", "tier: 1")
    assert run(*args)[0] == 0
    assert run(*args[:-4], "--today", "2026-10-01")[0] == 1


def test_cache_hit_does_not_import_the_models(portfolio: Path) -> None:
    assert kamgen_process("-X", "importtime", str(portfolio)).returncode == 0
    proc = kamgen_process("-X", "importtime", str(portfolio))
    assert "pydantic" not in proc.stderr
    assert "0 error(s)" in proc.stderr


def test_no_cache_writes_nothing(portfolio: Path) -> None:
    assert run("validate", "--root", str(portfolio), "--today", "2026-11-23", "--no-cache")[0] == 0
    assert not list(Path(os.environ["KAMGEN_CACHE_DIR"]).iterdir())
