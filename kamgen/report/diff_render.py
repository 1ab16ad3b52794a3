"""Render a `Diff` as the contract's JSON or as Markdown for a PR comment or step summary."""

from __future__ import annotations

from typing import Any

from kamgen.base.escape import json as strict_json
from kamgen.base.escape.markdown import code, md
from kamgen.base.findings import Finding
from kamgen.base.versions import versions
from kamgen.metrics.catalogue import CATALOGUE, HEADLINE, PORTFOLIO
from kamgen.report.diff import AccountDiff, Diff

HEADLINE_MAX = 4


def _value(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    return str(value)


def _shown(value: Any) -> str:
    """Markdown-safe: text may be user-typed (an owner, a status); numbers are ours."""
    return md(_value(value)) if isinstance(value, str | list) else _value(value)


def _md_arrow(old: Any, new: Any) -> str:
    return f"{_shown(old)} → {_shown(new)}"


def _metric_name(key: str) -> str:
    """The catalogue's label for people, with the key a script or a search finds."""
    metric = CATALOGUE.get(key)
    label = metric.label if metric is not None else key.replace("_", " ").replace(".", ": ")
    return f"{label[:1].upper()}{label[1:]} ({code(key)})"


def _metric_value(key: str, value: Any) -> str:
    """A ratio as a percentage, as the catalogue words it; anything else as before."""
    metric = CATALOGUE.get(key)
    if metric is not None and metric.unit == "ratio" and isinstance(value, int | float):
        return metric.render(value)
    return _shown(value)


def _portfolio_line(key: str, old: Any, new: Any) -> str:
    """`churn rate: 9% → 18%`: as the catalogue says a portfolio figure reads."""
    metric = PORTFOLIO.get(key)
    if metric is None or metric.unit in ("ids", "money"):
        return f"{key.replace('_', ' ')}: {_md_arrow(old, new)}"
    # Our label and our numbers' wording: no user text to escape.
    return f"{metric.label.lower()}: {metric.render(old)} → {metric.render(new)}"


def _finding(f: Finding) -> dict[str, Any]:
    return {"rule": f.rule, "severity": f.severity, "file": f.file, "message": f.message}


def _changed(pair: tuple[Finding, Finding]) -> dict[str, Any]:
    old, new = pair
    return {**_finding(new), "message_before": old.message, "severity_before": old.severity}


def to_json(diff: Diff) -> dict[str, Any]:
    return {
        **versions(),
        "base": diff.base,
        "commit": diff.commit,
        "today": diff.today.isoformat(),
        "portfolio": {k: [a, b] for k, (a, b) in diff.portfolio.items()},
        "accounts": [
            {
                "id": a.id,
                "changes": {k: [old, new] for k, (old, new) in a.changes.items()},
                "status": a.status,
                "findings_added": [_finding(f) for f in a.findings_added],
                "findings_resolved": [_finding(f) for f in a.findings_resolved],
                "stakeholders_added": a.stakeholders_added,
                "stakeholders_removed": a.stakeholders_removed,
                "champions_removed": a.champions_removed,
                "cells": [{"cell": c, "from": old, "to": new} for c, old, new in a.cells],
                "findings_changed": [_changed(pair) for pair in a.findings_changed],
                "words": [c.words for c in a.words],
            }
            for a in diff.accounts
        ],
        "findings_added": [_finding(f) for f in diff.findings_added],
        "findings_resolved": [_finding(f) for f in diff.findings_resolved],
        "findings_changed": [_changed(pair) for pair in diff.findings_changed],
    }


def as_json(diff: Diff) -> str:
    return strict_json.dumps(to_json(diff))


def headline(a: AccountDiff) -> str:
    """Markdown: numbers and kamgen's words, and stakeholder ids as code."""
    if a.status == "added":
        return "new account"
    if a.status == "removed":
        return "account removed"
    if a.status == "churned":
        return (
            "churned: out of the ranked portfolio, its health and every reminder; it counts "
            "in churn, retention and net revenue retention"
        )
    if a.status == "reinstated":
        return "no longer churned: back in the ranked portfolio"
    parts = [
        f"{CATALOGUE[key].label.lower()} {_md_arrow(*a.changes[key])}"
        for key in HEADLINE
        if key in a.changes
    ]
    if a.champions_removed:
        parts.insert(0, f"champion removed: {', '.join(map(code, a.champions_removed))}")
    if len(parts) > HEADLINE_MAX:
        parts = [*parts[:HEADLINE_MAX], f"{len(parts) - HEADLINE_MAX} more"]
    if parts:
        return "; ".join(parts)
    moved = [key.replace("_", " ") for key in a.changes]
    # Headline metrics stood still, but others moved: name them, never "no metric moved".
    return f"{', '.join(moved[:HEADLINE_MAX])} moved" if moved else "no metric moved"


def _findings(label: str, found: list[Finding]) -> list[str]:
    return [f"- {label} {f.severity} {code(f.rule)}: {md(f.message)}" for f in found]


def _reworded(pairs: list[tuple[Finding, Finding]]) -> list[str]:
    return [
        f"- changed {new.severity} {code(new.rule)}: {md(old.message)} → {md(new.message)}"
        for old, new in pairs
    ]


def _all_findings(
    added: list[Finding], resolved: list[Finding], changed: list[tuple[Finding, Finding]]
) -> list[str]:
    return _findings("new", added) + _reworded(changed) + _findings("resolved", resolved)


def markdown(diff: Diff) -> str:
    out = [
        f"### kamgen diff against {md(diff.base)} ({md(diff.commit[:10])}), today {diff.today}",
        "",
    ]
    shown = [a for a in diff.accounts if not a.only_rank]
    ranks = [a for a in diff.accounts if a.only_rank]
    loose = diff.findings_added or diff.findings_resolved or diff.findings_changed
    if not shown and not diff.portfolio and not loose:
        out.append("No account, metric or finding changed.")
        if ranks:
            out.append("")
    for key, (old, new) in diff.portfolio.items():
        out.append(f"- portfolio {_portfolio_line(key, old, new)}")
    out += _all_findings(diff.findings_added, diff.findings_resolved, diff.findings_changed)
    if diff.portfolio or loose:
        out.append("")
    for a in shown:
        out += [f"**{code(a.id)}**: {headline(a)}", ""]
        if a.words and a.status in ("changed", "churned", "reinstated"):
            # What people did, before what it did to numbers.
            out += [f"- {change.render(md)}" for change in a.words]
            out.append("")
        if a.status in ("churned", "reinstated"):
            # Every metric went to or came from nothing, and every reminder with it: the
            # headline said so; the JSON keeps the full lists.
            gone = len(a.findings_resolved)
            if gone:
                says = "finding no longer applies" if gone == 1 else "findings no longer apply"
                out += [f"- {gone} {says}", ""]
            out += _findings("new", a.findings_added)
            out.append("")
            continue
        if a.changes:
            out += ["| metric | before | after |", "|---|--:|--:|"]
            out += [
                f"| {_metric_name(key)} | {_metric_value(key, old)} | {_metric_value(key, new)} |"
                for key, (old, new) in a.changes.items()
            ]
            out.append("")
        out += _all_findings(a.findings_added, a.findings_resolved, a.findings_changed)
        out.append("")
    if ranks:
        moved = ", ".join(f"{code(a.id)} {_md_arrow(*a.changes['rank'])}" for a in ranks)
        out.append(f"Rank moved without other change: {moved}")
    return "\n".join(out).rstrip() + "\n"


FORMATS = {"markdown": markdown, "json": as_json}
