"""`kamgen action done`: record that an action of an account's plan is done."""

from __future__ import annotations

from pathlib import Path

import click

from kamgen.cli.common import parse_today, resolve_root, root_option, today_option


@click.group()
def action() -> None:
    """Keep the actions of an account's plan current.

    \b
    Example:
      kamgen action done kopje-mining cfo-workshop
    """


@action.command()
@click.argument("account", metavar="ID")
@click.argument("action_id", metavar="AID")
@root_option
@today_option
def done(account: str, action_id: str, root: Path | None, today: str | None) -> None:
    """Mark action AID of account ID's plan as done: set its `status: done` in plan.yaml.

    Only that action's line changes; every other line, comment and blank line stays as it
    is. The edit is checked against the whole portfolio first: if it would add an error,
    the file is left untouched and the command exits with status 1.

    \b
    Example:
      kamgen action done kopje-mining cfo-workshop
    """
    # Imported here: every command's module loads at start, and a cached `kamgen check`
    # must not pay for the models (tests/test_cli.py).
    from kamgen.edit.action import done as mark_done
    from kamgen.edit.inputs import account_folder, slug
    from kamgen.edit.transaction import Target, edit

    slug(account, "an account id")
    slug(action_id, "an action id")
    reference = parse_today(today)
    portfolio_root = resolve_root(root)
    folder = account_folder(portfolio_root, account)
    target = Target(portfolio_root, f"{folder}/plan.yaml", account, reference)
    if edit(target, mark_done(action_id, target.rel)):
        click.echo(f"{target.rel}: action {action_id} marked done")
    else:
        click.echo(f"{target.rel}: action {action_id} is already done; nothing to change")
