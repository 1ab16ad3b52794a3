"""`kamgen review add`: start the file of a review held with a customer."""

from __future__ import annotations

from pathlib import Path

import click

from kamgen.cli.common import parse_today, resolve_root, root_option, today_option

# kamgen.model.review.REVIEW_KINDS, written out so that loading the CLI never loads the models
# (a cached `kamgen check` must stay light); tests/test_review_add.py keeps the two equal.
KINDS = ("plan_review", "business_review", "executive_touchpoint")


@click.group()
def review() -> None:
    """Record the reviews held with a customer, one file each.

    \b
    Example:
      kamgen review add kopje-mining --kind business_review --date 2026-11-28
    """


@review.command()
@click.argument("account", metavar="ID")
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    required=True,
    help="Which review was held.",
)
@click.option(
    "--date",
    "on",
    metavar="YYYY-MM-DD",
    default=None,
    help="The day it was held (default: today).",
)
@click.option("--edit", "open_editor", is_flag=True, help="Open the new file in $EDITOR.")
@root_option
@today_option
def add(
    account: str,
    kind: str,
    on: str | None,
    open_editor: bool,
    root: Path | None,
    today: str | None,
) -> None:
    """Write accounts/ID/reviews/<date>-<kind>.yaml for a review held with account ID.

    The file names the plan's owner as attendee and holds, as comments, the questions
    that kind of review answers (what was delivered, the value created, satisfaction,
    the sponsor's objectives, ...): uncomment a line to answer one. An existing file is
    never overwritten.

    \b
    Example:
      kamgen review add kopje-mining --kind business_review
      kamgen review add kopje-mining --kind executive_touchpoint --date 2026-11-28 --edit
    """
    from kamgen.edit.inputs import account_folder, date, plan_owner, slug
    from kamgen.edit.review import file_name, review_text
    from kamgen.edit.transaction import Target, create
    from kamgen.model.review import REVIEW_KINDS

    slug(account, "an account id")
    chosen = next(k for k in REVIEW_KINDS if k == kind)  # click.Choice let only these through
    reference = parse_today(today)
    when = date(on, "--date") if on is not None else reference
    portfolio_root = resolve_root(root)
    folder = account_folder(portfolio_root, account)
    target = Target(
        portfolio_root, f"{folder}/reviews/{file_name(when, chosen)}", account, reference
    )
    create(
        target,
        review_text(account, when, chosen, plan_owner(portfolio_root, folder)),
        "; pass another --date, or edit that file",
    )
    click.echo(f"{target.rel}: {kind.replace('_', ' ')} of {when} recorded; answer its questions")
    if open_editor:
        click.edit(filename=str(portfolio_root / target.rel))
