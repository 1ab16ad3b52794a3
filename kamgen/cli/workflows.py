"""The GitHub Actions workflows kamgen offers a portfolio repository.

The files live in `kamgen/templates/workflows/` with two placeholders, so that this
repository's own `.github/workflows/` and the ones `kamgen init` writes for a team are the
same text: `@INSTALL@` is what `pip install` gets, `@ROOT@` the portfolio folder.
"""

from __future__ import annotations

from importlib import resources

FOLDER = resources.files("kamgen") / "templates" / "workflows"


def names() -> list[str]:
    return sorted(entry.name for entry in FOLDER.iterdir() if entry.name.endswith(".yml"))


def render(install: str, root: str = ".") -> dict[str, str]:
    """Each workflow's file name and text, for a portfolio at `root` in the repository."""
    return {
        name: (FOLDER / name)
        .read_text(encoding="utf-8")
        .replace("@INSTALL@", install)
        .replace("@ROOT@", root)
        for name in names()
    }
