"""`kamgen review add`: start the file of a review held with a customer."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from kamgen.cli.common import parse_today, resolve_root, root_option, today_option

if TYPE_CHECKING:
    from kamgen.edit.review import Voice

# kamgen.model.review.REVIEW_KINDS, written out so that loading the CLI never loads the models
# (a cached `kamgen check` must stay light); tests/test_review_add.py keeps the two equal.
KINDS = ("plan_review", "business_review", "executive_touchpoint")
T = TypeVar("T")
INTRO = "What did the customer say? Leave an answer blank to skip it (--no-input never asks)"


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
@click.option(
    "--csat",
    metavar="SCORE",
    default=None,
    help="The customer's satisfaction, from 0 to 5 (decimals allowed, e.g. 4.5).",
)
@click.option(
    "--nps",
    metavar="SCORE",
    default=None,
    help="The customer's Net Promoter Score, a whole number from -100 to 100.",
)
@click.option(
    "--referenceable/--not-referenceable",
    default=None,
    help="Whether they will act as a reference for us.",
)
@click.option(
    "--no-input",
    is_flag=True,
    help="Never ask for what the options leave out (asked only on a terminal, for a "
    "business review).",
)
@click.option("--edit", "open_editor", is_flag=True, help="Open the new file in $EDITOR.")
@root_option
@today_option
def add(
    account: str,
    kind: str,
    on: str | None,
    csat: str | None,
    nps: str | None,
    referenceable: bool | None,
    no_input: bool,
    open_editor: bool,
    root: Path | None,
    today: str | None,
) -> None:
    """Write accounts/ID/reviews/<date>-<kind>.yaml for a review held with account ID.

    The file names the plan's owner as attendee and holds, as comments, the questions
    that kind of review answers (what was delivered, the value created, satisfaction,
    the sponsor's objectives, ...): uncomment a line to answer one. An existing file is
    never overwritten.

    What the customer said is written as real values: --csat, --nps and
    --referenceable (or --not-referenceable), at a business review or an executive
    touchpoint; a plan review is held without the customer, so it takes none of them.
    For a business review on a terminal, kamgen asks for each one not given (a blank
    answer skips it); it never asks in a script, in CI, or with --no-input.

    \b
    Example:
      kamgen review add kopje-mining --kind business_review
      kamgen review add kopje-mining --kind business_review --csat 4.5 --nps 40 --referenceable
      kamgen review add kopje-mining --kind executive_touchpoint --date 2026-11-28 --edit
    """
    from kamgen.edit import inputs
    from kamgen.edit.review import (
        ASKS_VOICE,
        Voice,
        check_new,
        file_name,
        refuse_voice,
        review_text,
    )
    from kamgen.edit.transaction import Target, create
    from kamgen.model.review import REVIEW_KINDS

    inputs.slug(account, "an account id")
    chosen = next(k for k in REVIEW_KINDS if k == kind)  # click.Choice let only these through
    refuse_voice(chosen, _typed(csat, nps, referenceable))
    voice = Voice(
        inputs.csat(csat, "--csat") if csat is not None else None,
        inputs.nps(nps, "--nps") if nps is not None else None,
        referenceable,
    )
    reference = parse_today(today)
    when = inputs.date(on, "--date") if on is not None else reference
    portfolio_root = resolve_root(root)
    folder = inputs.account_folder(portfolio_root, account)
    owner = inputs.plan_owner(portfolio_root, folder)
    target = Target(
        portfolio_root, f"{folder}/reviews/{file_name(when, chosen)}", account, reference
    )
    exists_hint = "; pass another --date, or edit that file"
    missing = None in (voice.csat, voice.nps, voice.referenceable)
    if chosen in ASKS_VOICE and missing and not no_input and stdin_is_terminal():
        # Refused before asking: answers to a file that cannot be written would be lost.
        check_new(target, review_text(account, when, chosen, owner, voice), exists_hint)
        voice = ask(voice)
    create(target, review_text(account, when, chosen, owner, voice), exists_hint)
    said = voice.said()
    recorded = f" ({', '.join(said)})" if said else ""
    click.echo(
        f"{target.rel}: {kind.replace('_', ' ')} of {when} recorded{recorded}; answer its questions"
    )
    if open_editor:
        click.edit(filename=str(portfolio_root / target.rel))


def _typed(csat: str | None, nps: str | None, referenceable: bool | None) -> list[str]:
    """The options given that record what the customer said, as the person typed them."""
    typed = ["--csat"] if csat is not None else []
    typed += ["--nps"] if nps is not None else []
    if referenceable is not None:
        typed.append("--referenceable" if referenceable else "--not-referenceable")
    return typed


def stdin_is_terminal() -> bool:
    """Whether a person can answer: a script, a pipe or CI has no terminal on stdin. The
    questions go to stderr, so it must be a terminal too, or nobody would see them."""
    try:
        return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stderr))
    except (ValueError, OSError):  # a closed stream
        return False


def ask(voice: Voice) -> Voice:
    """Ask, on stderr (stdout stays the command's result), for each answer not given."""
    from kamgen.edit import inputs
    from kamgen.edit.review import Voice

    click.echo(f"{INTRO}:", err=True)
    return Voice(
        _ask("  CSAT, from 0 to 5", inputs.csat, "CSAT") if voice.csat is None else voice.csat,
        _ask("  NPS, from -100 to 100", inputs.nps, "NPS") if voice.nps is None else voice.nps,
        _ask("  Will they act as a reference for us, yes or no", inputs.yes_no, "The answer")
        if voice.referenceable is None
        else voice.referenceable,
    )


def _ask(question: str, parse: Callable[[str, str], T], what: str) -> T | None:
    """One answer, None when left blank; asked again, with the reason, until it is valid."""
    from kamgen.base.errors import UsageError

    def convert(text: str) -> T | None:
        if not text.strip():
            return None
        try:
            return parse(text, what)
        except UsageError as exc:
            raise click.UsageError(str(exc)) from None  # click says it and asks again

    answer: T | None = click.prompt(
        question,
        default="",
        show_default=False,
        value_proc=convert,
        err=True,
    )
    return answer
