"""`kamgen diff BASE`: what a change does to every account, between a git revision and the
working tree.

Both sides are computed with the same `today`, so that only the edit moves a number, never
the passing of time. Findings are compared without their line numbers (an edit above a
finding moves it without changing it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from kamgen.base.findings import Finding
from kamgen.check.validate import Analysis, Options, analyse
from kamgen.load.gitsource import GitSource
from kamgen.load.portfolio import Account
from kamgen.metrics.model import AccountMetrics
from kamgen.metrics.snapshot import account_snapshot, portfolio_snapshot

Status = Literal["added", "removed", "changed"]


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

    def _news(self) -> tuple[object, ...]:
        return (
            self.findings_added,
            self.findings_resolved,
            self.stakeholders_added,
            self.stakeholders_removed,
            self.cells,
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


def _metrics(analysis: Analysis) -> dict[str, AccountMetrics]:
    return {a.id: a for a in analysis.metrics.accounts} if analysis.metrics else {}


def compare(old: Analysis, new: Analysis) -> tuple[list[AccountDiff], dict[str, Any]]:
    before, after = _metrics(old), _metrics(new)
    old_found, new_found = _split(old.findings), _split(new.findings)
    old_accounts = {a.id: a for a in old.portfolio.accounts}
    new_accounts = {a.id: a for a in new.portfolio.accounts}
    out: list[AccountDiff] = []
    for account_id in sorted(set(old_accounts) | set(new_accounts)):
        was, now = before.get(account_id), after.get(account_id)
        a = account_snapshot(was) if was else {}
        b = account_snapshot(now) if now else {}
        changes = {k: (a.get(k), b.get(k)) for k in {**a, **b} if a.get(k) != b.get(k)}
        status: Status = (
            "added"
            if account_id not in old_accounts
            else "removed"
            if account_id not in new_accounts
            else "changed"
        )
        f_old = old_found.get(account_id, {})
        f_new = new_found.get(account_id, {})
        p_old = _people(old_accounts.get(account_id))
        p_new = _people(new_accounts.get(account_id))
        c_old = _cells(old_accounts.get(account_id))
        c_new = _cells(new_accounts.get(account_id))
        diff = AccountDiff(
            account_id,
            status,
            dict(sorted(changes.items())),
            [f for k, f in f_new.items() if k not in f_old],
            [f for k, f in f_old.items() if k not in f_new],
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
    old = analyse(options, source)
    new = analyse(options)
    accounts, portfolio = compare(old, new)
    f_old, f_new = _split(old.findings).get(None, {}), _split(new.findings).get(None, {})
    return Diff(
        base,
        source.ref,
        today,
        portfolio,
        accounts,
        [f for k, f in f_new.items() if k not in f_old],
        [f for k, f in f_old.items() if k not in f_new],
    )
