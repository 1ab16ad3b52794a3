"""`kamgen diff BASE`."""

from __future__ import annotations

from pathlib import Path

import click

from kamgen.cli.common import parse_today, resolve_root, root_option, today_option


@click.command()
@click.argument("base")
@root_option
@today_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="Output format.",
)
def diff(base: str, root: Path | None, today: str | None, fmt: str) -> None:
    """What changed in every metric between git revision BASE and the working tree.

    \b
    Example:
      kamgen diff origin/main >> "$GITHUB_STEP_SUMMARY"
    """
    from kamgen.report.diff import execute
    from kamgen.report.diff_render import FORMATS

    result = execute(resolve_root(root), base, parse_today(today))
    click.echo(FORMATS[fmt](result), nl=fmt != "markdown")
