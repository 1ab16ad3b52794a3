"""Every generated page of the portfolio site, as Markdown text: a pure function of SiteData.

Pages are front matter, Markdown headings (for the table of contents and search sections)
and raw HTML blocks for tables and pictures (kamgen.site.parts). The home page is in
kamgen.site.home, an account's page in kamgen.site.account, churned accounts' list and pages
in kamgen.site.churned, the renewal calendar in kamgen.site.renewals; lists of accounts (all,
by tier, manager and region), the method and the tags page are here. Each table also gives a
CSV download, returned with the pages.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import markdown

from kamgen.metrics import AccountMetrics
from kamgen.metrics.words import plural
from kamgen.report.docs import render as method_page
from kamgen.site.account import CELL_ROWS, account
from kamgen.site.churned import churned_list, churned_page
from kamgen.site.data import SiteData
from kamgen.site.home import home
from kamgen.site.html import esc, front_matter
from kamgen.site.nav import tiers
from kamgen.site.parts import TABLE_KEY, Parts
from kamgen.site.paths import (
    ACCOUNTS,
    CHURNED,
    HOME,
    METHOD,
    RENEWALS,
    TAGS,
    account_page,
    manager_page,
    region_pages,
    tier_page,
)
from kamgen.site.renewals import calendar

__all__ = ["CELL_ROWS", "Site", "render"]


class Reuse(Protocol):
    """Gives back a page made before when nothing it is made of changed, else makes it
    (`kamgen serve`: kamgen.site.rebuild.AccountPages)."""

    def page(self, site: Any, account: AccountMetrics, make: Callable[[], str]) -> str: ...

    def listing(
        self, site: Any, path: str, accounts: Sequence[AccountMetrics], make: Callable[[], str]
    ) -> str: ...


class Site(Parts):
    reuse: Reuse | None = None

    def pages(self) -> dict[str, str]:
        out = {HOME: home(self), METHOD: self.method(), TAGS: self.tags()}
        for a in self.m.accounts:
            make = functools.partial(account, self, a)
            out[account_page(a.id)] = self.reuse.page(self, a, make) if self.reuse else make()
        # Lost accounts: their list, and a page each for their history (few: made each time).
        out[CHURNED] = churned_list(self)
        out[RENEWALS] = calendar(self)
        for c in self.m.churned:
            out[account_page(c.id)] = churned_page(self, c)
        for manager in self.m.managers:
            out[manager_page(manager.id)] = self.manager(manager.id)
        for tier in tiers(self.data):
            out[tier_page(tier)] = self.tier_list(tier)
        n = len(self.m.accounts)
        out[ACCOUNTS] = self.listing(
            ACCOUNTS, "All accounts", "Every key account, ranked", list(self.m.accounts),
            f"{plural(n, 'key account')}, ranked by selection score. Type in the box to "
            "filter; select a column's heading to sort by it.",
        )  # fmt: skip
        by_id = {a.id: a for a in self.m.accounts}
        for region, path in region_pages(self.data.regions).items():
            mine = [by_id[i] for i in self.data.regions[region]]
            out[path] = self.listing(
                path, region, f"Key accounts in {region}", mine,
                f"{plural(len(mine), 'key account')} in {esc(region)}.",
            )  # fmt: skip
        return {**out, **self.downloads}

    def listing(self, here: str, title: str, description: str, accounts: list[AccountMetrics],
                intro: str) -> str:  # fmt: skip
        def make() -> str:
            return (
                front_matter(title, description)
                + f"# {esc(title)}\n\n<p>{intro}</p>\n\n"
                + TABLE_KEY
                + self.accounts_table(
                    here, "accounts", accounts, f"Accounts: {title}", sortable=len(accounts) > 1
                )
            )

        return self.reuse.listing(self, here, accounts, make) if self.reuse else make()

    def manager(self, member_id: str) -> str:
        g = next(x for x in self.m.managers if x.id == member_id)
        mine = [a for a in self.m.accounts if a.owner == member_id]
        intro = (f"{len(g.accounts)} accounts (limit {g.max_accounts}), {len(g.tier1)} in tier 1 "
                 f"(limit {g.max_tier1}){': overloaded' if g.overloaded else ''}.")  # fmt: skip
        return self.listing(manager_page(member_id), g.name, f"Accounts of {g.name}", mine, intro)

    def tier_list(self, tier: int) -> str:
        mine = [a for a in self.m.accounts if a.tier == tier]
        return self.listing(tier_page(tier), f"Tier {tier}", f"Tier {tier} accounts", mine,
                            f"{plural(len(mine), 'account')} declared tier {tier}.")  # fmt: skip

    def method(self) -> str:
        return (
            front_matter("Method", "How kamgen computes every number")
            + framed(method_page(self.data.config)).rstrip("\n")
            + "\n\n"
            + self.confidential_method()
        )

    def confidential_method(self) -> str:
        """What the site does with `confidential:`, and what a hidden field still moves."""
        out = ["## Confidential fields", ""]
        if self.data.include_confidential:
            out += [
                "This site was built with `--include-confidential`: the fields plans list in "
                "`confidential:` are published on it, and none of what follows applies.",
                "",
            ]
        derived = [c for c in self.data.config.scoring.criteria if c.source == "revenue_quintile"]
        if derived:
            which = ", ".join(f"`{esc(c.id)}` (weight {c.weight:g})" for c in derived)
            revenue = (
                f"The criterion {which} is derived from revenue: it is the account's revenue "
                "quintile among all accounts, those with confidential revenue included, and it "
                "counts in every score. So every account's score, suggested tier and place in "
                "the ranked tables (which are ordered by score) reflect confidential revenue "
                "through that criterion, and through nothing else. With the other criteria "
                "known, the quintile of an account can be worked out from its score. No "
                "explanation on this site names a revenue rank."
            )
        else:
            revenue = "No criterion of this portfolio is derived from revenue."
        out += [
            "Fields a plan lists in `confidential:` are removed before anything on this site "
            "is computed. Where such a field, or a figure made only from it (revenue, net "
            "revenue retention, share of wallet, a whitespace value, a freshness), would "
            "appear, the page says *confidential*, and each account's page lists what it "
            "leaves out.",
            "",
            "- **Totals and charts.** Portfolio revenue, net revenue retention, the Pareto "
            "curve, the portfolio matrix, the region and currency tables and the largest open "
            "whitespace leave out every account whose input to them is confidential (it is "
            "not counted as zero), and each says how many accounts it covers and which it "
            "leaves out, confidential or not computed. Churned accounts count in net revenue "
            "retention and revenue growth only when their revenue is published.",
            "- **Indicators.** The home page's CSAT, NPS and referenceable share leave out "
            "every account whose review `satisfaction` or `referenceable` is confidential, "
            "and plans reviewed on time those whose review dates are; each says how many.",
            "- **Other figures** (health, coverage, the whitespace grid's figures) are computed "
            "from what is published: a hidden field counts as absent, so they can read lower than "
            "`kamgen report` says.",
            "- **Still influenced: selection.** Selection score, suggested tier and rank are "
            "computed from the full plans, so that the site ranks exactly as `kamgen report` "
            "and CI do; confidential `scores` still make the score. " + revenue,
            "- **Findings.** For an account with confidential fields, a policy finding is "
            "shown only when the published data gives it too, and a message that would "
            "quote a hidden value reads *details are confidential*. `kamgen check` on the "
            "repository reports everything.",
            "- **Always published.** Ids (of accounts, stakeholders, objectives, actions) "
            "name pages and appear in explanations; an account's id, tier, owner and currency "
            "cannot be confidential.",
            "- **Typos fail closed.** An entry of `confidential:` that names no field is an "
            "error (`unknown-confidential-path`, with a suggestion), and the site leaves that "
            "account out until it is fixed.",
            "",
        ]
        return "\n".join(out)

    def tags(self) -> str:
        return (
            front_matter("Tags", "Accounts by tier, kind, industry and region")
            + "# Tags\n\n<!-- material/tags -->\n"
        )


_PIPE_TABLE = re.compile(r"(?:^\|.*\n)+", re.M)
_HEADING = re.compile(r"^#+ (.*)$", re.M)


def framed(markdown_text: str) -> str:
    """The method page's Markdown tables as HTML in a scrolling frame of their own, like
    every other table on the site: a wide table never scrolls the page on a phone, and the
    frame takes keyboard focus. The text is kamgen's own (docs/metrics.md)."""
    out, end = [], 0
    for match in _PIPE_TABLE.finditer(markdown_text):
        headings = _HEADING.findall(markdown_text, 0, match.start())
        label = headings[-1] if headings else "Table"
        html_table = markdown.markdown(match.group(0), extensions=["tables"])
        html_table = html_table.replace("<table>", '<table class="kg-list">', 1)
        out.append(markdown_text[end : match.start()])
        out.append(
            f'<div class="kg-table" role="region" tabindex="0" aria-label="{esc(label)}">'
            f"{html_table}</div>\n"
        )
        end = match.end()
    out.append(markdown_text[end:])
    return "".join(out)


def render(
    data: SiteData,
    directory_urls: bool = True,
    intro: str = "",
    source: str | None = None,
    reuse: Reuse | None = None,
) -> dict[str, str]:
    """Every generated file: its path under the docs folder, and its text (Markdown pages,
    and the CSV download of each table). `intro` is the site's hand-written landing text,
    placed on the home page under the summary. `source` is `links.blob_base`: where the
    repository shows the portfolio's files, for links from pages and findings to them."""
    site = Site(data, directory_urls, intro, source)
    site.reuse = reuse
    return site.pages()
