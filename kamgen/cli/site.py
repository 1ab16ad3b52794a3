"""`kamgen build` and `kamgen serve`."""

from __future__ import annotations

from pathlib import Path

import click

from kamgen.cli.common import handle_errors, parse_today, resolve_root, root_option, today_option

confidential_option = click.option(
    "--include-confidential",
    is_flag=True,
    help="Publish the fields listed in each plan's `confidential:` (never by default).",
)


@click.command()
@root_option
@today_option
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the site (default: public/ in the portfolio).",
)
@confidential_option
@handle_errors
def build(
    root: Path | None, today: str | None, site_dir: Path | None, include_confidential: bool
) -> None:
    """Build the portfolio site with the portfolio's mkdocs.yml, or a built-in default."""
    from kamgen.site.build import Options, execute

    execute(Options(resolve_root(root), parse_today(today), site_dir, include_confidential))


@click.command()
@root_option
@today_option
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="HOST:PORT")
@confidential_option
@handle_errors
def serve(root: Path | None, today: str | None, dev_addr: str, include_confidential: bool) -> None:
    """Serve the site locally, rebuilding when a YAML file changes."""
    from kamgen.site.build import Options, execute

    execute(
        Options(resolve_root(root), parse_today(today), None, include_confidential, True, dev_addr)
    )
