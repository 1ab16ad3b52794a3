"""The metric catalogue: every metric declared once, and every output iterates over it.

An entry says what a metric is (key, label, unit, section), how to read it (which way is
better, whether the formula is exact, per account or per portfolio), where a user edits to
move it, how to get its value and its "why" from the computed metrics, and where it appears.
The JSON report, the CSV, the terminal and Markdown tables, the diff, the site's account page
and docs/metrics.md all iterate over `CATALOGUE` (or one of its views), so adding a metric is
its formula, one `register(...)` and its tests: no renderer changes.

Views (`view(name)`) are the ordered subsets each output shows. Their order is declared here,
once; a metric registered later with that view in `show` is appended to it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from kamgen.metrics.formulas import FORMULAS, HEALTH, Standing, health_band
from kamgen.metrics.model import AccountMetrics, Freshness
from kamgen.metrics.words import money, number, pct, retention

Unit = Literal["score", "tier", "rank", "money", "ratio", "count", "points", "status", "flag",
               "band", "ids", "date", "detail"]  # fmt: skip
Scope = Literal["account", "portfolio"]
Better = Literal["higher", "lower"] | None
# Where a metric appears: `json` (report --format json), `csv`, `table` (terminal and Markdown
# tables), `diff` (what diff and history compare), `page` (the site's "why these numbers"),
# `kpi` (the home page's panel of leading and lagging indicators).
View = Literal["json", "csv", "table", "diff", "page", "kpi"]
ALL: frozenset[View] = frozenset({"json", "csv", "table", "diff", "page"})
# The method's two kinds of indicator: leading ones move first, lagging ones confirm.
Indicator = Literal["leading", "lagging"] | None


@dataclass(frozen=True)
class Metric:
    key: str  # the name in JSON, CSV and diff: a contract, never renamed
    label: str  # for people: a table's heading, a row of the site's "why these numbers"
    unit: Unit
    section: str  # the heading it is shown under
    get: Callable[[Any], Any]  # AccountMetrics or PortfolioMetrics -> the value
    why: Callable[[Any], str] = lambda _: ""
    scope: Scope = "account"
    better: Better = None  # which way is good news, for arrows and colours
    standing: Standing = "exact"
    edit: str = ""  # the file and field a user edits to move it
    show: frozenset[View] = ALL
    hides: tuple[str, ...] = ()  # `confidential:` paths that make the value unpublishable
    text: Callable[[Any], str] | None = None  # how the value reads, if not by its unit
    json: Callable[[Any], Any] | None = None  # the JSON value, if not the plain value
    short: str = ""  # the terminal table's narrow heading (default: the key)
    column: str = ""  # the CSV column's name (default: the key)
    nested: tuple[str, str] | None = None  # (block, name): also in a JSON block of details
    cell: Callable[[Any], str] | None = None  # a table cell from the whole account
    benchmark: float | None = (
        None  # the method's benchmark, where it gives one (`better` says which side is good)
    )
    indicator: Indicator = None
    estimate: bool = False  # a model's guess, not a measure: labelled so wherever it appears

    def value(self, metrics: Any) -> Any:
        return self.get(metrics)

    def json_value(self, metrics: Any) -> Any:
        raw = self.get(metrics)
        if self.json is not None:
            return self.json(raw)
        return number(raw) if self.unit == "money" else raw

    def shown(self, metrics: Any, currency: str = "") -> str:
        """The value as a person reads it in a table."""
        if self.cell is not None:
            return self.cell(metrics)
        return self.render(self.get(metrics), currency)

    @property
    def numeric(self) -> bool:
        """Right-aligned in tables."""
        return self.unit in ("score", "rank", "money", "ratio", "count", "points")

    def render(self, value: Any, currency: str = "") -> str:
        if self.text is not None:
            return self.text(value)
        return reads(self.unit, value, currency)

    @property
    def formula(self) -> str | None:
        """The formula's text in formulas.py, when there is one under this key."""
        found = FORMULAS.get(self.key)
        return found.text if found else None


