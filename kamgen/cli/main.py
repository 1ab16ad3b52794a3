"""The `kamgen` command group."""

from __future__ import annotations

import click

from kamgen import __version__
from kamgen.cli.common import tune_gc
from kamgen.cli.diff import diff
from kamgen.cli.docs import docs
from kamgen.cli.report import report
from kamgen.cli.schema import schema
from kamgen.cli.site import build, serve
from kamgen.cli.validate import check, validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kamgen")
def cli() -> None:
    """kamgen: key account management as code."""


cli.add_command(validate)
cli.add_command(check)
cli.add_command(schema)
cli.add_command(report)
cli.add_command(docs)
cli.add_command(diff)
cli.add_command(build)
cli.add_command(serve)


def main() -> None:
    tune_gc()
    cli()
