"""`kamgen migrate`: move the portfolio's files to the current `schema_version`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from kamgen.base.escape.terminal import printable
from kamgen.cli.common import parse_today, resolve_root, root_option, today_option

if TYPE_CHECKING:
    from kamgen.edit.migrate import Migration


def _files(count: int) -> str:
    return f"{count} file" + ("" if count == 1 else "s")


@click.command()
@click.option(
    "--write",
    is_flag=True,
    help="Write the migrated files (default: only show the diff of what would change).",
)
@root_option
@today_option
def migrate(write: bool, root: Path | None, today: str | None) -> None:
    """Move every file of the portfolio to the current schema_version.

    Without --write nothing is written: the diff of each file that would change is shown.
    With --write the migrated portfolio is validated in memory first, and the files are
    written only if that adds no error; otherwise none is. A file whose schema_version is
    missing, unknown or newer than this kamgen reads is reported, and the command exits
    with status 1. Comments, key order and layout of every file stay as they are.

    \b
    Example:
      kamgen migrate
      kamgen migrate --write
    """
    # Imported here: every command's module loads at start, and a cached `kamgen check`
    # must not pay for the models (tests/test_cli.py).
    from kamgen.check.reporters import finding_lines
    from kamgen.edit.migrate import CURRENT, survey
    from kamgen.edit.migrate import write as write_files
    from kamgen.edit.transaction import EditRefused

    portfolio_root = resolve_root(root)
    found = survey(portfolio_root)
    total, moving = len(found.files), len(found.changes)
    if found.problems:
        if not write:
            _show(found)
        count = _files(len({f.file for f in found.problems}))
        raise EditRefused(
            f"{count} cannot be migrated (above)" + ("; no file was written" if write else ""),
            finding_lines(found.problems),
        )
    if not found.changes:
        every = f"all {total} files are" if total != 1 else "the 1 file is"
        click.echo(f"{every} at schema_version {CURRENT}: nothing to migrate")
        return
    if not write:
        _show(found)
        click.echo(
            f"{moving} of {_files(total)} would move to schema_version {CURRENT}; "
            "nothing was written: run `kamgen migrate --write` to write them"
        )
        return
    write_files(portfolio_root, found, parse_today(today))
    for change in found.changes:
        # A review's file name is any name ending in .yaml: escaped like every path.
        click.echo(printable(f"{change.file.rel}: schema_version {change.version} -> {CURRENT}"))
    click.echo(f"migrated {moving} of {_files(total)} to schema_version {CURRENT}")


def _show(found: Migration) -> None:
    from kamgen.edit.migrate import diff_lines

    for change in found.changes:
        for line in diff_lines(change):
            click.echo(line)
