"""The commits that changed the portfolio, oldest first, each with the files it changed.

One `git log --first-parent --raw -z` over kamgen.yaml and accounts/ gives every commit and
every change, so the state of the portfolio at each commit is the previous state with these
changes applied: nothing is checked out and no tree is listed per commit. A shallow clone
gives the commits it has; its oldest one shows every file as added (git treats it as a root).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kamgen.load.git import git, prefix
from kamgen.load.root import ACCOUNTS, CONFIG

DELETED = "0" * 40


@dataclass(frozen=True)
class Change:
    status: str  # A, M, D, T, R (a rename: `old` is where it was)
    path: str  # relative to the portfolio root
    mode: str  # the new mode ("000000" when deleted)
    oid: str  # the new blob id
    old: str | None = None  # a rename's old path


@dataclass(frozen=True)
class Commit:
    oid: str
    date: dt.date  # the committer's date, in the committer's time zone: "today" then
    changes: tuple[Change, ...]


def commits(root: Path) -> list[Commit]:
    """Oldest first. Paths outside the portfolio root are dropped; renames are detected so
    that an account folder renamed keeps its series (see series.renames)."""
    changed = ("--diff-merges=first-parent", "--raw", "--no-abbrev", "-M", "--root")
    return list(reversed(log(root, *changed)))


def log(root: Path, *options: str) -> list[Commit]:
    """The first-parent commits that changed kamgen.yaml or accounts/, newest first, with
    what `options` ask git to show of each (`--raw`: the files it changed)."""
    base = prefix(root)
    raw = git(
        root, "log", "-z", "--first-parent", *options, "--format=%H %cI", "--",
        f"{base}{CONFIG}", f"{base}{ACCOUNTS}",
    )  # fmt: skip
    return parse(raw, base)


def parse(raw: bytes, base: str = "") -> list[Commit]:
    """`git log -z --raw --format='%H %cI'` output, newest first. Tokens are NUL-separated:
    a header, then per change a `:meta` token and one path (two for a rename or copy). Only
    a header can follow a change's paths other than another `:meta`, so a path can never be
    taken for a header, whatever its name."""
    out: list[Commit] = []
    tokens = raw.split(b"\0")
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip(b"\n")
        i += 1
        if not token:
            continue
        oid, _, stamp = token.decode("ascii", "replace").partition(" ")
        changes: list[Change] = []
        while i < len(tokens) and tokens[i].lstrip(b"\n").startswith(b":"):
            meta = tokens[i].lstrip(b"\n")[1:].decode("ascii").split()
            _, mode, _, new_oid, status = meta[:5]
            paths = 2 if status[0] in "RC" else 1
            names = [t.decode("utf-8", "surrogateescape") for t in tokens[i + 1 : i + 1 + paths]]
            i += 1 + paths
            if not all(n.startswith(base) for n in names):
                continue
            names = [n[len(base) :] for n in names]
            if status[0] in "RC":
                changes.append(Change(status[0], names[1], mode, new_oid, names[0]))
            else:
                changes.append(Change(status[0], names[0], mode, new_oid))
        out.append(Commit(oid, dt.date.fromisoformat(stamp[:10]), tuple(changes)))
    return out


def shallow(root: Path) -> bool:
    return git(root, "rev-parse", "--is-shallow-repository").strip() == b"true"
