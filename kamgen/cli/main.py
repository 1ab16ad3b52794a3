"""The `kamgen` command group, and the one place that turns exceptions into exit codes."""

from __future__ import annotations

import sys
import traceback
from typing import Any

import click

from kamgen import __version__
from kamgen.base.errors import KamgenError
from kamgen.base.escape.terminal import printable
from kamgen.cli.action import action
from kamgen.cli.attest import attest
from kamgen.cli.common import tune_gc
from kamgen.cli.contract import contract_group
from kamgen.cli.diff import diff
from kamgen.cli.docs import docs
from kamgen.cli.export import export_group
from kamgen.cli.history import history
from kamgen.cli.importing import import_group
from kamgen.cli.init import init
from kamgen.cli.migrate import migrate
from kamgen.cli.new import new
from kamgen.cli.pages import pages
from kamgen.cli.report import report
from kamgen.cli.review import review
from kamgen.cli.risk import risk_group
from kamgen.cli.schema import schema
from kamgen.cli.site import build, serve
from kamgen.cli.stakeholder import stakeholder
from kamgen.cli.validate import check, validate
from kamgen.cli.whitespace import whitespace

INTERNAL_ERROR = 3
EXIT_CODES = """\b
Exit status, the same for every command:
  0  clean: nothing to report, or only warnings
  1  findings: the portfolio has errors (a finding is printed for each)
  2  user error: a bad option, no portfolio found, a path that does not exist
  3  internal error: a bug in kamgen (one line; the traceback with --debug)
"""


class Kamgen(click.Group):
    """Every command runs inside `invoke`, so this is the only error boundary."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KamgenError as exc:
            for line in getattr(exc, "details", []):
                click.echo(printable(line), err=True)
            click.echo(f"kamgen: error: {printable(str(exc))}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # The reader went away (`kamgen report | head`): nothing more can be said.
            sys.stderr.close()
            ctx.exit(1)
        except Exception as exc:
            if ctx.meta.get("kamgen.debug"):
                traceback.print_exc()
            click.echo(
                f"kamgen: internal error: {type(exc).__name__}: {printable(str(exc))[:300]}; "
                "this is a bug in kamgen: rerun with --debug for the traceback and report it",
                err=True,
            )
            ctx.exit(INTERNAL_ERROR)


@click.group(
    cls=Kamgen,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=EXIT_CODES,
)
@click.version_option(__version__, prog_name="kamgen")
@click.option(
    "--debug",
    is_flag=True,
    envvar="KAMGEN_DEBUG",
    help="Show the traceback of an internal error (also KAMGEN_DEBUG=1).",
)
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """kamgen: key account management as code.

    \b
    Example:
      kamgen check --today 2026-11-30
    """
    ctx.meta["kamgen.debug"] = debug


cli.add_command(validate)
cli.add_command(check)
cli.add_command(schema)
cli.add_command(report)
cli.add_command(docs)
cli.add_command(diff)
cli.add_command(history)
cli.add_command(build)
cli.add_command(serve)
cli.add_command(pages)
cli.add_command(attest)
cli.add_command(review)
cli.add_command(action)
cli.add_command(stakeholder)
cli.add_command(whitespace)
cli.add_command(init)
cli.add_command(new)
cli.add_command(migrate)
cli.add_command(import_group)
cli.add_command(contract_group)
cli.add_command(risk_group)
cli.add_command(export_group)


def main() -> None:
    tune_gc()
    cli()
