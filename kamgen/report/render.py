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
from kamgen.metrics.catalogue import Metric, portfolio_view, view
from kamgen.metrics.model import AccountMetrics
from kamgen.metrics.words import pct
from kamgen.report.build import Report
from kamgen.report.contract import to_json

MAX_RISKS = 3
PLAIN = ("score", "points", "count", "rank")
YEAR_SECTIONS = ("Portfolio", "Revenue concentration")  # the headline's first line


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def risk_ids(report: Report, account: str) -> list[str]:
    """What makes the account at risk, as short codes (rule ids, `poor-health`)."""
    return list(report.risk(account).codes)


def _risks(report: Report, account: str) -> str:
    ids = risk_ids(report, account)
    more = f" +{len(ids) - MAX_RISKS}" if len(ids) > MAX_RISKS else ""
    return ", ".join(ids[:MAX_RISKS]) + more if ids else "-"


def headline(report: Report) -> list[str]:
    m = report.metrics
    figures = portfolio_view("json")
    # The year's figures, the indicators the method asks leaders to watch, then each other
    # section's figures on a line of its own.
    year = [x for x in figures if x.section in YEAR_SECTIONS]
    groups: dict[str, list[Metric]] = {
        (f"{m.year}: " if m.year is not None else "no financials yet: "): year,
        "leading and lagging indicators: ": [x for x in figures if x.indicator and x not in year],
    }
    for x in figures:
        if x.indicator is None and x not in year:
            groups.setdefault(f"{x.section.lower()}: ", []).append(x)
    lines = [
        head + ", ".join(f"{x.label.lower()} {x.shown(m, m.currency)}" for x in shown)
        for head, shown in groups.items()
        if shown
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
    if m.churned:
        lines.append(
            "churned (counted only in churn, logo retention, net revenue retention and revenue "
            "growth): " + ", ".join(f"{c.id} on {c.churned_on or 'no date'}" for c in m.churned)
        )
    if m.skipped:
        lines.append(
            "not reported (invalid data): " + ", ".join(f"{s.id} ({s.reason})" for s in m.skipped)
        )
    return lines


def _columns(rows: Sequence[Sequence[str]], right: set[int]) -> str:
    """Aligned columns; cells are escaped first, so widths count what the terminal shows."""
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
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
    metrics = view("table")
    rows = [["#", "account", *(m.short or m.key for m in metrics), "owner", "at risk"]]
    for a in report.accounts():
        cells = [m.shown(a, report.metrics.currency) for m in metrics]
        rows.append([str(a.rank), a.id, *cells, a.owner, _risks(report, a.id)])
    right = {0} | {i + 2 for i, m in enumerate(metrics) if m.numeric}
    lines = [*headline(report), "", *_columns(rows, right).splitlines()]
    return "\n".join(printable(line) for line in lines)


def _relationship_lines(a: AccountMetrics) -> list[tuple[str, object, str]]:
    rel = a.relationships
    rows: list[tuple[str, object, str]] = [
        (f"  {level}", f"{group.strong}/{group.active}", "strong / active")
        for level, group in rel.by_level.items()
    ]
    rows.append(("decision makers", len(rel.strong_decision_makers), rel.why["decision_makers"]))
    return rows


# Details shown under a section of the one-account view, after its metrics.
DETAILS: dict[str, Callable[[AccountMetrics], list[tuple[str, object, str]]]] = {
    "Relationships": _relationship_lines,
}


def detail(report: Report) -> str:
    m = report.metrics
    a = next(iter(report.accounts()))
    out: list[str] = [f"{a.name} ({a.id}): tier {a.tier}, owner {a.owner}", ""]

    # Labels padded to the longest the catalogue declares, so every value starts in one column.
    width = max(len(x.label) for x in view("page")) + 1

    def item(label: str, value: object, why: str) -> None:
        out.append(f"  {label:<{width}} {value!s:<14} {why}")

    sections: dict[str, list[Metric]] = {}
    for metric in view("page"):
        sections.setdefault(metric.section, []).append(metric)
    for section, metrics in sections.items():
        out.append(section)
        for metric in metrics:
            item(metric.label.lower(), metric.shown(a, m.currency), metric.why(a))
        details = DETAILS.get(section)
        for row in details(a) if details else []:
            item(*row)
        if section == "Whitespace":  # the ranked open cells, under their own heading
            for cell in a.whitespace.open_cells:
                who = f"{cell.status}; {cell.owner or 'no owner'}, {cell.target_date or 'no date'}"
                out.append(f"    {cell.unit} x {cell.offering} ({who}): {cell.why}")
    out.append(f"Health {a.health}/100")
    for line in a.health_lines:
        item(line.id.replace("_", " "), f"{line.points}/{line.max}", line.why)
    findings = report.risks.get(a.id, [])
    risk = report.risk(a.id)
    out.append(f"At risk: {'; '.join(risk.reasons)}" if risk.at_risk else "At risk: no")
    out.append(f"Findings ({len(findings)})" if findings else "Findings: none")
    out += [f"  {line}" for line in finding_lines(findings)]
    return "\n".join(printable(line) for line in out)


# Columns that describe the account rather than measure it, around the catalogue's metrics.
CSV_HEAD = ("id", "name")
CSV_TAIL = ("owner", "executive_sponsor", "region", "risks", "at_risk")


def csv_columns() -> list[str]:
    """The CSV's header: rank, who the account is, the catalogue's metrics, then facts."""
    metrics = view("csv")
    names = [m.column or m.key for m in metrics]
    return names[:1] + list(CSV_HEAD) + names[1:] + list(CSV_TAIL)


def as_csv(report: Report) -> str:
    metrics = view("csv")
    first, rest = metrics[:1], metrics[1:]  # rank leads, then who the account is
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(csv_columns())
    for a in report.accounts():
        row: list[object] = [
            *(m.json_value(a) for m in first),
            a.id,
            a.name,
            *(m.json_value(a) for m in rest),
            a.owner,
            a.executive_sponsor,
            a.region,
            " ".join(risk_ids(report, a.id)),
            report.risk(a.id).at_risk,
        ]
        writer.writerow(["" if v is None else csv_cell(v) for v in row])
    return buffer.getvalue().rstrip("\n")


def markdown(report: Report) -> str:
    m = report.metrics
    metrics = view("table")
    out = [f"## Key account portfolio on {m.today}", ""]
    out += [f"- {md(line)}" for line in headline(report)]
    align = [":-:" if x.unit == "tier" else "--:" if x.numeric else "---" for x in metrics]
    out += [
        "",
        "| # | Account | " + " | ".join(x.label for x in metrics) + " | Owner | At risk |",
        "|--:|---|" + "|".join(align) + "|---|---|",
    ]
    for a in report.accounts():
        cells = [
            str(a.rank),
            f"{md(a.name)} ({code(a.id)})",
            # Bare numbers need no escaping; anything with a sign or a word does.
            *(
                x.shown(a, m.currency) if x.unit in PLAIN else md(x.shown(a, m.currency))
                for x in metrics
            ),
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
