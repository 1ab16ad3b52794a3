"""The site's lifecycle figures (issue 16): the home page's panel of leading and lagging
indicators gives `kamgen report`'s values when nothing is confidential, leaves a confidential
customer voice out and says so; churned accounts have their own list and a page that says
when they were lost, and are on no ranked table, tier, manager or region page; an account's
page gives the customer's latest CSAT, NPS and referenceability with the review they came
from. Every portfolio here is built for the test (tests/builder.py), never the demo's."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from kamgen.metrics.catalogue import view
from kamgen.site.data import gather
from kamgen.site.home import panel
from kamgen.site.nav import nav
from kamgen.site.pages import render
from kamgen.site.paths import CHURNED, account_page

from .builder import CONFIG, plan, review, write
from .helpers import TODAY, days_ago
from .site_check import site_problems, titles
from .test_cli import run

LOST = "Lost Harbour Co"  # the churned account's name: found nowhere it must not be
SOURCE = "https://github.com/o/r/blob/main/"


def said(date: str, csat: float | None = None, nps: int | None = None,
         referenceable: bool | None = None, **more: Any) -> dict[str, Any]:  # fmt: skip
    """A business review recording the customer's voice."""
    out: dict[str, Any] = {**review(date, "business_review"), **more}
    if csat is not None or nps is not None:
        out["satisfaction"] = {k: v for k, v in (("csat", csat), ("nps", nps)) if v is not None}
    if referenceable is not None:
        out["referenceable"] = referenceable
    return out


def lifecycle(root: Path, **extra: dict[str, Any]) -> Path:
    """Three active accounts and one lost in the last 12 months (`gone`), with revenue in
    both years (NRR and growth count the lost one), reviews with CSAT, NPS, references and
    an expansion. `extra` adds fields to an account's plan, by id."""

    def fields(account_id: str, **base: Any) -> dict[str, Any]:
        return {**base, **extra.get(account_id, {})}

    plans = [
        plan("acme", **fields("acme", name="Acme", tier=1, since="2020-01-01", region="North",
             reviewed={"on": days_ago(5), "by": "kam"},
             financials=[{"year": 2025, "revenue": 100000}, {"year": 2026, "revenue": 130000}])),
        plan("bolt", **fields("bolt", name="Bolt", since="2021-06-01", region="North",
             financials=[{"year": 2025, "revenue": 200000}, {"year": 2026, "revenue": 180000}])),
        plan("cedar", **fields("cedar", name="Cedar", tier=3, region="South",
             financials=[{"year": 2026, "revenue": 50000}])),
        plan("gone", **fields("gone",
             name=LOST, since="2019-05-01", status="churned", churned_on=days_ago(100),
             owner="exec", region="Atlantis", industry="Shipping",
             financials=[{"year": 2025, "revenue": 87654}, {"year": 2026, "revenue": 12345}],
             actions=[{"id": "a1", "what": "CANARY-action", "owner": "kam",
                       "due": days_ago(40)}])),
    ]  # fmt: skip
    grid = {"units": ["HQ"], "offerings": ["Training"],
            "cells": [{"unit": "HQ", "offering": "Training", "status": "won"}]}  # fmt: skip
    move = [{"unit": "HQ", "offering": "Training", "from": "pursuing", "to": "won"}]
    reviews = {
        "acme": [said(days_ago(30), 4.5, 40, True, whitespace_moves=move)],
        "bolt": [said(days_ago(60), 3.3, -20, False), said(days_ago(400), 1.0, -90, True)],
        "gone": [said(days_ago(200), 2.0, -50, False)],
    }
    return write(root, plans, grids={"acme": grid}, reviews=reviews)


def report(root: Path) -> dict[str, Any]:
    code, out, err = run("report", "--root", str(root), "--today", TODAY.isoformat(),
                         "--format", "json")  # fmt: skip
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def pages_of(root: Path, source: str | None = None) -> dict[str, str]:
    return render(gather(root, TODAY), source=source)


def cells(pages: dict[str, str], path: str) -> list[list[str]]:
    """A CSV download's cells as a spreadsheet shows them: without the quote that keeps
    "-3%" or "+40" from being read as a formula."""
    rows = csv.reader(io.StringIO(pages[path]))
    return [[c[1:] if c[:1] == "'" and c[1:2] in "=+-@" else c for c in row] for row in rows]


def panel_rows(pages: dict[str, str]) -> dict[str, list[str]]:
    """The panel's CSV, by indicator: kind, value, benchmark, why."""
    rows = cells(pages, "downloads/index/indicators.csv")
    assert rows[0] == ["Kind", "Indicator", "Value", "Benchmark", "Why"]
    return {row[1]: [row[0], *row[2:]] for row in rows[1:]}


