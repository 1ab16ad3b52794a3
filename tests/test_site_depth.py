"""Plan depth on the site (issue 17): the renewal calendar, the home page's renewal value at
stake and weighted pipeline, and an account's contracts, pipeline against objectives,
measures, risk register and team × stakeholder matrix.

Every portfolio is built for the test (tests/builder.py) around TODAY, 2026-11-23, whose
180-day window ends on 2027-05-22. Values are compared with `kamgen report --format json`.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from kamgen.metrics.catalogue import PORTFOLIO
from kamgen.site.data import gather
from kamgen.site.pages import render
from kamgen.site.paths import HOME, RENEWALS, account_page

from .builder import CONFIG, person, plan, write
from .helpers import TODAY, days_ago
from .site_check import Structure, injected, site_problems, structure
from .test_cli import run

WINDOW_END = "2027-05-22"  # TODAY + 180 days: the last day a contract counts
GRID = {
    "units": ["HQ", "Plant"],
    "offerings": ["Training", "Coaching"],
    "cells": [
        {"unit": "HQ", "offering": "Training", "status": "adopted"},
        {"unit": "Plant", "offering": "Coaching", "status": "pursuing", "value": 5000},
    ],
}


def contract(cid: str, end: str, value: float | None = 1000, **more: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"id": cid, "title": f"Contract {cid}", "end": end, **more}
    if value is not None:
        out["value"] = value
    return out


def calendar_portfolio(root: Path, **extra: dict[str, Any]) -> Path:
    """acme (USD) has contracts at every edge of the window; bolt (EUR, converted at 1.1) one
    in January. `extra` adds fields to a plan, by account id."""
    acme = plan(
        "acme", name="Acme", tier=1,
        contracts=[
            contract("today", TODAY.isoformat(), 1000, notice_days=30, unit="HQ",
                     offering="Training"),
            contract("edge", WINDOW_END, 2000, renewal="at_risk"),
            contract("beyond", "2027-05-23", 4000),
            contract("lapsed", days_ago(1), 8000),
            contract("renewed", "2026-12-15", 16000, renewal="renewed"),
            contract("lost", "2026-12-20", 32000, renewal="lost"),
        ],
        **extra.get("acme", {}),
    )  # fmt: skip
    bolt = plan(
        "bolt", name="Bolt", currency="EUR",
        contracts=[contract("eur", "2027-01-10", 1000, notice_days=90)],
        **extra.get("bolt", {}),
    )  # fmt: skip
    return write(root, [acme, bolt], grids={"acme": GRID})


def report(root: Path) -> dict[str, Any]:
    code, out, err = run("report", "--root", str(root), "--today", TODAY.isoformat(),
                         "--format", "json")  # fmt: skip
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def pages_of(root: Path) -> dict[str, str]:
    return render(gather(root, TODAY))


def sections(page: str) -> dict[str, str]:
    """A page's `## ` sections by heading, in order (the text before the first is "")."""
    parts = re.split(r"^## (.+)$", page, flags=re.M)
    return {"": parts[0], **dict(zip(parts[1::2], parts[2::2], strict=True))}


def rows(block: str) -> list[list[str]]:
    """The body rows of the tables in `block`, each cell as its text."""
    out = []
    for body in re.findall(r"<tbody>(.*?)</tbody>", block, re.S):
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            out.append([text(c) for c in cells])
    return out


def text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def table_csv(pages: dict[str, str], path: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(pages[path])))


# ---- the renewal calendar ----


