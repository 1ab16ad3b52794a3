"""`kamgen diff BASE`: what a change does to every account, between a git revision and the
working tree.

Both sides are computed with the same `today`, so that only the edit moves a number, never
the passing of time. Findings are compared without their line numbers (an edit above a
finding moves it without changing it); a finding whose words changed but not its rule and
file ("3 days overdue" -> "4 days overdue") is one finding changed, not one added and one
resolved. What changed in the files is said in words too (`kamgen.report.changes`).

The two sides share one `Memo`: a file whose bytes are the same at BASE and in the working
tree (all but the edited ones) is parsed and validated once, and its findings are located
once; the models are then the very same objects, so `changes` skips them at a glance. What
is still done twice is inherent: references, metrics and policy are portfolio-wide (a rank
or a revenue quintile moves with any account). bench/diff_bench.py measures the rest.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from kamgen.base.findings import Finding
from kamgen.check.validate import Analysis, Options, analyse
from kamgen.load.gitsource import GitSource
from kamgen.load.portfolio import Account, Memo
from kamgen.metrics.model import AccountMetrics
from kamgen.metrics.snapshot import account_snapshot, portfolio_snapshot
from kamgen.model import PortfolioConfig
from kamgen.report.changes import Change, changes

# `churned`: the account was lost in this change (status: churned), `reinstated`: the
# reverse. Either moves every metric to or from nothing, which says less than the word.
Status = Literal["added", "removed", "changed", "churned", "reinstated"]


@dataclass(frozen=True)
class AccountDiff:
    id: str
    status: Status
    changes: dict[str, tuple[Any, Any]]
    findings_added: list[Finding] = field(default_factory=list)
    findings_resolved: list[Finding] = field(default_factory=list)
    stakeholders_added: list[str] = field(default_factory=list)
    stakeholders_removed: list[str] = field(default_factory=list)
    champions_removed: list[str] = field(default_factory=list)
    cells: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    # What changed in the account's files, in words (at most changes.MAX_CHANGES).
    words: list[Change] = field(default_factory=list)
    # (before, after): the same rule about the same file, in other words.
    findings_changed: list[tuple[Finding, Finding]] = field(default_factory=list)

    def _news(self) -> tuple[object, ...]:
        return (
            self.findings_added,
            self.findings_resolved,
            self.findings_changed,
            self.stakeholders_added,
            self.stakeholders_removed,
            self.cells,
            self.words,
        )

    @property
    def moved(self) -> bool:
        return self.status != "changed" or bool(self.changes) or any(self._news())

    @property
    def only_rank(self) -> bool:
        return self.status == "changed" and set(self.changes) == {"rank"} and not any(self._news())


@dataclass(frozen=True)
class Diff:
    base: str
    commit: str
    today: dt.date
    portfolio: dict[str, tuple[Any, Any]]
    accounts: list[AccountDiff]
    findings_added: list[Finding]  # of no account (kamgen.yaml)
    findings_resolved: list[Finding]
    findings_changed: list[tuple[Finding, Finding]] = field(default_factory=list)


def _key(f: Finding) -> tuple[str, str, str]:
    return (f.rule, f.file, f.message)


def _split(findings: list[Finding]) -> dict[str | None, dict[tuple[str, str, str], Finding]]:
    out: dict[str | None, dict[tuple[str, str, str], Finding]] = {}
    for f in findings:
        out.setdefault(f.account, {})[_key(f)] = f
    return out


def _people(account: Account | None) -> dict[str, str]:
    if account is None or account.stakeholders is None:
        return {}
    return {p.id: p.sentiment for p in account.stakeholders.stakeholders}


def _cells(account: Account | None) -> dict[str, str]:
    if account is None or account.whitespace is None:
        return {}
    return {f"{c.unit} x {c.offering}": c.status for c in account.whitespace.cells}


_NUMBER = re.compile(r"[0-9][0-9,.]*")
_QUOTED = re.compile(r"`[^`]*`")


def _gist(f: Finding) -> tuple[str, str, str]:
    """A finding without its numbers: "3 days overdue" and "4 days overdue" are one."""
    return (f.rule, f.file, _NUMBER.sub("#", f.message))


def _about(f: Finding) -> tuple[str, str, str]:
    """What a finding is about: its rule, file and the ids it quotes (`call`, `kam`)."""
    return (f.rule, f.file, " ".join(sorted(_QUOTED.findall(f.message))))


def paired(
    added: list[Finding], resolved: list[Finding]
) -> tuple[list[Finding], list[Finding], list[tuple[Finding, Finding]]]:
    """(added, resolved, changed): a finding resolved and one added are one finding whose
    words changed when they differ only in numbers ("3 days overdue", "4 days overdue"), or
    when they are the only two of their rule and file quoting the same ids ("no plan review
    is on record" then "plan reviewed 200 days ago"). Two findings about different ids (two
    overdue actions) stay apart."""
    changed: list[tuple[Finding, Finding]] = []
    for group, only in ((_gist, False), (_about, True)):
        after: dict[tuple[str, str, str], list[Finding]] = {}
        before: dict[tuple[str, str, str], list[Finding]] = {}
        for f in added:
            after.setdefault(group(f), []).append(f)
        for f in resolved:
            before.setdefault(group(f), []).append(f)
        matched: set[int] = set()
        for key, new in after.items():
            old = before.get(key, [])
            if only and (len(old) != 1 or len(new) != 1):
                continue
            for a, b in zip(old, new, strict=False):
                changed.append((a, b))
                matched.update((id(a), id(b)))
        added = [f for f in added if id(f) not in matched]
        resolved = [f for f in resolved if id(f) not in matched]
    changed.sort(key=lambda pair: pair[1].sort_key())
    return added, resolved, changed


def _metrics(analysis: Analysis) -> dict[str, AccountMetrics]:
    return {a.id: a for a in analysis.metrics.accounts} if analysis.metrics else {}


def _team(*configs: PortfolioConfig | None) -> dict[str, str]:
    """Team ids to names, the later config's name winning (someone who left keeps theirs)."""
    return {m.id: m.name for c in configs if c is not None for m in c.team}


