"""What the site shows: the portfolio with confidential fields removed, and its metrics.

Every figure on the site is computed from the redacted accounts, so a confidential value
cannot be read back from a total, a share, a chart or a sort order; portfolio totals leave out
the accounts whose input is confidential and say how many (`Totals`). The one exception is
selection (score, rank, suggested tier): it is taken from the full portfolio so that the site
ranks exactly as `kamgen report` and CI do. A criterion derived from revenue therefore still
reflects a confidential revenue; the method page says so.

Findings are shown for an account with confidential fields only when they follow from what
is published too (the policy rules are run again on the redacted account), and a message that
quotes a hidden value is withheld. An account whose `confidential:` cannot be honoured is left
out of the site whole.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from kamgen.base.findings import Finding
from kamgen.check.validate import Options, analyse, apply_overrides
from kamgen.history.series import History
from kamgen.load.portfolio import Account, Memo, Portfolio, Source
from kamgen.metrics import AccountMetrics, PortfolioMetrics, compute
from kamgen.metrics.catalogue import PORTFOLIO, role, selection
from kamgen.metrics.engine import UNSPECIFIED, depth_totals, revenue_figures
from kamgen.metrics.lifecycle import kpis
from kamgen.metrics.model import Kpis, RevenueFigures, Said
from kamgen.metrics.words import names, plural
from kamgen.model import PortfolioConfig
from kamgen.report.build import of as report_of
from kamgen.rules.confidential import RULE as UNKNOWN_PATH
from kamgen.rules.confidential import Hidden, hidden_of, honoured
from kamgen.rules.policy import apply_waivers, check_policy, live_waivers
from kamgen.rules.references import check_references
from kamgen.rules.registry import RULES
from kamgen.rules.risk import Risk, assess, renewals_at_risk
from kamgen.site.redact import redact, secrets

WITHHELD = "details are confidential"
REVENUE = "financials.revenue"
SATISFACTION = "reviews.satisfaction"  # a review's CSAT and NPS
REFERENCEABLE = "reviews.referenceable"
# The fields the plan review's freshness is read from: with one of them confidential, an
# account is left out of "plans reviewed on time" rather than counted as never reviewed.
PLAN_REVIEW = ("reviews.date", "reviews.kind", "reviewed")
# The customer's voice, by `Voice` field: the confidential path that keeps it off the site,
# the portfolio indicator it counts in, and what the indicator's why says it leaves out.
VOICE = {
    "csat": (SATISFACTION, "csat", "satisfaction"),
    "nps": (SATISFACTION, "nps", "satisfaction"),
    "referenceable": (REFERENCEABLE, "referenceable_share", "referenceability"),
}


@dataclass(frozen=True)
class LeftOut:
    """An account the site does not show (or shows in part), and why, in kamgen's words."""

    id: str
    reason: str


@dataclass(frozen=True)
class SinceReview:
    """What changed in an account since its last business review: its files, in words, and
    the metrics that moved (then, now), from git (kamgen.site.trends)."""

    date: dt.date  # the business review's
    commit: str  # the portfolio as it stood that day
    words: tuple[str, ...]
    moved: dict[str, tuple[Any, Any]]


