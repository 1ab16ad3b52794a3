"""The home page, in a leader's order: the summary, the leading and lagging indicators side
by side, the accounts that need attention (ranked by the revenue at stake), then the ranked
table, concentration, open whitespace and manager load. Every total says what it counts and
what it leaves out."""

from __future__ import annotations

from typing import Any

from kamgen.metrics.catalogue import Metric, portfolio_view, role
from kamgen.metrics.words import pct, plural
from kamgen.model.common import is_id
from kamgen.rules.risk import POOR_HEALTH, makes_at_risk
from kamgen.site import svg
from kamgen.site.data import REVENUE
from kamgen.site.html import esc, front_matter, link
from kamgen.site.parts import AT_RISK_NOTE, TABLE_KEY, Parts, card, prose
from kamgen.site.paths import ACCOUNTS, CHURNED, HOME, METHOD, account_page, manager_page
from kamgen.site.renewals import home_cards
from kamgen.site.trends import home_trends

HOME_ROWS = 100  # ranked table on the home page (every account is on "All accounts")
LIST_ROWS = 50  # other lists of accounts on the home page
REASON_ROWS = 3  # reasons shown per account under "Needs attention"
WHITESPACE_ROWS = 15


def home(p: Parts) -> str:
    m, here = p.m, HOME
    out = [front_matter("Portfolio", f"{plural(len(m.accounts), 'key account')}",
                        hide=["toc"])]  # fmt: skip
    out.append(f"# {esc(p.data.config.portfolio.name)}\n")
    out.append(
        f'<p class="kg-asof">As of {m.today.isoformat()}. Every figure explains itself: hover '
        f"it, or open the account; the {link(p.href(here, METHOD), 'method')} page gives "
        f"every formula.</p>\n"
    )
    out.append(summary(p))
    if p.intro:
        out.append(p.intro.strip() + "\n")  # the site author's own Markdown, trusted
    out.append(indicators(p))
    out.append(attention(p))
    out.append(home_trends(p.data, lambda page: p.href(here, page)))
    out.append("## Ranked portfolio\n")
    out.append(TABLE_KEY)
    shown = m.accounts[:HOME_ROWS]
    out.append(p.accounts_table(here, "ranked", shown, "Ranked accounts", sortable=True))
    if len(m.accounts) > HOME_ROWS:
        out.append(
            f"<p>The first {HOME_ROWS} of {len(m.accounts)} by rank; "
            f"{link(p.href(here, ACCOUNTS), 'all accounts')} are on one page, with a filter."
            "</p>\n"
        )
    out.append(concentration(p))
    out.append(open_whitespace(p))
    out.append(manager_load(p))
    out.append(not_computed(p))
    return "\n".join(out)


def summary(p: Parts) -> str:
    """The cards: counts, then the portfolio's revenue figures as the catalogue declares them
    (value and why), each with what it leaves out. A figure the method sets a benchmark for
    is in the panel of indicators instead (`indicators`)."""
    m, t, data = p.m, p.data.totals, p.data
    n = len(m.accounts)
    left = len(data.left_out) + data.bad_folders
    everyone = n + left
    at_risk = [a for a in m.accounts if data.risk(a).at_risk]
    secret = len(data.revenue_hidden)
    lost = len(m.churned)
    counts = (
        f"of {everyone}; {left} not computed (see the end of this page)" if left
        else "all computed"
    ) + (f"; {link(p.href(HOME, CHURNED), plural(lost, 'churned account'))} listed apart"
         if lost else "")  # fmt: skip
    cards = [
        card("Key accounts", str(n), counts),
        card("At risk", str(len(at_risk)), esc(AT_RISK_NOTE)),
    ]
    leaves = [f"{secret} confidential"] * bool(secret) + [f"{left} not computed"] * bool(left)
    counted = (
        f"across {len(t.accounts)} of {plural(everyone, 'account')}"
        + (f" in {m.year}" if m.year is not None else "")
        + ("; " + ", ".join(leaves) if leaves else "")
    )
    for metric in portfolio_view("page"):
        if metric.benchmark is not None:
            continue
        value = metric.value(t)
        # A money total says what it counts; other figures say how they are made. Both say
        # what they leave out.
        said = (
            counted
            if metric.unit == "money"
            else metric.why(t) + ("; " + ", ".join(leaves) if leaves else "")
        )
        cards.append(card(metric.label, esc(metric.render(value, p.currency)), esc(said)))
    cards += home_cards(p)  # renewal value at stake and the weighted pipeline
    return '<div class="kg-cards">\n' + "\n".join(cards) + "\n</div>\n"


