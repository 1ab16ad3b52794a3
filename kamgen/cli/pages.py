"""`kamgen pages OUT`: the site as a plain MkDocs project, to build without the plugin."""

from __future__ import annotations

import os
from pathlib import Path

import click

from kamgen.base.escape.terminal import printable
from kamgen.cli.common import resolve_root, root_option, today_option
from kamgen.cli.site import confidential_option, require_site_extra, site_today

ENV_CONFIDENTIAL = "KAMGEN_INCLUDE_CONFIDENTIAL"  # the plugin's name for it (site/plugin.py)


def _confidential(flag: bool | None) -> bool | None:
    """The flag, else the environment (1 or 0), else None: mkdocs.yml's plugin option."""
    if flag is not None:
        return flag
    given = os.environ.get(ENV_CONFIDENTIAL)
    return given == "1" if given in ("0", "1") else None


@click.command()
@click.argument("out", type=click.Path(path_type=Path))
@root_option
@today_option
@confidential_option
@click.option(
    "--site-name",
    metavar="TEXT",
    default=None,
    help="The site's name, as plain text (default: site_name in the portfolio's mkdocs.yml, "
    "else the portfolio's name in kamgen.yaml).",
)
def pages(
    out: Path,
    root: Path | None,
    today: str | None,
    include_confidential: bool | None,
    site_name: str | None,
) -> None:
    """Write the site's pages and navigation to OUT as a plain MkDocs project.

    OUT/mkdocs.yml names no kamgen plugin: stock MkDocs 1.6 or Zensical builds it. OUT must
    be empty, or written by kamgen before; it is replaced whole. Accounts that cannot be
    shown are left out and named on stderr, as by kamgen build.

    \b
    Example:
      kamgen pages portable --today 2026-11-30
      mkdocs build -f portable/mkdocs.yml
    """
    require_site_extra("pages")  # the pages are made by the site's code, as for build
    from kamgen.site.export import Options, export

    done = export(
        Options(
            resolve_root(root),
            out,
            site_today(today),
            _confidential(include_confidential),
            site_name,
        )
    )
    for warning in done.warnings:
        click.echo(f"kamgen: warning: {printable(warning)}", err=True)
    counts = [_count(done.pages, "page"), _count(done.downloads, "download")]
    if done.others:
        counts.append(_count(done.others, "other file"))
    counts.append(_count(done.assets, "asset"))
    where = printable(str(out))
    click.echo(
        f"Wrote {', '.join(counts[:-1])} and {counts[-1]} to {where}; build them with "
        f"`mkdocs build -f {printable(str(out / 'mkdocs.yml'))}`."
    )


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