def reads(unit: Unit, value: Any, currency: str = "") -> str:
    """How a value of a unit reads for people."""
    if value is None:
        return "-"
    if unit == "money":
        return money(float(value), currency)
    if unit == "ratio":
        return pct(float(value))
    if unit == "score":
        return f"{value:.2f}"
    if unit == "flag":
        return "yes" if value else "no"
    if unit in ("status", "band"):
        return str(value).replace("_", " ")
    if unit == "ids":
        return ", ".join(value) or "-"
    return str(value)


CATALOGUE: dict[str, Metric] = {}
_VIEWS: dict[View, list[str]] = {
    "json": [], "csv": [], "table": [], "diff": [], "page": [], "kpi": []
}  # fmt: skip


def register(metric: Metric) -> Metric:
    """Add a metric; it appears in every output its `show` names."""
    if metric.key in CATALOGUE:
        raise ValueError(f"metric {metric.key} is declared twice")
    CATALOGUE[metric.key] = metric
    for name in sorted(metric.show):
        if metric.key not in _VIEWS[name]:
            _VIEWS[name].append(metric.key)
    return metric


def unregister(key: str) -> None:
    """Remove a metric (tests register toy metrics and take them back)."""
    CATALOGUE.pop(key, None)
    for keys in _VIEWS.values():
        if key in keys:
            keys.remove(key)


# The order each output shows its metrics in; metrics not named here follow, as registered.
ORDER: dict[View, tuple[str, ...]] = {
    "table": ("tier", "selection_score", "health", "coverage", "freshness.plan_review"),
    "csv": ("rank", "tier", "suggested_tier", "selection_score", "health", "revenue", "nrr",
            "share_of_wallet", "coverage", "multithread_depth", "single_threaded",
            "freshness.plan_review", "freshness.business_review",
            "freshness.executive_touchpoint", "plan_review_age_days", "whitespace_value",
            "adoption"),
    "page": ("selection_score", "suggested_tier", "health", "health_band", "revenue", "nrr",
             "share_of_wallet", "coverage", "multithread_depth"),
    "diff": ("tier", "suggested_tier", "selection_score", "rank", "revenue", "nrr",
             "share_of_wallet", "coverage", "multithread_depth", "single_threaded", "health",
             "whitespace_value", "adoption", "conversion"),
}  # fmt: skip
# What a pull request's summary names first when it lists what moved.
HEADLINE = ("selection_score", "suggested_tier", "tier", "health", "coverage",
            "multithread_depth", "freshness.plan_review", "revenue")  # fmt: skip


def nested(block: str) -> list[Metric]:
    """The metrics shown inside a JSON block of details (`whitespace`), in their order."""
    return [m for m in CATALOGUE.values() if m.nested is not None and m.nested[0] == block]


def view(name: View, scope: Scope = "account") -> list[Metric]:
    """The metrics one output shows, in its order."""
    first = [k for k in ORDER.get(name, ()) if k in _VIEWS[name]]
    keys = first + [k for k in _VIEWS[name] if k not in first]
    return [CATALOGUE[k] for k in keys if CATALOGUE[k].scope == scope]


# ---- the entries -------------------------------------------------------------------------


def _tier_text(pair: tuple[int, int | None]) -> str:
    declared, suggested = pair
    if suggested is None or suggested == declared:
        return str(declared) + ("" if suggested else "?")
    return f"{declared}>{suggested}"


def _fresh_text(fresh: Freshness) -> str:
    """The days that matter to the state: since the review, to the limit, past it."""
    if fresh.age_days is None:
        return "STALE never"
    left = fresh.limit_days - fresh.age_days
    return {
        "fresh": f"fresh {fresh.age_days}d ago",
        "due_soon": f"due in {left}d",
        "stale": f"STALE +{-left}d",
    }[fresh.status]


def _fresh_of(kind: str) -> Callable[[AccountMetrics], Freshness]:
    return lambda a: a.freshness[kind]


def _fresh_why(kind: str) -> Callable[[AccountMetrics], str]:
    return lambda a: a.freshness[kind].why


