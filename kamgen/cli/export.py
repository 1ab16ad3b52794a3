"""`kamgen export mutual-plan`: documents made from the portfolio for people outside the team."""

from __future__ import annotations

from pathlib import Path

import click

from kamgen.base.escape.terminal import printable
from kamgen.cli.common import parse_today, resolve_root, root_option, today_option

HTML_SUFFIXES = (".html", ".htm")


@click.group(name="export")
def export_group() -> None:
    """Write documents for people outside the team, such as the plan shared with a customer.

    \b
    Example:
      kamgen export mutual-plan kopje-mining --format html --output kopje-plan.html
    """


@export_group.command("mutual-plan")
@click.argument("account", metavar="ID")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html"]),
    default=None,
    help="md (Markdown) or html (one page that needs nothing else to open). "
    "Default: html when --output ends in .html, else md.",
)
@click.option(
    "--output",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the document to FILE (replaced whole, never half-written) instead of printing it.",
)
@root_option
@today_option
def mutual_plan(
    account: str, fmt: str | None, output: Path | None, root: Path | None, today: str | None
) -> None:
    """The plan of account ID that the team shares with the customer.

    It lists the actions marked `shared: true` in plan.yaml, by due date, each with the
    objective it serves, its owner on our side and at the customer (`customer_owner`), and
    its status. Nothing else of the plan is in it: no scores, health, sentiment, risks,
    SWOT, competitors, amounts or notes, and nothing of another account. A field the plan
    lists under `confidential:` reads "withheld".

    Exits 2 for an unknown or churned account, or one that shares no action, and 1 when
    the account's plan.yaml or stakeholders.yaml has errors (they are listed).

    \b
    Examples:
      kamgen export mutual-plan kopje-mining
      kamgen export mutual-plan kopje-mining --output kopje-plan.html --today 2026-11-30
    """
    # Imported here: every command's module loads at start, and a cached `kamgen check`
    # must not pay for the models (tests/test_cli.py).
    from kamgen.report.mutual import Options, execute

    chosen = fmt or ("html" if output and output.suffix.lower() in HTML_SUFFIXES else "md")
    options = Options(
        root=resolve_root(root),
        account=account,
        today=parse_today(today),
        format="html" if chosen == "html" else "md",
        output=output,
    )
    outcome = execute(options)
    if outcome.written is None:
        click.echo(outcome.text, nl=False)
    else:
        actions = f"{outcome.shared} shared action" + ("s" if outcome.shared != 1 else "")
        where = printable(str(outcome.written))  # typed by a person, shown on a terminal
        click.echo(f"{where}: the mutual plan of {account}, with {actions}")
