"""`kamgen report` at a terminal: fits the window, colour with a word twin, NO_COLOR, dates in
words. Output to pipes and files is the plain table (tests/test_report.py holds it byte for
byte); here stdout is a terminal, by a forced rich Console or a real pseudo-terminal."""

from __future__ import annotations

import datetime as dt
import fcntl
import io
import os
import pty
import re
import struct
import subprocess
import sys
import termios

import pytest
from click.testing import CliRunner
from rich.console import Console

from kamgen.cli.main import cli
from kamgen.metrics.model import Freshness
from kamgen.report.build import Options, execute
from kamgen.report.render import table
from kamgen.report.terminal import freshness_words, render

from .conftest import REPO

TODAY = "2026-11-23"
SGR = re.compile(r"\x1b\[([0-9;]*)m")
COLOURS = {*range(30, 39), *range(40, 49), *range(90, 98), *range(100, 108)}


def colour_codes(text: str) -> list[str]:
    """The escape sequences that set a colour (bold and reset are not colour)."""
    return [
        m.group(0)
        for m in SGR.finditer(text)
        if any(p and int(p) in COLOURS for p in m.group(1).split(";"))
    ]


def plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    return execute(Options(REPO, dt.date.fromisoformat(TODAY)))


def shown(report, width: int, **kwargs) -> str:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    console = Console(
        file=out, force_terminal=True, width=width, markup=False, emoji=False, **kwargs
    )
    render(report, console)
    return out.getvalue()


@pytest.mark.parametrize("width", [60, 80, 120])
def test_every_line_fits_the_window(report, width: int) -> None:  # type: ignore[no-untyped-def]
    text = plain(shown(report, width, color_system="standard"))
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    # Every account is there, whole or cut with an ellipsis, never broken over two lines.
    for a in report.accounts():
        rows = [line for line in lines if re.match(rf" ?{a.rank} ", line)]
        assert rows, a.id
        cell = rows[0].split()[1]
        assert cell == a.id or (cell.endswith("…") and a.id.startswith(cell[:-1]))


def test_dates_read_as_words(report) -> None:  # type: ignore[no-untyped-def]
    text = plain(shown(report, 120))
    by_id = {line.split()[1]: line for line in text.splitlines() if line[:3].strip().isdigit()}
    assert "STALE, 95 days overdue" in by_id["veldt-agri"]  # stale: age past the limit
    assert "due in 7 days" in by_id["cobalt-ridge-bank"]  # due soon: 24 of 31 days
    assert "fresh, 17 days ago" in by_id["karoo-solar"]
    assert "d " not in by_id["karoo-solar"].split("2 ", 1)[1]  # no "17d" shorthand


def test_colour_twins_a_word_and_no_color_turns_it_off(
    report,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    coloured = shown(report, 120, color_system="standard")
    assert "\x1b[31mSTALE, 95 days overdue" in coloured  # red, with the word
    assert "\x1b[33mdue in 7 days" in coloured  # yellow
    assert "\x1b[31mcontract-lapsed" in coloured  # at-risk reasons
    monkeypatch.setenv("NO_COLOR", "1")
    quiet = shown(report, 120, color_system="standard")
    assert colour_codes(quiet) == []
    assert plain(quiet) == plain(coloured)


@pytest.mark.parametrize(
    ("age", "limit", "status", "words"),
    [
        (None, 90, "stale", "STALE, never reviewed"),
        (91, 90, "stale", "STALE, 1 day overdue"),
        (90, 90, "due_soon", "due today"),
        (89, 90, "due_soon", "due in 1 day"),
        (0, 90, "fresh", "fresh, today"),
        (1, 90, "fresh", "fresh, 1 day ago"),
    ],
)
def test_freshness_words_at_the_edges(age, limit, status, words) -> None:  # type: ignore[no-untyped-def]
    fresh = Freshness("plan_review", None, age, limit, status, None, "")
    assert freshness_words(fresh).plain == words


def run_in_terminal(columns: int, **env: str) -> str:
    """`kamgen report` with stdout on a pseudo-terminal `columns` wide."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    environ.update(TERM="xterm-256color", **env)
    for key in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        environ.pop(key, None)
    process = subprocess.Popen(
        [sys.executable, "-m", "kamgen", "report", "--today", TODAY, str(REPO)],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=environ,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_kamgen_report_in_a_real_terminal() -> None:
    text = run_in_terminal(120)
    assert colour_codes(text)
    lines = plain(text).splitlines()
    assert max(len(line) for line in lines) <= 120
    assert "days overdue" in plain(text) and "due in" in plain(text)


def test_kamgen_report_in_a_real_terminal_with_no_color() -> None:
    text = run_in_terminal(80, NO_COLOR="1")
    assert colour_codes(text) == []
    assert "overdue" in plain(text)


def test_a_pipe_gets_the_plain_table_and_no_rich(report) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, ["report", "--today", TODAY, str(REPO)])
    assert result.exit_code == 0
    assert result.output == table(report) + "\n"
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from kamgen.cli.main import cli\n"
        f"r = CliRunner().invoke(cli, ['report', '--today', '{TODAY}', {str(REPO)!r}])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rich'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_user_strings_are_not_markup(report) -> None:  # type: ignore[no-untyped-def]
    # Every cell is a rich Text, so a `[red]` or `:smile:` an owner typed would print as is;
    # the terminal escape of a hostile id is the plain table's (`printable`).
    text = plain(shown(report, 120))
    assert ":smile:" not in text and "😄" not in text