def benchmark(metric: Metric, value: Any) -> tuple[str, str]:
    """How a value stands against the method's benchmark, in words and as a card's state
    ("good" or "poor"); nothing when the method gives no benchmark or there is no value."""
    if metric.benchmark is None or value is None:
        return "", ""
    better = metric.better == "higher"
    good = value >= metric.benchmark if better else value <= metric.benchmark
    side = "meets" if good else ("below" if better else "above")
    return (
        f"{side} the method's benchmark of {metric.render(metric.benchmark)}",
        "good" if good else "poor",
    )


def panel() -> dict[str, list[Metric]]:
    """The indicators of the home page's panel, leading and lagging, in catalogue order:
    the catalogue's `kpi` view, and every figure the method sets a benchmark for (net
    revenue retention's 110%). A benchmark is a target for an outcome, so a figure that
    declares no kind of indicator is a lagging one (the method lists NRR among them)."""
    out: dict[str, list[Metric]] = {"leading": [], "lagging": []}
    chosen = portfolio_view("kpi") + [
        m for m in portfolio_view("page") if m.benchmark is not None and "kpi" not in m.show
    ]
    for metric in chosen:
        out[metric.indicator or "lagging"].append(metric)
    return out


def indicators(p: Parts) -> str:
    """The panel of leading and lagging indicators, side by side (stacked on a phone): each
    with its value, its why and its benchmark where the method gives one, over what the site
    publishes (`SiteData.indicators`). A figure made of a confidential field says how many
    accounts it leaves out."""
    here, data, m = HOME, p.data, p.m
    figures = data.indicators
    every = [a.id for a in m.accounts] + [c.id for c in m.churned]
    left = len(data.left_out) + data.bad_folders
    out = ["## Leading and lagging indicators\n"]
    churned = p.href(here, CHURNED)
    lost = (
        f"; {link(churned, plural(len(m.churned), 'churned account'))} counted in "
        "retention, churn, net revenue retention and growth"
        if m.churned
        else f"; no account has churned ({link(churned, 'churned accounts')})"
    )
    out.append(
        '<p class="kg-note">Leading indicators move first and can still be acted on; lagging '
        "ones confirm the outcome later. Over the "
        f"{plural(len(m.accounts), 'active key account')} on this site{lost}"
        + (f"; {left} not computed (see the end of this page)" if left else "")
        + ".</p>\n"
    )
    columns, rows = [], []
    for kind, metrics in panel().items():
        cards = []
        for metric in metrics:
            value = metric.value(figures)
            shown = metric.render(value, p.currency)
            said, state = benchmark(metric, value)
            # The summary's figures are made of published revenue (`SiteData.totals`), as
            # their cards there say, whether or not their entry names the field.
            hides = metric.hides or ((REVENUE,) if "page" in metric.show else ())
            secret = [i for i in every if hides and data.is_hidden(i, *hides)]
            why = metric.why(figures) + (f"; {len(secret)} confidential" if secret else "")
            note = (f"<strong>{esc(said)}</strong>; " if said else "") + esc(why)
            cards.append(card(metric.label, esc(shown), note, state))
            rows.append([esc(kind), esc(metric.label), esc(shown), esc(said or "—"), esc(why)])
        columns.append(
            f'<section class="kg-indicator-kind"><h3>{kind.capitalize()}</h3>\n'
            '<div class="kg-cards">\n' + "\n".join(cards) + "\n</div>\n</section>"
        )
    out.append('<div class="kg-indicators">\n' + "\n".join(columns) + "\n</div>\n")
    # The same figures as a table, folded away: the cards are what a leader reads, the table
    # is for a screen reader going cell by cell and for the CSV download.
    table = p.table(here, "indicators", ["Kind", "Indicator", "Value", "Benchmark", "Why"],
                    rows, "Leading and lagging indicators", search=False)  # fmt: skip
    out.append(
        '<details class="kg-fold">\n<summary>The indicators as a table, with a CSV '
        f"download</summary>\n{table}</details>\n"
    )
    return "\n".join(out)


