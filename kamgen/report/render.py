"""Render a report as a terminal table, one account in full, CSV, Markdown or JSON.

Every user-typed string is escaped for its target (kamgen.base.escape): `printable` for the
terminal, `csv_cell` for spreadsheets, GFM's `md` and `code` for Markdown, strict JSON.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

from kamgen.base.escape import json as strict_json
from kamgen.base.escape.csv import cell as csv_cell
from kamgen.base.escape.markdown import code, md
from kamgen.base.escape.terminal import printable
from kamgen.check.reporters import finding_lines
from kamgen.metrics.model import AccountMetrics, Freshness
from kamgen.metrics.snapshot import number as num
from kamgen.metrics.words import money, pct
from kamgen.report.build import Report
from kamgen.report.contract import to_json

FRESH_MARK = {"fresh": "fresh", "due_soon": "due", "stale": "STALE"}
MAX_RISKS = 3


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _tier(a: AccountMetrics) -> str:
    if a.suggested_tier is None or a.suggested_tier == a.tier:
        return str(a.tier) + ("" if a.suggested_tier else "?")
    return f"{a.tier}>{a.suggested_tier}"


def _fresh(fresh: Freshness) -> str:
    age = "never" if fresh.age_days is None else f"{fresh.age_days}d"
    return f"{FRESH_MARK[fresh.status]} {age}"


def risk_ids(report: Report, account: str) -> list[str]:
    seen: list[str] = []
    for finding in report.risks.get(account, []):
        if finding.rule not in seen:
            seen.append(finding.rule)
    return seen


def _risks(report: Report, account: str) -> str:
    ids = risk_ids(report, account)
    more = f" +{len(ids) - MAX_RISKS}" if len(ids) > MAX_RISKS else ""
    return ", ".join(ids[:MAX_RISKS]) + more if ids else "-"


def headline(report: Report) -> list[str]:
    m = report.metrics
    lines = [
        f"{len(m.accounts)} accounts, {money(m.revenue, m.currency)} revenue in {m.year}, "
        f"NRR {_ratio(m.nrr)}, top account {pct(m.top_account_share)} of revenue, "
        f"{len(m.pareto_80)} carry 80%",
    ]
    for label, shares in (("by region", m.by_region), ("by currency", m.by_currency)):
        if shares:
            lines.append(f"{label}: " + ", ".join(f"{k} {pct(v.share)}" for k, v in shares.items()))
    if m.managers:
        lines.append(
            "managers: "
            + ", ".join(
                f"{load.id} {len(load.accounts)} ({len(load.tier1)} tier 1)"
                + (" OVERLOADED" if load.overloaded else "")
                for load in m.managers
            )
        )
    if m.skipped:
        lines.append(
            "not reported (invalid data): " + ", ".join(f"{s.id} ({s.reason})" for s in m.skipped)
        )
    return lines


def _columns(rows: Sequence[Sequence[str]]) -> str:
    """Aligned columns; cells are escaped first, so widths count what the terminal shows."""
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    right = {0, 3, 4, 5}
    out = []
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)


def table(report: Report) -> str:
    if report.account is not None:
        return detail(report)
    rows = [["#", "account", "tier", "score", "health", "cover", "plan", "owner", "at risk"]]
    for a in report.accounts():
        rows.append(
            [
                str(a.rank),
                a.id,
                _tier(a),
                _score(a.selection_score),
                str(a.health),
                pct(a.relationships.coverage),
                _fresh(a.freshness["plan_review"]),
                a.owner,
                _risks(report, a.id),
            ]
        )
    lines = [*headline(report), "", *_columns(rows).splitlines()]
    return "\n".join(printable(line) for line in lines)


def detail(report: Report) -> str:
    m = report.metrics
    a = next(iter(report.accounts()))
    rel = a.relationships
    grid = a.whitespace
    out: list[str] = [f"{a.name} ({a.id}): tier {a.tier}, owner {a.owner}", ""]

    def item(label: str, value: object, why: str) -> None:
        out.append(f"  {label:<22} {value!s:<14} {why}")

    out.append("Selection")
    item("selection score", _score(a.selection_score), a.why["selection_score"])
    item("suggested tier", a.suggested_tier or "-", a.why["suggested_tier"])
    item("rank", a.rank, a.why["rank"])
    out.append("Revenue")
    item("revenue", money(a.revenue, m.currency), a.why["revenue"])
    item("net revenue retention", _ratio(a.nrr), a.why["nrr"])
    item("share of wallet", _ratio(a.share_of_wallet), a.why["share_of_wallet"])
    out.append("Relationships")
    item("coverage", _ratio(rel.coverage), rel.why["coverage"])
    item("multithread depth", rel.multithread_depth, rel.why["multithread_depth"])
    for level, group in rel.by_level.items():
        item(f"  {level}", f"{group.strong}/{group.active}", "strong / active")
    item("decision makers", len(rel.strong_decision_makers), rel.why["decision_makers"])
    out.append("Freshness")
    for kind, fresh in a.freshness.items():
        item(kind.replace("_", " "), _fresh(fresh), fresh.why)
    out.append("Whitespace")
    item("adoption", pct(grid.adoption), grid.why["adoption"])
    item("open value", money(grid.value, m.currency), grid.why["whitespace_value"])
    item("conversion", pct(grid.conversion), grid.why["conversion"])
    for cell in grid.open_cells:
        owner = f"{cell.owner or 'no owner'}, {cell.target_date or 'no date'}"
        out.append(f"    {cell.unit} x {cell.offering} ({cell.status}; {owner}): {cell.why}")
    out.append(f"Health {a.health}/100")
    for line in a.health_breakdown:
        item(line.id.replace("_", " "), f"{line.points}/{line.max}", line.why)
    findings = report.risks.get(a.id, [])
    out.append(f"At risk ({len(findings)})" if findings else "At risk: nothing found")
    out += [f"  {line}" for line in finding_lines(findings)]
    return "\n".join(printable(line) for line in out)


CSV_COLUMNS = (
    "rank",
    "id",
    "name",
    "tier",
    "suggested_tier",
    "selection_score",
    "health",
    "revenue",
    "nrr",
    "share_of_wallet",
    "coverage",
    "multithread_depth",
    "single_threaded",
    "plan_review",
    "business_review",
    "executive_touchpoint",
    "plan_review_age_days",
    "whitespace_value",
    "adoption",
    "owner",
    "executive_sponsor",
    "region",
    "risks",
)


def as_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for a in report.accounts():
        row: list[object] = [
            a.rank,
            a.id,
            a.name,
            a.tier,
            a.suggested_tier,
            a.selection_score,
            a.health,
            num(a.revenue),
            a.nrr,
            a.share_of_wallet,
            a.relationships.coverage,
            a.relationships.multithread_depth,
            a.relationships.single_threaded,
            a.freshness["plan_review"].status,
            a.freshness["business_review"].status,
            a.freshness["executive_touchpoint"].status,
            a.freshness["plan_review"].age_days,
            num(a.whitespace.value),
            a.whitespace.adoption,
            a.owner,
            a.executive_sponsor,
            a.region,
            " ".join(risk_ids(report, a.id)),
        ]
        writer.writerow(["" if v is None else csv_cell(v) for v in row])
    return buffer.getvalue().rstrip("\n")


def markdown(report: Report) -> str:
    m = report.metrics
    out = [f"## Key account portfolio on {m.today}", ""]
    out += [f"- {md(line)}" for line in headline(report)]
    out += [
        "",
        "| # | Account | Tier | Score | Health | Coverage | Plan review | Owner | At risk |",
        "|--:|---|:-:|--:|--:|--:|---|---|---|",
    ]
    for a in report.accounts():
        cells = [
            str(a.rank),
            f"{md(a.name)} ({code(a.id)})",
            md(_tier(a)),
            _score(a.selection_score),
            str(a.health),
            md(pct(a.relationships.coverage)),
            md(_fresh(a.freshness["plan_review"])),
            md(a.owner),
            md(", ".join(risk_ids(report, a.id)) or "-"),
        ]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def as_json(report: Report) -> str:
    return strict_json.dumps(to_json(report))


FORMATS: dict[str, Callable[[Report], str]] = {
    "table": table,
    "json": as_json,
    "csv": as_csv,
    "markdown": markdown,
}
