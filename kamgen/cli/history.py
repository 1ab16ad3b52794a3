"""`kamgen history`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from kamgen.base.errors import UsageError
from kamgen.cli.common import resolve_root, root_option


@click.command()
@click.argument("account", required=False, metavar="[ACCOUNT]")
@root_option
@click.option("--since", metavar="YYYY-MM-DD", default=None, help="Only commits from that day on.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option("--no-cache", is_flag=True, help="Compute every point again.")
def history(
    account: str | None, root: Path | None, since: str | None, fmt: str, no_cache: bool
) -> None:
    """Metrics at each commit that changed kamgen.yaml or accounts/ (the first-parent history
    of the current branch), each computed with today = that commit's date. With ACCOUNT, that
    account's series, through renames of its folder; a commit at which one of its files was
    invalid is a gap, with the finding that made it one.

    \b
    Examples:
      kamgen history
      kamgen history kopje-mining --since 2026-01-01
      kamgen history --format json > history.json
    """
    from kamgen.history.render import to_csv, to_json, to_table
    from kamgen.history.series import history as compute

    day = None
    if since is not None:
        try:
            day = dt.date.fromisoformat(since)
        except ValueError:
            raise UsageError(f"--since must be a date written YYYY-MM-DD, not {since!r}") from None
    found = compute(resolve_root(root), day, account, use_cache=not no_cache)
    if account is not None and not found.points and account not in found.renames:
        raise UsageError(f"no commit holds an account `{account}`")
    if found.shallow and found.first is not None:
        click.echo(
            f"kamgen: a shallow clone: this history goes back to {found.first} only "
            "(`git fetch --unshallow` gives the rest)",
            err=True,
        )
    if fmt == "json":
        click.echo(to_json(found))
    elif fmt == "csv":
        click.echo(to_csv(found), nl=False)
    else:
        click.echo(to_table(found, account))
