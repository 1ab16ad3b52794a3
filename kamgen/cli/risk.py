"""`kamgen risk add` and `close`: keep an account's risk register current."""

from __future__ import annotations

from pathlib import Path

import click

from kamgen.cli.common import parse_today, resolve_root, root_option, today_option


@click.group(name="risk")
def risk_group() -> None:
    """Add a risk to an account's risk register, or close one.

    \b
    Example:
      kamgen risk add kopje-mining --id smelter-delay --title "Smelter delay cuts budgets" \\
        --severity 4 --likelihood 2
      kamgen risk close kopje-mining fx-budget
    """


@risk_group.command()
@click.argument("account", metavar="ID")
@click.option("--id", "risk", metavar="RID", required=True, help="A short id for the risk.")
@click.option("--title", required=True, help="What could go wrong, in one line.")
@click.option(
    "--severity",
    type=click.IntRange(1, 5),
    required=True,
    help="How bad it would be, 1 (minor) to 5 (we lose the account).",
)
@click.option(
    "--likelihood",
    type=click.IntRange(1, 5),
    required=True,
    help="How likely it is, 1 (rare) to 5 (expected).",
)
@click.option(
    "--owner",
    metavar="WHO",
    default=None,
    help="Team id (from kamgen.yaml's team) of the colleague who watches it.",
)
@click.option(
    "--review-by", metavar="YYYY-MM-DD", default=None, help="When it must be looked at again."
)
@click.option(
    "--mitigation",
    "mitigations",
    metavar="AID",
    multiple=True,
    help="An action of the plan that reduces it; repeat for several.",
)
@root_option
@today_option
def add(
    account: str,
    risk: str,
    title: str,
    severity: int,
    likelihood: int,
    owner: str | None,
    review_by: str | None,
    mitigations: tuple[str, ...],
    root: Path | None,
    today: str | None,
) -> None:
    """Add risk --id to the risk register of account ID (`risks:` in plan.yaml).

    The risk is written open, raised today, as one more entry after the last risk in the
    style of the entries already there; a plan without a register gets `risks:` in its
    place in the file format, after any contracts and opportunities. No other line
    changes. An id already in the register, or a --mitigation that is not an action of the
    plan, is refused (status 2). The edit is checked against the whole portfolio first: if
    --owner is not in the team, the file is left untouched and the command exits with
    status 1.

    \b
    Example:
      kamgen risk add kopje-mining --id smelter-delay --title "Smelter delay cuts budgets" \\
        --severity 4 --likelihood 2 --owner tnyathi --review-by 2027-01-31 \\
        --mitigation cfo-workshop
    """
    # Imported here: every command's module loads at start, and a cached `kamgen check`
    # must not pay for the models (tests/test_cli.py).
    from kamgen.base.errors import UsageError
    from kamgen.edit.entries import one_line
    from kamgen.edit.inputs import account_folder, date, slug
    from kamgen.edit.risk import NewRisk, added
    from kamgen.edit.transaction import Target, edit

    slug(account, "an account id")
    slug(risk, "a risk id")
    if owner is not None:
        slug(owner, "a team id")
    for action in mitigations:
        slug(action, "an action id")
    reference = parse_today(today)
    new = NewRisk(
        id=risk,
        title=one_line(title, "--title"),
        severity=severity,
        likelihood=likelihood,
        raised_on=reference,
        owner=owner,
        review_by=date(review_by, "--review-by") if review_by is not None else None,
        mitigations=tuple(dict.fromkeys(mitigations)),  # each once, in the order given
    )
    if new.review_by is not None and new.review_by < reference:
        raise UsageError(
            f"--review-by {new.review_by} is before today ({reference}); "
            "it is the day the risk must be looked at again"
        )
    portfolio_root = resolve_root(root)
    folder = account_folder(portfolio_root, account)
    target = Target(portfolio_root, f"{folder}/plan.yaml", account, reference)
    edit(target, added(new, target.rel))  # a twin is refused, so there is always a change
    click.echo(f"{target.rel}: risk {risk} added")


@risk_group.command()
@click.argument("account", metavar="ID")
@click.argument("risk", metavar="RID")
@root_option
@today_option
def close(account: str, risk: str, root: Path | None, today: str | None) -> None:
    """Close risk RID of account ID: set its `status: closed` in plan.yaml.

    A closed risk no longer counts in the account's risk exposure or health. Only that
    risk's line changes; every other line, comment and blank line stays as it is.

    \b
    Example:
      kamgen risk close kopje-mining fx-budget
    """
    from kamgen.edit.inputs import account_folder, slug
    from kamgen.edit.risk import closed
    from kamgen.edit.transaction import Target, edit

    slug(account, "an account id")
    slug(risk, "a risk id")
    reference = parse_today(today)
    portfolio_root = resolve_root(root)
    folder = account_folder(portfolio_root, account)
    target = Target(portfolio_root, f"{folder}/plan.yaml", account, reference)
    if edit(target, closed(risk, target.rel)):
        click.echo(f"{target.rel}: risk {risk} closed")
    else:
        click.echo(f"{target.rel}: risk {risk} is already closed; nothing to change")
