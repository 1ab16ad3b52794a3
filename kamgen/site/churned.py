"""Churned accounts: their own list, and a page each that keeps the history for a post-mortem.

A churned account is out of every ranked table, tier, manager and region page, the matrix,
the counts of key accounts and the findings (the metrics leave it out of `accounts`). Its page
says at the top when it was lost, and holds no reminder: no finding, no next action, no
health, only the facts, the customer's last words on it and the review timeline.
"""

from __future__ import annotations

from kamgen.metrics.catalogue import view
from kamgen.metrics.model import ChurnedAccount
from kamgen.metrics.words import money, plural
from kamgen.site.account import VOICE, confidential_notice, reviews, voice
from kamgen.site.data import REVENUE
from kamgen.site.html import Cell, esc, front_matter, link, url_link
from kamgen.site.links import file_url
from kamgen.site.parts import HIDDEN, Parts
from kamgen.site.paths import CHURNED, account_page

TITLE = "Churned accounts"


def lost_on(c: ChurnedAccount) -> str:
    return c.churned_on.isoformat() if c.churned_on else "no date recorded"


def last_revenue(p: Parts, c: ChurnedAccount) -> tuple[str, float]:
    """The account's revenue in the portfolio year, or the year before when it had none
    that year (it was lost), converted; and the amount to sort by. Confidential revenue
    reads "confidential"."""
    if p.hidden(c.id, REVENUE):
        return HIDDEN, -1.0
    year = p.m.year
    if c.revenue or year is None:
        amount, when = c.revenue, year
    elif c.revenue_previous:
        amount, when = c.revenue_previous, year - 1
    else:
        return "—", 0.0
    return esc(money(amount, p.currency) + (f" in {when}" if when is not None else "")), amount


def year_before(p: Parts, c: ChurnedAccount) -> tuple[str, float]:
    """What the account was worth the year before the portfolio year: the scale of the loss,
    which a part-year's revenue understates."""
    if p.hidden(c.id, REVENUE):
        return HIDDEN, -1.0
    if c.revenue_previous is None or p.m.year is None:
        return "—", 0.0
    return esc(money(c.revenue_previous, p.currency)), c.revenue_previous


def churned_list(p: Parts) -> str:
    """Every churned account, the latest lost first."""
    here, lost = CHURNED, p.m.churned
    said = [m for m in view("page") if m.section == VOICE]
    out = [
        front_matter(TITLE, "Key accounts that were lost, and when", hide=["toc"]),
        f"# {TITLE}\n",
    ]
    if not lost:
        out.append(
            "<p>No key account has churned. A lost account stays in the repository with "
            "<code>status: churned</code> and <code>churned_on</code> in its plan.yaml, and is "
            "listed here.</p>\n"
        )
        return "\n".join(out)
    out.append(
        f"<p>{plural(len(lost), 'key account')} lost, the latest first. A lost account is on "
        "no ranked list, tier, manager or region page, and no reminder fires for it; its revenue "
        "still counts in net revenue retention and revenue growth, and its loss in logo "
        "retention and churn. Its page keeps its history.</p>\n"
    )
    rows: list[list[str | Cell]] = []
    for c in lost:
        revenue, amount = last_revenue(p, c)
        before, worth = year_before(p, c)
        name = link(p.href(here, account_page(c.id)), c.name).replace(
            "<a ", '<a class="kg-name" ', 1
        )
        row: list[str | Cell] = [
            name, str(c.tier), p.person(here, c.owner), c.since.isoformat() if c.since else "—",
            lost_on(c), Cell(revenue, amount), Cell(before, worth),
        ]  # fmt: skip
        row += [p.guard(c.id, esc(m.render(m.value(c))), *m.hides) for m in said]
        rows.append([*row, esc(c.why)])
    year = p.m.year
    before_head = f"Revenue in {year - 1}" if year is not None else "Revenue the year before"
    head = ["Account", "Tier", "Owner", "Key account since", "Churned on", "Last revenue",
            before_head]  # fmt: skip
    head += [esc(m.label) for m in said] + ["Why"]
    table = p.table(here, "churned", head, rows, "Churned accounts", "kg-churned",
                    indexed=[0, 2], numeric=(1, 5, 6))  # fmt: skip
    out.append(table)
    return "\n".join(out)


def churned_page(p: Parts, c: ChurnedAccount) -> str:
    """A churned account's page: when it was lost, first; then its facts, the customer's
    last CSAT, NPS and referenceability and the review timeline. No tags: the tags page
    lists accounts by tier, and a lost account is in none."""
    here = account_page(c.id)
    source = p.data.accounts.get(c.id)
    out = [front_matter(c.name, f"Churned key account {c.name}"), f"# {esc(c.name)}\n"]
    out.append(
        f'<p class="kg-churned-note"><strong>Churned on {lost_on(c)}.</strong> This key '
        f"account was lost; its page keeps its history for a post-mortem. It is on no ranked "
        f"list and no reminder fires for it. All lost accounts are under "
        f"{link(p.href(here, CHURNED), TITLE.lower())}.</p>\n"
    )
    revenue, _ = last_revenue(p, c)
    facts = [
        ("Account id", f"<code>{esc(c.id)}</code>"),
        ("Status", f"churned on {lost_on(c)}"),
        ("Key account since", c.since.isoformat() if c.since else "—"),
        ("Tier", str(c.tier)),
        ("Owner", p.person(here, c.owner)),
        ("Industry", p.guard(c.id, esc(c.industry or "—"), "industry")),
        ("Region", p.guard(c.id, esc(c.region or "—"), "region")),
        ("Last revenue", revenue),
    ]
    if p.source is not None and source is not None:
        links = [
            url_link(file_url(p.source, f"{source.folder}/{name}"), name)
            for name in ("plan.yaml", "stakeholders.yaml", "whitespace.yaml", "reviews/")
        ]
        facts.append(("Files", " · ".join(links)))
    out.append("## Summary\n")
    out.append(p.table(here, "facts", ["Fact", "Value"], facts, "Facts", "kg-facts",
                       indexed=[1]))  # fmt: skip
    out.append(voice(p, c.id, c.voice))  # the customer's last words, before it left
    if source is not None:
        out.append(reviews(p, c.id, source))
    out.append(confidential_notice(p, c.id))
    return "\n".join(out)
