"""`kamgen validate` and (for now) `kamgen check`: load, check, locate, filter, rank findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from kamgen.errors import UsageError
from kamgen.findings import Finding
from kamgen.load.portfolio import ACCOUNTS, CONFIG, FsSource, Portfolio, load_portfolio
from kamgen.locate import locate
from kamgen.rules.references import check_references
from kamgen.rules.registry import RULES


@dataclass(frozen=True)
class Options:
    root: Path
    today: dt.date
    files: tuple[Path, ...] = ()
    use_cache: bool = True
    policy: bool = False  # `check` adds the policy rules (metrics issue)


@dataclass
class Result:
    findings: list[Finding]
    files_checked: int
    accounts: int
    portfolio: Portfolio | None = field(default=None, repr=False)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")


def apply_overrides(findings: Iterable[Finding], overrides: dict[str, str]) -> Iterator[Finding]:
    for finding in findings:
        wanted = overrides.get(finding.rule)
        if wanted is None or not RULES[finding.rule].overridable:
            yield finding
        elif wanted != "off":
            yield replace(finding, severity="error" if wanted == "error" else "warning")


def scope(root: Path, files: tuple[Path, ...]) -> tuple[set[str], set[str]] | None:
    """(accounts, files) the report is narrowed to, or None for the whole portfolio."""
    if not files:
        return None
    accounts: set[str] = set()
    rels: set[str] = set()
    for given in files:
        try:
            rel = given.resolve().relative_to(root).as_posix()
        except ValueError:
            raise UsageError(f"{given} is outside the portfolio at {root}") from None
        if rel == CONFIG:
            return None  # settings touch every account
        parts = rel.split("/")
        if len(parts) >= 2 and parts[0] == ACCOUNTS:
            accounts.add(parts[1])
        rels.add(rel)
    return accounts, rels


def execute(options: Options) -> Result:
    source = FsSource(options.root)
    portfolio = load_portfolio(source)
    findings = list(portfolio.findings)
    findings += check_references(portfolio, options.today)
    if portfolio.config is not None:
        findings = list(apply_overrides(findings, dict(portfolio.config.rules)))
    narrowed = scope(options.root, options.files)
    if narrowed is not None:
        accounts, rels = narrowed
        findings = [f for f in findings if f.account in accounts or f.file in rels]
    findings = sorted(locate(findings, source), key=Finding.sort_key)
    return Result(findings, len(portfolio.files), len(portfolio.accounts), portfolio)
