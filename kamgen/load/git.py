"""Running git: the one place kamgen starts it, and its errors as kamgen's. Small on purpose:
`kamgen history` answered from its cache imports this and not the models."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from kamgen.base.errors import UsageError

__all__ = ["GitError", "git", "prefix", "resolve"]


class GitError(UsageError):
    """git is missing, the folder is not a repository, or the revision is unknown."""


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {message[-1] if message else done.returncode}")
    return done.stdout


def resolve(root: Path, ref: str) -> str:
    """The commit id of `ref`, with a hint for shallow clones when it is unknown."""
    if ref.startswith("-"):
        raise GitError(f"`{ref}` is not a git revision")
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
    except GitError:
        branch = ref.removeprefix("origin/")
        fetch = f"git fetch --depth=1 origin {branch}:refs/remotes/origin/{branch}"
        raise GitError(
            f"git revision `{ref}` is not known here; in a shallow clone, fetch it first ({fetch})"
        ) from None


def prefix(root: Path) -> str:
    """The portfolio root's path inside the repository, '' or ending in '/'."""
    return git(root, "rev-parse", "--show-prefix").decode().strip()