def _currency(*configs: PortfolioConfig | None) -> str | None:
    return next((c.portfolio.currency for c in reversed(configs) if c is not None), None)


def _lost(account: Account | None) -> bool:
    return account is not None and account.plan is not None and account.plan.status == "churned"


def _status(account_id: str, old: dict[str, Account], new: dict[str, Account]) -> Status:
    if account_id not in old:
        return "added"
    if account_id not in new:
        return "removed"
    was, now = _lost(old[account_id]), _lost(new[account_id])
    return "churned" if now and not was else "reinstated" if was and not now else "changed"


def compare(old: Analysis, new: Analysis) -> tuple[list[AccountDiff], dict[str, Any]]:
    before, after = _metrics(old), _metrics(new)
    configs = (old.portfolio.config, new.portfolio.config)
    team: Mapping[str, str] = _team(*configs)
    currency = _currency(*configs)
    old_found, new_found = _split(old.findings), _split(new.findings)
    old_accounts = {a.id: a for a in old.portfolio.accounts}
    new_accounts = {a.id: a for a in new.portfolio.accounts}
    out: list[AccountDiff] = []
    for account_id in sorted(set(old_accounts) | set(new_accounts)):
        was, now = before.get(account_id), after.get(account_id)
        a = account_snapshot(was) if was else {}
        b = account_snapshot(now) if now else {}
        metrics = {k: (a.get(k), b.get(k)) for k in {**a, **b} if a.get(k) != b.get(k)}
        status = _status(account_id, old_accounts, new_accounts)
        f_old = old_found.get(account_id, {})
        f_new = new_found.get(account_id, {})
        p_old = _people(old_accounts.get(account_id))
        p_new = _people(new_accounts.get(account_id))
        c_old = _cells(old_accounts.get(account_id))
        c_new = _cells(new_accounts.get(account_id))
        added, resolved, reworded = paired(
            [f for k, f in f_new.items() if k not in f_old],
            [f for k, f in f_old.items() if k not in f_new],
        )
        words = changes(old_accounts.get(account_id), new_accounts.get(account_id), team, currency)
        diff = AccountDiff(
            account_id,
            status,
            dict(sorted(metrics.items())),
            added,
            resolved,
            sorted(set(p_new) - set(p_old)),
            sorted(set(p_old) - set(p_new)),
            sorted(
                p
                for p, sentiment in p_old.items()
                if sentiment == "champion" and p_new.get(p) != "champion"
            ),
            [
                (cell, c_old.get(cell), c_new.get(cell))
                for cell in sorted(set(c_old) | set(c_new))
                if c_old.get(cell) != c_new.get(cell)
            ],
            words,
            reworded,
        )
        if diff.moved:
            out.append(diff)
    pa = portfolio_snapshot(old.metrics) if old.metrics else {}
    pb = portfolio_snapshot(new.metrics) if new.metrics else {}
    portfolio = {k: (pa.get(k), pb.get(k)) for k in {**pa, **pb} if pa.get(k) != pb.get(k)}
    return out, dict(sorted(portfolio.items()))


def execute(root: Path, base: str, today: dt.date) -> Diff:
    source = GitSource.open(root, base)
    options = Options(root, today, policy=True)
    memo = Memo()  # what the working tree loaded to, reused for every file BASE has alike
    new = analyse(options, None, memo, located=False)  # compared without their lines
    old = analyse(options, source, memo, located=False)
    accounts, portfolio = compare(old, new)
    f_old, f_new = _split(old.findings).get(None, {}), _split(new.findings).get(None, {})
    added, resolved, changed = paired(
        [f for k, f in f_new.items() if k not in f_old],
        [f for k, f in f_old.items() if k not in f_new],
    )
    return Diff(base, source.ref, today, portfolio, accounts, added, resolved, changed)