def text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


# ---- the panel ----


def test_the_panel_gives_the_reports_values_and_whys(tmp_path: Path) -> None:
    root = lifecycle(tmp_path)
    portfolio = report(root)["portfolio"]
    rows = panel_rows(pages_of(root))
    shown = 0
    for kind, metrics in panel().items():
        for metric in metrics:
            value = portfolio[metric.key]
            assert rows[metric.label][:2] == [kind, metric.render(value, "USD")], metric.key
            assert rows[metric.label][3] == portfolio["why"][metric.key], metric.key
            shown += value is not None
    # Every indicator has a value here, so a wrong one cannot hide behind "-".
    assert shown == sum(len(m) for m in panel().values()) >= 11
    assert {k for k, m in panel().items() if m} == {"leading", "lagging"}
    # The lost account's revenue counts in NRR and growth, on the site as in the report.
    assert "1 churned account included" in rows["Net revenue retention"][3]
    assert rows["Net revenue retention"][2] == "below the method's benchmark of 110.0%"


CARD = re.compile(
    r'<div class="kg-card(?: kg-(\w+))?">\n<div class="kg-card-label">([^<]*)</div>\n'
    r'<div class="kg-card-value">([^<]*)</div>\n<div class="kg-card-note">(.*?)</div>'
)


def columns(home: str) -> dict[str, list[tuple[str, str, str, str]]]:
    """The panel's cards by column heading: (state, label, value, note), as HTML."""
    block = home[home.index("## Leading and lagging indicators") :]
    block = block[: block.index("## Needs attention")]
    parts = re.split(r'<section class="kg-indicator-kind"><h3>(\w+)</h3>', block)[1:]
    return {kind: CARD.findall(cards) for kind, cards in zip(parts[::2], parts[1::2], strict=True)}


@pytest.mark.parametrize(
    ("before", "after", "state", "side"),
    [(100000, 130000, "good", "meets"), (100000, 105000, "poor", "below")],
)
def test_the_panel_stands_side_by_side_and_says_its_benchmark(
    tmp_path: Path, before: int, after: int, state: str, side: str
) -> None:
    money = [{"year": 2025, "revenue": before}, {"year": 2026, "revenue": after}]
    home = pages_of(write(tmp_path, [plan("acme", financials=money)]))["index.md"]
    shown = columns(home)
    assert list(shown) == ["Leading", "Lagging"]
    for kind, metrics in panel().items():
        assert [card[1] for card in shown[kind.capitalize()]] == [m.label for m in metrics]
    benchmarked = [card for cards in shown.values() for card in cards if card[0]]
    assert len(benchmarked) == 1  # net revenue retention, the method's one benchmark
    assert benchmarked[0][0] == state
    note = html.unescape(benchmarked[0][3])
    assert note.startswith(f"<strong>{side} the method's benchmark of 110.0%</strong>; "), note
    # The summary's cards above do not say again what the panel shows.
    summary = home[: home.index("## Leading and lagging indicators")]
    for metrics in panel().values():
        for metric in metrics:
            assert f'kg-card-label">{metric.label}<' not in summary


def test_the_panel_and_the_summary_link_the_churned_list(tmp_path: Path) -> None:
    home = pages_of(lifecycle(tmp_path))["index.md"]
    assert home.count('<a href="churned/">1 churned account</a>') == 2


@pytest.mark.parametrize(
    ("hidden", "left", "kept"),
    [
        ("reviews.satisfaction", ["CSAT", "NPS"], ["Referenceable"]),
        ("reviews.satisfaction.nps", ["CSAT", "NPS"], ["Referenceable"]),
        ("reviews.referenceable", ["Referenceable"], ["CSAT", "NPS"]),
    ],
)
def test_a_confidential_voice_leaves_the_account_out_and_says_so(
    tmp_path: Path, hidden: str, left: list[str], kept: list[str]
) -> None:
    root = lifecycle(tmp_path, bolt={"confidential": [hidden]})
    data = gather(root, TODAY)
    pages = render(data)
    rows = panel_rows(pages)
    alone = {"CSAT": "4.5 of 5", "NPS": "+40", "Referenceable": "100%"}  # Acme's own
    together = {"CSAT": "3.9 of 5", "NPS": "+10", "Referenceable": "50%"}  # Acme's and Bolt's
    for label in left:
        assert rows[label][1] == alone[label], label
        assert re.search(r"; 1 account left out: its \w+ is confidential$", rows[label][3])
    for label in kept:
        assert rows[label][1] == together[label], label
        assert "left out" not in rows[label][3]
    counted = {"CSAT": data.kpis.csat_accounts, "NPS": data.kpis.nps_accounts,
               "Referenceable": data.kpis.stated_accounts}  # fmt: skip
    assert {label for label, ids in counted.items() if "bolt" not in ids} == set(left)
    # Bolt's own page says confidential where its voice was, and names no review for it.
    page = text(pages[account_page("bolt")])
    voice = page[page.index("Voice of the customer") : page.index("Download voice")]
    for label in left:
        assert f"{label} confidential confidential" in voice, voice
    everything = html.unescape("\n".join(pages.values()))
    if "CSAT" in left:  # Bolt's CSAT is nowhere, not in a table and not in a sentence
        assert "3.3 of 5" not in everything and "3.3 at the review" not in everything


