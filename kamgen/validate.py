"""`kamgen validate` and (for now) `kamgen check`: load, check, locate and rank findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from kamgen.findings import Finding
from kamgen.load.portfolio import FsSource, load_portfolio
from kamgen.locate import locate
from kamgen.result import Result
from kamgen.rules.references import check_references
from kamgen.rules.registry import RULES


@dataclass(frozen=True)
class Options:
    root: Path
    today: dt.date
    policy: bool = False  # `check` adds the policy rules (metrics issue)


def apply_overrides(findings: Iterable[Finding], overrides: dict[str, str]) -> Iterator[Finding]:
    for finding in findings:
        wanted = overrides.get(finding.rule)
        if wanted is None or not RULES[finding.rule].overridable:
            yield finding
        elif wanted != "off":
            yield replace(finding, severity="error" if wanted == "error" else "warning")


def execute(options: Options) -> Result:
    """Every finding of the whole portfolio, located and sorted."""
    source = FsSource(options.root)
    portfolio = load_portfolio(source)
    findings = list(portfolio.findings)
    findings += check_references(portfolio, options.today)
    if portfolio.config is not None:
        findings = list(apply_overrides(findings, dict(portfolio.config.rules)))
    findings = sorted(locate(findings, source), key=Finding.sort_key)
    return Result(findings, len(portfolio.files), len(portfolio.accounts))
