"""Trends from git on the site: sparklines of an account's health, coverage, selection score
and plan freshness; what changed since its last business review; the portfolio's health over
time and the accounts whose health fell most.

`assemble` reads git (the plugin calls it); the rest renders what it found. An account with
confidential fields gets no trends: its history is of the full files, and a series or a
change in words would tell what the page hides.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from kamgen.base.errors import KamgenError
from kamgen.history.series import history
from kamgen.history.trends import PLAN_AGE, TRACKED, Series, at, fallers, portfolio_health, series
from kamgen.load.gitsource import GitSource
from kamgen.load.portfolio import Account, Memo, load_portfolio
from kamgen.metrics import AccountMetrics
from kamgen.metrics.catalogue import CATALOGUE, view
from kamgen.metrics.snapshot import account_snapshot
from kamgen.report.changes import changes
from kamgen.site.data import SinceReview, SiteData
from kamgen.site.html import esc
from kamgen.site.paths import account_page

WORDS = 12  # changes listed in a panel; the rest are counted
LABELS = {PLAN_AGE: "Days since the plan review"}
BETTER = {PLAN_AGE: "lower"}


def assemble(
    root: Path, data: SiteData, as_of: dt.date | None = None, memo: Memo | None = None
) -> SiteData:
    """`data` with the portfolio's history and each account's "since the last business
    review", when the portfolio is in a git repository (else `data` as it is). `memo` keeps
    the old commits' files loaded between `kamgen serve`'s rebuilds."""
    try:
        found = history(root)
    except KamgenError:
        return data  # not a repository, or no git: the site has no trends
    # A page dated today shows no point after it (a build with an earlier --today, or --as-of).
    until = min(as_of, data.today) if as_of is not None else data.today
    if any(p.date > until for p in found.points):
        kept = [row for p, row in zip(found.points, found.lines, strict=True) if p.date <= until]
        found = replace(found, lines=tuple(kept))
    panels: dict[str, SinceReview] = {}
    held: dict[str, dict[str, Account]] = {}
    memo = memo if memo is not None else Memo()
    team = {m.id: m.name for m in data.config.team}
    for a in data.metrics.accounts:
        last = a.freshness.get("business_review")
        if data.hidden.get(a.id) or last is None or last.last is None:
            continue
        point = at(found, last.last)
        if point is None:
            continue
        if point.commit not in held:
            source = GitSource.open(root, point.commit)
            held[point.commit] = {x.id: x for x in load_portfolio(source, memo).accounts}
        then = next((held[point.commit][i] for i in sorted(found.ids(a.id))
                     if i in held[point.commit]), None)  # fmt: skip
        words = tuple(c.words for c in changes(then, data.accounts.get(a.id), team))
        before = next((point.accounts[i] for i in sorted(found.ids(a.id)) if i in point.accounts),
                      {})  # fmt: skip
        now = account_snapshot(a)
        moved = {m.key: (before.get(m.key), now.get(m.key)) for m in view("diff")
                 if m.better is not None and before.get(m.key) != now.get(m.key)}  # fmt: skip
        panels[a.id] = SinceReview(last.last, point.commit, words, moved)
    return replace(data, history=found, since_review=panels)


def _arrow(delta: float, better: str | None) -> tuple[str, str]:
    """(arrow, state): the catalogue's "higher is better" decides the colour."""
    if delta == 0:
        return "→", "same"
    up = delta > 0
    good = up == (better == "higher") if better else None
    return ("▲" if up else "▼"), ("good" if good else "poor" if good is not None else "same")


def sparkline(s: Series, label: str) -> str:
    """A small line, with its first and last values in words beside it (the twin of the
    picture). Gaps break the line."""
    known = s.known
    if len(known) < 2:
        return ""
    width, height, pad = 120, 28, 3
    lo = min(v for _, v in known)
    hi = max(v for _, v in known)
    span = (hi - lo) or 1.0
    first, last = s.dates[0], s.dates[-1]
    days = max((last - first).days, 1)
    runs: list[list[str]] = [[]]
    for day, value in zip(s.dates, s.values, strict=True):
        if value is None:
            runs.append([])
            continue
        x = pad + (width - 2 * pad) * (day - first).days / days
        y = height - pad - (height - 2 * pad) * (value - lo) / span
        runs[-1].append(f"{x:.1f},{y:.1f}")
    lines = "".join(
        f'<polyline points="{" ".join(r)}" fill="none" stroke="currentColor" stroke-width="1.5"/>'
        for r in runs
        if len(r) > 1
    )
    return (
        f'<svg class="kamgen-spark" role="img" data-search-exclude="" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{esc(label)} from {first} to {last}</title>{lines}</svg>"
    )


def _number(key: str, value: float | None) -> str:
    if value is None:
        return "—"
    unit = CATALOGUE[key].unit if key in CATALOGUE else "count"
    if unit == "ratio":
        return f"{value:.0%}"
    return f"{value:g}" if unit == "score" else f"{value:.0f}"


