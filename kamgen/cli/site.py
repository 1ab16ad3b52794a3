"""`kamgen build` and `kamgen serve`."""

from __future__ import annotations

from pathlib import Path

import click

from kamgen.cli.common import parse_today, resolve_root, root_option, today_option


def check_address(value: str) -> str:
    """HOST:PORT with a port number, checked here so that a typo is a user error (exit 2)."""
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise click.BadParameter(f"{value!r} is not HOST:PORT (for example 127.0.0.1:8000)")
    return value


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
@click.option(
    "--strict",
    is_flag=True,
    help="Fail (exit 1) when an account is left out of the site or MkDocs warns.",
)
def build(
    root: Path | None,
    today: str | None,
    site_dir: Path | None,
    include_confidential: bool,
    strict: bool,
) -> None:
    """Build the portfolio site with the portfolio's mkdocs.yml, or a built-in default.

    Accounts that cannot be shown (an invalid file) are left out, named on stderr and on the
    home page; with --strict that is a failure.

    \b
    Example:
      kamgen build --today 2026-11-30 --site-dir public
    """
    from kamgen.site.build import Options, execute

    execute(
        Options(
            resolve_root(root), parse_today(today), site_dir, include_confidential, strict=strict
        )
    )


@click.command()
@root_option
@today_option
@click.option(
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="HOST:PORT",
    callback=lambda _ctx, _param, value: check_address(value),
    help="Where to serve the site.",
)
@confidential_option
def serve(root: Path | None, today: str | None, dev_addr: str, include_confidential: bool) -> None:
    """Serve the site locally, rebuilding when a YAML file changes."""
    from kamgen.site.build import Options, execute

    execute(
        Options(resolve_root(root), parse_today(today), None, include_confidential, True, dev_addr)
    )