def test_plans_on_time_leaves_out_confidential_review_dates(tmp_path: Path) -> None:
    root = lifecycle(tmp_path, bolt={"confidential": ["reviewed"]})
    rows = panel_rows(pages_of(root))
    on_time = rows["Plans reviewed on time"]
    assert on_time[1] == "50%"  # Acme of Acme and Cedar; Bolt's dates are not published
    assert on_time[3].endswith("1 account left out: its plan review dates are confidential")


def test_confidential_revenue_is_left_out_of_growth_and_counted(tmp_path: Path) -> None:
    root = lifecycle(tmp_path, gone={"confidential": ["financials.revenue"]})
    rows = panel_rows(pages_of(root))
    growth = rows["Revenue growth"]
    assert growth[1] == "20%"  # (130 + 180 + 50) / (100 + 200) - 1: the lost one left out
    assert growth[3].endswith("; 1 confidential")
    assert "churned account included" not in growth[3]
    nrr = rows["Net revenue retention"]
    assert nrr[1] == "103.3%" and nrr[3].endswith("; 1 confidential")  # (130 + 180) / 300


# ---- churned accounts ----


def test_a_churned_account_has_its_own_list_and_is_on_no_ranked_page(tmp_path: Path) -> None:
    root = lifecycle(tmp_path)
    data = gather(root, TODAY)
    pages = render(data)
    listed = cells(pages, "downloads/churned/churned.csv")
    voice = [m.label for m in view("page") if m.section == "Voice of the customer"]
    assert listed[0] == ["Account", "Tier", "Owner", "Key account since", "Churned on",
                         "Last revenue", "Revenue in 2025", *voice, "Why"]  # fmt: skip
    assert listed[1][:7] == [LOST, "2", "Eve", "2019-05-01", days_ago(100), "USD 12,345 in 2026",
                             "USD 87,654"]  # fmt: skip  # the year before: what was lost
    assert listed[1][7:] == ["2 of 5", "-50", "no",
                         f"churned on {days_ago(100)}, a key account since 2019-05-01"]  # fmt: skip
    assert len(listed) == 2
    # Its own page: lost, first; no reminder, no finding, no tag.
    own = pages[account_page("gone")]
    body = text(own.split("\n---\n", 1)[1])
    assert body.lstrip().startswith(f"# {LOST} Churned on {days_ago(100)}.")
    for reminder in ("CANARY-action", "kg-findings", "Risks and next actions", "overdue",
                     "kg-attention", "Health"):  # fmt: skip
        assert reminder not in own, reminder
    assert "tags:" not in own.split("\n---\n", 1)[0]
    assert "2 of 5" in body and days_ago(200) in body  # the voice, with the review's date
    # Nowhere else: not ranked, not by tier, manager or region, not counted, not on the map.
    elsewhere = {
        path: page for path, page in pages.items()
        if path.endswith(".md") and path not in (CHURNED, account_page("gone"), "index.md")
    }  # fmt: skip
    assert [path for path, page in elsewhere.items() if LOST in html.unescape(page)] == []
    home = pages["index.md"]
    ranked = pages["downloads/index/ranked.csv"]
    assert LOST not in ranked and "gone" not in ranked
    matrix = home[home.index('<svg class="kamgen-matrix"') :]
    assert LOST not in matrix[: matrix.index("</svg>")]
    assert re.search(r'Key accounts</div>\n<div class="kg-card-value">3<', home)
    assert not any(path.startswith("regions/atlantis") for path in pages)
    assert "managers/exec.md" not in pages
    titles_ = [next(iter(item)) for item in nav(data)]
    assert titles_[:3] == ["Portfolio", "All accounts", "Churned accounts"]


