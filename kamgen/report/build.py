"""Compute what a report shows: the metrics, and the findings of `check` as at-risk reasons."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kamgen.base.errors import InvalidPortfolioError, UsageError
from kamgen.base.findings import Finding
from kamgen.base.hints import did_you_mean
from kamgen.check import reporters
from kamgen.check.result import Result
from kamgen.check.validate import Analysis, analyse
from kamgen.check.validate import Options as CheckOptions
from kamgen.load.portfolio import Source
from kamgen.metrics import AccountMetrics, PortfolioMetrics
from kamgen.rules.risk import NOT_AT_RISK, Risk, assess, renewals_at_risk


@dataclass(frozen=True)
class Options:
    root: Path
    today: dt.date
    account: str | None = None
    source: Source | None = None  # `--as-of`: the files as a git commit holds them


@dataclass(frozen=True)
class Report:
    metrics: PortfolioMetrics
    risks: dict[str, list[Finding]]  # account id -> its findings, errors first
    errors: int
    warnings: int
    account: str | None = None
    # One definition of "at risk" (kamgen.rules.risk), for every format and the site.
    at_risk: dict[str, Risk] = field(default_factory=dict)
    # Accounts that a portfolio total leaves out, by why: {"confidential": n, "invalid": n}.
    excluded: dict[str, int] = field(default_factory=dict)

    def risk(self, account_id: str) -> Risk:
        return self.at_risk.get(account_id, NOT_AT_RISK)

    def accounts(self) -> list[AccountMetrics]:
        """The accounts to show, in rank order: all of them, or the one asked for."""
        return [a for a in self.metrics.accounts if self.account in (None, a.id)]


def execute(options: Options) -> Report:
    check = CheckOptions(options.root, options.today, policy=True, source=options.source)
    return of(analyse(check), options.account)


def of(analysis: Analysis, account: str | None = None) -> Report:
    """The report of an analysis made with the policy rules (`check`'s)."""
    if analysis.metrics is None:
        raise InvalidPortfolioError(
            "kamgen.yaml is invalid, so there is nothing to report",
            reporters.finding_lines(analysis.findings),
        )
    metrics = analysis.metrics
    if account is not None and metrics.account(account) is None:
        skipped = {s.id: s.reason for s in metrics.skipped}
        if account in skipped:
            raise UsageError(f"account `{account}` cannot be reported: {skipped[account]}")
        lost = {c.id: c for c in metrics.churned}
        if account in lost:
            raise UsageError(
                f"account `{account}` is not reported: it {lost[account].why}; it is listed "
                "under `churned` in `kamgen report --format json`"
            )
        known = [a.id for a in metrics.accounts]
        raise UsageError(f"no account `{account}`{did_you_mean(account, known)}")
    risks: dict[str, list[Finding]] = defaultdict(list)
    for finding in analysis.findings:
        if finding.account is not None:
            risks[finding.account].append(finding)
    for found in risks.values():
        found.sort(key=lambda f: (f.severity != "error", f.rule, f.file, f.line or 0))
    counts = Result(analysis.findings, 0, 0)
    at_risk = {
        a.id: assess(a.health, risks.get(a.id, []), renewals_at_risk(a)) for a in metrics.accounts
    }
    invalid = len(metrics.skipped) + sum(
        1 for f in analysis.findings if f.rule == "invalid-account-folder"
    )
    excluded = {"confidential": 0, "invalid": invalid}
    return Report(metrics, dict(risks), counts.errors, counts.warnings, account, at_risk, excluded)
