"""The report table for a person at a terminal: fits the window, colour with a word twin.

Used only when stdout is a terminal (kamgen/cli/report.py decides); pipes, files and CI get
`kamgen.report.render.table`, byte for byte. rich measures the window, wraps or truncates
cells with an ellipsis, and leaves colour out when NO_COLOR is set. Every cell is a `Text`
(never a markup string), so `[red]` or `:smile:` in a plan stays as typed; user strings are
escaped with `printable` first, as in the plain table.
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kamgen.base.escape.terminal import printable
from kamgen.metrics.catalogue import Metric, view
from kamgen.metrics.model import AccountMetrics, Freshness
from kamgen.report.build import Report
from kamgen.report.render import headline, risk_ids

# Colour only repeats what the words say (NO_COLOR and colour-blind readers lose nothing).
STALE = "red"
DUE = "yellow"
RISK = "red"
QUIET = "dim"


def console(file: TextIO | None = None) -> Console:
    """A console for people: no markup, emoji or guessing at highlights in user strings."""
    return Console(file=file, markup=False, emoji=False, highlight=False)


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def freshness_words(fresh: Freshness) -> Text:
    """ "due in 12 days", "STALE, 95 days overdue", "fresh, 17 days ago": no sum to do."""
    age = fresh.age_days
    if age is None:
        return Text("STALE, never reviewed", style=STALE)
    if fresh.status == "stale":
        return Text(f"STALE, {_days(age - fresh.limit_days)} overdue", style=STALE)
    left = fresh.limit_days - age
    if fresh.status == "due_soon":
        return Text("due today" if left == 0 else f"due in {_days(left)}", style=DUE)
    if age < 0:  # a review dated after --today
        return Text(f"fresh, dated {_days(-age)} ahead")
    return Text("fresh, today" if age == 0 else f"fresh, {_days(age)} ago")


def _cell(metric: Metric, account: AccountMetrics, currency: str) -> Text:
    value = metric.get(account)
    if isinstance(value, Freshness):
        return freshness_words(value)
    return Text(printable(metric.shown(account, currency)))


def _risks(report: Report, account: str) -> Text:
    ids = risk_ids(report, account)
    return Text(printable(", ".join(ids)), style=RISK) if ids else Text("-", style=QUIET)


# How far each column may shrink before the next one gives way, in that order: at-risk codes
# go one to a line, plan words wrap, owners and then ids lose their tails to an ellipsis.
# Numbers are never cut.
SHRINK: tuple[tuple[str, int], ...] = (
    ("at risk", 18),
    ("plan", 14),
    ("owner", 6),
    ("account", 12),
    ("plan", 8),
    ("at risk", 6),
    ("account", 8),
)


def _widths(heads: list[str], rows: list[list[Text]], room: int) -> list[int]:
    """Column widths that fit `room` (after the gaps), shrinking as SHRINK says."""
    widths = [max(len(h), *(r[i].cell_len for r in rows)) for i, h in enumerate(heads)]
    for head, floor in SHRINK:
        excess = sum(widths) - room
        if excess <= 0:
            break
        i = heads.index(head)
        widths[i] = max(min(widths[i], floor), widths[i] - excess)
    return widths


def portfolio_table(report: Report, width: int) -> Table:
    metrics = view("table")
    heads = ["#", "account", *(m.short or m.key for m in metrics), "owner", "at risk"]
    rows = [
        [
            Text(str(a.rank)),
            Text(printable(a.id)),
            *(_cell(m, a, report.metrics.currency) for m in metrics),
            Text(printable(a.owner)),
            _risks(report, a.id),
        ]
        for a in report.accounts()
    ]
    # Two spaces between columns, as in the plain table; one when the window is narrow.
    gap = 2
    widths = _widths(heads, rows, width - gap * (len(heads) - 1))
    if sum(widths) + gap * (len(heads) - 1) > width:
        gap = 1
        widths = _widths(heads, rows, width - gap * (len(heads) - 1))
    grid = Table(box=None, padding=(0, gap, 0, 0), pad_edge=False, header_style="bold")
    right = {0} | {i + 2 for i, m in enumerate(metrics) if m.numeric}
    for i, (head, size) in enumerate(zip(heads, widths, strict=True)):
        # Ids and owners are cut with an ellipsis, never broken: a split id reads as two.
        cut = head in ("account", "owner")
        grid.add_column(
            head,
            justify="right" if i in right else "left",
            width=size,
            no_wrap=cut,
            overflow="ellipsis" if cut else "fold",
        )
    for row in rows:
        grid.add_row(*row)
    return grid


def render(report: Report, out: Console) -> None:
    """The headline, then the ranked table, sized to `out`'s width."""
    for line in headline(report):
        text = Text(printable(line))
        text.highlight_words(["OVERLOADED"], style=RISK)
        out.print(text)
    out.print()
    out.print(portfolio_table(report, out.width))