@dataclass(frozen=True)
class SiteData:
    config: PortfolioConfig
    accounts: dict[str, Account]  # redacted unless confidential fields were asked for
    metrics: PortfolioMetrics
    risks: dict[str, list[Finding]]  # account id -> findings whose text is publishable
    today: dt.date
    hidden: dict[str, Hidden] = field(default_factory=dict)  # account id -> what is hidden
    left_out: tuple[LeftOut, ...] = ()  # accounts in the portfolio but not on the site
    partial: tuple[LeftOut, ...] = ()  # accounts shown without a file that could not be read
    bad_folders: int = 0  # folders under accounts/ whose name is not an id (never shown)
    include_confidential: bool = False
    history: History | None = None  # the portfolio's points in git, when it is in a repository
    since_review: dict[str, SinceReview] = field(default_factory=dict)  # account id -> panel

    def risk(self, account: AccountMetrics) -> Risk:
        """At risk, by the one definition (kamgen.rules.risk), from what the site publishes:
        the same as `kamgen report` for every account without confidential fields."""
        return self._assessed[account.id]

    @cached_property
    def _assessed(self) -> dict[str, Risk]:
        # Once per account: the home, tier and manager pages all ask for the same accounts.
        # A confidential contract is not named, and its renewal is no reason the site gives.
        return {
            a.id: assess(
                a.health,
                self.risks.get(a.id, []),
                () if self.is_hidden(a.id, "contracts") else renewals_at_risk(a),
            )
            for a in self.metrics.accounts
        }

    def is_hidden(self, account_id: str, *paths: str) -> bool:
        """Whether any of `paths` of the account is confidential, whole or in part: the one
        test every page uses before it shows a field or a figure computed from one."""
        hidden = self.hidden.get(account_id)
        return hidden is not None and any(hidden.touches(p) for p in paths)

    def people(self, account_id: str) -> dict[str, str]:
        """The account's stakeholders by id, as their names (for sentences about them): made
        once per account, though every finding of the account asks."""
        names = self._people.get(account_id)
        if names is None:
            account = self.accounts.get(account_id)
            people = account.stakeholders.stakeholders if account and account.stakeholders else []
            names = self._people[account_id] = {p.id: p.name for p in people}
        return names

    @cached_property
    def _people(self) -> dict[str, dict[str, str]]:
        return {}

    @cached_property
    def regions(self) -> dict[str, tuple[str, ...]]:
        """Each published region and its accounts, in rank order. An account whose region is
        confidential, or that names none, is on no region's page."""
        out: dict[str, list[str]] = defaultdict(list)
        for a in self.metrics.accounts:
            if a.region and not self.is_hidden(a.id, "region"):
                out[a.region].append(a.id)
        return {k: tuple(v) for k, v in sorted(out.items())}

    @cached_property
    def revenue_hidden(self) -> tuple[str, ...]:
        """Accounts on the site whose revenue is confidential: left out of every revenue
        figure (not counted as zero), so no total, share, Pareto point or order shows it."""
        return tuple(a.id for a in self.metrics.accounts if self.is_hidden(a.id, REVENUE))

    @cached_property
    def totals(self) -> RevenueFigures:
        """The portfolio's revenue figures over the accounts whose revenue is published, by
        the engine's one definition; a confidential region leaves the account out of the
        region table only."""
        hidden = set(self.revenue_hidden)
        m = self.metrics
        return revenue_figures(
            [a for a in m.accounts if a.id not in hidden], m.currency, m.year,
            lambda a: None if self.is_hidden(a.id, "region") else a.region or UNSPECIFIED,
            lost=[c for c in m.churned if not self.is_hidden(c.id, REVENUE)],
        )  # fmt: skip

    @cached_property
    def kpis(self) -> Kpis:
        """The portfolio's leading and lagging indicators over what the site publishes, by
        the one definition (`kamgen.metrics.lifecycle.kpis`): the same as `kamgen report`
        when nothing is confidential. A customer's voice that is confidential is left out
        of its indicator, and "plans reviewed on time" leaves out accounts whose review
        dates are; each why says how many accounts it leaves out."""
        m = self.metrics
        left: dict[str, list[str]] = defaultdict(list)  # Voice field -> accounts left out
        active = []
        for a in m.accounts:
            silenced = [key for key, (path, _, _) in VOICE.items() if self.is_hidden(a.id, path)]
            for key in silenced:
                left[key].append(a.id)
            if silenced and a.voice is not None:
                kept: dict[str, Said | None] = dict.fromkeys(silenced)
                a = replace(a, voice=replace(a.voice, **kept))  # type: ignore[arg-type]
            active.append(a)
        out = kpis(active, m.churned, self.today)
        why = dict(out.why)
        for key, (_, indicator, what) in VOICE.items():
            if left[key]:
                why[indicator] += f"; {_leaves_out(len(left[key]), what)}"
        dated = [a for a in active if not self.is_hidden(a.id, *PLAN_REVIEW)]
        if len(dated) < len(active):
            on_time = kpis(dated, (), self.today)
            why["plans_on_time"] = (
                f"{on_time.why['plans_on_time']}; "
                f"{_leaves_out(len(active) - len(dated), 'plan review dates', 'are')}"
            )
            out = replace(out, plans_on_time=on_time.plans_on_time)
        return replace(out, why=why)

    @cached_property
    def depth(self) -> DepthTotals:
        """The portfolio's renewals and pipeline over what the site publishes, by the
        engine's one definition: renewals over the accounts whose contracts are published,
        the weighted pipeline over those whose opportunities are (each figure's `hides` in
        the catalogue says which). An account with any of those fields confidential is left
        out, not counted as zero: a hidden value, a hidden renewal outcome or a hidden stage
        would each make the total wrong; each why says how many accounts it leaves out."""
        m = self.metrics
        out: dict[str, Any] = {}
        why: dict[str, str] = {}
        left: dict[str, tuple[str, ...]] = {}
        for keys, what in (
            (("renewals_180d", "renewal_value_180d"), "contracts"),
            (("weighted_pipeline",), "opportunities"),
        ):
            hides = PORTFOLIO[keys[-1]].hides
            secret = tuple(a.id for a in m.accounts if self.is_hidden(a.id, *hides))
            kept = [a for a in m.accounts if a.id not in secret]
            figures = depth_totals(kept, m.currency, self.today)
            said = figures.pop("depth_why")
            for key in keys:
                out[key] = figures[key]
                left[key] = secret
                why[key] = said[key] + (
                    f"; {_leaves_out(len(secret), what, 'are')}" if secret else ""
                )
        return DepthTotals(**out, why=why, left_out=left)

    @cached_property
    def indicators(self) -> Indicators:
        """What the home page's panel of indicators reads, through the catalogue's getters."""
        return Indicators(self.totals, self.kpis)


