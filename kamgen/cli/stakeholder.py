"""`kamgen stakeholder add` and `left`: keep an account's relationship map current."""

from __future__ import annotations

from pathlib import Path

import click

from kamgen.cli.common import parse_today, resolve_root, root_option, today_option

# The choices of kamgen.model.stakeholders, written out so that loading the CLI never loads
# the models (a cached `kamgen check` must stay light); tests/test_stakeholder_edit.py keeps
# them equal.
LEVELS = ("executive", "management", "operational")
BUYING_ROLES = ("decision_maker", "budget_holder", "influencer", "user", "gatekeeper")
SENTIMENTS = ("champion", "supporter", "neutral", "detractor", "unknown")


@click.group()
def stakeholder() -> None:
    """Add a person to an account's relationship map, or record that one has left.

    \b
    Example:
      kamgen stakeholder add kopje-mining coo --name "Rumbi Moyo" --level executive
      kamgen stakeholder left kopje-mining cfo --on 2026-11-20
    """


@stakeholder.command()
@click.argument("account", metavar="ID")
@click.argument("person", metavar="SID")
@click.option("--name", required=True, help="Their full name.")
@click.option("--title", default=None, help="Their job title.")
@click.option("--level", type=click.Choice(LEVELS), required=True, help="How senior they are.")
@click.option(
    "--buying-role",
    type=click.Choice(BUYING_ROLES),
    default=None,
    help="The part they play in buying from us.",
)
@click.option(
    "--sentiment",
    type=click.Choice(SENTIMENTS),
    default=None,
    help="How they see us (default in the file: unknown).",
)
@click.option(
    "--strength",
    type=click.IntRange(0, 5),
    default=None,
    help="How strong our relationship is, 0 to 5.",
)
@click.option(
    "--our-contact",
    metavar="WHO",
    default=None,
    help="Team id (from kamgen.yaml's team) of the colleague who knows them best.",
)
@click.option(
    "--last-contact", metavar="YYYY-MM-DD", default=None, help="When we last spoke to them."
)
@click.option(
    "--reports-to", metavar="SID", default=None, help="The stakeholder id of their manager."
)
@root_option
@today_option
def add(
    account: str,
    person: str,
    name: str,
    title: str | None,
    level: str,
    buying_role: str | None,
    sentiment: str | None,
    strength: int | None,
    our_contact: str | None,
    last_contact: str | None,
    reports_to: str | None,
    root: Path | None,
    today: str | None,
) -> None:
    """Add stakeholder SID to account ID's stakeholders.yaml.

    The new person is one more entry after the last one, written in the style of the
    entries already there; no other line changes. The edit is checked against the whole
    portfolio first: if --our-contact is not in the team or --reports-to is not a
    stakeholder, the file is left untouched and the command exits with status 1.

    \b
    Example:
      kamgen stakeholder add kopje-mining coo --name "Rumbi Moyo" --level executive
      kamgen stakeholder add kopje-mining coo --name "Rumbi Moyo" --level executive \\
        --title "Chief Operating Officer" --buying-role budget_holder \\
        --sentiment neutral --strength 2 --our-contact tnyathi --reports-to ceo
    """
    # Imported here: every command's module loads at start, and a cached `kamgen check`
    # must not pay for the models (tests/test_cli.py).
    from kamgen.base.errors import UsageError
    from kamgen.edit.entries import one_line
    from kamgen.edit.inputs import account_folder, date, slug
    from kamgen.edit.stakeholder import Person, added
    from kamgen.edit.transaction import Target, edit

    slug(account, "an account id")
    slug(person, "a stakeholder id")
    if our_contact is not None:
        slug(our_contact, "a team id")
    if reports_to is not None:
        slug(reports_to, "a stakeholder id")
    new = Person(
        id=person,
        name=one_line(name, "--name"),
        level=level,
        title=one_line(title, "--title") if title is not None else None,
        buying_role=buying_role,
        sentiment=sentiment,
        strength=strength,
        our_contact=our_contact,
        last_contact=date(last_contact, "--last-contact") if last_contact is not None else None,
        reports_to=reports_to,
    )
    reference = parse_today(today)
    if new.last_contact is not None and new.last_contact > reference:
        raise UsageError(
            f"--last-contact {new.last_contact} is after today ({reference}); "
            "it is the day we last spoke to them"
        )
    portfolio_root = resolve_root(root)
    folder = account_folder(portfolio_root, account)
    target = Target(portfolio_root, f"{folder}/stakeholders.yaml", account, reference)
    edit(target, added(new, target.rel))  # a twin is refused, so there is always a change
    click.echo(f"{target.rel}: stakeholder {person} added")


@stakeholder.command()
@click.argument("account", metavar="ID")
@click.argument("person", metavar="SID")
@click.option(
    "--on",
    "on",
    metavar="YYYY-MM-DD",
    default=None,
    help="The day they left. Checked, but not written: stakeholders.yaml has no field for it.",
)
@root_option
@today_option
def left(account: str, person: str, on: str | None, root: Path | None, today: str | None) -> None:
    """Record that stakeholder SID has left account ID: set `status: left` on them.

    A champion who left is a relationship the account has lost, and `kamgen check` says
    so. Only that stakeholder's line changes; every other line, comment and blank line
    stays as it is.

    \b
    Example:
      kamgen stakeholder left kopje-mining cfo
    """
    from kamgen.base.errors import UsageError
    from kamgen.edit.inputs import account_folder, date, slug
    from kamgen.edit.stakeholder import left as mark_left
    from kamgen.edit.transaction import Target, edit

    slug(account, "an account id")
    slug(person, "a stakeholder id")
    reference = parse_today(today)
    when = date(on, "--on") if on is not None else None
    if when is not None and when > reference:
        raise UsageError(f"--on {when} is after today ({reference}); a person leaves in the past")
    portfolio_root = resolve_root(root)
    folder = account_folder(portfolio_root, account)
    target = Target(portfolio_root, f"{folder}/stakeholders.yaml", account, reference)
    # The model has no field for the day someone left, so --on is checked but not written;
    # the line says so rather than let a person believe it was recorded.
    unrecorded = f" (on {when}: not recorded, the file has no field for it)" if when else ""
    if edit(target, mark_left(person, target.rel)):
        click.echo(f"{target.rel}: stakeholder {person} marked as left{unrecorded}")
    else:
        click.echo(
            f"{target.rel}: stakeholder {person} is already marked as left; nothing to change"
        )
