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
from dataclasses import dataclass
from pathlib import Path

import yaml

from kamgen.base.errors import KamgenError, UsageError

DEFAULT_SITE_DIR = "public"
MARKER = ".kamgen-site"  # MkDocs' --clean keeps dot files, so the marker survives a rebuild
MAX_CONFIG_BYTES = 1024 * 1024


class UnsafePathError(UsageError):
    """The output folder would take kamgen onto files it did not make (exit 2)."""


class UnsafeConfigError(KamgenError):
    """mkdocs.yml, part of the portfolio, names a path outside it (exit 1, like a finding)."""

    exit_code = 1


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


@dataclass(frozen=True)
class Words:
    """How a refusal names the command's work, so that each command says its own."""

    into: str = "build into"  # "refusing to build into PATH"
    doing: str = "building"  # "building would delete ..."
    choose: str = "pass --site-dir with"  # "... pass --site-dir with a real folder"


BUILD = Words()


def output_folder(root: Path, given: Path | None, words: Words = BUILD) -> Path:
    """The folder `kamgen build` (or `kamgen pages`, with its own `words`) writes to, once it
    is known to be safe to empty."""
    into, doing, choose = words.into, words.doing, words.choose
    root = root.resolve()
    path = Path(os.path.abspath(given if given is not None else root / DEFAULT_SITE_DIR))
    link = _links_between(root, path)
    if link is not None:
        raise UnsafePathError(
            f"refusing to {into} {path}: {link} is a symbolic link (to "
            f"{os.readlink(link)}), and {doing} empties the folder it points to; "
            f"remove the link, or {choose} a real folder"
        )
    if _within(root, path):
        raise UnsafePathError(
            f"refusing to {into} {path}: it holds the portfolio, which {doing} would "
            f"delete; {choose} a folder of its own"
        )
    if path.exists():
        if not path.is_dir():
            raise UnsafePathError(f"refusing to {into} {path}: it is not a folder")
        marker = path / MARKER
        ours = marker.is_file() and not marker.is_symlink()
        if not ours and any(path.iterdir()):
            raise UnsafePathError(
                f"refusing to {into} {path}: it is not empty and kamgen did not build it "
                f"(no {MARKER} file), so {doing} would delete files kamgen did not make; "
                f"empty it, or {choose} another folder"
            )
        # MkDocs writes through a link inside the folder (its clean leaves links in place),
        # and a checkout can bring both the marker and the link.
        inner = _first_link(path)
        if inner is not None:
            raise UnsafePathError(
                f"refusing to {into} {path}: {inner} is a symbolic link (to "
                f"{os.readlink(inner)}), and {doing} would write through it; delete the "
                "link, or empty the folder"
            )
    return path


def _first_link(folder: Path) -> Path | None:
    for current, dirs, files in os.walk(folder):  # does not descend into linked folders
        for name in sorted(dirs + files):
            if os.path.islink(os.path.join(current, name)):
                return Path(current) / name
    return None


def mark_built(site_dir: Path) -> None:
    """Leave the marker that lets the next build empty this folder."""
    marker = site_dir / MARKER
    if not marker.is_symlink():
        marker.write_text("built by kamgen; `kamgen build` may empty this folder\n")


class _Tolerant(yaml.SafeLoader):  # type: ignore[misc]
    """Reads mkdocs.yml for its paths only: MkDocs' own tags (`!ENV`, `!relative`,
    `!!python/name:`) become None instead of being run or refused."""


_Tolerant.add_multi_constructor("", lambda _loader, _suffix, _node: None)
_Tolerant.add_multi_constructor("tag:yaml.org,2002:python/", lambda _l, _s, _n: None)


def check_config_file(root: Path, config_file: Path) -> None:
    """mkdocs.yml is a regular file, and every path it names that MkDocs reads or runs
    (INHERIT, docs_dir, theme.custom_dir, hooks) is inside the portfolio, with no link out:
    checked here, whatever plugins it lists."""
    if config_file.is_symlink() or not config_file.is_file():
        raise UnsafeConfigError(
            f"refusing to use {config_file.name}: it is not a regular file (links are not "
            "followed); put the configuration itself there"
        )
    if config_file.stat().st_size > MAX_CONFIG_BYTES:
        raise UnsafeConfigError(f"refusing to use {config_file.name}: it is over 1 MiB")
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Tolerant)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UnsafeConfigError(f"{config_file.name} cannot be read: {exc}") from None
    if not isinstance(data, dict):
        return
    here = config_file.parent
    inherit = data.get("INHERIT")
    if isinstance(inherit, str):
        check_inside(root, here / inherit, "INHERIT")
    docs_dir = data.get("docs_dir", "docs")
    if isinstance(docs_dir, str) and (here / docs_dir).exists():
        check_folder(root, here / docs_dir, "docs_dir")
    theme = data.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if isinstance(custom, str):
        check_folder(root, here / custom, "theme.custom_dir")
    hooks = data.get("hooks")
    for hook in hooks if isinstance(hooks, list) else []:
        if isinstance(hook, str):
            check_inside(root, here / hook, "hooks entry")


def check_inside(root: Path, path: Path, what: str) -> None:
    """`path` (named by mkdocs.yml as `what`) is inside the portfolio, reached through no link."""
    root = root.resolve()
    path = Path(os.path.abspath(path))
    link = _links_between(root, path)
    if not _within(path, root) or link is not None:
        why = f"{link} is a symbolic link" if link is not None else "it is outside the portfolio"
        raise UnsafeConfigError(f"refusing mkdocs.yml's {what} {path}: {why}")


def check_folder(root: Path, folder: Path, what: str) -> None:
    """No link inside `folder` leads out of the portfolio (MkDocs would follow it)."""
    check_inside(root, folder, what)
    root = root.resolve()
    for current, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(current) / name
            if path.is_symlink() and not _within(path.resolve(), root):
                raise UnsafeConfigError(
                    f"refusing to build: {path} is a symbolic link out of the portfolio "
                    f"(to {os.readlink(path)}); MkDocs would publish what it points to"
                )
