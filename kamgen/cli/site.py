"""`kamgen build` and `kamgen serve`."""

from __future__ import annotations

import datetime as dt
import importlib
import os
from pathlib import Path

import click

from kamgen.base.errors import UsageError
from kamgen.cli.common import (
    as_of_option,
    parse_as_of,
    parse_today,
    resolve_root,
    root_option,
    today_option,
)

# What the site extra (`pip install 'kamgen[site]'`) brings: each module the site imports or
# MkDocs loads by name (the theme), and the distribution that provides it.
SITE_EXTRA = {
    "mkdocs": "mkdocs",
    "material": "mkdocs-material",
    "pathspec": "pathspec",
    "yaml": "PyYAML",
    "markdown": "Markdown",
    "watchdog": "watchdog",
    "jinja2": "Jinja2",
}


def require_site_extra(command: str) -> None:
    """The base install (validate, check, report, diff) has no MkDocs: say what to install
    rather than fail on an import deep inside the build."""
    missing = []
    for module, distribution in SITE_EXTRA.items():
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(distribution)
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        raise UsageError(
            f"kamgen {command} needs the site extra ({', '.join(missing)} {verb} not "
            "installed): pip install 'kamgen[site]'"
        )


def check_address(value: str) -> str:
    """HOST:PORT with a port number, checked here so that a typo is a user error (exit 2)."""
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise click.BadParameter(f"{value!r} is not HOST:PORT (for example 127.0.0.1:8000)")
    return value


confidential_option = click.option(
    "--include-confidential/--no-include-confidential",
    default=None,
    help="Publish (or not) the fields listed in each plan's `confidential:`. Default: "
    "$KAMGEN_INCLUDE_CONFIDENTIAL (1 or 0), else the plugin's option in mkdocs.yml, else not.",
)


def site_today(value: str | None) -> dt.date | None:
    """`--today`, else KAMGEN_TODAY; None lets mkdocs.yml's plugin option (or the local date)
    decide, because settings go CLI flag > environment > mkdocs.yml > kamgen.yaml."""
    if value is None and not os.environ.get("KAMGEN_TODAY"):
        return None
    return parse_today(value)


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
@as_of_option
def build(
    root: Path | None,
    today: str | None,
    site_dir: Path | None,
    include_confidential: bool | None,
    strict: bool,
    as_of: str | None,
) -> None:
    """Build the portfolio site with the portfolio's mkdocs.yml, or a built-in default.

    Accounts that cannot be shown (an invalid file) are left out, named on stderr and on the
    home page; with --strict that is a failure.

    \b
    Example:
      kamgen build --today 2026-11-30 --site-dir public
      kamgen build --as-of 2026-06-30 --site-dir june
    """
    require_site_extra("build")
    from kamgen.site.build import Options, execute

    day = parse_as_of(as_of, today)
    execute(
        Options(
            resolve_root(root),
            day or site_today(today),
            site_dir,
            include_confidential,
            strict=strict,
            as_of=day,
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
def serve(
    root: Path | None, today: str | None, dev_addr: str, include_confidential: bool | None
) -> None:
    """Serve the site locally, rebuilding when a YAML file changes.

    \b
    Example:
      kamgen serve --dev-addr 127.0.0.1:8000
    """
    require_site_extra("serve")
    from kamgen.site.build import Options, execute

    execute(
        Options(resolve_root(root), site_today(today), None, include_confidential, True, dev_addr)
    )