def _freshness_json(fresh: Mapping[str, Freshness]) -> dict[str, Any]:
    return {
        kind: {
            "last": f.last.isoformat() if f.last else None,
            "age_days": f.age_days,
            "limit_days": f.limit_days,
            "status": f.status,
            "source": f.source,
            "why": f.why,
        }
        for kind, f in fresh.items()
    }


def _declare_account() -> None:
    a = AccountMetrics
    plan, people, grid = "plan.yaml", "stakeholders.yaml", "whitespace.yaml"
    entries = [
        Metric("tier", "Tier", "tier", "Selection", lambda a: a.tier,
               lambda a: "the tier the plan declares", better=None,
               edit=f"{plan} `tier`", show=frozenset({"json", "csv", "table", "diff"}),
               short="tier", cell=lambda a: _tier_text((a.tier, a.suggested_tier))),
        Metric("suggested_tier", "Suggested tier", "tier", "Selection",
               lambda a: a.suggested_tier, lambda a: a.why["suggested_tier"], better=None,
               edit=f"{plan} `scores` (or kamgen.yaml `scoring.tiers`)",
               show=frozenset({"json", "csv", "diff", "page"})),
        Metric("selection_score", "Selection score", "score", "Selection",
               lambda a: a.selection_score, lambda a: a.why["selection_score"],
               better="higher", edit=f"{plan} `scores`", short="score"),
        Metric("rank", "Rank", "rank", "Selection", lambda a: a.rank,
               lambda a: a.why["rank"], better="lower", edit=f"{plan} `scores`",
               show=frozenset({"json", "csv", "diff", "page"})),
        Metric("revenue", "Revenue", "money", "Revenue", lambda a: a.revenue,
               lambda a: a.why["revenue"], better="higher", edit=f"{plan} `financials`",
               hides=("financials.revenue",), show=frozenset({"json", "csv", "diff", "page"})),
        Metric("share_of_wallet", "Share of wallet", "ratio", "Revenue",
               lambda a: a.share_of_wallet, lambda a: a.why["share_of_wallet"],
               better="higher", edit=f"{plan} `financials` (revenue and wallet)",
               show=frozenset({"json", "csv", "diff", "page"}),
               hides=("financials.revenue", "financials.wallet")),
        Metric("nrr", "Net revenue retention", "ratio", "Revenue", lambda a: a.nrr,
               lambda a: a.why["nrr"], better="higher",
               edit=f"{plan} `financials` (this year and last)",
               show=frozenset({"json", "csv", "diff", "page"}), hides=("financials.revenue",),
               text=retention),
        Metric("coverage", "Coverage", "ratio", "Relationships",
               lambda a: a.relationships.coverage, lambda a: a.relationships.why["coverage"],
               better="higher", edit=f"{people} `strength`, `last_contact`, `status`",
               short="cover"),
        Metric("multithread_depth", "Multithread depth", "count", "Relationships",
               lambda a: a.relationships.multithread_depth,
               lambda a: a.relationships.why["multithread_depth"], better="higher",
               edit=f"{people} `strength`, `last_contact`",
               show=frozenset({"json", "csv", "diff", "page"})),
        Metric("single_threaded", "Single-threaded", "flag", "Relationships",
               lambda a: a.relationships.single_threaded,
               lambda a: a.relationships.why["multithread_depth"], better="lower",
               edit=f"{people} `strength`, `last_contact`",
               show=frozenset({"json", "csv", "diff"})),
        Metric("freshness", "Review freshness", "detail", "Freshness",
               lambda a: a.freshness, json=_freshness_json, show=frozenset({"json"})),
        *(
            Metric(f"freshness.{kind}", kind.replace("_", " ").capitalize(), "status",
                   "Freshness", _fresh_of(kind), _fresh_why(kind),
                   better=None, edit=f"a review in reviews/ (or {plan} `reviewed:`)"
                   if kind == "plan_review" else "a review in reviews/",
                   show=frozenset({"csv", "table", "diff", "page"}) if kind == "plan_review"
                   else frozenset({"csv", "diff", "page"}),
                   text=_fresh_text, json=lambda f: f.status, short="plan", column=kind,
                   hides=("reviews.date", "reviews.kind")
                   + (("reviewed",) if kind == "plan_review" else ()))
            for kind in ("plan_review", "business_review", "executive_touchpoint")
        ),
        Metric("health", "Health", "points", "Health", lambda a: a.health,
               lambda a: a.why["health"], better="higher", standing="design",
               edit="each health part's inputs (see the breakdown)", short="health"),
        Metric("plan_review_age_days", "Days since the plan review", "count", "Freshness",
               lambda a: a.freshness["plan_review"].age_days,
               lambda a: a.freshness["plan_review"].why, better="lower",
               edit=f"a plan review in reviews/ (or {plan} `reviewed:`)",
               show=frozenset({"csv"})),
        Metric("health_breakdown", "Health breakdown", "detail", "Health",
               lambda a: a.health_lines, json=lambda lines: {x.id: x.points for x in lines},
               show=frozenset({"json"})),
        Metric("health_band", "Health band", "band", "Health", lambda a: health_band(a.health),
               lambda a: f"{a.health} points: " + {"good": "75 or more", "fair": "50 to 74",
                                                   "poor": "below 50"}[health_band(a.health)],
               better=None, standing="design", edit="as health",
               show=frozenset({"json", "csv", "diff", "page"})),
        Metric("adoption", "Adoption", "ratio", "Whitespace", lambda a: a.whitespace.adoption,
               lambda a: a.whitespace.why["adoption"], better="higher", standing="specified",
               edit=f"{grid} `cells` (status)", show=frozenset({"csv", "diff", "page"}),
               nested=("whitespace", "adoption")),
        Metric("whitespace_value", "Open whitespace", "money", "Whitespace",
               lambda a: a.whitespace.value, lambda a: a.whitespace.why["whitespace_value"],
               better="higher", standing="specified", edit=f"{grid} `cells` (value, status)",
               show=frozenset({"csv", "diff", "page"}), hides=("whitespace.value",),
               nested=("whitespace", "value")),
        Metric("conversion", "Conversion", "ratio", "Whitespace",
               lambda a: a.whitespace.conversion, lambda a: a.whitespace.why["conversion"],
               better="higher", standing="specified", edit=f"{grid} `cells` (won, lost)",
               show=frozenset({"diff", "page"}), nested=("whitespace", "conversion")),
        Metric("csat", "CSAT", "score", "Voice of the customer",
               lambda a: _said(a, "csat"), lambda a: a.why["csat"], better="higher",
               edit="`satisfaction: {csat: ...}` in a review (`kamgen review add`)",
               show=frozenset({"json", "csv", "diff", "page"}), hides=("reviews.satisfaction",),
               text=_of_5, indicator="lagging"),
        Metric("nps", "NPS", "count", "Voice of the customer",
               lambda a: _said(a, "nps"), lambda a: a.why["nps"], better="higher",
               edit="`satisfaction: {nps: ...}` in a review (`kamgen review add`)",
               show=frozenset({"json", "csv", "diff", "page"}), hides=("reviews.satisfaction",),
               text=_signed, indicator="lagging"),
        Metric("referenceable", "Referenceable", "flag", "Voice of the customer",
               lambda a: _said(a, "referenceable"), lambda a: a.why["referenceable"],
               better="higher", edit="`referenceable:` in a review (`kamgen review add`)",
               show=frozenset({"json", "csv", "diff", "page"}),
               hides=("reviews.referenceable",),
               text=lambda v: "not stated" if v is None else "yes" if v else "no",
               indicator="lagging"),
        Metric("clv_estimate", "Lifetime value (estimate)", "money", "Revenue",
               lambda a: a.clv_estimate, lambda a: a.why["clv_estimate"], better="higher",
               standing="design", edit=f"{plan} `financials`",
               show=frozenset({"json", "csv", "page"}), hides=("financials.revenue",),
               estimate=True, column="clv_estimate"),
        Metric("next_renewal", "Next renewal", "date", "Plan depth",
               lambda a: _deep(a, "next_renewal"), lambda a: a.why.get("next_renewal", ""),
               edit=f"{plan} `contracts` (end, renewal)",
               show=frozenset({"json", "csv", "diff", "page"}), hides=("contracts",),
               json=lambda d: d.isoformat() if d else None),
        Metric("weighted_pipeline", "Weighted pipeline", "money", "Plan depth",
               lambda a: _deep(a, "weighted_pipeline"),
               lambda a: a.why.get("weighted_pipeline", ""), better="higher",
               edit=f"{plan} `opportunities` (amount, probability, stage)",
               show=frozenset({"json", "csv", "diff", "page"}), hides=("opportunities",)),
        Metric("risk_exposure", "Risk exposure", "count", "Plan depth",
               lambda a: _deep(a, "risk_exposure"), lambda a: a.why.get("risk_exposure", ""),
               better="lower", edit=f"{plan} `risks` (severity, likelihood, status)",
               show=frozenset({"json", "csv", "diff", "page"}), hides=("risks",)),
        Metric("key_person_dependency", "Key-person dependency", "ratio", "Plan depth",
               lambda a: _deep(a, "key_person_dependency"),
               lambda a: a.why.get("key_person_dependency", ""), better="lower",
               edit=f"{people} `our_contact`, `relationships`",
               show=frozenset({"json", "csv", "diff", "page"})),
    ]  # fmt: skip
    del a
    for entry in entries:
        register(entry)


