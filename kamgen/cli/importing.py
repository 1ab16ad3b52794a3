"""`kamgen import accounts`, `stakeholders` and `opportunities`: start from a spreadsheet or
a CRM export instead of typing every account, person and opportunity."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from kamgen.cli.common import parse_today, resolve_root, root_option, today_option

if TYPE_CHECKING:
    from kamgen.edit.importing import Outcome

WRITE_HELP = "Write the files. Without it, nothing is written: the command says what it would do."


@click.group("import")
def import_group() -> None:
    """Import accounts, stakeholders or opportunities from a CSV file (a spreadsheet or a
    CRM export).

    A dry run unless --write is given. Rows that cannot be imported are listed on stderr as
    "row N: reason", numbered as the spreadsheet numbers them (the header is row 1).

    \b
    Example:
      kamgen import accounts accounts.csv
      kamgen import stakeholders kopje-mining contacts.csv --write
      kamgen import opportunities salesforce-opportunities.csv --write
    """


@import_group.command()
@click.argument("csv_file", metavar="FILE")
@click.option("--write", is_flag=True, help=WRITE_HELP)
@root_option
@today_option
def accounts(csv_file: str, write: bool, root: Path | None, today: str | None) -> None:
    """Create one account folder per row of FILE, as `kamgen new` creates it.

    Columns, matched whatever their case or spacing: name, tier (1, 2 or 3) and owner are
    required; id (made from the name when absent: "Acme Mining" becomes acme-mining), kind
    (existing or emerging), industry, region and currency are optional. A Salesforce
    account export's names are recognised too: Account Name, Industry, Billing Country
    (the region) and Account Owner (a team member's id or name in kamgen.yaml). An account
    that already exists is left as it is; other columns are ignored, and listed.

    \b
    Example:
      kamgen import accounts accounts.csv
      kamgen import accounts accounts.csv --write --today 2026-11-30
    """
    # Imported here: every command's module loads at start, and a cached `kamgen check`
    # must not pay for the models (tests/test_cli.py).
    from kamgen.edit.importing import import_accounts

    path = _csv_path(csv_file)
    reference = parse_today(today)
    outcome = import_accounts(resolve_root(root), path, reference, write)
    _report(outcome, write, "accounts")


@import_group.command()
@click.argument("arguments", nargs=-1, metavar="[ACCOUNT-ID] FILE")
@click.option("--write", is_flag=True, help=WRITE_HELP)
@root_option
@today_option
def stakeholders(
    arguments: tuple[str, ...], write: bool, root: Path | None, today: str | None
) -> None:
    """Add one stakeholder per row of FILE, a contacts export, to stakeholders.yaml.

    With ACCOUNT-ID every row goes to that account; without it, each row's Account Name
    (or account) column names its account, by id or by the plan's name. The columns of a
    Salesforce contact export are recognised: FirstName and LastName (or Name), Title, and
    Department (the stakeholder's function); Email, Phone, Id and the rest are ignored,
    since stakeholders.yaml has no field for them. The stakeholder's id is made from their
    name (Rudo Chikore becomes rudo-chikore), and a person already in the file by name is
    not added twice.

    The level is guessed from the title: chief, CxO, president, VP, founder, partner,
    managing or executive director are executive; analyst, specialist, engineer,
    coordinator, administrator, assistant, associate, technician, representative, clerk,
    buyer, agent, operator and officer are operational; any other title (a director, a
    manager, a head of) is management. A level column overrides the guess. Sentiment is
    left unknown. Review both before you commit.

    \b
    Example:
      kamgen import stakeholders kopje-mining contacts.csv
      kamgen import stakeholders salesforce-contacts.csv --write
    """
    from kamgen.edit.importing import import_stakeholders

    account, path = _account_and_file(arguments)
    reference = parse_today(today)
    outcome = import_stakeholders(resolve_root(root), path, account, reference, write)
    _report(outcome, write, "stakeholders")
    if outcome.imported:
        click.echo(
            "Levels are guessed from job titles and sentiment is left unknown: "
            "review both in the file before you commit."
        )


@import_group.command()
@click.argument("arguments", nargs=-1, metavar="[ACCOUNT-ID] FILE")
@click.option("--write", is_flag=True, help=WRITE_HELP)
@root_option
@today_option
def opportunities(
    arguments: tuple[str, ...], write: bool, root: Path | None, today: str | None
) -> None:
    """Bring the pipeline of FILE, an opportunities export, into plan.yaml's `opportunities:`.

    The columns of a Salesforce opportunity export are read: Name, Amount, StageName,
    Probability (a percentage, 0 to 100), CloseDate (YYYY-MM-DD) and Id. StageName Closed
    Won is won, Closed Lost is lost, any other stage open; IsClosed and IsWon, when the
    export has them, decide instead, whatever the team calls its stages. An Amount must be
    in the account's currency: a CurrencyIsoCode that says otherwise leaves the row out.

    With ACCOUNT-ID every row goes to that account. Without it, a row's AccountId is
    matched with a plan's `crm_id`, else its Account Name with an account's id or plan name.

    The Id is kept as the opportunity's `crm_id`, so importing the next export updates each
    opportunity instead of adding it again: the one with that `crm_id` (Salesforce's 15 and
    18 character forms of an id are the same id), else one of the same name that has no
    `crm_id` yet. An update changes only the name, amount, stage, probability and close
    date that differ; unit, offering and objective are yours and stay as they are. A new
    opportunity's id is made from its name (Pilot cohort becomes pilot-cohort), unique
    in the plan.

    \b
    Example:
      kamgen import opportunities salesforce-opportunities.csv
      kamgen import opportunities kopje-mining pipeline.csv --write
    """
    from kamgen.edit.opportunities import import_opportunities

    account, path = _account_and_file(arguments)
    reference = parse_today(today)
    outcome = import_opportunities(resolve_root(root), path, account, reference, write)
    _report(outcome, write, "opportunities")


def _account_and_file(arguments: tuple[str, ...]) -> tuple[str | None, Path]:
    """`[ACCOUNT-ID] FILE`: the account every row goes to, if given, and the CSV's path."""
    from kamgen.edit.inputs import slug

    if len(arguments) not in (1, 2):
        raise click.UsageError("give FILE, or ACCOUNT-ID and then FILE")
    account, csv_file = (None, *arguments) if len(arguments) == 1 else arguments
    if account is not None:
        slug(account, "an account id")
    return account, _csv_path(csv_file)


def _csv_path(value: str) -> Path:
    from kamgen.base.errors import UsageError
    from kamgen.base.hints import shown

    path = Path(value)
    if not path.is_file():
        raise UsageError(f"{shown(value, 70)} is not a file")
    return path


def _report(outcome: Outcome, write: bool, what: str) -> None:
    """What was (or would be) written on stdout; the rows left out on stderr; exit 1 when
    nothing at all could be imported."""
    from kamgen.base.escape.terminal import printable
    from kamgen.edit.transaction import EditRefused

    verb = "wrote" if write else "would write"
    for planned in outcome.files:
        if planned.new:  # a new file of a new account: one line says what it is
            click.echo(printable(f"{verb} {planned.rel}: {planned.adds[0]}"))
            continue
        sections = [("adding", planned.adds), ("updating", planned.updates)]
        first = True
        for doing, lines in sections:
            if not lines:
                continue
            click.echo(f"{verb} {planned.rel}, {doing}:" if first else f"and {doing}:")
            first = False
            for line in lines:
                click.echo(printable(f"  {line}"))
    if outcome.ignored:
        columns = ", ".join(outcome.ignored)
        click.echo(printable(f"ignored columns (no field for them): {columns}"))
    for skipped in outcome.skipped:
        click.echo(printable(f"row {skipped.row}: {skipped.reason}"), err=True)
    rows = outcome.imported + outcome.unchanged + len(outcome.skipped)
    left_out = f"; {len(outcome.skipped)} left out (listed above)" if outcome.skipped else ""
    if not outcome.imported and not outcome.unchanged:
        raise EditRefused(f"no {what} could be imported from {rows} row(s){left_out}", [])
    done = "imported" if write else "to import"
    # Rows already in the files count as done: importing the same export again is a sync.
    same = f", {outcome.unchanged} already up to date" if outcome.unchanged else ""
    click.echo(f"{outcome.imported} of {rows} row(s) {done}{same}{left_out}.")
    if not write and outcome.files:
        click.echo("Dry run: nothing was written. Run again with --write to write these files.")
