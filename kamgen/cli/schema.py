"""`kamgen schema [--check]`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kamgen.cli.common import resolve_root, root_option


@click.command()
@root_option
@click.option("--check", "check_only", is_flag=True, help="Fail if the schema files are stale.")
def schema(root: Path | None, check_only: bool) -> None:
    """Write (or check) schema/*.schema.json, generated from kamgen's models.

    \b
    Example:
      kamgen schema --check
    """
    from kamgen.base.write import refuse_links
    from kamgen.model.schema import SCHEMA_DIR, outdated, write_all

    portfolio_root = resolve_root(root)
    folder = portfolio_root / SCHEMA_DIR
    if check_only:
        stale = outdated(folder)
        for name in stale:
            click.echo(f"{SCHEMA_DIR}/{name}: out of date; run `kamgen schema`", err=True)
        sys.exit(1 if stale else 0)
    refuse_links(portfolio_root, SCHEMA_DIR)
    for name in write_all(folder):
        click.echo(f"wrote {SCHEMA_DIR}/{name}")
