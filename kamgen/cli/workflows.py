"""The GitHub Actions workflows kamgen offers a portfolio repository.

The files live in `kamgen/templates/workflows/` with placeholders, so that this repository's
own `.github/workflows/` and the ones a new portfolio gets are the same text:
`@INSTALL@` is what `pip install` gets, `@INSTALL[site]@` the same with the site extra (only
the site workflow builds the site; the checks install in seconds without MkDocs), and
`@ROOT@` the portfolio folder.
"""

from __future__ import annotations

import re
from importlib import resources

FOLDER = resources.files("kamgen") / "templates" / "workflows"
PLACEHOLDER = re.compile(r"@INSTALL(?:\[(\w+)\])?@")
# A local path or a distribution name, then an optional version specifier: `.`,
# `"kamgen==0.1.0"`, `'kamgen>=0.1,<0.2'`. Not a URL: pip wants `kamgen[site] @ URL` there.
REQUIREMENT = re.compile(r"""(["']?)([^\s"'\[\]=<>!~;@:]+)((?:[=<>!~][^\s"']*)?)\1""")


def with_extra(install: str, extra: str) -> str:
    """`.` → `".[site]"`, `"kamgen==0.1.0"` → `"kamgen[site]==0.1.0"`; quoted, because
    brackets are a pattern to the shell."""
    match = REQUIREMENT.fullmatch(install)
    if not match:
        raise ValueError(f"cannot add an extra to {install!r}: give a name or a path")
    _, name, version = match.groups()
    return f'"{name}[{extra}]{version}"'


def names() -> list[str]:
    return sorted(entry.name for entry in FOLDER.iterdir() if entry.name.endswith(".yml"))


def render(install: str, root: str = ".") -> dict[str, str]:
    """Each workflow's file name and text, for a portfolio at `root` in the repository."""

    def installed(match: re.Match[str]) -> str:
        return with_extra(install, match.group(1)) if match.group(1) else install

    return {
        name: PLACEHOLDER.sub(installed, (FOLDER / name).read_text(encoding="utf-8")).replace(
            "@ROOT@", root
        )
        for name in names()
    }