def _leaves_out(count: int, what: str, verb: str = "is") -> str:
    """Says how many accounts a figure leaves out, and why: "2 accounts left out: their
    satisfaction is confidential"."""
    whose = "its" if count == 1 else "their"
    return f"{plural(count, 'account')} left out: {whose} {what} {verb} confidential"


@dataclass(frozen=True)
class DepthTotals:
    """The published renewals and pipeline as the catalogue's portfolio getters read them
    (`m.renewal_value_180d`, `m.why[key]`), and the accounts each leaves out."""

    renewals_180d: int
    renewal_value_180d: float
    weighted_pipeline: float
    why: dict[str, str]
    left_out: dict[str, tuple[str, ...]]  # figure -> accounts whose input is confidential


@dataclass(frozen=True)
class Indicators:
    """The published portfolio figures as the catalogue's portfolio getters read them
    (`m.kpis.csat`, `m.revenue_growth`, `m.nrr`, `m.why[key]`): the revenue figures over
    published revenue, and the indicators over what the site publishes."""

    totals: RevenueFigures
    kpis: Kpis

    @property
    def why(self) -> dict[str, str]:
        return {**self.totals.why, **self.kpis.why}

    def __getattr__(self, name: str) -> Any:
        # Any other portfolio figure a getter asks for (`revenue_growth`, `nrr`) is one of
        # the published revenue figures. Never a private name: copying an instance asks
        # for those before `totals` is set.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.totals, name)


def _score_why(config: PortfolioConfig, full: AccountMetrics, hidden: Hidden | None) -> str:
    """The score's explanation without the revenue position the engine writes into it
    ("revenue 2nd of 12" would rank every account with confidential revenue)."""
    score = role("score")
    if score.value(full) is None:
        scores_hidden = hidden is not None and hidden.touches("scores")
        return "not scored: a criterion has no score" if scores_hidden else score.why(full)
    parts = []
    for c in config.scoring.criteria:
        value: object = full.criteria.get(c.id, "?")
        if c.source == "revenue_quintile":
            if hidden is not None and hidden.touches(REVENUE):
                parts.append(f"{c.id} from confidential revenue ×{c.weight:g}")
            else:
                parts.append(f"{c.id} {value} (revenue quintile) ×{c.weight:g}")
        elif hidden is not None and hidden.touches("scores"):
            parts.append(f"{c.id} confidential ×{c.weight:g}")
        else:
            parts.append(f"{c.id} {value} ×{c.weight:g}")
    return f"{score.value(full):g} from " + ", ".join(parts)


def _selection(
    config: PortfolioConfig, shown: AccountMetrics, full: AccountMetrics, hidden: Hidden | None
) -> AccountMetrics:
    # Selection metrics are fields of AccountMetrics under their catalogue keys.
    keys = [m.key for m in selection()]
    why = {**shown.why, **{k: full.why[k] for k in keys}}
    why[role("score").key] = _score_why(config, full, hidden)
    return replace(shown, criteria=full.criteria, why=why, **{k: getattr(full, k) for k in keys})