def account_trends(data: SiteData, a: AccountMetrics) -> str:
    """The account page's trends and "since the last business review" panel."""
    h = data.history
    if h is None or not h.points:
        return ""
    if data.hidden.get(a.id):
        return (
            "<p>Trends are not shown for this account: they would be computed from its "
            "confidential fields.</p>\n"
        )
    rows = []
    for key in (*TRACKED, PLAN_AGE):
        s = series(h, a.id, key)
        known = s.known
        if len(known) < 2:
            continue
        (d0, v0), (d1, v1) = known[0], known[-1]
        label = LABELS.get(key) or CATALOGUE[key].label
        better = BETTER.get(key) or CATALOGUE[key].better
        arrow, state = _arrow(v1 - v0, better)
        gaps = sum(1 for v in s.values if v is None)
        rows.append(
            f"<tr><td>{esc(label)}</td> <td>{sparkline(s, label)}</td> "
            f'<td><span class="kg-trend kg-{state}">{arrow}</span> {_number(key, v0)} on {d0} '
            f"→ {_number(key, v1)} on {d1}"
            + (f"; {gaps} commit{'s' if gaps != 1 else ''} with an invalid file" if gaps else "")
            + "</td></tr>"
        )
    out = ['<h3 id="trends">Trends</h3>\n']
    if rows:
        out.append(
            '<div class="kg-table" role="region" tabindex="0" aria-label="Trends">'
            '<table class="kg-trends"><thead data-search-exclude><tr><th scope="col">Metric'
            '</th> <th scope="col">Over time</th> <th scope="col">From, to</th></tr></thead>'
            "<tbody>" + "\n".join(rows) + "</tbody></table></div>\n"
            '<p class="kg-note">▲ and ▼ say which way a figure moved; green is better and red '
            "worse, by which way the method counts it as better. Points are the commits that "
            "changed the portfolio, each computed as of its own day.</p>\n"
        )
    else:
        out.append("<p>Not enough history yet: the account changed in fewer than two commits."
                   "</p>\n")  # fmt: skip
    out.append(since_review(data, a))
    return "".join(out)


def since_review(data: SiteData, a: AccountMetrics) -> str:
    panel = data.since_review.get(a.id)
    if panel is None:
        return ""
    out = [f'<h3 id="since-review">Since the last business review ({panel.date})</h3>\n']
    if panel.words:
        items = "".join(f"<li>{esc(w)}</li>" for w in panel.words[:WORDS])
        more = len(panel.words) - WORDS
        out.append(f'<ul class="kg-changes">{items}</ul>\n')
        if more > 0:
            out.append(f"<p>… and {more} more changes in the files.</p>\n")
    else:
        out.append("<p>Nothing in the account's files has changed since.</p>\n")
    if panel.moved:
        moved = []
        for key, (then, now) in panel.moved.items():
            metric = CATALOGUE[key]
            delta = (
                (now - then)
                if isinstance(now, int | float) and isinstance(then, int | float)
                else 0
            )
            arrow, state = _arrow(delta, metric.better)
            moved.append(
                f'<li><span class="kg-trend kg-{state}">{arrow}</span> {esc(metric.label)}: '
                f"{esc(metric.render(then))} → {esc(metric.render(now))}</li>"
            )
        out.append('<p><strong>Metrics that moved</strong></p><ul class="kg-moved">'
                   + "".join(moved) + "</ul>\n")  # fmt: skip
    return "".join(out)


def home_trends(data: SiteData, href: Any) -> str:
    """The home page's portfolio health over time, and the accounts whose health fell most in
    the last 90 days. `href(page)` links from the home page."""
    h = data.history
    if h is None or not h.points:
        return ""
    out = ["## Health over time\n"]
    trend = portfolio_health(h)
    known = trend.known
    if len(known) >= 2:
        (d0, v0), (d1, v1) = known[0], known[-1]
        arrow, state = _arrow(v1 - v0, "higher")
        out.append(
            f"<p>{sparkline(trend, 'Mean health of the portfolio')} "
            f'<span class="kg-trend kg-{state}">{arrow}</span> mean health {v0:.0f} on {d0} → '
            f"{v1:.0f} on {d1}, over {len(h.points)} commits.</p>\n"
        )
    names = {a.id: a.name for a in data.metrics.accounts}
    shown = [
        f for f in fallers(h, data.today) if f.account in names and not data.hidden.get(f.account)
    ]
    if shown:
        items = "".join(
            f'<li><a class="kg-name" href="{esc(href(account_page(f.account)))}">'
            f"{esc(names[f.account])}</a>: health {f.then} on {f.since} → {f.now} "
            f'(<span class="kg-trend kg-poor">▼</span> {f.drop})</li>'
            for f in shown[:10]
        )
        out.append(f"<p>Health fell most in the last 90 days:</p><ol>{items}</ol>\n")
    else:
        out.append("<p>No account's health fell in the last 90 days.</p>\n")
    return "\n".join(out)