def test_the_calendar_lists_open_contracts_by_month_to_the_180th_day(tmp_path: Path) -> None:
    root = calendar_portfolio(tmp_path)
    page = pages_of(root)[RENEWALS]
    parts = sections(page)
    months = ["November 2026", "December 2026", "January 2027", "February 2027", "March 2027",
              "April 2027", "May 2027"]  # fmt: skip
    # Lapsed contracts first, as decisions overdue; then every month of the window, in order.
    assert list(parts)[1:] == ["Overdue decisions", *months]
    # The contract is the last column (the account and what is at stake come first).
    listed = {heading: [r[-1].split()[-1] for r in rows(block)] for heading, block in parts.items()}
    assert listed["Overdue decisions"] == ["lapsed"]
    assert listed["November 2026"] == ["today"]  # a contract ending today is in the window
    assert listed["January 2027"] == ["eur"]
    assert listed["May 2027"] == ["edge"]  # the 180th day is in; the 181st is not
    assert sum(len(v) for v in listed.values()) == 4  # no beyond, renewed or lost
    for empty in ("December 2026", "February 2027", "March 2027", "April 2027"):
        assert f"No open contract ends in {empty}." in parts[empty]
    [today] = rows(parts["November 2026"])
    assert today == ["Acme", "USD 1,000", "open", "2026-11-23 (today)", "2026-10-24 (passed)",
                     today[5], "Contract today today"]  # fmt: skip
    assert re.fullmatch(r"\d+ (good|fair|poor)", today[5])  # the account's health beside it
    [edge] = rows(parts["May 2027"])
    assert edge[3] == "2027-05-22 (in 180 days)" and edge[2] == "at risk"
    [eur] = rows(parts["January 2027"])
    assert eur[4] == "2026-10-12 (passed)" and eur[1] == "USD 1,100"  # converted from EUR
    [lapsed] = rows(parts["Overdue decisions"])
    assert lapsed[3] == "2026-11-22 ended 1 day ago" and lapsed[1] == "USD 8,000"
    # Each month says what it is worth; the health badge carries its why.
    assert "1 open contract, worth USD 1,100 a year." in text(parts["January 2027"])
    assert 'class="kg-badge kg-health-' in parts["May 2027"]


def test_the_calendars_totals_are_the_reports(tmp_path: Path) -> None:
    root = calendar_portfolio(tmp_path)
    portfolio = report(root)["portfolio"]
    assert portfolio["renewals_180d"] == 3
    assert portfolio["renewal_value_180d"] == 4100  # 1000 + 2000 + 1100
    pages = pages_of(root)
    cards = dict(re.findall(r'kg-card-label">([^<]*)</div>\n<div class="kg-card-value">([^<]*)<',
                            pages[RENEWALS]))  # fmt: skip
    for key in ("renewals_180d", "renewal_value_180d"):
        metric = PORTFOLIO[key]
        assert html.unescape(cards[metric.label]) == metric.render(portfolio[key], "USD")
    assert cards["Overdue decisions"] == "1"
    # One download for the whole calendar, each row saying when it falls.
    csv_rows = table_csv(pages, "downloads/renewals/renewals.csv")
    assert csv_rows[0] == ["When", "Account", "Value a year", "Renewal", "Ends", "Notice by",
                           "Health", "Contract"]  # fmt: skip
    assert [r[0] for r in csv_rows[1:]] == ["Overdue", "November 2026", "January 2027",
                                            "May 2027"]  # fmt: skip


def test_the_home_page_shows_renewals_at_stake_and_pipeline_with_their_whys(
    tmp_path: Path,
) -> None:
    opportunities = [
        {"id": "o1", "name": "Big deal", "amount": 10000, "probability": 0.5,
         "close_date": "2027-03-01"},
        {"id": "o2", "name": "Won deal", "amount": 99999, "probability": 1, "stage": "won",
         "close_date": "2026-10-01"},
    ]  # fmt: skip
    root = calendar_portfolio(tmp_path, bolt={"opportunities": opportunities})
    portfolio = report(root)["portfolio"]
    assert portfolio["weighted_pipeline"] == 5500  # 10000 × 0.5 × 1.1
    home = pages_of(root)[HOME]
    summary = home[: home.index("## Leading and lagging indicators")]
    for key in ("renewal_value_180d", "weighted_pipeline"):
        metric = PORTFOLIO[key]
        card = re.search(
            rf'kg-card-label">{metric.label}</div>\n<div class="kg-card-value">([^<]*)</div>\n'
            r'<div class="kg-card-note">(.*?)</div>',
            summary,
        )
        assert card is not None, key
        assert html.unescape(card[1]) == metric.render(portfolio[key], "USD")
        assert text(card[2]).startswith(portfolio["why"][key])
    assert '<a href="renewals/">renewal calendar</a>' in summary
    # The lapsed contract is not in the 180 days, yet it is the most urgent: the card says so.
    card = re.search(r'Renewal value in 180 days</div>.*?kg-card-note">(.*?)</div>', summary, re.S)
    assert card is not None
    assert "not counted: 1 contract already ended and still undecided (" in text(card[1])


