"""`kamgen whitespace set`: move one cell of an account's whitespace grid."""

from __future__ import annotations

from pathlib import Path

import click

from kamgen.cli.common import parse_today, resolve_root, root_option, today_option

# kamgen.model.whitespace.CellStatus, written out so that loading the CLI never loads the
# models (a cached `kamgen check` must stay light); tests/test_whitespace_set.py keeps the
# two equal.
STATUSES = ("adopted", "pursuing", "open", "won", "lost", "not_applicable")


@click.group()
def whitespace() -> None:
    """Keep an account's whitespace grid (their units against our offerings) current.

    \b
    Example:
      kamgen whitespace set kopje-mining "Head office" "Digital academy" --status pursuing
    """


@whitespace.command(name="set")
@click.argument("account", metavar="ID")
@click.argument("unit", metavar="UNIT")
@click.argument("offering", metavar="OFFERING")
@click.option("--status", type=click.Choice(STATUSES), required=True, help="The cell's status.")
@click.option("--value", metavar="AMOUNT", default=None, help="What the cell is worth a year.")
@click.option(
    "--owner",
    metavar="WHO",
    default=None,
    help="Team id (from kamgen.yaml's team) of the colleague pursuing it.",
)
@click.option(
    "--target-date", metavar="YYYY-MM-DD", default=None, help="When we expect to close it."
)
@root_option
@today_option
def set_cell(
    account: str,
    unit: str,
    offering: str,
    status: str,
    value: str | None,
    owner: str | None,
    target_date: str | None,
    root: Path | None,
    today: str | None,
) -> None:
    """Set the cell of UNIT and OFFERING in account ID's whitespace.yaml.

    UNIT and OFFERING are written as in the file's `units:` and `offerings:`. An existing
    cell keeps the fields you do not give; a missing one is added after the last cell.
    Only that cell's line changes. The edit is checked against the whole portfolio
    first: if it would add an error (an owner not in the team, say), the file is left
    untouched and the command exits with status 1.

    \b
    Example:
      kamgen whitespace set kopje-mining "Head office" "Digital academy" --status pursuing
      kamgen whitespace set kopje-mining "Harare region" Assessment --status pursuing \\
        --value 60000 --owner tnyathi --target-date 2027-09-30
    """
    # Imported here: every command's module loads at start, and a cached `kamgen check`
    # must not pay for the models (tests/test_cli.py).
    from kamgen.base.escape.terminal import printable
    from kamgen.edit.inputs import account_folder, date, slug
    from kamgen.edit.transaction import Target, edit
    from kamgen.edit.whitespace import CellChange, cell_set, money

    slug(account, "an account id")
    if owner is not None:
        slug(owner, "a team id")
    wanted = CellChange(
        unit=unit,
        offering=offering,
        status=status,
        value=money(value, "--value") if value is not None else None,
        owner=owner,
        target_date=date(target_date, "--target-date") if target_date is not None else None,
    )
    reference = parse_today(today)
    portfolio_root = resolve_root(root)
    folder = account_folder(portfolio_root, account)
    target = Target(portfolio_root, f"{folder}/whitespace.yaml", account, reference)
    cell = printable(f"{unit} × {offering}")
    if edit(target, cell_set(wanted, target.rel)):
        click.echo(f"{target.rel}: {cell} set to {status}")
    else:
        click.echo(f"{target.rel}: {cell} already reads so; nothing to change")