def test_with_no_churned_account_the_list_says_so(tmp_path: Path) -> None:
    root = write(tmp_path, [plan("acme", financials=[{"year": 2026, "revenue": 10}])])
    pages = pages_of(root)
    assert "No key account has churned." in pages[CHURNED]
    assert "downloads/churned/churned.csv" not in pages
    assert "no account has churned" in text(pages["index.md"])


def test_a_churned_accounts_confidential_revenue_and_voice_stay_hidden(tmp_path: Path) -> None:
    root = lifecycle(
        tmp_path, gone={"confidential": ["financials.revenue", "reviews.satisfaction"]}
    )
    pages = pages_of(root)
    listed = cells(pages, "downloads/churned/churned.csv")
    assert listed[1][5:8] == ["confidential", "confidential", "confidential"]
    everything = html.unescape("\n".join(pages.values()))
    assert "12,345" not in everything and "87,654" not in everything
    own = text(pages[account_page("gone")])
    assert "Confidential and not shown" in own and "2 of 5" not in own


# ---- an account's voice ----


def test_an_account_page_gives_the_voice_with_its_review(tmp_path: Path) -> None:
    root = lifecycle(tmp_path)
    pages = pages_of(root, SOURCE)
    page = pages[account_page("acme")]
    rows = cells(pages, "downloads/accounts/acme/voice.csv")
    file = f"{days_ago(30)}-business-review.yaml"
    assert rows == [
        ["Measure", "Latest", "From the review"],
        ["CSAT", "4.5 of 5", f"{days_ago(30)} ({file})"],
        ["NPS", "+40", f"{days_ago(30)} ({file})"],
        ["Referenceable", "yes", f"{days_ago(30)} ({file})"],
    ]
    assert f'href="{SOURCE}accounts/acme/reviews/{file}"' in page
    # A review older than the 12 months gives no CSAT, but still a reference (Bolt's first).
    cedar = cells(pages, "downloads/accounts/cedar/voice.csv")
    assert cedar[1][:2] == ["CSAT", "-"] and cedar[1][2].startswith("no review since")
    # The lifetime value reads as an estimate wherever it is shown.
    why = cells(pages, "downloads/accounts/acme/numbers.csv")
    clv = [row for row in why if "Lifetime value" in row[0]]
    assert clv and clv[0][0] == "Lifetime value (estimate)" and clv[0][2].startswith("estimate")


# ---- hostile text ----

# A bidi override never reaches a page: validation refuses it (bad-character), so it is not here.
HOSTILE_NAME = '<script>alert(1)</script>"><img src=x onerror=alert(1)> ]]> <!-- `x` [y](z)'


def test_hostile_names_on_the_churned_pages_are_text(tmp_path: Path) -> None:
    long = "Averyveryverylongwordinaname " * 6  # near the 200 characters a name may have
    root = lifecycle(
        tmp_path / "p",
        gone={"name": HOSTILE_NAME, "industry": "javascript:alert(1)", "region": "]]><!--"},
        acme={"name": long.strip()},
    )
    config = {**CONFIG, "portfolio": {**CONFIG["portfolio"], "name": "Built"}}
    (root / "kamgen.yaml").write_text(json.dumps(config), encoding="utf-8")
    code, _, err = run("build", "--root", str(root), "--today", TODAY.isoformat(),
                       "--site-dir", str(tmp_path / "site"))  # fmt: skip
    assert code == 0, err
    site = tmp_path / "site"
    assert site_problems(site) == []
    own = (site / "accounts" / "gone" / "index.html").read_text(encoding="utf-8")
    assert titles(own)[0].startswith(HOSTILE_NAME)
    listing = (site / "churned" / "index.html").read_text(encoding="utf-8")
    assert HOSTILE_NAME in text(listing)  # the whole name, as text
    home = (site / "index.html").read_text(encoding="utf-8")
    assert HOSTILE_NAME in text(home)  # in the churn rate's why
    for page in (own, listing, home):
        assert "<script>alert(1)" not in page and "<img src=x" not in page


# ---- plan review badges ----


@pytest.mark.parametrize(
    ("reviewed", "said"),
    [(5, "fresh, 5 d ago"), (80, "due in 12 d"), (92, "due today"), (100, "overdue 8 d")],
)
def test_the_plan_review_badge_counts_the_days_that_matter(
    tmp_path: Path, reviewed: int, said: str
) -> None:
    # Tier 2: the plan is reviewed every 92 days, and falls due 14 days before.
    write(tmp_path, [plan("a", tier=2, reviewed={"on": days_ago(reviewed), "by": "kam"})])
    pages = render(gather(tmp_path, TODAY))
    assert f">{said}<" in pages[account_page("a")]
