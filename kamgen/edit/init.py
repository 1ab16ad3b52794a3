"""`kamgen init`: a ready portfolio repository, composed in memory, checked, then written.

The method's defaults (kamgen.yaml), the example account (written by the same code as
`kamgen new`), the schemas, the site's configuration, the editor's and pre-commit's
settings and the team's README come from `kamgen/templates/portfolio/`; the workflows are
rendered by the caller (they belong to the command line layer) and passed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from kamgen.base.errors import UsageError
from kamgen.check.reporters import finding_lines
from kamgen.edit.new import (
    NewAccount,
    account_files,
    portfolio_config,
    refused,
    render,
    template,
    write_all,
)
from kamgen.edit.overlay import Files
from kamgen.edit.transaction import EditRefused
from kamgen.load.portfolio import FsSource
from kamgen.load.root import CONFIG
from kamgen.model import MODELS
from kamgen.model.schema import SCHEMA_DIR, file_name
from kamgen.model.schema import render as schema_text

# Template name in kamgen/templates/portfolio/ → where it goes. Templates carry no leading
# dot, so that package-data globs (which skip hidden files) ship them.
PORTFOLIO_FILES = {
    "kamgen.yaml": CONFIG,
    "mkdocs.yml": "mkdocs.yml",
    "site-index.md": "site/index.md",
    "README.md": "README.md",
    "gitignore": ".gitignore",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "vscode-settings.json": ".vscode/settings.json",
}
WORKFLOWS = ".github/workflows"
EXAMPLE = NewAccount(id="example-customer", name="Example Customer Ltd", tier=2, owner="jmanager")


def refuse_non_empty(folder: Path) -> None:
    """`init` starts a repository; it never mixes into an existing one (exit 2)."""
    if folder.is_symlink():
        raise UsageError(f"{folder} is a symbolic link; give kamgen init a real folder")
    if not folder.exists():
        return
    if not folder.is_dir():
        raise UsageError(f"{folder} exists and is not a folder")
    if any(folder.iterdir()):
        raise UsageError(
            f"{folder} is not empty; kamgen init writes only into a new or empty folder, and "
            "never overwrites a file. Add an account to an existing portfolio with kamgen new"
        )


def portfolio_files(version: str, workflows: Mapping[str, str]) -> dict[str, str]:
    """Every file of the new repository (posix path → text)."""
    values = {"VERSION": version}
    files = {
        target: render(template("portfolio", name), values)
        for name, target in PORTFOLIO_FILES.items()
    }
    for kind in MODELS:
        files[f"{SCHEMA_DIR}/{file_name(kind)}"] = schema_text(kind)
    for name, text in workflows.items():
        files[f"{WORKFLOWS}/{name}"] = text
    return files


def create_portfolio(
    folder: Path, version: str, workflows: Mapping[str, str], today: dt.date
) -> list[str]:
    """Write the repository into `folder` (new or empty); refuse and write nothing if it is
    not, or if the files would not validate (a bug in the templates)."""
    refuse_non_empty(folder)
    files = portfolio_files(version, workflows)
    empty = FsSource(folder)
    config = portfolio_config(Files(empty, {CONFIG: files[CONFIG].encode("utf-8")}))
    files.update(account_files(config, EXAMPLE, today))
    source = Files(empty, {rel: text.encode("utf-8") for rel, text in files.items()})
    errors = refused(folder, today, source, set(files))
    if errors:
        raise EditRefused(
            f"{folder} was not written: the new portfolio would not validate (above)",
            finding_lines(errors),
        )
    folder.mkdir(parents=True, exist_ok=True)
    write_all(folder.resolve(), files)
    return sorted(files)