# ---- confidential ----

SECRETS = ["CANARYCONTRACT", "canary-c", "987,654", "987654", "CANARYRISK", "CANARYOPP",
           "424,242", "424242", "212,121", "55,555", "55555", "CANARYTITLE"]  # fmt: skip


def confidential_portfolio(root: Path) -> Path:
    """acme publishes everything; secret hides its contracts, risks, opportunities and the
    team's other relationships; partial hides its contract values and risk titles."""
    people = [person("p1", name="Pat", our_contact="kam", strength=4,
                     last_contact=days_ago(3),
                     relationships=[{"with": "exec", "strength": 5, "target": 5,
                                     "last_contact": days_ago(3)}])]  # fmt: skip
    risk = {"severity": 4, "likelihood": 3, "status": "open"}
    plans = [
        plan("acme", name="Acme", contracts=[contract("pub", "2027-01-15", 3000)]),
        plan("secret", name="Secret",
             contracts=[{**contract("canary-c", "2027-02-01", 987654), "title": "CANARYCONTRACT"}],
             risks=[{"id": "r1", "title": "CANARYRISK", **risk}],
             opportunities=[{"id": "o1", "name": "CANARYOPP", "amount": 424242,
                             "probability": 0.5, "close_date": "2027-03-01"}],
             confidential=["contracts", "risks", "opportunities", "stakeholders.relationships"]),
        plan("partial", name="Partial",
             contracts=[contract("part", "2027-03-10", 55555, notice_days=10)],
             risks=[{"id": "r2", "title": "CANARYTITLE", **risk}],
             confidential=["contracts.value", "risks.title"]),
    ]  # fmt: skip
    return write(root, plans, people={"secret": people, "partial": people})


def build(root: Path, out: Path) -> Path:
    code, _, err = run("build", "--root", str(root), "--today", TODAY.isoformat(),
                       "--site-dir", str(out))  # fmt: skip
    assert code == 0, err
    return out


def every_file(site: Path) -> dict[str, str]:
    return {
        str(f.relative_to(site)): f.read_text(encoding="utf-8")
        for f in site.rglob("*")
        if f.is_file() and f.suffix in (".html", ".csv", ".json", ".xml")
    }


def test_confidential_contracts_risks_and_ties_reach_no_page(tmp_path: Path) -> None:
    site = build(confidential_portfolio(tmp_path / "p"), tmp_path / "site")
    files = every_file(site)
    assert "renewals/index.html" in files and "downloads/renewals/renewals.csv" in files
    for secret in SECRETS:
        found = [name for name, body in files.items() if secret in html.unescape(body)]
        assert found == [], (secret, found)


