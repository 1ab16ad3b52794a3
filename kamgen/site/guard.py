"""The site's filesystem boundary: where `kamgen build` may write, and what MkDocs may read.

A pull request can commit a symbolic link named `public` (or `site`, or `mkdocs.yml`): MkDocs'
`--clean` would then empty whatever folder the link points to, and a docs folder holding a
link to `~/.ssh` would publish it. So:
- the output folder is never a link, nor reached through one inside the portfolio, and is
  emptied only if kamgen built it (a marker file says so) or it is empty;
- mkdocs.yml is a regular file, and the folders it names (docs, theme overrides, INHERIT)
  are inside the portfolio and hold no link that leaves it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from kamgen.errors import UsageError

DEFAULT_SITE_DIR = "public"
MARKER = ".kamgen-site"  # MkDocs' --clean keeps dot files, so the marker survives a rebuild
_INHERIT = re.compile(r"^INHERIT:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", re.MULTILINE)


class UnsafePathError(UsageError):
    """A path would take kamgen outside the portfolio or onto files it did not make."""


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _links_between(root: Path, path: Path) -> Path | None:
    """The first component from `root` down to `path` that is a link, if `path` is inside."""
    if not _within(path, root):
        return path if os.path.islink(path) else None
    current = root
    for part in path.relative_to(root).parts:
        current = current / part
        if os.path.islink(current):
            return current
    return None


def output_folder(root: Path, given: Path | None) -> Path:
    """The folder `kamgen build` writes to, once it is known to be safe to empty."""
    root = root.resolve()
    path = Path(os.path.abspath(given if given is not None else root / DEFAULT_SITE_DIR))
    link = _links_between(root, path)
    if link is not None:
        raise UnsafePathError(
            f"refusing to build into {path}: {link} is a symbolic link (to "
            f"{os.readlink(link)}), and building empties the folder it points to; "
            "remove the link, or pass --site-dir with a real folder"
        )
    if _within(root, path):
        raise UnsafePathError(
            f"refusing to build into {path}: it holds the portfolio, which building would "
            "delete; pass --site-dir with a folder of its own"
        )
    if path.exists():
        if not path.is_dir():
            raise UnsafePathError(f"refusing to build into {path}: it is not a folder")
        marker = path / MARKER
        ours = marker.is_file() and not marker.is_symlink()
        if not ours and any(path.iterdir()):
            raise UnsafePathError(
                f"refusing to build into {path}: it is not empty and kamgen did not build it "
                f"(no {MARKER} file), so building would delete files kamgen did not make; "
                "empty it, or pass --site-dir with another folder"
            )
    return path


def mark_built(site_dir: Path) -> None:
    """Leave the marker that lets the next build empty this folder."""
    marker = site_dir / MARKER
    if not marker.is_symlink():
        marker.write_text("built by kamgen; `kamgen build` may empty this folder\n")


def check_config_file(root: Path, config_file: Path) -> None:
    """mkdocs.yml itself, and the file it inherits from, stay inside the portfolio."""
    if config_file.is_symlink() or not config_file.is_file():
        raise UnsafePathError(
            f"refusing to use {config_file.name}: it is not a regular file (links are not "
            "followed); put the configuration itself there"
        )
    text = config_file.read_text(encoding="utf-8", errors="replace")
    found = _INHERIT.search(text)
    if found:
        parent = Path(os.path.abspath(config_file.parent / found.group(1).strip()))
        check_inside(root, parent, "INHERIT")


def check_inside(root: Path, path: Path, what: str) -> None:
    """`path` (named by mkdocs.yml as `what`) is inside the portfolio, reached through no link."""
    root = root.resolve()
    path = Path(os.path.abspath(path))
    link = _links_between(root, path)
    if not _within(path, root) or link is not None:
        why = f"{link} is a symbolic link" if link is not None else "it is outside the portfolio"
        raise UnsafePathError(f"refusing mkdocs.yml's {what} {path}: {why}")


def check_folder(root: Path, folder: Path, what: str) -> None:
    """No link inside `folder` leads out of the portfolio (MkDocs would follow it)."""
    check_inside(root, folder, what)
    root = root.resolve()
    for current, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(current) / name
            if path.is_symlink() and not _within(path.resolve(), root):
                raise UnsafePathError(
                    f"refusing to build: {path} is a symbolic link out of the portfolio "
                    f"(to {os.readlink(path)}); MkDocs would publish what it points to"
                )
