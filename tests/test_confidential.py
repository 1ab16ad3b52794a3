"""`confidential:` fails closed: entries name real fields, and nothing they hide, nor any
figure, total, share or position derived from it, reaches the built site.

Confidential values are canaries (numbers and strings found nowhere else), so a test can
look for them, and for what they would add up to, in every file of the built site."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from kamgen.check.locate import locate
from kamgen.load.portfolio import Account, FsSource, load_portfolio
from kamgen.metrics import compute
from kamgen.rules.confidential import (
    FIELDS,
    HIDEABLE,
    Hidden,
    check_confidential,
    hidden_of,
    problem,
)
from kamgen.site.data import gather
from kamgen.site.pages import CELL_ROWS, render
from kamgen.site.redact import HIDDEN, redact, secrets

from .builder import CONFIG, person, plan, write
from .helpers import days_ago
from .site_check import site_problems
from .test_cli import run
from .test_site import TODAY, build, every_output

NOTICE = '<p class="kg-confidential" data-search-exclude>Confidential and not shown'
DAY = dt.date.fromisoformat(TODAY)
SECRET_REVENUE = 7654321
SECRET_PREVIOUS = 6543210
SECRET_WALLET = 8765432
SECRET_CELL = 3456789
TYPO_REVENUE = 4444444
OTHERS = {"alpha": 1000, "beta": 2000, "gamma": 3000}
CANARY_TEXTS = ["CANARY-pressure", "CANARY-note", "CANARY-competitor", "CANARY-cell-note"]


def money(n: float) -> str:
    return f"{n:,.0f}"


# ---- the rule --------------------------------------------------------------------------


def _load(root: Path) -> Any:
    return load_portfolio(FsSource(root))


def test_a_typo_is_an_error_on_its_line_with_a_hint(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        [plan("acme", confidential=["situation.pressures", "financals", "stakeholders.note"])],
    )
    found = list(check_confidential(_load(root)))
    assert [(f.rule, f.severity, f.file, f.path) for f in found] == [
        ("unknown-confidential-path", "error", "accounts/acme/plan.yaml", ("confidential", 1)),
        ("unknown-confidential-path", "error", "accounts/acme/plan.yaml", ("confidential", 2)),
    ]
    assert "did you mean `financials`?" in found[0].message
    assert "did you mean `stakeholders.notes`?" in found[1].message
    # The finding lands on the entry's own line.
    lines = (root / "accounts/acme/plan.yaml").read_text(encoding="utf-8").splitlines()
    located = locate(found, FsSource(root))
    assert [lines[f.line - 1].strip() for f in located if f.line] == [
        '"financals",',
        '"stakeholders.note"',
    ]


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ("tier", "cannot be confidential: the site lists accounts by tier"),
        ("id", "cannot be confidential"),
        ("owner", "cannot be confidential"),
        ("currency", "list `financials`"),
        ("confidential", "cannot be confidential"),
        ("reviews.schema_version", "cannot be confidential"),
        ("whitespace.cells.value", "did you mean `whitespace.value`?"),
        ("scores.potential", "did you mean `scores`?"),
        ("nothing_like_it", "names no field"),
    ],
)
def test_entries_that_hide_nothing(entry: str, says: str) -> None:
    why = problem(entry)
    assert why is not None and says in why


def test_known_paths_come_from_the_models() -> None:
    # Every field of every model is there; a field added to a model is there too.
    assert {"financials.revenue", "stakeholders.notes", "whitespace.value", "reviews.summary",
            "reviews.whitespace_moves.from", "competitors.notes", "situation.pressures",
            "stakeholders", "whitespace", "reviews"} <= set(FIELDS)  # fmt: skip
    assert all(problem(p) is None for p in HIDEABLE)
    assert FIELDS["financials.revenue"].hides == "financials"
    assert FIELDS["whitespace.status"].hides == "whitespace"
    assert FIELDS["financials.wallet"].hides == "financials.wallet"


# ---- redaction: every hideable path hides what it names --------------------------------


def rich_portfolio(root: Path) -> Path:
    """One account with every field of every file set to a value other than its default."""
    rich = plan(
        "rich", name="Rich Name", kind="emerging", tier=1, industry="Rich industry",
        region="Rich region", currency="EUR", executive_sponsor="exec",
        scores={"potential": 4, "fit": 5},
        financials=[{"year": 2026, "revenue": 111111, "wallet": 222222},
                    {"year": 2025, "revenue": 99999}],
        situation={"summary": "Rich summary", "priorities": ["Rich priority"],
                   "pressures": ["Rich pressure"], "initiatives": ["Rich initiative"]},
        needs={"known": ["Rich known"], "unknown": ["Rich unknown"],
               "competitor_driven": ["Rich driven"], "personal": ["Rich personal"]},
        competitors=[{"name": "Rich rival", "position": "Rich position", "notes": "Rich notes"}],
        objectives=[{"id": "o1", "title": "Rich objective", "horizon": "long",
                     "target_revenue": 5555, "due": "2027-03-01", "status": "achieved",
                     "owner": "kam",
                     "measures": [{"id": "m1", "name": "Rich measure", "unit": "Rich unit",
                                   "baseline": 1, "target": 9, "actual": 5,
                                   "as_of": "2026-11-01", "notes": "Rich measure notes"}]}],
        actions=[{"id": "a1", "what": "Rich action", "owner": "kam", "due": "2027-02-01",
                  "status": "in_progress", "objective": "o1", "customer_owner": "p1",
                  "shared": True}],
        crm_id="RICH-001", links=[{"label": "Rich link", "url": "https://rich.example.com/x"}],
        swot={"strengths": ["Rich strength"], "weaknesses": ["Rich weakness"],
              "opportunities": ["Rich opening"], "threats": ["Rich threat"]},
        contracts=[{"id": "c1", "title": "Rich contract", "unit": "U1", "offering": "O1",
                    "value": 4444, "start": "2025-01-01", "end": "2027-06-30",
                    "notice_days": 60, "renewal": "at_risk", "crm_id": "RICH-C1"}],
        opportunities=[{"id": "op1", "name": "Rich deal", "unit": "U1", "offering": "O1",
                        "amount": 3333, "stage": "won", "probability": 0.5,
                        "close_date": "2027-01-31", "objective": "o1", "crm_id": "RICH-O1"}],
        risks=[{"id": "r1", "title": "Rich risk", "severity": 4, "likelihood": 2,
                "owner": "kam", "status": "mitigating", "mitigations": ["a1"],
                "raised_on": "2026-09-01", "review_by": "2027-01-15"}],
        reviewed={"on": "2026-11-02", "by": "kam"},
        waivers=[{"rule": "thin-map", "reason": "Rich reason", "until": "2027-01-01",
                  "by": "kam"}],
    )  # fmt: skip
    people = [
        person("p1", name="Rich Person", title="Rich title", level="executive",
               function="Rich function", buying_role="decision_maker", influences=["p2"],
               sentiment="champion", strength=4, our_contact="kam", last_contact="2026-11-01",
               status="left", notes="Rich person notes", reports_to="p2", crm_id="RICH-P1",
               relationships=[{"with": "exec", "strength": 3, "target": 5,
                               "last_contact": "2026-10-20"}]),
        person("p2", name="Other Person", title="Other title", function="Other function",
               buying_role="influencer", reports_to="p1", influences=["p1"],
               sentiment="supporter", strength=2, our_contact="exec", last_contact="2026-10-01",
               status="left", notes="Other notes"),
    ]  # fmt: skip
    grid = {
        "units": ["U1"],
        "offerings": ["O1"],
        "cells": [{"unit": "U1", "offering": "O1", "status": "pursuing", "value": 777,
                   "fit": 4, "champion": "p1", "owner": "kam", "target_date": "2027-04-01",
                   "notes": "Rich cell notes"}],
    }  # fmt: skip
    the_review = {
        "schema_version": 1, "date": "2026-11-03", "kind": "business_review",
        "summary": "Rich review", "attendees": {"ours": ["kam"], "theirs": ["p1"]},
        "delivered": ["Rich delivered"], "value_created": ["Rich value"],
        "challenges": ["Rich challenge"], "opportunities": ["Rich opportunity"],
        "whitespace_moves": [{"unit": "U1", "offering": "O1", "from": "open", "to": "pursuing"}],
        "satisfaction": {"csat": 4.5, "nps": 40}, "referenceable": True,
        "next_steps": ["Rich next"],
    }  # fmt: skip
    return write(
        root, [rich], people={"rich": people}, grids={"rich": grid},
        reviews={"rich": [the_review]},
    )  # fmt: skip


def _leaves(value: Any) -> Iterator[str]:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _leaves(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _leaves(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif value is not None:
        yield repr(value)


def _at(value: Any, attrs: list[str]) -> Iterator[Any]:
    if isinstance(value, list):
        for item in value:
            yield from _at(item, attrs)
    elif not attrs:
        yield value
    elif isinstance(value, BaseModel):
        yield from _at(getattr(value, attrs[0]), attrs[1:])


def values_at(account: Account, path: str) -> set[str]:
    head, *rest = FIELDS[path].attrs
    base: Any
    if head == "stakeholders":
        base = account.stakeholders.stakeholders if account.stakeholders else []
    elif head == "whitespace":
        base = account.whitespace.cells if account.whitespace else []
    elif head == "reviews":
        base = [r for _, r in account.reviews]
    else:
        base, rest = account.plan, [head, *rest]
    return set(_leaves(list(_at(base, rest)) if rest else base))


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Account]:
    portfolio = _load(rich_portfolio(tmp_path_factory.mktemp("rich")))
    (account,) = portfolio.accounts
    assert account.plan and account.stakeholders and account.whitespace and account.reviews
    return portfolio.config, account


@pytest.mark.parametrize("path", HIDEABLE)
def test_every_hideable_path_hides_its_values(rich: tuple[Any, Account], path: str) -> None:
    config, account = rich
    assert account.plan is not None
    hidden = hidden_of(account.plan.model_copy(update={"confidential": [path]}))
    assert hidden is not None
    before = values_at(account, path)
    assert before, f"the rich account holds nothing at {path}"
    shown = redact(account, hidden)
    after = values_at(shown, path) - {repr(HIDDEN)}
    assert before & after == set(), f"{path} still shows {before & after}"
    # The redacted account is still one the metrics can compute.
    compute(config, [shown], DAY)


def test_secrets_include_amounts_and_dates(rich: tuple[Any, Account]) -> None:
    _, account = rich
    assert account.plan is not None
    hidden = hidden_of(account.plan.model_copy(update={"confidential": ["financials"]}))
    assert hidden is not None
    quoted = set(secrets(account, redact(account, hidden)))
    assert {"111111", "111,111", "222,222"} <= quoted


def test_hidden_answers_both_ways() -> None:
    hidden = Hidden(("financials.revenue",), ("financials",))
    assert hidden.touches("financials.revenue") and hidden.touches("financials")
    part = Hidden(("financials.wallet",), ("financials.wallet",))
    assert part.touches("financials") and part.touches("financials.wallet")
    assert not part.touches("financials.revenue") and not part.covers("financials")


# ---- the built site ---------------------------------------------------------------------


def leaky_portfolio(root: Path, secret_name: str = "Secretive Ltd") -> Path:
    secret = plan(
        "secret", name=secret_name, region="Secret Region", tier=1,
        scores={"potential": 5, "fit": 5},
        situation={"summary": "shown", "pressures": ["CANARY-pressure"]},
        competitors=[{"name": "Rival", "notes": "CANARY-competitor"}],
        financials=[{"year": 2026, "revenue": SECRET_REVENUE, "wallet": SECRET_WALLET},
                    {"year": 2025, "revenue": SECRET_PREVIOUS}],
        confidential=["financials.revenue", "situation.pressures", "competitors.notes",
                      "stakeholders.notes", "stakeholders.sentiment", "whitespace.value",
                      "whitespace.notes"],
    )  # fmt: skip
    others = [
        plan(i, region="EMEA", financials=[{"year": 2026, "revenue": r},
                                           {"year": 2025, "revenue": r // 2}])
        for i, r in OTHERS.items()
    ]  # fmt: skip
    typo = plan("typo", name="Typo Corp", financials=[{"year": 2026, "revenue": TYPO_REVENUE}],
                confidential=["financals"])  # fmt: skip
    broken = {"schema_version": 1, "id": "broken", "name": "Broken", "tier": 9, "owner": "kam"}
    people = {
        "secret": [
            # A detractor who decides: `detractor-in-power` would tell the hidden sentiment.
            person("cfo", name="Visible Person", notes="CANARY-note", sentiment="detractor",
                   buying_role="decision_maker", strength=4, last_contact=days_ago(3)),
        ]
    }  # fmt: skip
    grids = {
        "secret": {"units": ["U"], "offerings": ["O"],
                   "cells": [{"unit": "U", "offering": "O", "status": "open",
                              "value": SECRET_CELL, "notes": "CANARY-cell-note"}]},
        "alpha": {"units": ["U"], "offerings": ["O"],
                  "cells": [{"unit": "U", "offering": "O", "status": "open", "value": 10}]},
    }  # fmt: skip
    return write(root, [secret, *others, typo, broken], people=people, grids=grids)


def derived_figures() -> list[str]:
    """Everything the secret revenue would show up as: itself, sums, shares."""
    visible = sum(OTHERS.values())
    grand = visible + SECRET_REVENUE
    out = [money(v) for v in (SECRET_REVENUE, SECRET_PREVIOUS, SECRET_WALLET, SECRET_CELL,
                              TYPO_REVENUE, grand, grand + TYPO_REVENUE, visible + TYPO_REVENUE,
                              SECRET_CELL + 10)]  # fmt: skip
    out += [str(v) for v in (SECRET_REVENUE, SECRET_PREVIOUS, SECRET_WALLET, SECRET_CELL)]
    return out


@pytest.fixture(scope="module")
def leaky_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("leaky")
    return build(leaky_portfolio(tmp / "p"), tmp / "site")


def page(site: Path, rel: str) -> str:
    return html.unescape((site / rel).read_text(encoding="utf-8"))


def test_no_confidential_value_or_derived_figure_is_published(leaky_site: Path) -> None:
    text = every_output(leaky_site)
    assert "Visible Person" in text and "Secretive Ltd" in text
    assert [c for c in CANARY_TEXTS if c in text] == []
    assert [n for n in derived_figures() if n in text] == []
    # The typo account is left out whole: its name is nowhere, only its id and why.
    assert "Typo Corp" not in text
    # No explanation names a revenue rank (it would place the hidden revenue).
    assert re.findall(r"revenue \d+(?:st|nd|rd|th) of", text) == []


def test_revenue_figures_leave_the_account_out_and_say_so(leaky_site: Path) -> None:
    home = page(leaky_site, "index.html")
    visible = sum(OTHERS.values())
    assert f"USD {money(visible)}" in home
    assert "across 3 of 6 accounts in 2026; 1 confidential, 2 not computed" in home
    assert "over 3 accounts with revenue in both years; 1 confidential" in home
    # Pareto: three points after the origin, none of them the secret account.
    pareto = re.search(r'<svg class="kamgen-pareto".*?</svg>', home, re.S)
    assert pareto is not None
    assert "over 3 accounts" in pareto.group(0)
    points = re.search(r'<polyline points="([^"]*)"', pareto.group(0))
    assert points is not None and len(points.group(1).split()) == 4
    # Matrix: a bubble per account whose revenue is published, none for the secret one.
    matrix = re.search(r'<svg class="kamgen-matrix".*?</svg>', home, re.S)
    assert matrix is not None
    assert matrix.group(0).count("<circle") == 3 and "Secretive" not in matrix.group(0)
    # Region and currency tables: the secret region had one account, so it is not there.
    assert "Secret Region" not in home.split('id="where-revenue-is-concentrated"', 1)[1]
    assert "because their revenue is confidential: Secretive Ltd" in home
    # Largest open whitespace: the secret cell's value is hidden, so the account is not listed.
    whitespace = home.split('id="largest-open-whitespace"', 1)[1].split('id="manager-load"')[0]
    assert "Alpha" in whitespace and "Secretive" not in whitespace.split("Not listed", 1)[0]


def test_ranked_tables_show_no_revenue_of_the_secret_account(leaky_site: Path) -> None:
    home = page(leaky_site, "index.html")
    row = re.search(
        r"<tr><td[^>]*>\d+</td> <td><a class=\"kg-name\" href=\"accounts/secret/\">.*?</tr>", home
    )
    assert row is not None and "<td>confidential</td>" in row.group(0)
    secret = page(leaky_site, "accounts/secret/index.html")
    for metric in ("Revenue", "Net revenue retention", "Share of wallet"):
        assert f"<td>{metric}</td> <td>confidential</td> <td>confidential</td>" in secret


def test_findings_from_hidden_fields_are_not_published(leaky_site: Path) -> None:
    page_text = page(leaky_site, "accounts/secret/index.html")
    notice = re.search(NOTICE + r".*?</p>", page_text)
    assert notice is not None
    # The rule is named as not checked here, whatever it finds, and nowhere else.
    assert "<code>detractor-in-power</code>" in notice.group(0)
    secret = page_text.replace(notice.group(0), "")
    home = page(leaky_site, "index.html")
    # The CFO is a detractor who decides, but sentiment is confidential.
    assert "detractor-in-power" not in secret and "detractor-in-power" not in home
    assert "detractor in power" not in secret
    # A finding that follows from what is published is still there.
    assert "stale-plan" in secret


def test_the_notice_lists_what_is_hidden_and_the_method_page_what_it_moves(
    leaky_site: Path,
) -> None:
    secret = page(leaky_site, "accounts/secret/index.html")
    notice = re.search(NOTICE + r": (.*?)</p>", secret)
    assert notice is not None
    hidden, _, checks = notice.group(1).partition("Not shown either")
    listed = re.findall(r"<code>(.*?)</code>", hidden)
    # Sentiment is hidden, so every rule that reads it is left out, whatever it finds.
    assert re.findall(r"<code>(.*?)</code>", checks) == ["detractor-in-power", "champion-left"]
    assert listed == ["competitors.notes", "financials", "financials.revenue",
                      "situation.pressures", "stakeholders.notes", "stakeholders.sentiment",
                      "whitespace.notes", "whitespace.value"]  # fmt: skip
    assert "<code>financials</code> (for <code>financials.revenue</code>)" in notice.group(1)
    method = page(leaky_site, "method/index.html")
    assert "Confidential fields" in method
    assert "current_revenue" in method and "revenue quintile" in method
    assert "ranked tables" in method


def test_the_home_page_says_which_accounts_it_left_out(leaky_site: Path) -> None:
    home = page(leaky_site, "index.html")
    left = home.split("Left out of this site", 1)[1].split("</ul>", 1)[0]
    assert "<code>broken</code>: plan.yaml cannot be used (1 error; the first on line" in left
    assert "<code>typo</code>: its <code>confidential:</code> list has an entry" in left
    assert "<code>financals</code>" in left


def test_hostile_names_stay_text_in_the_new_sentences(tmp_path: Path) -> None:
    name = '"><img src=x onerror=alert(1)> [x](javascript:alert(1)) {: onclick="x" }'
    site = build(leaky_portfolio(tmp_path / "p", secret_name=name), tmp_path / "site")
    assert site_problems(site) == []


# ---- what a notice says is hidden is hidden ---------------------------------------------


def pages_of(root: Path) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in render(gather(root, DAY)).items()}


def one(root: Path, **fields: Any) -> Path:
    return write(root, [plan("acme", name="Acme", **fields), plan("zeta", name="Zeta")])


def test_hiding_revenue_hides_it_and_says_so(tmp_path: Path) -> None:
    root = one(tmp_path, financials=[{"year": 2026, "revenue": 1234567, "wallet": 2345678}],
               confidential=["financials.revenue"])  # fmt: skip
    pages = pages_of(root)
    acme = pages["accounts/acme.md"]
    assert "1,234,567" not in "".join(pages.values())
    assert "2,345,678" not in "".join(pages.values())
    assert "<code>financials</code> (for <code>financials.revenue</code>)" in acme


def test_hiding_the_wallet_leaves_the_revenue_shown(tmp_path: Path) -> None:
    root = one(tmp_path, financials=[{"year": 2026, "revenue": 1234567, "wallet": 2345678}],
               confidential=["financials.wallet"])  # fmt: skip
    pages = pages_of(root)
    acme = pages["accounts/acme.md"]
    assert "<td>Revenue</td> <td>USD 1,234,567</td>" in acme
    assert "<td>Share of wallet</td> <td>confidential</td>" in acme
    assert "2,345,678" not in "".join(pages.values())
    notice = acme.split("Confidential and not shown:", 1)[1].split("</p>", 1)[0]
    assert re.findall(r"<code>(.*?)</code>", notice) == ["financials.wallet"]
    # Its revenue is published, so the totals count it.
    assert "across 2 of 2 accounts in 2026" in pages["index.md"]


def test_hidden_fields_read_confidential_not_their_default(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        [plan("acme", name="Acme", region="Nordics", executive_sponsor="exec",
              actions=[{"id": "a1", "what": "Call", "owner": "kam", "due": "2026-01-01",
                        "status": "done"}],
              confidential=["region", "executive_sponsor", "actions.status",
                            "stakeholders.strength", "reviews"])],
        people={"acme": [person("cfo", strength=5, last_contact=days_ago(2))]},
        reviews={"acme": [{"schema_version": 1, "date": "2026-11-18", "kind": "plan_review"}]},
    )  # fmt: skip
    acme = pages_of(root)["accounts/acme.md"]
    assert "Nordics" not in acme
    assert "<td data-search-exclude>Region</td> <td>confidential</td>" in acme
    assert "<td data-search-exclude>Executive sponsor</td> <td>confidential</td>" in acme
    # The action is done; its hidden status must not read "open" or "overdue".
    assert "<td>Call</td> <td>" in acme and "overdue" not in acme.split("<td>Call</td>", 1)[1][:200]
    assert "The reviews are confidential." in acme and "2026-11-18" not in acme
    assert "<td>Plan review</td> <td>confidential</td>" in acme
    assert "Coverage gaps are not shown" in acme


def test_totals_without_confidential_fields_count_everyone(tmp_path: Path) -> None:
    root = write(tmp_path, [plan(i, financials=[{"year": 2026, "revenue": r}])
                            for i, r in OTHERS.items()])  # fmt: skip
    home = pages_of(root)["index.md"]
    assert "across 3 of 3 accounts in 2026" in home and "confidential" not in home


# ---- bounded pages ----------------------------------------------------------------------


def test_the_open_cells_table_is_cut(tmp_path: Path) -> None:
    units = [f"Unit {i}" for i in range(40)]
    grid = {"units": units, "offerings": ["O"],
            "cells": [{"unit": u, "offering": "O", "status": "open", "value": 100 + i}
                      for i, u in enumerate(units)]}  # fmt: skip
    root = write(tmp_path, [plan("acme")], grids={"acme": grid}, config=CONFIG)
    acme = pages_of(root)["accounts/acme.md"]
    table = acme.split('<table class="kg-cells">', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == CELL_ROWS + 1  # and the header
    assert f"and {40 - CELL_ROWS} more, by priority, in whitespace.yaml" in acme


# ---- never silent: what the build left out ----------------------------------------------


def test_accounts_left_out_or_shown_in_part_are_named_with_a_reason(tmp_path: Path) -> None:
    root = write(tmp_path, [plan("acme", name="Acme"), plan("zeta", name="Zeta")])
    (root / "accounts/zeta/stakeholders.yaml").write_text(
        '{"schema_version": 1, "stakeholders": [{"id": "x", "level": "CANARY-level"}]}\n',
        encoding="utf-8",
    )
    bad = root / "accounts/Bad <b>Folder"
    bad.mkdir()
    (bad / "plan.yaml").write_text((root / "accounts/acme/plan.yaml").read_text())
    home = pages_of(root)["index.md"]
    shown_in_part = home.split("Shown without a file that could not be used", 1)[1]
    assert ">Zeta</a>: stakeholders.yaml cannot be used (" in shown_in_part
    # A reason is kamgen's words, never a quoted value (which could be a hidden one).
    assert "CANARY-level" not in shown_in_part
    assert "1 folder under <code>accounts/</code> whose name is not an account id" in home
    assert "Folder" not in home


def test_findings_about_hidden_fields_say_nothing_of_them(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        [plan("acme", name="Acme",
              actions=[{"id": "a1", "what": "Call", "owner": "kam", "due": "2027-01-01",
                        "objective": "o9"}],
              confidential=["actions.objective", "stakeholders.notes", "reviews"])],
        people={"acme": [person("cfo", strength="CANARY-strength")]},
        reviews={"acme": [{"schema_version": 1, "date": "2026-11-18", "kind": "plan_review",
                           "summary": 5}]},
    )  # fmt: skip
    text = "".join(pages_of(root).values())
    # `unknown-reference` for the hidden objective would name it: not published at all.
    assert "o9" not in text
    # stakeholders.yaml did not load; its finding would quote a value of a file with hidden
    # fields, so only the rule and the place are shown.
    assert "CANARY-strength" not in text
    assert "stakeholders.yaml: details are confidential. <small>(" in text
    assert "accounts/acme/stakeholders.yaml line " in text
    # A review file is named after its date, which is hidden.
    assert "2026-11-18" not in text
    assert '<small>(<span class="kg-where">accounts/acme/reviews/</span>, rule' in text


def test_validate_reports_the_typo(tmp_path: Path) -> None:
    root = write(tmp_path, [plan("acme", confidential=["situation.pressures", "financals"])])
    code, out, _ = run("validate", "--root", str(root))
    assert code == 1
    assert re.search(
        r"accounts/acme/plan\.yaml:\d+:\d+: error unknown-confidential-path: "
        r".*did you mean `financials`\?",
        out,
    )


@pytest.mark.parametrize(
    ("hide", "field", "values"),
    [
        ("stakeholders.sentiment", "sentiment", ["champion", "detractor"]),
        ("stakeholders.strength", "strength", [5, 0]),
        ("stakeholders.last_contact", "last_contact", [days_ago(3), days_ago(900)]),
        ("stakeholders.status", "status", ["active", "left"]),
    ],
)
def test_a_hidden_value_changes_no_page(
    tmp_path: Path, hide: str, field: str, values: list[Any]
) -> None:
    """The red team's method: build twice, changing only a hidden value; every page must be
    the same, findings and their absence included. Built again with nothing hidden, the
    pages differ: the two values are ones that show (else the test could not fail)."""
    sites: dict[bool, list[dict[str, str]]] = {True: [], False: []}
    for hidden, (n, value) in itertools.product((True, False), enumerate(values)):
        cfo: dict[str, Any] = {"buying_role": "decision_maker", "sentiment": "champion",
                               "strength": 4, "last_contact": days_ago(10)}  # fmt: skip
        people = [
            person("cfo", **{**cfo, field: value}),
            person("ops", strength=4, last_contact=days_ago(10)),
        ]
        root = write(
            tmp_path / f"{hidden}-{n}",
            [plan("acme", name="Acme", confidential=[hide] if hidden else []),
             plan("zeta", name="Zeta")],
            people={"acme": people},
        )  # fmt: skip
        sites[hidden].append(pages_of(root))
    assert sites[True][0] == sites[True][1]
    assert sites[False][0] != sites[False][1]
