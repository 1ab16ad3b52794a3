"""`kamgen contract renew` and `lost`: record the outcome of a contract's renewal."""

from __future__ import annotations

from pathlib import Path

import click

from kamgen.cli.common import parse_today, resolve_root, root_option, today_option


@click.group(name="contract")
def contract_group() -> None:
    """Record the outcome of a contract's renewal in an account's plan.

    \b
    Example:
      kamgen contract renew kopje-mining msa-2024 --end 2030-02-28
      kamgen contract lost harbourline-logistics framework-2025
    """


@contract_group.command()
@click.argument("account", metavar="ID")
@click.argument("contract", metavar="CID")
@click.option(
    "--end", metavar="YYYY-MM-DD", required=True, help="The day the renewed contract ends."
)
@click.option(
    "--value",
    metavar="AMOUNT",
    default=None,
    help="Its value per year from now on, if the renewal changed it.",
)
@click.option(
    "--notice-days",
    type=click.IntRange(0, 3650),
    default=None,
    help="Days of notice before the new end, if the renewal changed them.",
)
@root_option
@today_option
def renew(
    account: str,
    contract: str,
    end: str,
    value: str | None,
    notice_days: int | None,
    root: Path | None,
    today: str | None,
) -> None:
    """Record that contract CID of account ID was renewed until --end.

    The contract's `end` moves to the new date and its `renewal` goes back to `open` (a
    renewal that was at risk included): `renewal:` records the next decision, the one at
    the new end. Marked `renewed` instead, the contract would leave the renewal calendar
    and the renewal-due and contract-lapsed checks, and its next end would come as a
    surprise. `start` is left as it is; --value and --notice-days replace theirs when
    given. Only that contract's line changes; the commit records what was renewed.

    --end must be after the contract's current end, and not before today. The edit is
    checked against the whole portfolio first: if it would add an error, the file is left
    untouched and the command exits with status 1.

    \b
    Example:
      kamgen contract renew kopje-mining msa-2024 --end 2030-02-28
      kamgen contract renew kopje-mining msa-2024 --end 2030-02-28 --value 650000 \\
        --notice-days 90
    """
    # Imported here: every command's module loads at start, and a cached `kamgen check`
    # must not pay for the models (tests/test_cli.py).
    from kamgen.base.errors import UsageError
    from kamgen.edit.contract import Renewal, renewed
    from kamgen.edit.inputs import account_folder, date, slug
    from kamgen.edit.transaction import Target, edit
    from kamgen.edit.whitespace import money

    slug(account, "an account id")
    slug(contract, "a contract id")
    wanted = Renewal(
        contract=contract,
        end=date(end, "--end"),
        value=money(value, "--value") if value is not None else None,
        notice_days=notice_days,
    )
    reference = parse_today(today)
    if wanted.end < reference:
        raise UsageError(
            f"--end {wanted.end} is before today ({reference}): a contract renewed until "
            "then would have lapsed already"
        )
    portfolio_root = resolve_root(root)
    folder = account_folder(portfolio_root, account)
    target = Target(portfolio_root, f"{folder}/plan.yaml", account, reference)
    edit(target, renewed(wanted, target.rel))  # the end always moves, so there is a change
    click.echo(
        f"{target.rel}: contract {contract} renewed until {wanted.end}; "
        "its renewal is open again, for the decision at the new end"
    )


@contract_group.command()
@click.argument("account", metavar="ID")
@click.argument("contract", metavar="CID")
@root_option
@today_option
def lost(account: str, contract: str, root: Path | None, today: str | None) -> None:
    """Record that the customer will not renew contract CID of account ID: `renewal: lost`.

    A lost contract leaves the renewal calendar and the renewal checks. Only that
    contract's line changes; every other line, comment and blank line stays as it is.

    \b
    Example:
      kamgen contract lost harbourline-logistics framework-2025
    """
    from kamgen.edit.contract import lost as mark_lost
    from kamgen.edit.inputs import account_folder, slug
    from kamgen.edit.transaction import Target, edit

    slug(account, "an account id")
    slug(contract, "a contract id")
    reference = parse_today(today)
    portfolio_root = resolve_root(root)
    folder = account_folder(portfolio_root, account)
    target = Target(portfolio_root, f"{folder}/plan.yaml", account, reference)
    if edit(target, mark_lost(contract, target.rel)):
        click.echo(f"{target.rel}: contract {contract} recorded as lost")
    else:
        click.echo(
            f"{target.rel}: contract {contract} is already recorded as lost; nothing to change"
        )
