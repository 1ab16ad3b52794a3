"""Where each generated page lives, by what it shows. Paths are built from ids, which are
pattern-checked slugs, or from a slug kamgen makes itself (regions are free text)."""

from __future__ import annotations

import re
from collections.abc import Iterable

HOME = "index.md"
ACCOUNTS = "accounts.md"  # every account, sortable and filterable
METHOD = "method.md"
TAGS = "tags.md"
CHURNED = "churned.md"
RENEWALS = "renewals.md"  # the renewal calendar
DOWNLOADS = "downloads"  # CSV files, one per table

_SLUG = re.compile(r"[^a-z0-9]+")


def account_page(account_id: str) -> str:
    return f"accounts/{account_id}.md"


def manager_page(member_id: str) -> str:
    return f"managers/{member_id}.md"


def tier_page(tier: int) -> str:
    return f"tiers/tier-{tier}.md"


def region_pages(regions: Iterable[str]) -> dict[str, str]:
    """A page per region. A region is free text, so its slug is made here and made unique:
    "EMEA" and "emea!" both slug to `emea`, and the second becomes `emea-2`."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for region in sorted(set(regions)):
        base = _SLUG.sub("-", region.lower()).strip("-")[:40].strip("-") or "region"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        out[region] = f"regions/{slug}.md"
    return out


def csv_file(page: str, name: str) -> str:
    """The CSV download of table `name` on `page`: `downloads/accounts/acme/people.csv`."""
    return f"{DOWNLOADS}/{page.removesuffix('.md')}/{name}.csv"
