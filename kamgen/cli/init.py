"""`kamgen init`: start a portfolio repository."""

from __future__ import annotations

from pathlib import Path

import click

from kamgen import __version__
from kamgen.cli.common import parse_today, today_option


@click.command()
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@today_option
def init(folder: Path, today: str | None) -> None:
    """Write a ready portfolio repository into DIR (new, or an empty folder).

    DIR gets kamgen.yaml with the method's defaults (scoring criteria and weights, tiers,
    review cadence, coverage, capacity), each explained; one example account; schema/
    for editors and .vscode/settings.json to use it; mkdocs.yml and site/ for the site;
    .github/workflows/ (pull-request check, site deploy, weekly check) and
    .pre-commit-config.yaml, which install this very kamgen version; a .gitignore; and a
    README telling the team how to add an account, record a review, attest a plan, open
    a pull request, read the check and find the site. A DIR that is not empty is refused
    (exit 2): init never overwrites a file.

    \b
    Example:
      kamgen init key-accounts
      cd key-accounts && git init && kamgen check
    """
    # Imported here: every command's module loads at start, and a cached `kamgen check`
    # must not pay for the models (tests/test_cli.py).
    from kamgen.base.escape.terminal import printable
    from kamgen.cli.workflows import render
    from kamgen.edit.init import create_portfolio

    reference = parse_today(today)
    workflows = render(f'"kamgen=={__version__}"')
    written = create_portfolio(folder, __version__, workflows, reference)
    # The folder is what the person typed: shown terminal-safe, as every message is.
    shown = printable(str(folder))
    click.echo(f"{shown}: a new portfolio, {len(written)} files written")
    click.echo(f"Next: cd {shown}, read README.md, then run kamgen check")