def _deep(a: AccountMetrics, key: str) -> Any:
    return getattr(a.depth, key) if a.depth is not None else None


def _said(a: AccountMetrics, key: str) -> Any:
    said = getattr(a.voice, key) if a.voice is not None else None
    return None if said is None else said.value


_KPI: frozenset[View] = frozenset({"json", "diff", "kpi"})


def _kpi(key: str) -> Callable[[Any], Any]:
    return lambda m: getattr(m.kpis, key) if m.kpis is not None else None


def _kpi_why(key: str) -> Callable[[Any], str]:
    return lambda m: m.kpis.why[key] if m.kpis is not None else ""


def _of_5(v: Any) -> str:
    return "-" if v is None else f"{v:g} of 5"


def _signed(v: Any) -> str:
    return "-" if v is None else f"{v:+g}"


def _plain(v: Any) -> str:
    return "-" if v is None else f"{v:g}"


def _k(key: str, label: str, unit: Unit, better: Better, indicator: Indicator,
       text: Callable[[Any], str] | None = None) -> Metric:  # fmt: skip
    """A portfolio indicator of the KPI panel, read from `PortfolioMetrics.kpis`."""
    # The lagging KPIs are metrics.md's exact formulas; the leading means are kamgen's own.
    return Metric(key, label, unit, "Lifecycle and lagging KPIs", _kpi(key), _kpi_why(key),
                  scope="portfolio", better=better, show=_KPI, indicator=indicator,
                  text=text, standing="exact" if indicator == "lagging" else "design")  # fmt: skip


