"""A History as the contract's JSON, as CSV (one row per account and point), and as a table
for people: a portfolio's points, or one account's series."""

from __future__ import annotations

import csv
import io
from typing import Any

from kamgen.base.escape import json as strict_json
from kamgen.base.escape.csv import cell
from kamgen.base.escape.terminal import printable
from kamgen.base.versions import versions
from kamgen.history.series import History
from kamgen.metrics.catalogue import CATALOGUE, PORTFOLIO, Metric

# What one account's series shows per point, as `diff`'s snapshot names them.
SERIES = ("tier", "selection_score", "rank", "health", "coverage", "freshness.plan_review")


def to_json(h: History) -> str:
    """The contract's document, one point per line (compact: a history is tens of MB)."""
    head = strict_json.dumps(
        {
            **versions(),
            "shallow": h.shallow,
            "first": h.first.isoformat() if h.first else None,
            "renames": h.renames,
        },
        indent=None,
    )
    return head[:-1] + ', "points": [\n' + ",\n".join(h.lines) + "\n]}"


def to_csv(h: History) -> str:
    from kamgen.metrics.catalogue import view  # not needed for JSON, the cached fast path

    keys = [m.key for m in view("diff")]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "commit", "account", *keys, "gap"])
    for p in h.points:
        for account, values in sorted(p.accounts.items()):
            writer.writerow([p.date.isoformat(), p.commit, account,
                             *(cell(_plain(values.get(k))) for k in keys), ""])  # fmt: skip
        for account, why in sorted(p.gaps.items()):
            blank = [""] * len(keys)
            writer.writerow([p.date.isoformat(), p.commit, account, *blank, cell(why)])
    return out.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else value


def _shown(value: Any, metric: Metric | None = None) -> str:
    """A value as the catalogue words it (71%, due soon, 88.75); a bare number otherwise."""
    if value is None:
        return "-"
    if metric is not None and metric.unit in ("ratio", "score", "flag"):
        return printable(metric.render(value))
    if metric is not None and metric.unit in ("status", "band"):
        return printable(str(value).replace("_", " "))  # stored as the JSON's word
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int) and abs(value) >= 10_000:
        return f"{value:,}"
    return printable(str(value))


def _columns(rows: list[list[str]], notes: list[str] | None = None) -> str:
    """Aligned columns, numbers to the right; a note (a gap, a rename) after its row."""
    widths = [max(len(r[i]) for r in rows if i < len(r)) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            c.rjust(widths[i])
            if n and c[:1].isdigit() and "-" not in c[1:5]
            else c.ljust(widths[i])
            for i, c in enumerate(row)
        ]
        note = notes[n] if notes else ""
        lines.append(("  ".join(cells) + note).rstrip())
    return "\n".join(lines)


def to_table(h: History, account: str | None) -> str:
    """Plain text, one line per point; the portfolio's points, or one account's series, with
    the catalogue's headings and wording."""
    if account is None:
        figures = [PORTFOLIO[k] for k in ("revenue", "nrr")]
        rows = [["date", "commit", "accounts", "gaps", *(m.label.lower() for m in figures)]]
        notes = [""]
        for p in h.points:
            if p.error is not None:
                rows.append([p.date.isoformat(), p.commit[:10], "-", "-", "-", "-"])
                notes.append("  " + printable(p.error))
                continue
            counts = [str(len(p.accounts)), str(len(p.gaps))]
            said = [_shown(p.portfolio.get(m.key), m) for m in figures]
            rows.append([p.date.isoformat(), p.commit[:10], *counts, *said])
            notes.append("")
        return _columns(rows, notes)
    ids = h.ids(account)
    shown = [CATALOGUE[k] for k in SERIES]
    rows = [["date", "commit", *((m.short or m.key).replace("_", " ") for m in shown)]]
    notes = [""]
    for p in h.points:
        here = next((i for i in sorted(ids) if i in p.accounts or i in p.gaps), account)
        if here in p.gaps:
            rows.append([p.date.isoformat(), p.commit[:10], *("-" for _ in shown)])
            notes.append("  gap: " + printable(p.gaps[here]))
            continue
        values = p.accounts.get(here, {})
        said = [_shown(values.get(m.key), m) for m in shown]
        rows.append([p.date.isoformat(), p.commit[:10], *said])
        notes.append(f"  (as {here})" if here != account else "")
    return _columns(rows, notes)
