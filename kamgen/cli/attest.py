"""`kamgen attest`: record that a person reviewed a plan and found it still true."""

from __future__ import annotations

from pathlib import Path

import click

from kamgen.cli.common import parse_today, resolve_root, root_option, today_option


@click.command()
@click.argument("account", metavar="ID")
@click.option(
    "--by",
    "by",
    required=True,
    metavar="WHO",
    help="Team id (from kamgen.yaml's team) of the person who reviewed the plan.",
)
@click.option(
    "--on",
    "on",
    metavar="YYYY-MM-DD",
    default=None,
    help="The day the plan was reviewed (default: today).",
)
@root_option
@today_option
def attest(account: str, by: str, on: str | None, root: Path | None, today: str | None) -> None:
    """Attest that account ID's plan is still true: set `reviewed:` in its plan.yaml.

    Only the `reviewed:` line changes (it is added at the end of the plan if missing);
    every other line, comment and blank line stays as it is. The edit is checked against
    the whole portfolio first: if WHO is not in the team or the date is after today, the
    file is left untouched and the command exits with status 1.

    \b
    Example:
      kamgen attest kopje-mining --by tnyathi
      kamgen attest kopje-mining --by tnyathi --on 2026-11-28
    """
    # Imported here: every command's module loads at start, and a cached `kamgen check`
    # must not pay for the models (tests/test_cli.py).
    from kamgen.edit.attest import attestation
    from kamgen.edit.inputs import account_folder, date, slug
    from kamgen.edit.transaction import Target, edit

    slug(account, "an account id")
    slug(by, "a team id")
    reference = parse_today(today)
    when = date(on, "--on") if on is not None else reference
    portfolio_root = resolve_root(root)
    folder = account_folder(portfolio_root, account)
    target = Target(portfolio_root, f"{folder}/plan.yaml", account, reference)
    if edit(target, attestation(when, by)):
        click.echo(f"{target.rel}: plan attested on {when} by {by}")
    else:
        click.echo(f"{target.rel}: already attested on {when} by {by}; nothing to change")
