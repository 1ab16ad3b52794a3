"""`--as-of D`: the portfolio as it was on the first-parent branch at the end of day D."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kamgen.base.errors import UsageError
from kamgen.history.gitlog import log
from kamgen.load.gitsource import GitSource


def commit_at(root: Path, day: dt.date) -> str:
    """The newest first-parent commit that changed the portfolio on or before `day` (by
    committer date): what the branch held at the end of that day."""
    seen = log(root)
    for commit in seen:  # newest first
        if commit.date <= day:
            return commit.oid
    oldest = f" (the oldest commit here is of {seen[-1].date})" if seen else ""
    raise UsageError(f"the portfolio has no commit on or before {day}{oldest}")


def source_at(root: Path, day: dt.date) -> GitSource:
    return GitSource.open(root, commit_at(root, day))