def test_confidential_contracts_are_left_out_of_the_totals_and_said_to_be(
    tmp_path: Path,
) -> None:
    pages = pages_of(confidential_portfolio(tmp_path))
    parts = sections(pages[RENEWALS])
    assert "Not listed, because their contracts are confidential: Secret." in text(parts[""])
    # Partial's contract is listed, with its value hidden and out of the totals.
    [row] = rows(parts["March 2027"])
    assert (row[0], row[-1], row[1]) == ("Partial", "Contract part part", "confidential")
    assert "1 open contract (1 not counted: no value recorded, or confidential)." in text(
        parts["March 2027"]
    )
    cards = re.findall(r'kg-card-label">([^<]*)</div>\n<div class="kg-card-value">([^<]*)</div>'
                       r'\n<div class="kg-card-note">(.*?)</div>', pages[RENEWALS])  # fmt: skip
    by_label = {label: (value, text(note)) for label, value, note in cards}
    value, why = by_label[PORTFOLIO["renewal_value_180d"].label]
    assert value == "USD 3,000"  # Acme's alone: no hidden contract counts
    assert why.endswith("2 accounts left out: their contracts are confidential")
    home = pages[HOME]
    assert "2 accounts left out: their contracts are confidential" in text(home)
    assert "1 account left out: its opportunities are confidential" in text(home)
    # The secret account's page: no contract, no risk, no opportunity; only Kim's tie.
    secret = pages[account_page("secret")]
    for said in ("The contracts are confidential.", "The risks are confidential.",
                 "The opportunities are confidential.",
                 "the team's other relationships are confidential"):  # fmt: skip
        assert said in text(secret), said
    matrix = table_csv(pages, "downloads/accounts/secret/who-knows-whom.csv")
    assert matrix[0] == ["Stakeholder", "Kim"]  # Eve's tie is hidden, so is her column
    assert "Eve" not in text(secret)  # she is named nowhere on the page
    assert "Eve" in text(pages[account_page("partial")])  # where her tie is published
    # The partial account's risk is drawn and listed, its title confidential.
    partial = pages[account_page("partial")]
    assert "1. confidential (open; severity 4, likelihood 3)" in html.unescape(partial)
    assert table_csv(pages, "downloads/accounts/partial/risks.csv")[1][1] == "confidential"


# ---- hostile strings ----

NASTY = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "]]>",
    "<!--",
    "\u202eevil",
    "[x](javascript:alert(1))",
    "W" * 190,  # a name near the longest allowed (200 characters, with " 7")
]


def depth_portfolio(root: Path, s: list[str]) -> Path:
    """An account using every plan-depth field, its texts taken from `s` (8 strings)."""
    grid = {
        "units": [s[0], s[1]],
        "offerings": [s[2], s[3]],
        "cells": [{"unit": s[0], "offering": s[2], "status": "adopted", "notes": s[4]},
                  {"unit": s[1], "offering": s[3], "status": "open", "value": 900}],
    }  # fmt: skip
    account = plan(
        "deep", name=s[5], tier=1, executive_sponsor="exec",
        objectives=[{"id": "o1", "title": s[6], "horizon": "short", "due": "2027-06-30",
                     "target_revenue": 1000, "owner": "kam",
                     "measures": [{"id": "m1", "name": s[7], "unit": s[0], "baseline": 0,
                                   "target": 10, "actual": 4, "as_of": days_ago(3)}]}],
        actions=[{"id": "a1", "what": s[4], "owner": "kam", "due": "2027-01-01"}],
        contracts=[{"id": "c1", "title": s[1], "unit": s[0], "offering": s[2], "value": 700,
                    "end": "2027-01-31", "notice_days": 30}],
        opportunities=[{"id": "p1", "name": s[3], "unit": s[1], "offering": s[3],
                        "amount": 500, "probability": 0.5, "close_date": "2027-02-01",
                        "objective": "o1"}],
        risks=[{"id": "r1", "title": s[2], "severity": 5, "likelihood": 2, "owner": "kam",
                "mitigations": ["a1"], "review_by": "2027-01-15"}],
    )  # fmt: skip
    people = [
        person("p1", name=s[6], title=s[7], level="executive", our_contact="kam", strength=4,
               last_contact=days_ago(3),
               relationships=[{"with": "exec", "strength": 3, "target": 4,
                               "last_contact": days_ago(10)}]),
    ]  # fmt: skip
    return write(root, [account], people={"deep": people}, grids={"deep": grid})


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Structure:
    """The elements and attributes of the same site built from plain strings."""
    tmp = tmp_path_factory.mktemp("plain")
    plain = [f"Plain {i}" for i in range(8)]
    return structure(build(depth_portfolio(tmp / "p", plain), tmp / "site"))


