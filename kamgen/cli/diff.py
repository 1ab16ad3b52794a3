"""`kamgen diff BASE`."""

from __future__ import annotations

from pathlib import Path

import click

from kamgen.cli.common import parse_today, resolve_root, root_option, today_option
from kamgen.load import cache
from kamgen.load.git import resolve


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
@click.option("--no-cache", is_flag=True, help="Ignore the result cache.")
def diff(base: str, root: Path | None, today: str | None, fmt: str, no_cache: bool) -> None:
    """What changed in every metric between git revision BASE and the working tree.

    \b
    Example:
      kamgen diff origin/main >> "$GITHUB_STEP_SUMMARY"
    """
    portfolio_root = resolve_root(root)
    day = parse_today(today)
    # A result is kept, as check's are, under everything it depends on: BASE's commit id
    # (its content never changes), the working tree's files, the date, the format and
    # kamgen's code. A hit is answered without importing the models.
    key = None
    if not no_cache:
        commit = resolve(portfolio_root, base)
        key = cache.key(portfolio_root, "diff", f"{commit} {day} {fmt}")
        kept = cache.get_text(portfolio_root, "diff", key)
        if kept is not None:
            click.echo(kept, nl=fmt != "markdown")
            return
    from kamgen.report.diff import execute
    from kamgen.report.diff_render import FORMATS

    text = FORMATS[fmt](execute(portfolio_root, base, day))
    if key is not None:
        cache.put_text(portfolio_root, "diff", key, text)
    click.echo(text, nl=fmt != "markdown")
