"""`kamgen validate` and `kamgen check`."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

from kamgen.check import reporters
from kamgen.check.result import Result
from kamgen.cli.common import (
    F,
    as_of_option,
    parse_as_of,
    parse_today,
    resolve_root,
    root_option,
    today_option,
)
from kamgen.load import cache


def _run(
    files: tuple[Path, ...],
    root: Path | None,
    today: str | None,
    fmt: str,
    no_cache: bool,
    policy: bool,
    changed_since: str | None = None,
    as_of: str | None = None,
) -> None:
    portfolio_root = resolve_root(root, files)
    day = parse_as_of(as_of, today)
    reference_date = day or parse_today(today)
    source = None
    if day is not None:
        from kamgen.history.asof import source_at

        source = source_at(portfolio_root, day)
        no_cache = True  # the cache is keyed by the working tree's files
    command = "check" if policy else "validate"
    scope = None
    if changed_since is not None:
        from kamgen.check.scope import touched

        scope = touched(portfolio_root, changed_since)
    run_key = f"{reference_date} scope={sorted(scope) if scope is not None else 'all'}"
    cache_key = None if no_cache else cache.key(portfolio_root, command, run_key)
    cached = cache.get(portfolio_root, command, cache_key) if cache_key else None
    full = Result.parse(cached) if cached is not None else None
    if full is None:
        # Imported here so that a cache hit never loads the models.
        from kamgen.check.validate import Options, execute

        full = execute(Options(portfolio_root, reference_date, policy, scope, source))
        if cache_key:
            cache.put(portfolio_root, command, cache_key, full.to_json())
    result = full.narrowed(portfolio_root, files)
    output = reporters.REPORTERS[fmt](result)
    if output:
        click.echo(output)
    if fmt == "text":
        click.echo(reporters.summary(result), err=True)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == "github" and summary_file:
        # Annotations show only 10 errors and 10 warnings per step; the summary shows all.
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(reporters.step_summary(result, command))
    sys.exit(1 if result.errors else 0)


def _common(fn: F) -> F:
    decorators: tuple[Callable[[F], F], ...] = (
        click.argument("files", nargs=-1, type=click.Path(exists=True, path_type=Path)),
        root_option,
        today_option,
        click.option(
            "--format",
            "fmt",
            type=click.Choice(["text", "json", "github"]),
            default="text",
            show_default=True,
            help="Output format.",
        ),
        click.option("--no-cache", is_flag=True, help="Ignore the result cache."),
    )
    for decorator in decorators:
        fn = decorator(fn)
    return fn


@click.command()
@_common
def validate(
    files: tuple[Path, ...], root: Path | None, today: str | None, fmt: str, no_cache: bool
) -> None:
    """Schema and reference checks. FILES narrow the report to their accounts (each is still
    checked against the whole portfolio); a folder or the portfolio itself works too.

    \b
    Examples:
      kamgen validate
      kamgen validate accounts/kopje-mining --format json
    """
    _run(files, root, today, fmt, no_cache, policy=False)


@click.command()
@_common
@click.option(
    "--changed-since",
    metavar="REF",
    default=None,
    help="Policy findings block only for accounts changed since git REF (pull requests); "
    "structural findings always block.",
)
@as_of_option
def check(
    files: tuple[Path, ...],
    root: Path | None,
    today: str | None,
    fmt: str,
    no_cache: bool,
    changed_since: str | None,
    as_of: str | None,
) -> None:
    """Validate plus every policy rule (cadence, relationships, ...). With --format github,
    every finding also goes to $GITHUB_STEP_SUMMARY.

    \b
    Examples:
      kamgen check --today 2026-11-30
      kamgen check --format github --changed-since origin/main
      kamgen check --as-of 2026-06-30
    """
    _run(files, root, today, fmt, no_cache, True, changed_since, as_of)
