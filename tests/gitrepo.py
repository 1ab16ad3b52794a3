"""A small portfolio in a real temporary git repository, for the pull-request workflow tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

from . import helpers
from .builder import person, plan, write
from .helpers import days_ago

TODAY = helpers.TODAY.isoformat()
PEOPLE = [
    person(
        f"p{i}",
        strength=4,
        last_contact=days_ago(10),
        sentiment="champion" if i else "neutral",
        buying_role="decision_maker" if i == 0 else "influencer",
    )
    for i in range(6)
]


def sh(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def make_repo(root: Path) -> Path:
    """main: account `a` fresh, account `b` with a plan reviewed 200 days ago; on branch `pr`."""
    write(
        root,
        [
            plan("a", reviewed={"on": days_ago(5), "by": "kam"}),
            plan("b", reviewed={"on": days_ago(200), "by": "kam"}),
        ],
        people={"a": PEOPLE, "b": PEOPLE},
    )
    sh(root, "init", "-q", "-b", "main")
    sh(root, "add", "-A")
    sh(root, "commit", "-qm", "base")
    sh(root, "checkout", "-q", "-b", "pr")
    return root
