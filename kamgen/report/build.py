"""Compute what a report shows: the metrics, and the findings of `check` as at-risk reasons."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kamgen import reporters
from kamgen.errors import InvalidPortfolioError, UsageError
from kamgen.findings import Finding
from kamgen.hints import did_you_mean
from kamgen.metrics import PortfolioMetrics
from kamgen.result import Result
from kamgen.validate import Options as CheckOptions
from kamgen.validate import analyse


@dataclass(frozen=True)
class Options:
    root: Path
    today: dt.date
    account: str | None = None


@dataclass(frozen=True)
class Report:
    metrics: PortfolioMetrics
    risks: dict[str, list[Finding]]  # account id -> its findings, errors first
    portfolio_findings: list[Finding]  # those of no account (kamgen.yaml, managers)
    errors: int
    warnings: int
    account: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def selected(self) -> tuple[str, ...]:
        if self.account is not None:
            return (self.account,)
        return tuple(a.id for a in self.metrics.accounts)


def execute(options: Options) -> Report:
    analysis = analyse(CheckOptions(options.root, options.today, policy=True))
    if analysis.metrics is None:
        raise InvalidPortfolioError(
            "kamgen.yaml is invalid, so there is nothing to report",
            reporters.text(Result(analysis.findings, 0, 0)).splitlines(),
        )
    metrics = analysis.metrics
    if options.account is not None and metrics.account(options.account) is None:
        skipped = {s.id: s.reason for s in metrics.skipped}
        if options.account in skipped:
            raise UsageError(
                f"account `{options.account}` cannot be reported: {skipped[options.account]}"
            )
        known = [a.id for a in metrics.accounts]
        raise UsageError(f"no account `{options.account}`{did_you_mean(options.account, known)}")
    risks: dict[str, list[Finding]] = defaultdict(list)
    general: list[Finding] = []
    for finding in analysis.findings:
        if finding.account is None:
            general.append(finding)
        else:
            risks[finding.account].append(finding)
    for found in risks.values():
        found.sort(key=lambda f: (f.severity != "error", f.rule, f.file, f.line or 0))
    errors = sum(1 for f in analysis.findings if f.severity == "error")
    return Report(
        metrics,
        dict(risks),
        general,
        errors,
        len(analysis.findings) - errors,
        options.account,
    )