def attention(p: Parts) -> str:
    """At-risk accounts ranked by revenue at stake, each reason said as what to do."""
    here, data = HOME, p.data
    at_risk = [a for a in p.m.accounts if data.risk(a).at_risk]
    out = ["## Needs attention\n"]
    if not at_risk:
        out.append(f"<p>No account is at risk ({esc(AT_RISK_NOTE)}).</p>\n")
        return "\n".join(out)
    secret = set(data.revenue_hidden)
    # Revenue at stake first; accounts whose revenue is confidential follow, by rank.
    ranked = sorted(at_risk, key=lambda a: (a.id in secret, -a.revenue if a.id not in secret
                                            else 0.0, a.rank))  # fmt: skip
    out.append(
        f"<p>{plural(len(at_risk), 'account')} at risk ({esc(AT_RISK_NOTE)}), the most revenue "
        "at stake first" + (", then those whose revenue is confidential" if secret & {
            a.id for a in at_risk} else "") + ".</p>\n"
    )  # fmt: skip
    items = []
    for a in ranked[:LIST_ROWS]:
        found = [f for f in data.risks.get(a.id, []) if makes_at_risk(f)]
        reasons = p.renewals_at_risk(a) + p.findings(here, found[:REASON_ROWS])
        if POOR_HEALTH in data.risk(a).codes:
            reasons += p.poor_health(a)
        more = len(found) - REASON_ROWS
        items.append(
            f'<li class="kg-attention"><p><strong>{p.account_link(here, a)}</strong> · '
            f"revenue {p.revenue(a)} · health {p.health_badge(a)} · owner "
            f"{p.person(here, a.owner)}</p>{reasons}"
            + (f"<p>{more} more on the account's page.</p>" if more > 0 else "")
            + "</li>"
        )
    out.append('<ol class="kg-attention-list">' + "".join(items) + "</ol>\n")
    out.append(p.more(LIST_ROWS, len(at_risk), "marked in the ranked table"))
    return "\n".join(out)


def concentration(p: Parts) -> str:
    """Pareto curve, matrix and region and currency tables: only accounts whose revenue is
    published take part (an account drawn at zero would still take a place)."""
    here, t, data = HOME, p.data.totals, p.data
    counted_ids = set(t.accounts)
    counted = [a for a in p.m.accounts if a.id in counted_ids]
    out = ["## Where revenue is concentrated\n"]
    ranked = sorted(counted, key=lambda a: (-a.revenue, a.id))
    x, y = role("matrix_x"), role("matrix_y")
    bubbles = [
        svg.Bubble(a.name, p.href(here, account_page(a.id)), x.value(a) or 0, y.value(a),
                   a.revenue, a.tier)
        for a in counted
    ]  # fmt: skip
    out.append(
        '<div class="kg-figures">'
        + svg.figure(svg.pareto([(a.name, a.revenue) for a in ranked]),
                     "Pareto curve of revenue", svg.pareto_legend())
        + svg.figure(svg.matrix(bubbles, p.currency, x_label=x.label, y_label=y.label),
                     "Portfolio matrix",
                     svg.matrix_legend(p.currency, x_label=x.label, y_label=y.label))
        + "</div>\n"
    )  # fmt: skip
    out.append(
        f"<p>{len(t.pareto_80)} of {len(counted)} accounts make 80% of revenue: "
        f"{p.names_of(t.pareto_80) or '—'}. The matrix puts {esc(x.label.lower())} across and "
        f"{esc(y.label.lower())} up; bubble area is revenue.</p>\n"
    )
    if data.revenue_hidden:
        out.append(
            f'<p class="kg-confidential">Left out of the curve, the matrix, the tables and '
            f"the revenue figures above, because their revenue is confidential: "
            f"{p.names_of(data.revenue_hidden)}.</p>\n"
        )
    for title, shares in (("Region", t.by_region), ("Currency", t.by_currency)):
        rows = [
            [esc(key), p.money(s.revenue), pct(s.share), str(len(s.accounts))]
            for key, s in list(shares.items())[:LIST_ROWS]
        ]
        out.append(p.table(here, f"by-{title.lower()}", [title, "Revenue", "Share", "Accounts"],
                           rows, f"Revenue by {title.lower()}",
                           empty="No revenue is recorded for the year."))  # fmt: skip
        out.append(p.more(LIST_ROWS, len(shares), "with smaller revenue"))
    if t.region_unplaced:
        out.append(
            f"<p>Counted in the total but not by region, because their region is "
            f"confidential: {p.names_of(t.region_unplaced)}.</p>\n"
        )
    return "\n".join(out)