@pytest.mark.parametrize("nasty", NASTY)
def test_hostile_strings_in_contracts_risks_and_units_stay_text(
    tmp_path: Path, nasty: str, reference: Structure
) -> None:
    hostile = [f"{nasty} {i}" for i in range(8)]
    root = depth_portfolio(tmp_path / "b", hostile)
    site = build(root, tmp_path / "site")
    assert site_problems(site) == []
    if not nasty.isprintable():
        # A control or bidi character is an error of its own: the account is left out, and
        # only kamgen's words about it reach the site.
        assert report(root)["accounts"] == []
        assert not any(nasty in body for body in every_file(site).values())
        return
    assert [a["id"] for a in report(root)["accounts"]] == ["deep"]  # it reached the pages
    assert injected(site, reference) == []
    page = (site / "accounts/deep/index.html").read_text(encoding="utf-8")
    shown = html.unescape(re.sub(r"<[^>]+>", " ", page))
    # The contract's title, the risk's and a unit's name are there, as text (a name of 190
    # letters is cut to fit the pictures, and whole in the tables).
    for said in (hostile[1], hostile[2], hostile[0]):
        assert said in shown, said
    calendar = (site / "renewals/index.html").read_text(encoding="utf-8")
    assert hostile[1] in html.unescape(re.sub(r"<[^>]+>", " ", calendar))


# ---- the account's page ----


def test_an_accounts_contracts_pipeline_and_measures(tmp_path: Path) -> None:
    root = depth_portfolio(tmp_path, [f"Plain {i}" for i in range(8)])
    pages = pages_of(root)
    [contract_row] = table_csv(pages, "downloads/accounts/deep/contracts.csv")[1:]
    assert contract_row == ["Plain 1 c1", "open, ends in 69 days", "2027-01-31", "2027-01-01",
                            "USD 700", "Plain 0 × Plain 2 (adopted)", "—"]  # fmt: skip
    page = pages[account_page("deep")]
    # The grid marks the cell with the contract and names it in the cell's tooltip.
    assert "\u25c6 " in page and "contract c1 to 2027&#45;01&#45;31, renewal open" in page
    [progress] = rows(page[page.index('aria-label="Objective progress"') :])[:1]
    coverage = report(root)["accounts"][0]
    # Coverage (500 × 0.5) / 1000 = 25%, attainment (4 - 0) / (10 - 0) = 40%: bar and words.
    assert progress[1] == "25% of target" and progress[2] == "40% to target"
    assert 'style="width: 25%"' in page and 'style="width: 40%"' in page
    assert coverage["weighted_pipeline"] == 250
    [measure] = table_csv(pages, "downloads/accounts/deep/measures.csv")[1:]
    assert measure == ["Plain 7", "40%", "4", "10", "0", "Plain 0", days_ago(3), "Plain 6"]


def test_the_risk_register_numbers_each_risk_on_the_grid_and_in_the_table(
    tmp_path: Path,
) -> None:
    pages = pages_of(depth_portfolio(tmp_path, [f"Plain {i}" for i in range(8)]))
    page = pages[account_page("deep")]
    assert '<svg class="kamgen-risks" role="img"' in page
    assert "<title>1. Plain 2 (open; severity 5, likelihood 2)</title>" in page
    [risk] = table_csv(pages, "downloads/accounts/deep/risks.csv")[1:]
    assert risk[:7] == ["1", "Plain 2", "5", "2", "10", "open", "Kim"]
    assert risk[7] == "Plain 4"  # the mitigating action, by what it does


# ---- who knows whom ----


