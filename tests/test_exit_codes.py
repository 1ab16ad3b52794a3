"""One error boundary: 0 clean, 1 findings, 2 user error, 3 internal error; `serve` leaves no
child behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamgen.cli.main import cli

from .test_cli import A, run

TODAY = "2026-11-23"


@pytest.mark.parametrize("command", ["validate", "check"])
def test_a_path_that_does_not_exist_is_a_user_error(portfolio: Path, command: str) -> None:
    code, out, err = run(command, "accounts/typo", "--today", TODAY, cwd=portfolio)
    assert code == 2 and out == ""
    assert "'accounts/typo' does not exist" in err


def test_report_path_and_root_that_do_not_exist(portfolio: Path) -> None:
    assert run("report", str(portfolio / "nowhere"), "--today", TODAY)[0] == 2
    code, _, err = run("check", "--root", str(portfolio / "nowhere"), "--today", TODAY)
    assert code == 2 and "nowhere" in err


def test_no_portfolio_is_a_user_error(tmp_path: Path) -> None:
    code, _, err = run("check", "--today", TODAY, cwd=tmp_path)
    assert code == 2 and err.startswith("kamgen: error: no kamgen.yaml found")


def test_bad_option_value_is_a_user_error(portfolio: Path) -> None:
    code, _, err = run("check", "--root", str(portfolio), "--today", "30/11/2026")
    assert (code, err) == (2, "kamgen: error: --today must be a date written YYYY-MM-DD, from "
                              "1900 to 2199, not '30/11/2026'\n")  # fmt: skip


def test_findings_exit_1_and_clean_exits_0(portfolio: Path) -> None:
    assert run("check", "--root", str(portfolio), "--today", TODAY)[0] == 0
    plan = portfolio / A / "plan.yaml"
    plan.write_text(plan.read_text().replace("tier: 1", "tier: 9"))
    assert run("check", "--root", str(portfolio), "--today", TODAY)[0] == 1


def _explode(*_: object, **__: object) -> None:
    raise RuntimeError("boom \x1b[31m<inside>")


def test_internal_error_is_one_line_and_exit_3(
    portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kamgen.check.validate.execute", _explode)
    args = ["check", "--root", str(portfolio), "--today", TODAY, "--no-cache"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 3
    assert result.stderr == (
        "kamgen: internal error: RuntimeError: boom \\x1b[31m<inside>; this is a bug in kamgen: "
        "rerun with --debug for the traceback and report it\n"
    )
    debug = CliRunner().invoke(cli, ["--debug", *args])
    assert debug.exit_code == 3 and "Traceback (most recent call last)" in debug.stderr


def test_help_lists_the_exit_codes() -> None:
    out = CliRunner().invoke(cli, ["--help"]).stdout
    for line in ("0  clean", "1  findings", "2  user error", "3  internal error"):
        assert line in out


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(p) for p in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_passes_signals_on_and_leaves_no_child(portfolio: Path, sig: int) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kamgen", "serve", "--root", str(portfolio), "--today", TODAY,
         "--dev-addr", f"127.0.0.1:{port}"],
        stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    try:
        assert proc.stderr is not None
        seen = []
        for line in proc.stderr:  # blocks until MkDocs says it is serving: no sleeping
            seen.append(line)
            if "Serving on" in line:
                break
        else:
            pytest.fail("serve ended before serving: " + "".join(seen))
        children = _children(proc.pid)
        assert children, "MkDocs runs as a child of kamgen"
        proc.send_signal(sig)
        assert proc.wait(timeout=60) == 0
        assert not [pid for pid in children if _alive(pid)]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
