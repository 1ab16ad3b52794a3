"""The renewal calendar: every open contract (renewal `open` or `at_risk`) that ends in the
next 180 days, by month, with its notice date, its value converted into the portfolio's
currency and its account's health beside it; and first, the contracts that ended while still
open, which are decisions overdue. The home page's renewal and pipeline cards are here too.

Confidential contracts stay off: an account whose contracts (or their renewal outcome) are
confidential is not listed, and is named as left out; a confidential value reads
"confidential" and counts in no total. The totals are `SiteData.depth`, through the
catalogue's portfolio entries, so the page and the home page say the same figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from kamgen.metrics import AccountMetrics
from kamgen.metrics.catalogue import PORTFOLIO
from kamgen.metrics.formulas import RENEWAL_WINDOW_DAYS, in_renewal_window
from kamgen.metrics.model import OpenContract
from kamgen.metrics.words import money, plural
from kamgen.site.html import Cell, esc, front_matter, link, table
from kamgen.site.parts import HIDDEN, Parts, card
from kamgen.site.paths import HOME, RENEWALS

TITLE = "Renewal calendar"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
# The account and what is at stake first: a phone shows the first columns.
HEAD = ["Account", "Value a year", "Renewal", "Ends", "Notice by", "Health", "Contract"]
# The portfolio figures the calendar and the home page show, as the catalogue declares them.
CALENDAR_FIGURES = ("renewals_180d", "renewal_value_180d")
HOME_FIGURES = ("renewal_value_180d", "weighted_pipeline")
# What lists an account's contracts at all: without the renewal outcome, a renewed or lost
# contract would read as open (a hidden `renewal` takes its default).
LISTED = "contracts.renewal"
VALUE = "contracts.value"
NOTICE = "contracts.notice_days"


@dataclass(frozen=True)
class Entry:
    account: AccountMetrics
    contract: OpenContract
    counted: bool  # its value counts in the published totals (`SiteData.depth`)


def month_name(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """(year, month) of every month from `start`'s to `end`'s."""
    out, (y, m) = [], (start.year, start.month)
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def entries(p: Parts) -> tuple[list[Entry], list[Entry], list[str]]:
    """(lapsed, ending in the window, accounts not listed because their contracts are
    confidential). Lapsed first by end date; the window by end date, then rank."""
    today, data = p.m.today, p.data
    left = set(data.depth.left_out["renewal_value_180d"])
    lapsed, window, unlisted = [], [], []
    for a in p.m.accounts:
        if p.hidden(a.id, LISTED):
            unlisted.append(a.id)
            continue
        for c in a.depth.open_contracts if a.depth else ():
            entry = Entry(a, c, a.id not in left)
            if c.end < today:
                lapsed.append(entry)
            elif in_renewal_window(c.end, today):
                window.append(entry)
    return sorted(lapsed, key=_when), sorted(window, key=_when), unlisted


def _when(e: Entry) -> tuple[dt.date, int, str]:
    return e.contract.end, e.account.rank, e.contract.id


def value_cell(p: Parts, e: Entry) -> Cell:
    """The value a year, converted; "confidential" when hidden. A published value that the
    totals leave out (another of the account's contract fields is confidential) says so."""
    a, c = e.account, e.contract
    if p.hidden(a.id, VALUE):
        return Cell(HIDDEN, -1)
    shown = p.money(c.value)
    if not e.counted and c.value is not None:
        shown += ' <span class="kg-muted">(not in the totals)</span>'
    return Cell(shown, c.value if c.value is not None else -1)


def row(p: Parts, e: Entry, today: dt.date) -> list[str | Cell]:
    a, c, here = e.account, e.contract, RENEWALS
    days = (c.end - today).days
    ends = c.end.isoformat() + (
        f' <span class="kg-overdue">ended {plural(-days, "day")} ago</span>' if days < 0
        else " (today)" if days == 0 else f" (in {plural(days, 'day')})"
    )  # fmt: skip
    if p.hidden(a.id, NOTICE):
        notice = HIDDEN
    else:
        notice = c.notice_date.isoformat() + (" (passed)" if c.notice_date < today else "")
    renewal = (
        p.badge("at risk", "risk", "the team marked this renewal at risk")
        if c.renewal == "at_risk"
        else "open"
    )
    title = p.guard(a.id, f"{esc(c.title)} <code>{esc(c.id)}</code>", "contracts.title")
    return [
        p.account_link(here, a), value_cell(p, e), renewal, Cell(ends, c.end.toordinal()),
        notice, Cell(p.health_badge(a), a.health), title,
    ]  # fmt: skip


def totals(p: Parts, group: Sequence[Entry]) -> str:
    """What a group of contracts is worth a year, over the values the totals count."""
    counted = [e for e in group if e.counted and e.contract.value is not None]
    worth = sum(e.contract.value or 0.0 for e in counted)
    out = f"{plural(len(group), 'open contract')}"
    out += f", worth {esc(money(worth, p.currency))} a year" if counted else ""
    rest = len(group) - len(counted)
    if rest:
        out += f" ({rest} not counted: no value recorded, or confidential)"
    return out + "."


def calendar(p: Parts) -> str:
    """The calendar page."""
    here, today, data = RENEWALS, p.m.today, p.data
    until = today + dt.timedelta(days=RENEWAL_WINDOW_DAYS)
    lapsed, window, unlisted = entries(p)
    out = [front_matter(TITLE, "Open contracts ending in the next 180 days, by month")]
    out.append(f"# {TITLE}\n")
    out.append(
        f'<p class="kg-asof">As of {today.isoformat()}: the open contracts (renewal open or '
        f"at risk) ending from today to {until.isoformat()}, by month, the overdue ones first. "
        f"Values are a year's, in {esc(p.currency)}; each account's health is beside its "
        "contracts. A contract leaves this page once its plan records the outcome: "
        "<code>renewal: renewed</code> or <code>lost</code>.</p>\n"
    )
    cards = [
        card(m.label, esc(m.render(m.value(data.depth), p.currency)), esc(m.why(data.depth)))
        for m in (PORTFOLIO[key] for key in CALENDAR_FIGURES)
    ]
    cards.append(
        card("Overdue decisions", str(len(lapsed)),
             "open contracts whose end date has passed, not counted in the renewal value"
             + (f": {p.names_of(sorted({e.account.id for e in lapsed}))}" if lapsed else ""),
             "poor" if lapsed else "")
    )  # fmt: skip
    out.append('<div class="kg-cards">\n' + "\n".join(cards) + "\n</div>\n")
    if unlisted:
        out.append(
            f'<p class="kg-confidential">Not listed, because their contracts are confidential: '
            f"{p.names_of(unlisted)}.</p>\n"
        )
    csv_rows: list[list[str | Cell]] = []
    out.append("## Overdue decisions\n")
    if lapsed:
        out.append(
            f"<p>{totals(p, lapsed)} Each ended while still open: decide, and record "
            "the outcome in the account's plan.</p>\n"
        )
        rows = [row(p, e, today) for e in lapsed]
        out.append(p.frame("Overdue decisions", table(HEAD, rows, "kg-renewals"), search=False))
        csv_rows += [["Overdue", *r] for r in rows]
    else:
        out.append("<p>None: no open contract has passed its end date.</p>\n")
    by_month: dict[tuple[int, int], list[Entry]] = {}
    for e in window:
        by_month.setdefault((e.contract.end.year, e.contract.end.month), []).append(e)
    for y, m in months(today, until):
        name = month_name(dt.date(y, m, 1))
        out.append(f"## {name}\n")
        group = by_month.get((y, m), [])
        if not group:
            out.append(f"<p>No open contract ends in {name}.</p>\n")
            continue
        rows = [row(p, e, today) for e in group]
        out.append(f"<p>{totals(p, group)}</p>\n")
        out.append(p.frame(f"Renewals in {name}", table(HEAD, rows, "kg-renewals"), search=False))
        csv_rows += [[name, *r] for r in rows]
    if csv_rows:
        out.append(p.download(here, "renewals", ["When", *HEAD], csv_rows, "The calendar"))
    return "\n".join(out)


def home_cards(p: Parts) -> list[str]:
    """The home page's renewal value at stake and weighted pipeline, each with its why and
    what it leaves out; the renewal figure links to the calendar."""
    here = HOME
    figures = p.data.depth
    out = []
    for key in HOME_FIGURES:
        metric = PORTFOLIO[key]
        note = esc(metric.why(figures))
        if key in CALENDAR_FIGURES:
            lapsed = entries(p)[0]
            if lapsed:  # not in the 180 days, yet the most urgent: say so beside the total
                note += (
                    f"; not counted: {plural(len(lapsed), 'contract')} already ended and still "
                    f"undecided ({p.names_of(sorted({e.account.id for e in lapsed}))})"
                )
            note += f"; see the {link(p.href(here, RENEWALS), TITLE.lower())}"
        out.append(card(metric.label, esc(metric.render(metric.value(figures), p.currency)), note))
    return out