def ties_portfolio(root: Path) -> Path:
    """Ties at the edges of strong (strength 3, contact exactly 120 days ago), just off them
    (121 days, strength 2, a person who left), held by three members, across two accounts."""
    ana = {"id": "ana", "name": "Ana", "role": "key_account_manager"}
    config = {**CONFIG, "team": [*CONFIG["team"], ana]}
    people = {
        "one": [
            person("a", our_contact="kam", strength=3, last_contact=days_ago(120),
                   relationships=[{"with": "exec", "strength": 4, "target": 5,
                                   "last_contact": days_ago(1)}]),
            person("b", our_contact="kam", strength=5, last_contact=days_ago(121),
                   relationships=[{"with": "ana", "strength": 3, "last_contact": days_ago(5)}]),
            person("c", our_contact="kam", strength=2, last_contact=days_ago(1)),
            person("d", our_contact="kam", strength=5, last_contact=days_ago(1), status="left"),
            person("e", our_contact="kam", strength=4, last_contact=days_ago(2),
                   relationships=[{"with": "exec", "strength": 3, "target": 3,
                                   "last_contact": days_ago(30)}]),
            person("f", our_contact="ana", strength=4, last_contact=days_ago(9)),
        ],
        "two": [
            person("x", our_contact="kam", strength=4, last_contact=days_ago(3)),
            person("y", our_contact="kam", strength=4, last_contact=days_ago(3)),
            person("z", our_contact="kam", strength=4, last_contact=days_ago(3)),
        ],
    }  # fmt: skip
    return write(root, [plan("one"), plan("two")], people=people, config=config)


def test_the_matrix_strong_ties_agree_with_the_reports_key_person_dependency(
    tmp_path: Path,
) -> None:
    root = ties_portfolio(tmp_path)
    accounts = {a["id"]: a for a in report(root)["accounts"]}
    pages = pages_of(root)
    for account_id, expected in (("one", {"Kim": 2, "Eve": 2, "Ana": 2}), ("two", {"Kim": 3})):
        matrix = table_csv(pages, f"downloads/accounts/{account_id}/who-knows-whom.csv")
        head, *people, foot = matrix
        assert foot[0] == "Strong ties"
        held = dict(zip(head[1:], (int(n) for n in foot[1:]), strict=True))
        assert held == expected
        # Each strong tie is marked in its cell, in a symbol and a word.
        marked = Counter(
            head[k] for row in people for k, cell in enumerate(row) if k and "✔ strong" in cell
        )
        assert dict(marked) == expected
        kpd = accounts[account_id]["key_person_dependency"]
        assert kpd == round(max(held.values()) / sum(held.values()), 3)
    one = {row[0]: row[1:] for row in table_csv(pages, "downloads/accounts/one/who-knows-whom.csv")}
    head = table_csv(pages, "downloads/accounts/one/who-knows-whom.csv")[0][1:]
    cell = dict(zip(head, one["A"], strict=True))
    assert cell["Kim"] == "✔ strong, 3 of 5, our contact"  # exactly 120 days: still strong
    assert cell["Eve"] == "✔ strong, 4 of 5, target 5 ↑"  # short of its target
    cell = dict(zip(head, one["B"], strict=True))
    assert cell["Kim"] == f"5 of 5, our contact, last contact {days_ago(121)}"  # a day too old
    assert dict(zip(head, one["D (left)"], strict=True))["Kim"] == "5 of 5, our contact"
    assert "(left)" in pages[account_page("one")]


def test_the_matrix_scrolls_in_its_own_focusable_frame(tmp_path: Path) -> None:
    page = pages_of(ties_portfolio(tmp_path))[account_page("one")]
    frame = (
        '<div class="kg-table" role="region" tabindex="0" aria-label="Who knows whom" '
        'data-search-exclude><table class="kg-ties">'
    )
    assert frame in page


def test_the_calendar_is_in_the_navigation_and_linked_from_home(tmp_path: Path) -> None:
    from kamgen.site.nav import nav

    data = gather(calendar_portfolio(tmp_path), TODAY)
    assert {"Renewal calendar": RENEWALS} in nav(data)
    assert '<a href="renewals/">' in render(data)[HOME]


def test_no_contract_says_so(tmp_path: Path) -> None:
    pages = pages_of(write(tmp_path, [plan("acme")]))
    parts = sections(pages[RENEWALS])
    assert "None: no open contract has passed its end date." in parts["Overdue decisions"]
    assert all("No open contract ends in" in parts[m] for m in list(parts)[2:])
    assert "downloads/renewals/renewals.csv" not in pages
    assert "No contract is recorded." in pages[account_page("acme")]
    assert dt.date.fromisoformat(WINDOW_END) - TODAY == dt.timedelta(days=180)
