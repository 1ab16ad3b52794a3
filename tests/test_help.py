"""Help that never lies: every command shows an example, and every command that a message, a
hint or a document names exists."""

from __future__ import annotations

import re
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from kamgen.cli.main import cli

from .conftest import REPO


def commands(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in group.commands.items():
        path = (*prefix, name)
        if isinstance(command, click.Group):
            yield from commands(command, path)
        else:
            yield path


@pytest.mark.parametrize("path", list(commands()), ids=" ".join)
def test_every_help_has_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert re.search(r"^\s*Examples?:\s*$", result.stdout, re.M), result.stdout
    assert f"kamgen {' '.join(path)}" in result.stdout  # the example runs this very command


NAMED = re.compile(r"`kamgen ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?")


def _named(text: str) -> Iterator[tuple[str, ...]]:
    for first, second in NAMED.findall(text):
        yield (first, second) if second else (first,)


def _sources() -> Iterator[tuple[str, str]]:
    docs = ["README.md", "SECURITY.md", "bench/README.md"]
    docs += sorted(str(p.relative_to(REPO)) for p in (REPO / "docs").glob("*.md"))
    for doc in docs:
        yield doc, (REPO / doc).read_text(encoding="utf-8")
    for path in sorted((REPO / "kamgen").rglob("*.py")):
        yield str(path.relative_to(REPO)), path.read_text(encoding="utf-8")


def test_every_named_command_exists() -> None:
    known = set(commands())
    groups = {p[0] for p in known if len(p) > 1}
    missing = []
    for where, text in _sources():
        for named in _named(text):
            head = named[0]
            if head in groups:
                if len(named) < 2 or named not in known:
                    missing.append((where, " ".join(named)))
            elif (head,) not in known:
                missing.append((where, head))
    assert missing == []


def test_the_scan_sees_a_made_up_command() -> None:
    assert list(_named("run `kamgen frobnicate --now`")) == [("frobnicate",)]


def test_examples_in_help_are_real_commands() -> None:
    known = {" ".join(p) for p in commands()}
    for path in commands():
        out = CliRunner().invoke(cli, [*path, "--help"]).stdout
        for line in out.splitlines():
            words = line.strip().split()
            if words[:1] == ["kamgen"]:
                used = " ".join(w for w in words[1:3] if re.fullmatch(r"[a-z][a-z-]*", w))
                assert any(used.startswith(k) for k in known), (path, line)
