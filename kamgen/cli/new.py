"""`kamgen new`: start the folder of a new key account."""

from __future__ import annotations

from pathlib import Path

import click

from kamgen.cli.common import parse_today, resolve_root, root_option, today_option


@click.command()
@click.argument("account", metavar="ID")
@click.option(
    "--name", required=True, metavar="NAME", help="The customer's name, as they write it."
)
@click.option(
    "--tier",
    type=click.IntRange(1, 3),
    required=True,
    help="Declared tier: 1 (dedicated manager, executive sponsor), 2 or 3.",
)
@click.option(
    "--owner",
    required=True,
    metavar="WHO",
    help="Team id (from kamgen.yaml's team) of the key account manager.",
)
@click.option(
    "--kind",
    type=click.Choice(["existing", "emerging"]),
    default="existing",
    show_default=True,
    help="existing: a customer today; emerging: small today, with high potential.",
)
@click.option(
    "--since",
    metavar="YYYY-MM-DD",
    default=None,
    help="When it became a key account; retention counts it from that day "
    "(default: left as a question in plan.yaml).",
)
@root_option
@today_option
def new(
    account: str,
    name: str,
    tier: int,
    owner: str,
    kind: str,
    since: str | None,
    root: Path | None,
    today: str | None,
) -> None:
    """Write accounts/ID/ (plan.yaml, stakeholders.yaml, whitespace.yaml) for a new account.

    Each file is valid as written and holds, as comments, the questions a good plan
    answers: the customer's priorities, pressures and initiatives, needs of four kinds,
    competitors, objectives with revenue targets, actions, the relationship map and the
    whitespace grid. Every criterion of kamgen.yaml gets a score of 3 to replace, and the
    plan counts as reviewed today by its owner. ID is lowercase letters, digits and
    hyphens; an existing account is never overwritten (exit 2), and if the files would not
    validate (an owner not in the team, say) nothing is written (exit 1).

    The plan also asks when the account became a key account (--since writes the answer)
    and, as comments, holds its lifecycle: status active, or churned with churned_on the
    day it was lost. A lost account keeps its folder, so that churn counts it.

    \b
    Example:
      kamgen new acme-mining --name "Acme Mining Ltd" --tier 1 --owner tnyathi
      kamgen new acme-mining --name "Acme Mining Ltd" --tier 1 --owner tnyathi --since 2024-03-01
      kamgen new sable-analytics --name "Sable Analytics" --tier 3 --owner spatel --kind emerging
    """
    # Imported here: every command's module loads at start, and a cached `kamgen check`
    # must not pay for the models (tests/test_cli.py).
    from kamgen.edit.inputs import slug
    from kamgen.edit.new import Kind, NewAccount, checked_name, checked_since, create_account

    slug(account, "an account id")
    slug(owner, "a team id")
    chosen: Kind = "emerging" if kind == "emerging" else "existing"
    reference = parse_today(today)
    became = checked_since(since, reference) if since is not None else None
    portfolio_root = resolve_root(root)
    new_account = NewAccount(account, checked_name(name), tier, owner, chosen, became)
    written = create_account(portfolio_root, new_account, reference)
    for rel in written:
        click.echo(f"wrote {rel}")
    click.echo(f"accounts/{account}: answer the questions in its files, then run kamgen validate")
