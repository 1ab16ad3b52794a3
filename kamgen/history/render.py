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


def _shown(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return printable(str(value))


def to_table(h: History, account: str | None) -> str:
    """Plain text, one line per point; the portfolio's points, or one account's series."""
    lines = []
    if account is None:
        head = ("date", "commit", "accounts", "gaps", "revenue", "nrr")
        lines.append("  ".join(f"{x:<10}" for x in head).rstrip())
        for p in h.points:
            if p.error is not None:
                row = [p.date.isoformat(), p.commit[:10], "-", "-", printable(p.error)]
            else:
                money = [_shown(p.portfolio.get(k)) for k in ("revenue", "nrr")]
                row = [p.date.isoformat(), p.commit[:10], str(len(p.accounts)), str(len(p.gaps)),
                       *money]  # fmt: skip
            lines.append("  ".join(f"{x:<10}" for x in row).rstrip())
        return "\n".join(lines)
    ids = h.ids(account)
    lines.append("  ".join(f"{x:<10}" for x in ("date", "commit", *SERIES)).rstrip())
    for p in h.points:
        here = next((i for i in sorted(ids) if i in p.accounts or i in p.gaps), account)
        start = [p.date.isoformat(), p.commit[:10]]
        if here in p.gaps:
            lines.append("  ".join(start) + "  gap: " + printable(p.gaps[here]))
            continue
        values = p.accounts.get(here, {})
        row = start + [_shown(values.get(k)) for k in SERIES]
        named = f"  (as {here})" if here != account else ""
        lines.append("  ".join(f"{x:<10}" for x in row).rstrip() + named)
    return "\n".join(lines)
