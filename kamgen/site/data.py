"""What the site shows: the portfolio with confidential fields removed, and its metrics.

Every figure on the site is computed from the redacted accounts, so a confidential revenue
cannot be read back from a total, a share or a chart. The one exception is selection (score,
rank, suggested tier): it is taken from the full portfolio so that the site ranks exactly as
`kamgen report` and CI do; a score never reveals the figures it came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from kamgen.findings import Finding
from kamgen.load.portfolio import Account
from kamgen.metrics import AccountMetrics, PortfolioMetrics, compute
from kamgen.model import PortfolioConfig
from kamgen.report.build import of as report_of
from kamgen.site.redact import redact, secrets
from kamgen.validate import Options, analyse


@dataclass(frozen=True)
class SiteData:
    config: PortfolioConfig
    accounts: dict[str, Account]  # redacted unless confidential fields were asked for
    metrics: PortfolioMetrics
    risks: dict[str, list[Finding]]  # account id -> findings whose text is publishable
    today: dt.date
    confidential: dict[str, tuple[str, ...]]  # account id -> its hidden paths (when hidden)


def _selection(shown: AccountMetrics, full: AccountMetrics | None) -> AccountMetrics:
    if full is None:
        return shown
    why = dict(shown.why)
    for key in ("selection_score", "suggested_tier", "rank"):
        why[key] = full.why[key]
    return replace(
        shown,
        criteria=full.criteria,
        selection_score=full.selection_score,
        suggested_tier=full.suggested_tier,
        rank=full.rank,
        why=why,
    )


def _publishable(finding: Finding, hidden: set[str]) -> Finding:
    if any(text in finding.message for text in hidden):
        return replace(finding, message="details are confidential")
    return finding


def gather(root: Path, today: dt.date, include_confidential: bool = False) -> SiteData:
    analysis = analyse(Options(root, today, policy=True))
    full = report_of(analysis)  # refuses an unusable kamgen.yaml, with its findings
    config = analysis.portfolio.config
    assert config is not None
    accounts = {a.id: a for a in analysis.portfolio.accounts}
    private = [a for a in accounts.values() if a.plan is not None and a.plan.confidential]
    if include_confidential or not private:
        return SiteData(config, accounts, full.metrics, full.risks, today, {})
    shown = {a.id: redact(a) for a in accounts.values()}
    hidden = {a.id: set(secrets(a, shown[a.id])) for a in accounts.values()}
    metrics = compute(config, list(shown.values()), today)
    merged = sorted(
        (_selection(a, full.metrics.account(a.id)) for a in metrics.accounts),
        key=lambda a: a.rank,
    )
    risks = {
        account: [_publishable(f, hidden.get(account, set())) for f in found]
        for account, found in full.risks.items()
    }
    confidential = {
        a.id: tuple(a.plan.confidential)
        for a in accounts.values()
        if a.plan and a.plan.confidential
    }
    return SiteData(
        config, shown, replace(metrics, accounts=tuple(merged)), risks, today, confidential
    )
