"""`kamgen docs [--check]`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kamgen.cli.common import resolve_root, root_option


@click.command()
@root_option
@click.option("--check", "check_only", is_flag=True, help="Fail if the page is stale.")
def docs(root: Path | None, check_only: bool) -> None:
    """Write (or check) docs/metrics.md: every formula and rule, with this portfolio's settings.

    \b
    Example:
      kamgen docs --check
    """
    from kamgen.base.errors import InvalidPortfolioError
    from kamgen.base.write import refuse_links, write_atomic
    from kamgen.check.reporters import finding_lines
    from kamgen.load.portfolio import FsSource, load_file
    from kamgen.load.root import CONFIG
    from kamgen.model import PortfolioConfig
    from kamgen.report.docs import PAGE, render

    portfolio_root = resolve_root(root)
    loaded, problems = load_file(FsSource(portfolio_root), CONFIG, "portfolio", None)
    config = loaded.model if loaded else None
    if not isinstance(config, PortfolioConfig):
        raise InvalidPortfolioError(
            "kamgen.yaml is invalid, so the page cannot be written",
            finding_lines(problems),
        )
    page = render(config) + "\n"
    target = portfolio_root / PAGE
    # Read only what kamgen could have written: not a link, not a file of any size.
    readable = target.is_file() and not target.is_symlink()
    readable = readable and target.stat().st_size <= 4 * len(page.encode()) + 4096
    current = target.read_text(encoding="utf-8") if readable else None
    if check_only:
        if current != page:
            click.echo(f"{PAGE}: out of date; run `kamgen docs`", err=True)
            sys.exit(1)
        return
    if current != page:
        refuse_links(portfolio_root, PAGE)
        write_atomic(target, page)
        click.echo(f"wrote {PAGE}")