def _declare_portfolio() -> None:
    entries = [
        Metric("accounts", "Key accounts", "count", "Portfolio", lambda m: len(m.accounts),
               lambda m: "accounts computed; see `excluded` for those left out",
               scope="portfolio", show=frozenset({"json", "diff"})),
        Metric("revenue", "Revenue", "money", "Revenue concentration", lambda m: m.revenue,
               lambda m: m.why["revenue"], scope="portfolio", better="higher",
               show=frozenset({"json", "diff", "page"})),
        Metric("nrr", "Net revenue retention", "ratio", "Revenue concentration",
               lambda m: m.nrr, lambda m: m.why["nrr"], scope="portfolio", better="higher",
               show=frozenset({"json", "diff", "page"}), text=retention, benchmark=1.10,
               indicator="lagging", hides=("financials.revenue",)),
        Metric("pareto_80", "Accounts carrying 80% of revenue", "ids",
               "Revenue concentration", lambda m: list(m.pareto_80),
               lambda m: m.why["pareto_80"], scope="portfolio",
               show=frozenset({"json", "diff", "page"}), text=lambda ids: str(len(ids))),
        Metric("top_account_share", "Top account's share", "ratio", "Revenue concentration",
               lambda m: m.top_account_share, lambda m: m.why["top_account_share"],
               scope="portfolio", better="lower", show=frozenset({"json", "diff", "page"})),
        Metric("revenue_growth", "Revenue growth", "ratio", "Lifecycle and lagging KPIs",
               lambda m: m.revenue_growth, lambda m: m.why["revenue_growth"],
               scope="portfolio", better="higher", hides=("financials.revenue",),
               show=_KPI, indicator="lagging"),
        _k("logo_retention", "Logo retention", "ratio", "higher", "lagging"),
        _k("churn_rate", "Churn rate", "ratio", "lower", "lagging"),
        _k("csat", "CSAT", "score", "higher", "lagging", _of_5),
        _k("nps", "NPS", "score", "higher", "lagging", _signed),
        _k("referenceable_share", "Referenceable", "ratio", "higher", "lagging"),
        _k("expansion_rate_12m", "Expansion rate", "ratio", "higher", "lagging"),
        _k("plans_on_time", "Plans reviewed on time", "ratio", "higher", "leading"),
        _k("coverage", "Mean coverage", "ratio", "higher", "leading"),
        _k("health", "Mean health", "score", "higher", "leading", _plain),
        Metric("renewals_180d", "Renewals in 180 days", "count", "Plan depth",
               lambda m: m.renewals_180d, lambda m: m.why.get("renewals_180d", ""),
               scope="portfolio", show=frozenset({"json", "diff"})),
        Metric("renewal_value_180d", "Renewal value in 180 days", "money", "Plan depth",
               lambda m: m.renewal_value_180d, lambda m: m.why.get("renewal_value_180d", ""),
               scope="portfolio", show=frozenset({"json", "diff"}), hides=("contracts",)),
        Metric("weighted_pipeline", "Weighted pipeline", "money", "Plan depth",
               lambda m: m.weighted_pipeline, lambda m: m.why.get("weighted_pipeline", ""),
               scope="portfolio", better="higher", show=frozenset({"json", "diff"}),
               hides=("opportunities",)),
        Metric("clv_estimate", "Lifetime value (estimate)", "money",
               "Lifecycle and lagging KPIs", lambda m: m.clv_estimate,
               lambda m: m.why["clv_estimate"], scope="portfolio", standing="design",
               hides=("financials.revenue",), show=frozenset({"json"}), estimate=True,
               indicator="lagging"),
    ]  # fmt: skip
    # Portfolio keys share names with account keys (revenue, nrr): keep them apart.
    for entry in entries:
        PORTFOLIO[entry.key] = entry


PORTFOLIO: dict[str, Metric] = {}


# What each part of a page or table shows, named by its part: the site's score badge and
# tier note, the matrix's axes. Renderers ask for a role, never for a metric by its key.
ROLES: dict[str, str] = {
    "score": "selection_score",
    "tier_hint": "suggested_tier",
    "matrix_x": "selection_score",
    "matrix_y": "health",
}


def role(name: str) -> Metric:
    return CATALOGUE[ROLES[name]]


def selection() -> list[Metric]:
    """The metrics of selection (score, suggested tier, rank): the site takes these from the
    full portfolio, so that it ranks exactly as CI does."""
    return [m for m in CATALOGUE.values() if m.section == "Selection" and m.key != "tier"]


def portfolio_view(name: View) -> list[Metric]:
    return [m for m in PORTFOLIO.values() if name in m.show]


def health_parts() -> list[tuple[str, int]]:
    """(part id, points) of the health formula, for outputs that list the breakdown."""
    return [(part.id, part.points) for part in HEALTH]


_declare_account()
_declare_portfolio()
