"""One point per commit that changed the portfolio: each account's metrics as of that
commit's date, the gaps where a file was invalid, and the portfolio's figures.

Cost follows what changed: the loader's memo is keyed by blob id, so a commit that touches one
account parses and validates that account's changed files only; metrics are computed again
for every account (each point has its own "today", and ranks are portfolio-wide), which is a
few milliseconds per hundred accounts. Points are cached in the user's cache directory by
commit id (a commit's content never changes) and kamgen's code.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kamgen.base.escape import json as strict_json
from kamgen.history.gitlog import Commit, commits, shallow
from kamgen.load import cache
from kamgen.load.root import ACCOUNTS

if TYPE_CHECKING:
    from kamgen.base.findings import Finding
    from kamgen.history.tree import Blobs, Tree
    from kamgen.load.portfolio import Memo
    from kamgen.metrics.engine import Reuse

CACHE = "history"


@dataclass(frozen=True)
class Point:
    commit: str
    date: dt.date
    accounts: dict[str, dict[str, Any]]  # id -> {metric: value}, as `diff` compares them
    gaps: dict[str, str] = field(default_factory=dict)  # id -> the finding that made it one
    portfolio: dict[str, Any] = field(default_factory=dict)
    error: str | None = None  # why nothing could be computed (kamgen.yaml unusable)

    def to_json(self) -> dict[str, Any]:
        return {
            "commit": self.commit,
            "date": self.date.isoformat(),
            "accounts": self.accounts,
            "gaps": self.gaps,
            "portfolio": self.portfolio,
            "error": self.error,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Point:
        return cls(
            data["commit"], dt.date.fromisoformat(data["date"]), data["accounts"],
            data["gaps"], data["portfolio"], data["error"],
        )  # fmt: skip


@dataclass(frozen=True)
class History:
    """The points, each as the JSON line the contract prints (cached by commit, so that a
    warm run prints them without parsing them or loading a model)."""

    lines: tuple[str, ...]  # one compact JSON object per point, oldest first
    shallow: bool  # the clone is shallow: `first` is as far back as it sees
    first: dt.date | None  # the oldest commit seen
    renames: dict[str, str]  # an account's former id -> the id it has now

    @cached_property
    def points(self) -> tuple[Point, ...]:
        return tuple(Point.from_json(json.loads(line)) for line in self.lines)

    def ids(self, account: str) -> set[str]:
        """The account and every id it had before a rename."""
        return {account} | {old for old, new in self.renames.items() if new == account}


def _unusable(f: Finding) -> bool:
    from kamgen.rules.registry import RULES

    rule = RULES.get(f.rule)
    return f.severity == "error" and rule is not None and rule.kind in ("load", "schema")


def point(commit: Commit, tree: Tree, blobs: Blobs, memo: Memo, reuse: Reuse) -> Point:
    # Imported here: a history answered from the cache never loads a model.
    from kamgen.check.locate import locate
    from kamgen.load.portfolio import load_portfolio
    from kamgen.metrics import compute
    from kamgen.metrics.catalogue import view
    from kamgen.metrics.snapshot import account_snapshot, portfolio_snapshot

    source = tree.source(blobs)
    portfolio = load_portfolio(source, memo)
    broken = [f for f in portfolio.findings if _unusable(f)]
    located = locate(broken, source, portfolio.unparsed, memo) if broken else []
    if portfolio.config is None:
        first = next((f for f in located if f.account is None), None)
        reason = first.text() if first else "kamgen.yaml is missing"
        return Point(commit.oid, commit.date, {}, error=reason)
    gaps: dict[str, str] = {}
    for f in located:
        if f.account is not None and f.account not in gaps:
            gaps[f.account] = f.text()
    metrics = compute(portfolio.config, portfolio.accounts, commit.date, reuse)
    tracked = view("diff")
    accounts = {a.id: account_snapshot(a, tracked) for a in metrics.accounts if a.id not in gaps}
    for skipped in metrics.skipped:  # no plan, or no rate for its currency
        gaps.setdefault(skipped.id, skipped.reason)
    return Point(commit.oid, commit.date, accounts, gaps, portfolio_snapshot(metrics))


def renames(walk: Iterable[Commit]) -> dict[str, str]:
    """Account folders renamed (their plan.yaml moved with it), each old id to the newest."""
    moved: dict[str, str] = {}
    for commit in walk:
        for change in commit.changes:
            if change.status != "R" or change.old is None:
                continue
            was, now = change.old.split("/"), change.path.split("/")
            if (
                len(was) == len(now) == 3
                and was[0] == now[0] == ACCOUNTS
                and was[2] == now[2] == "plan.yaml"
                and was[1] != now[1]
            ):
                moved[was[1]] = now[1]
    final: dict[str, str] = {}
    for old, first in moved.items():
        seen, new = {old}, first
        while new in moved and new not in seen:  # a -> b -> c, and no loop for a -> b -> a
            seen.add(new)
            new = moved[new]
        final[old] = new
    return final


def line(p: Point) -> str:
    return strict_json.dumps(p.to_json(), indent=None)


def _lines(root: Path, walk: list[Commit], use_cache: bool) -> list[str]:
    """Each commit's point as a JSON line: from the cache where it has one, else computed
    (state is carried along the walk either way: applying a commit's changes is cheap)."""
    key = cache.code_key(CACHE)
    text = (cache.get_text(root, CACHE, key) or "") if use_cache else ""
    known: dict[str, str] = {}
    for row in text.splitlines():
        oid, _, json_line = row.partition("\t")
        known[oid] = json_line
    if all(c.oid in known for c in walk):
        return [known[c.oid] for c in walk]
    from kamgen.history.tree import Blobs, Tree
    from kamgen.load.portfolio import Memo
    from kamgen.metrics.engine import Reuse

    out: list[str] = []
    tree, memo, reuse = Tree(), Memo(), Reuse()
    with Blobs(root) as blobs:
        for commit in walk:
            tree.apply(commit.changes)
            out.append(known.get(commit.oid) or line(point(commit, tree, blobs, memo, reuse)))
    if use_cache:
        rows = "".join(f"{c.oid}\t{json_line}\n" for c, json_line in zip(walk, out, strict=True))
        cache.put_text(root, CACHE, key, rows)
    return out


def history(
    root: Path, since: dt.date | None = None, account: str | None = None, use_cache: bool = True
) -> History:
    walk = commits(root)
    moved = renames(walk)
    lines = _lines(root, walk, use_cache)
    if since is not None:
        lines = [json_line for c, json_line in zip(walk, lines, strict=True) if c.date >= since]
    found = History(tuple(lines), shallow(root), walk[0].date if walk else None, moved)
    if account is None:
        return found
    ids = found.ids(account)
    kept = [
        Point(
            p.commit, p.date,
            {k: v for k, v in p.accounts.items() if k in ids},
            {k: v for k, v in p.gaps.items() if k in ids},
            p.portfolio, p.error,
        )
        for p in found.points
        if ids & (set(p.accounts) | set(p.gaps))
    ]  # fmt: skip
    return History(tuple(line(p) for p in kept), found.shallow, found.first, moved)
