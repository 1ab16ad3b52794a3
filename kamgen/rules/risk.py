""" "At risk": one definition, used by `kamgen report` (every format), the site and `diff`.

An account is at risk when any of these holds; each is one reason, in words:
- a finding that blocks (an error after the portfolio's overrides and live waivers: a stale
  plan, an expired waiver, a file that cannot be used);
- a finding of a rule that can lose the account by itself (`Rule.at_risk` in the registry:
  single-threaded, no decision maker, a detractor in power, a champion who left);
- health in the poor band (below 50 points);
- a contract whose renewal is marked at risk (a lapsed one is an error already).

Warnings that ask for housekeeping (a thin map, a due-soon review, an overdue action) are
shown with the account but do not make it at risk: a list where everything is at risk tells a
leader nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kamgen.base.findings import Finding
from kamgen.metrics.formulas import health_band
from kamgen.metrics.model import AccountMetrics
from kamgen.rules.registry import RULES


@dataclass(frozen=True)
class Risk:
    at_risk: bool
    reasons: tuple[str, ...]  # sentences, most severe first
    codes: tuple[str, ...] = ()  # the same reasons as short codes: rule ids, `poor-health`


NOT_AT_RISK = Risk(False, (), ())
POOR_HEALTH = "poor-health"


def makes_at_risk(finding: Finding) -> bool:
    """Whether this finding alone makes its account at risk."""
    rule = RULES.get(finding.rule)
    return finding.severity == "error" or (rule is not None and rule.at_risk)


RENEWAL_AT_RISK = "renewal-at-risk"


def renewals_at_risk(account: AccountMetrics) -> tuple[str, ...]:
    """The account's open contracts marked `renewal: at_risk`, as reasons."""
    deep = account.depth
    if deep is None:
        return ()
    return tuple(
        f"renewal at risk: {c.title} ({c.id}) ends {c.end}, notice by {c.notice_date}"
        for c in deep.open_contracts
        if c.renewal == "at_risk"
    )


def assess(health: int, findings: Iterable[Finding], at_stake: Sequence[str] = ()) -> Risk:
    """Whether an account is at risk, and why, from its health, its findings and what is at
    stake in its contracts (`renewals_at_risk`)."""
    reasons: list[str] = list(at_stake)
    codes: list[str] = [RENEWAL_AT_RISK] if at_stake else []
    seen: set[str] = set()
    for f in sorted(findings, key=lambda f: (f.severity != "error", f.rule, f.line or 0)):
        if makes_at_risk(f):
            sentence = f"{f.rule}: {f.message}"
            if sentence not in seen:
                seen.add(sentence)
                reasons.append(sentence)
            if f.rule not in codes:
                codes.append(f.rule)
    if health_band(health) == "poor":
        reasons.append(f"health {health} of 100 is in the poor band (below 50)")
        codes.append(POOR_HEALTH)
    return Risk(bool(reasons), tuple(reasons), tuple(codes))
