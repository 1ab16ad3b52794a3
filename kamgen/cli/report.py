"""`kamgen report`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kamgen.cli.common import (
    as_of_option,
    parse_as_of,
    parse_today,
    resolve_root,
    root_option,
    today_option,
)


@click.command()
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@root_option
@today_option
@as_of_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "markdown"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option("--account", metavar="ID", default=None, help="One account, with every why.")
def report(
    path: Path | None,
    root: Path | None,
    today: str | None,
    as_of: str | None,
    fmt: str,
    account: str | None,
) -> None:
    """Ranked portfolio: tier, score, health, coverage, freshness, owner, at-risk reasons.

    PATH is any folder inside the portfolio (default: the current folder).

    \b
    Examples:
      kamgen report --today 2026-11-30
      kamgen report --account kopje-mining
      kamgen report --format csv > portfolio.csv
      kamgen report --as-of 2026-06-30
    """
    from kamgen.report.build import Options, execute
    from kamgen.report.render import FORMATS

    portfolio_root = resolve_root(root, (path,) if path else ())
    day = parse_as_of(as_of, today)
    source = None
    if day is not None:
        from kamgen.history.asof import source_at

        source = source_at(portfolio_root, day)
    result = execute(Options(portfolio_root, day or parse_today(today), account, source))
    if fmt == "table" and account is None and sys.stdout.isatty():
        # A person at a terminal: a table that fits the window, in colour (kamgen.report.
        # terminal). Pipes, files and CI keep the plain table, byte for byte. rich is
        # imported only here, so validate, check and a piped report never load it.
        from kamgen.report.terminal import console, render

        render(result, console(sys.stdout))
        return
    click.echo(FORMATS[fmt](result))
