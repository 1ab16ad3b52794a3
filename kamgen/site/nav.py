"""The site's navigation: portfolio, every account, churned accounts, the renewal calendar,
tiers, managers, regions, method, tags. Account pages are not listed one by one (they are
reached from tables and search): a sidebar of thousands of links repeats on every page
(measured: 4x the time, 12x the memory)."""

from __future__ import annotations

from typing import Any

from kamgen.base.escape.html import text as html_text
from kamgen.site.data import SiteData
from kamgen.site.paths import (
    ACCOUNTS,
    CHURNED,
    HOME,
    METHOD,
    RENEWALS,
    TAGS,
    manager_page,
    region_pages,
    tier_page,
)


def tiers(data: SiteData) -> list[int]:
    return sorted({a.tier for a in data.metrics.accounts} | {1, 2, 3})


def nav(data: SiteData) -> list[dict[str, Any]]:
    """Nav titles reach Material's templates as they are (`{{ nav_item.title }}`, and
    MkDocs' Jinja does not autoescape): user text is entity-escaped here."""
    m = data.metrics
    out: list[dict[str, Any]] = [
        {"Portfolio": HOME},
        {"All accounts": ACCOUNTS},
        # Always there, even empty: "none churned" is news too, and a list that appears only
        # once an account is lost would hide that it can be.
        {"Churned accounts": CHURNED},
        {"Renewal calendar": RENEWALS},
        {"Tiers": [{f"Tier {t}": tier_page(t)} for t in tiers(data)]},
    ]
    if m.managers:
        out.append({"Managers": [{html_text(g.name): manager_page(g.id)} for g in m.managers]})
    regions = region_pages(data.regions)
    if regions:
        out.append({"Regions": [{html_text(r): path} for r, path in regions.items()]})
    out += [{"Method": METHOD}, {"Tags": TAGS}]
    return out
