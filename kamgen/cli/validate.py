"""`kamgen validate` and `kamgen check`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kamgen import reporters
from kamgen.cli.common import handle_errors, parse_today, resolve_root, root_option, today_option
from kamgen.validate import Options, execute

F = TypeVar("F", bound=Callable[..., Any])


def _run(
    files: tuple[Path, ...],
    root: Path | None,
    today: str | None,
    fmt: str,
    no_cache: bool,
    policy: bool,
) -> None:
    options = Options(
        root=resolve_root(root),
        today=parse_today(today),
        files=files,
        use_cache=not no_cache,
        policy=policy,
    )
    result = execute(options)
    output = reporters.REPORTERS[fmt](result)
    if output:
        click.echo(output)
    if fmt == "text":
        click.echo(reporters.summary(result), err=True)
    sys.exit(1 if result.errors else 0)


def _common(fn: F) -> F:
    decorators: tuple[Callable[[F], F], ...] = (
        click.argument("files", nargs=-1, type=click.Path(path_type=Path)),
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
@handle_errors
def validate(
    files: tuple[Path, ...], root: Path | None, today: str | None, fmt: str, no_cache: bool
) -> None:
    """Schema and reference checks. FILES narrow the report to their accounts."""
    _run(files, root, today, fmt, no_cache, policy=False)


@click.command()
@_common
@handle_errors
def check(
    files: tuple[Path, ...], root: Path | None, today: str | None, fmt: str, no_cache: bool
) -> None:
    """Validate plus every policy rule (cadence, relationships, ...)."""
    _run(files, root, today, fmt, no_cache, policy=True)