def _scope(finding: Finding, account: Account) -> str:
    """The file a finding is in, as the first word of a confidential path."""
    rel = finding.file.removeprefix(account.folder + "/")
    if rel.startswith("reviews/"):
        return "reviews"
    return {"stakeholders.yaml": "stakeholders", "whitespace.yaml": "whitespace"}.get(rel, "")


def _quotes(message: str, quoted: set[str]) -> bool:
    """Whether `message` quotes a hidden value: long ones anywhere, short ones (an id like
    `o1`) only as a quoted token, else every message with a digit in it would match."""
    return any((text in message) if len(text) >= 3 else (f"`{text}`" in message) for text in quoted)


def _placed(finding: Finding, account: Account, hidden: Hidden) -> Finding:
    """A review file is named after its date: with review dates hidden, only the folder."""
    if _scope(finding, account) == "reviews" and hidden.touches("reviews.date"):
        return replace(finding, file=f"{account.folder}/reviews/", line=None, column=None)
    return finding


def _scrubbed(finding: Finding, account: Account, hidden: Hidden, quoted: set[str]) -> Finding:
    """A finding about a file's shape, told without hidden values."""
    scope = _scope(finding, account)
    if (scope and hidden.touches(scope)) or _quotes(finding.message, quoted):
        finding = replace(finding, message=WITHHELD)
    return _placed(finding, account, hidden)


def _derivable(
    config: PortfolioConfig,
    shown: dict[str, Account],
    metrics: PortfolioMetrics,
    today: dt.date,
) -> dict[str, list[Finding]]:
    """The reference and policy findings that the published data alone gives, by account."""
    portfolio = Portfolio(config, list(shown.values()), [], [])
    found: Iterable[Finding] = [
        *check_references(portfolio, today),
        *check_policy(portfolio, metrics, today),
    ]
    found = apply_waivers(found, live_waivers(portfolio, today))
    out: dict[str, list[Finding]] = defaultdict(list)
    for finding in apply_overrides(found, dict(config.rules)):
        if finding.account is not None:
            out[finding.account].append(finding)
    return out


def unchecked(hidden: Hidden) -> tuple[str, ...]:
    """The policy rules whose input is hidden for this account: the site shows none of their
    findings, whether they fire or not, so that no change of a hidden value changes the page
    (this list depends on what is hidden, never on its value)."""
    return tuple(
        r.id
        for r in RULES.values()
        if r.kind == "policy" and any(hidden.touches(path) for path in r.reads)
    )


def _publishable(
    found: list[Finding],
    account: Account,
    hidden: Hidden,
    derivable: list[Finding],
    quoted: set[str],
) -> list[Finding]:
    """The findings of an account with hidden fields that the site may show.

    A reference or policy finding is shown only if the redacted account gives it too (else
    its very presence would tell what a hidden field holds, as `detractor-in-power` tells a
    sentiment), and with its message only if the redacted account words it the same way. A
    finding about a file's shape cannot be worked out again (the file did not load): its
    message is withheld when it is about a file with hidden fields or quotes a hidden value.
    """
    twins: dict[tuple[str, str], list[str]] = defaultdict(list)
    for d in derivable:
        twins[(d.rule, d.file)].append(d.message)
    out = []
    for finding in found:
        if finding.rule not in RULES or RULES[finding.rule].kind in ("load", "schema"):
            out.append(_scrubbed(finding, account, hidden, quoted))
            continue
        if finding.rule in unchecked(hidden):
            continue  # neither the finding nor its absence is shown: both would tell
        messages = twins[(finding.rule, finding.file)]
        if not messages:
            continue
        if finding.message in messages:
            messages.remove(finding.message)
        else:
            messages.pop(0)
            finding = replace(finding, message=WITHHELD)
        out.append(_placed(finding, account, hidden))
    return out


def _file_problem(found: list[Finding], what: str) -> str:
    first = min(found, key=lambda x: x.line or 0)
    where = f" on line {first.line}" if first.line else ""
    summary = RULES[first.rule].summary.rstrip(".") if first.rule in RULES else first.rule
    word = summary.split(" ", 1)[0]
    if word[1:] == word[1:].lower():  # "A value ..." reads on as "a value ...", "YAML" stays
        summary = summary[0].lower() + summary[1:]
    return f"{what} cannot be used ({plural(len(found), 'error')}; the first{where}: {summary})"


