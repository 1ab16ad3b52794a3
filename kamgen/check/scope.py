"""`--changed-since REF`: which accounts a pull request touches, and what that changes.

Policy findings (staleness, relationships, ...) block a pull request only for the accounts
it touches: a KAM fixing a typo in one plan must not be blocked because another team's plan
went stale overnight; the scheduled full run catches that. Structural findings (the file
cannot be read, wrong shape, broken references) always block, wherever they are: a broken
file anywhere breaks the site and every report. A change to kamgen.yaml touches every account.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from kamgen.base.findings import Finding
from kamgen.load.git import GitError, git, resolve
from kamgen.load.root import ACCOUNTS, CONFIG
from kamgen.rules.registry import RULES

NOT_BLOCKING = " (not blocking: this change does not touch the account)"


def touched(root: Path, ref: str) -> frozenset[str] | None:
    """Account ids changed since `ref` (committed or not), or None for "all of them"."""
    commit = resolve(root, ref)
    try:
        base = git(root, "merge-base", commit, "HEAD").decode().strip()
    except GitError:  # a shallow clone may lack the common ancestor: compare with REF itself
        base = commit
    changed = git(root, "diff", "--relative", "--name-only", "-z", "--no-renames", base, "--")
    new = git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", ".")
    accounts: set[str] = set()
    for raw in (changed + b"\0" + new).split(b"\0"):
        path = raw.decode("utf-8", "surrogateescape")
        if path == CONFIG:
            return None
        parts = path.split("/")
        if len(parts) >= 3 and parts[0] == ACCOUNTS:
            accounts.add(parts[1])
    return frozenset(accounts)


def scoped(findings: Iterable[Finding], accounts: frozenset[str] | None) -> Iterator[Finding]:
    """Demote the policy errors of untouched accounts to warnings, saying why."""
    for f in findings:
        if (
            accounts is None
            or f.severity != "error"
            or RULES[f.rule].kind != "policy"
            or f.account in accounts
        ):
            yield f
        else:
            yield replace(f, severity="warning", message=f.message + NOT_BLOCKING)
