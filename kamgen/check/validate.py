"""`kamgen validate` and `kamgen check`: load, check, locate and rank findings.

`analyse` is shared with `kamgen report`, which needs the metrics and the findings of the
same run: the at-risk reasons of the report are exactly the findings of `check`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from kamgen.base.findings import Finding
from kamgen.check.locate import locate
from kamgen.check.result import Result
from kamgen.check.scope import scoped
from kamgen.load.portfolio import FsSource, Memo, Portfolio, Source, load_portfolio
from kamgen.metrics import PortfolioMetrics, compute
from kamgen.rules.confidential import check_confidential
from kamgen.rules.policy import apply_waivers, check_policy, live_waivers
from kamgen.rules.references import check_references
from kamgen.rules.registry import RULES


@dataclass(frozen=True)
class Options:
    root: Path
    today: dt.date
    policy: bool = False  # `check` adds the policy rules
    # `--changed-since`: policy findings block only for these accounts (None: all block)
    scope: frozenset[str] | None = None
    # `--as-of`: the files as a git commit holds them (kamgen.history.asof), not the tree's
    source: Source | None = None


@dataclass(frozen=True)
class Analysis:
    portfolio: Portfolio
    metrics: PortfolioMetrics | None  # None when kamgen.yaml is unusable
    findings: list[Finding]  # overrides and waivers applied, located and sorted


def apply_overrides(findings: Iterable[Finding], overrides: dict[str, str]) -> Iterator[Finding]:
    for finding in findings:
        wanted = overrides.get(finding.rule)
        if wanted is None or not RULES[finding.rule].overridable:
            yield finding
        elif wanted != "off":
            yield replace(finding, severity="error" if wanted == "error" else "warning")


def analyse(
    options: Options, source: Source | None = None, memo: Memo | None = None, located: bool = True
) -> Analysis:
    """Everything `check` knows, from the working tree or from `source` (a git revision).
    `memo` keeps what each file loaded to, for a caller that analyses again and again."""
    source = source or options.source or FsSource(options.root)
    portfolio = load_portfolio(source, memo)
    findings = list(portfolio.findings)
    findings += check_references(portfolio, options.today)
    findings += check_confidential(portfolio)
    metrics = None
    if portfolio.config is not None:
        if options.policy:
            metrics = compute(portfolio.config, portfolio.accounts, options.today)
            findings += check_policy(portfolio, metrics, options.today)
        findings = list(apply_waivers(findings, live_waivers(portfolio, options.today)))
        findings = list(apply_overrides(findings, dict(portfolio.config.rules)))
    findings = list(scoped(findings, options.scope))
    if located:  # `kamgen diff` compares findings without their lines: it needs none
        findings = locate(findings, source, portfolio.unparsed, memo)
    findings = sorted(findings, key=Finding.sort_key)
    return Analysis(portfolio, metrics, findings)


def execute(options: Options) -> Result:
    """Every finding of the whole portfolio, located and sorted."""
    analysis = analyse(options)
    return Result(
        analysis.findings, len(analysis.portfolio.files), len(analysis.portfolio.accounts)
    )