def _left_out(
    metrics: PortfolioMetrics,
    findings: list[Finding],
    accounts: dict[str, Account],
    unusable: dict[str, str],
    hidden: dict[str, Hidden],
) -> tuple[tuple[LeftOut, ...], tuple[LeftOut, ...]]:
    """Accounts the site leaves out, and accounts it shows without a file, with reasons
    made of kamgen's own words (a finding's message can quote what was hidden)."""
    errors: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.account in accounts and finding.severity == "error":
            errors[(finding.account, finding.file)].append(finding)
    out = [LeftOut(k, v) for k, v in unusable.items()]
    for skipped in metrics.skipped:
        account = accounts.get(skipped.id)
        plan_file = f"{account.folder}/plan.yaml" if account else ""
        found = errors.get((skipped.id, plan_file), [])
        if account is not None and account.plan is None and found:
            missing = any(x.rule == "missing-file" for x in found)
            reason = "it has no plan.yaml" if missing else _file_problem(found, "plan.yaml")
        else:
            reason = skipped.reason
        out.append(LeftOut(skipped.id, reason))
    partial = []
    shown = {a.id for a in metrics.accounts}
    for (account_id, file), found in sorted(errors.items()):
        account = accounts[account_id]
        broken = [
            x for x in found if RULES.get(x.rule) and RULES[x.rule].kind in ("load", "schema")
        ]
        rel = file.removeprefix(account.folder + "/")
        if rel.startswith("reviews/") and account_id in hidden:
            rel = "a review file"  # its name is its date, which may be what is hidden
        if account_id in shown and broken and rel != "plan.yaml":
            partial.append(LeftOut(account_id, _file_problem(broken, rel)))
    return tuple(sorted(out, key=lambda x: x.id)), tuple(partial)


def gather(
    root: Path,
    today: dt.date,
    include_confidential: bool = False,
    memo: Memo | None = None,
    source: Source | None = None,
) -> SiteData:
    """What the site shows. `memo` (see kamgen.load.portfolio) lets `kamgen serve` reload
    only the files that changed; `source` is a git commit's files (`--as-of`)."""
    analysis = analyse(Options(root, today, policy=True), source, memo)
    full = report_of(analysis)  # refuses an unusable kamgen.yaml, with its findings
    config = analysis.portfolio.config
    assert config is not None
    accounts = {a.id: a for a in analysis.portfolio.accounts}
    bad_folders = sum(1 for x in analysis.findings if x.rule == "invalid-account-folder")
    private = [a for a in accounts.values() if a.plan is not None and a.plan.confidential]
    if include_confidential or not private:
        left_out, partial = _left_out(full.metrics, analysis.findings, accounts, {}, {})
        return SiteData(
            config, accounts, full.metrics, full.risks, today, {}, left_out, partial,
            bad_folders, include_confidential,
        )  # fmt: skip

    hidden: dict[str, Hidden] = {}
    unusable: dict[str, str] = {}
    for a in private:
        asked = hidden_of(a.plan)
        if asked is None:
            assert a.plan is not None
            bad = names([f"`{e[:60]}`" for e in a.plan.confidential if not honoured(e)], 3)
            unusable[a.id] = (
                f"its `confidential:` list has an entry that hides nothing ({bad}; rule "
                f"`{UNKNOWN_PATH}`), so none of it is published until that is fixed"
            )
        elif asked.paths:
            hidden[a.id] = asked
    shown = {
        a.id: redact(a, hidden[a.id]) if a.id in hidden else a
        for a in accounts.values()
        if a.id not in unusable
    }
    metrics = compute(config, list(shown.values()), today)
    ranked = {a.id: a for a in full.metrics.accounts}
    merged = sorted(
        (
            _selection(config, a, ranked[a.id], hidden.get(a.id))
            for a in metrics.accounts
            if a.id in ranked
        ),
        key=lambda a: a.rank,
    )
    metrics = replace(metrics, accounts=tuple(merged))
    derivable = _derivable(config, shown, metrics, today)
    risks: dict[str, list[Finding]] = {}
    for account_id, found in full.risks.items():
        if account_id in unusable:
            continue
        if account_id not in hidden:
            risks[account_id] = found
            continue
        quoted = set(secrets(accounts[account_id], shown[account_id]))
        risks[account_id] = _publishable(
            found, accounts[account_id], hidden[account_id], derivable[account_id], quoted
        )
    left_out, partial = _left_out(metrics, analysis.findings, accounts, unusable, hidden)
    return SiteData(
        config, shown, metrics, risks, today, hidden, left_out, partial, bad_folders, False
    )