def open_whitespace(p: Parts) -> str:
    m, here = p.m, HOME
    listed = [a for a in m.accounts if not p.hidden(a.id, "whitespace.value")]
    cells = sorted(
        ((a, c) for a in listed for c in a.whitespace.open_cells),
        key=lambda ac: (-ac[1].value, ac[0].id, ac[1].unit, ac[1].offering),
    )[:WHITESPACE_ROWS]
    out = ["## Largest open whitespace\n"]
    if not cells:
        out.append("<p>No open whitespace with a value is recorded.</p>\n")
    else:
        rows = [
            [p.account_link(here, a), esc(c.unit), esc(c.offering),
             esc(c.status.replace("_", " ")), p.money(c.value),
             p.guard(a.id, p.person(here, c.owner), "whitespace.owner"),
             p.guard(a.id, c.target_date.isoformat() if c.target_date else "—",
                     "whitespace.target_date")]
            for a, c in cells
        ]  # fmt: skip
        out.append(p.table(here, "whitespace", ["Account", "Unit", "Offering", "Status",
                                                "Value", "Owner", "Target"], rows,
                           "Largest open whitespace"))  # fmt: skip
    listed_ids = {a.id for a in listed}
    secret = [a.id for a in m.accounts if a.id not in listed_ids]
    if secret:
        out.append(
            f"<p>Not listed, because their whitespace values are confidential: "
            f"{p.names_of(secret)}.</p>\n"
        )
    return "\n".join(out)


def manager_load(p: Parts) -> str:
    here = HOME
    if not p.m.managers:
        return ""
    rows = [
        [link(p.href(here, manager_page(g.id)), g.name),
         f"{len(g.accounts)} of at most {g.max_accounts}",
         f"{len(g.tier1)} of at most {g.max_tier1}",
         p.badge("overloaded", "health-poor") if g.overloaded else "within limits"]
        for g in p.m.managers
    ]  # fmt: skip
    return "## Manager load\n\n" + p.table(
        here, "managers", ["Manager", "Accounts", "Tier 1 accounts", "Load"], rows,
        "Manager load",
    )  # fmt: skip


def not_computed(p: Parts) -> str:
    """Accounts the site leaves out or shows in part, and why: never silently."""
    data = p.data
    left = [x for x in data.left_out if is_id(x.id)]
    partial = [x for x in data.partial if is_id(x.id)]
    folders = data.bad_folders + len(data.left_out) - len(left)
    if not (left or partial or folders):
        return ""
    out = ["## Not computed\n"]
    if left:
        out.append(
            "<p>Left out of this site:</p><ul>"
            + "".join(f"<li><code>{esc(x.id)}</code>: {prose(x.reason)}</li>"
                      for x in left[:LIST_ROWS])
            + "</ul>\n"
        )  # fmt: skip
        out.append(p.more(LIST_ROWS, len(left), "listed by <code>kamgen check</code>"))
        out.append(
            "<p>Ranks on this site are those of <code>kamgen report</code>: they count "
            "every scored account, left out or not.</p>\n"
        )
    if folders:
        out.append(
            f"<p>Also left out: {plural(folders, 'folder')} under <code>accounts/</code> "
            "whose name is not an account id (lowercase letters, digits and hyphens); "
            "<code>kamgen check</code> names them.</p>\n"
        )
    if partial:
        out.append(
            "<p>Shown without a file that could not be used:</p><ul>"
            + "".join(
                f"<li>{link(p.href(HOME, account_page(x.id)), p.names.get(x.id, x.id))}: "
                f"{prose(x.reason)}</li>"
                for x in partial[:LIST_ROWS]
            )
            + "</ul>\n"
        )
        out.append(p.more(LIST_ROWS, len(partial), "listed by <code>kamgen check</code>"))
    return "\n".join(out)
