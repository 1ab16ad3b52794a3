"""`kamgen export mutual-plan`: the customer sees the shared actions, the objectives they
serve, both owners, dates and status, and nothing else: every internal field of a rich
account, and every field of another account, holds a sentinel that must not reach either
format. Texts from the files are escaped for each; refusals exit 2 (or 1 for a plan with
errors) with a precise message and write nothing."""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from kamgen.check.validate import Options as CheckOptions
from kamgen.check.validate import analyse
from kamgen.load.portfolio import FsSource, load_portfolio
from kamgen.report.mutual import (
    WITHHELD,
    Contact,
    Goal,
    MutualPlan,
    Step,
    html,
    long_date,
    markdown,
    mutual_plan,
)

from .builder import CONFIG, person, plan, write
from .conftest import REPO
from .test_cli import run

TODAY = ["--today", "2026-11-23"]

# Every value the document must never show, by where it sits. Numbers are unique too, and the
# documents are also checked to hold no digit outside the dates they are meant to show.
SECRET_PLAN: dict[str, Any] = {
    "industry": "SENTINEL-industry",
    "region": "SENTINEL-region",
    "crm_id": "SENTINELCRM01",
    "kind": "emerging",
    "tier": 1,
    "executive_sponsor": "exec",
    "links": [{"label": "SENTINEL-link", "url": "https://sentinel-link.example/x"}],
    "scores": {"potential": 5, "fit": 4},
    "financials": [{"year": 2026, "revenue": 7310001, "wallet": 7310002}],
    "situation": {
        "summary": "SENTINEL-summary",
        "priorities": ["SENTINEL-priority"],
        "pressures": ["SENTINEL-pressure"],
        "initiatives": ["SENTINEL-initiative"],
    },
    "needs": {
        "known": ["SENTINEL-known-need"],
        "unknown": ["SENTINEL-unknown-need"],
        "competitor_driven": ["SENTINEL-competitor-need"],
        "personal": ["SENTINEL-personal-need"],
    },
    "competitors": [
        {"name": "SENTINEL-competitor", "position": "SENTINEL-position", "notes": "SENTINEL-cn"}
    ],
    "objectives": [
        {
            "id": "grow",
            "title": "Grow the sales academy",
            "horizon": "short",
            "target_revenue": 7310003,
            "due": "2027-06-30",
            "owner": "kam",
            "measures": [
                {
                    "id": "m",
                    "name": "SENTINEL-measure",
                    "unit": "SENTINEL-unit",
                    "baseline": 7310004,
                    "target": 7310005,
                    "actual": 7310006,
                    "as_of": "2026-10-01",
                    "notes": "SENTINEL-measure-note",
                }
            ],
        },
        {
            "id": "renew",
            "title": "Agree the two-year programme",
            "horizon": "medium",
            "due": "2027-03-31",
        },
        {
            "id": "private",
            "title": "SENTINEL-unshared-objective",
            "horizon": "long",
            "target_revenue": 7310007,
            "due": "2028-01-31",
        },
    ],
    "actions": [
        {
            "id": "late",
            "what": "Pilot the coaching cohort",
            "owner": "exec",
            "due": "2027-02-10",
            "status": "in_progress",
            "objective": "renew",
            "customer_owner": "cfo",
            "shared": True,
        },
        {
            "id": "first",
            "what": "Hold the kick-off workshop",
            "owner": "kam",
            "due": "2026-12-01",
            "objective": "grow",
            "customer_owner": "ops",
            "shared": True,
        },
        {
            "id": "loose",
            "what": "Share the training calendar",
            "owner": "kam",
            "due": "2027-01-15",
            "status": "done",
            "shared": True,
        },
        {
            "id": "hidden",
            "what": "SENTINEL-private-action",
            "owner": "kam",
            "due": "2026-12-05",
            "objective": "private",
            "customer_owner": "cfo",
        },
    ],
    "swot": {
        "strengths": ["SENTINEL-strength"],
        "weaknesses": ["SENTINEL-weakness"],
        "opportunities": ["SENTINEL-swot-opportunity"],
        "threats": ["SENTINEL-threat"],
    },
    "contracts": [
        {
            "id": "msa",
            "title": "SENTINEL-contract",
            "value": 7310008,
            "start": "2025-01-01",
            "end": "2027-04-30",
            "notice_days": 61,
            "renewal": "at_risk",
            "crm_id": "SENTINELCRM02",
        }
    ],
    "opportunities": [
        {
            "id": "opp",
            "name": "SENTINEL-opportunity",
            "amount": 7310009,
            "probability": 0.37,
            "close_date": "2027-05-31",
            "objective": "grow",
            "crm_id": "SENTINELCRM03",
        }
    ],
    "risks": [
        {
            "id": "risk",
            "title": "SENTINEL-risk",
            "severity": 5,
            "likelihood": 4,
            "owner": "kam",
            "status": "open",
            "mitigations": ["first"],
            "raised_on": "2026-09-01",
            "review_by": "2027-01-31",
        }
    ],
    "reviewed": {"on": "2026-11-02", "by": "kam"},
    "waivers": [
        {"rule": "thin-map", "reason": "SENTINEL-waiver", "until": "2027-03-01", "by": "exec"}
    ],
    "confidential": ["situation.pressures", "objectives.measures", "competitors.notes"],
}
SECRET_PEOPLE = [
    person("cfo", name="Rudo Chikore", title="Chief Financial Officer", level="executive",
           function="SENTINEL-function", buying_role="budget_holder", sentiment="champion",
           strength=4, our_contact="kam", last_contact="2026-10-20", notes="SENTINEL-cfo-note",
           crm_id="SENTINELCRM04", influences=["spy"],
           relationships=[{"with": "exec", "strength": 3, "target": 5,
                           "last_contact": "2026-11-10"}]),
    person("ops", name="Tariro Moyo", level="management", sentiment="detractor", strength=1,
           our_contact="kam", reports_to="cfo"),
    person("spy", name="SENTINEL-other-stakeholder", title="SENTINEL-other-title",
           sentiment="neutral", notes="SENTINEL-spy-note"),
]  # fmt: skip
SECRET_GRID = {
    "units": ["SENTINEL-unit-a"],
    "offerings": ["SENTINEL-offering"],
    "cells": [{"unit": "SENTINEL-unit-a", "offering": "SENTINEL-offering", "status": "pursuing",
               "value": 7310010, "notes": "SENTINEL-cell-note"}],
}  # fmt: skip
SECRET_REVIEW = {
    "schema_version": 1, "date": "2026-10-30", "kind": "business_review",
    "summary": "SENTINEL-review-summary", "challenges": ["SENTINEL-challenge"],
    "satisfaction": {"csat": 3.7, "nps": 41}, "referenceable": False,
}  # fmt: skip
# A second account, all of it secret from the first one's customer, shared action included.
OTHER: dict[str, Any] = {
    "name": "SENTINEL2-customer",
    "objectives": [{"id": "o", "title": "SENTINEL2-objective", "horizon": "short",
                    "due": "2027-01-31"}],
    "actions": [{"id": "a", "what": "SENTINEL2-shared-action", "owner": "kam",
                 "due": "2026-12-20", "objective": "o", "customer_owner": "boss",
                 "shared": True}],
    "risks": [{"id": "r", "title": "SENTINEL2-risk", "severity": 2, "likelihood": 2}],
}  # fmt: skip
OTHER_PEOPLE = [person("boss", name="SENTINEL2-person", title="SENTINEL2-title")]
TEAM = [
    {"id": "kam", "name": "Kim Naidoo", "role": "key_account_manager",
     "email": "sentinel-kam@example.com"},
    {"id": "exec", "name": "Eve Mokoena", "role": "executive"},
    {"id": "lead", "name": "SENTINEL-unused-team-member", "role": "sales_leader"},
]  # fmt: skip
SHOWN = [
    "Mutual plan with Acme Mining",
    "Kim Naidoo",
    "Eve Mokoena",
    "Rudo Chikore",
    "Chief Financial Officer",
    "Tariro Moyo",
    "Grow the sales academy",
    "Agree the two",  # "-year" is escaped in Markdown
    "Pilot the coaching cohort",
    "Share the training calendar",
    "1 December 2026",
    "15 January 2027",
    "10 February 2027",
    "30 June 2027",
    "31 March 2027",
    "In progress",
    "Done",
    "Open",
]
# Words for internal concepts: none belongs in the document.
INTERNAL_WORDS = ["tier", "score", "health", "risk", "sentiment", "champion", "detractor",
                  "strength", "usd", "pipeline", "revenue", "waiver", "confidential",
                  "emerging", "budget_holder", "probability"]  # fmt: skip


def _sentinels(value: Any) -> set[str]:
    """Every SENTINEL string and every 731xxxx number in `value`."""
    found: set[str] = set()
    if isinstance(value, dict):
        for item in value.values():
            found |= _sentinels(item)
    elif isinstance(value, list):
        for item in value:
            found |= _sentinels(item)
    elif isinstance(value, str) and "SENTINEL" in value.upper():
        found.add(value)
    elif isinstance(value, int | float) and str(value).startswith("731"):
        found.add(str(value))
    return found


def rich(root: Path, **changes: Any) -> Path:
    """The rich account `acme` next to `other`, with `changes` to acme's plan."""
    config = copy.deepcopy(CONFIG)
    config["team"] = TEAM
    fields = {**copy.deepcopy(SECRET_PLAN), **changes}
    return write(
        root,
        [plan("acme", name="Acme Mining", **fields), plan("other", **copy.deepcopy(OTHER))],
        people={"acme": copy.deepcopy(SECRET_PEOPLE), "other": OTHER_PEOPLE},
        grids={"acme": SECRET_GRID},
        reviews={"acme": [SECRET_REVIEW]},
        config=config,
    )


def export(root: Path, *args: str, account: str = "acme") -> tuple[int, str, str]:
    return run("export", "mutual-plan", account, "--root", str(root), *TODAY, *args)


def _visible(text: str) -> str:
    """The document's words, without the page's own CSS, policy and tags (`h1`)."""
    return re.sub(r"<style>.*?</style>|<[^>]*>", " ", text, flags=re.S)


def test_the_rich_account_is_valid(tmp_path: Path) -> None:
    root = rich(tmp_path)
    errors = [f for f in analyse(CheckOptions(root, dt.date(2026, 11, 23))).findings
              if f.severity == "error"]  # fmt: skip
    assert errors == []


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_nothing_internal_and_nothing_of_another_account(tmp_path: Path, fmt: str) -> None:
    root = rich(tmp_path)
    code, out, err = export(root, "--format", fmt)
    assert (code, err) == (0, "")
    secrets = (
        _sentinels(SECRET_PLAN) | _sentinels(SECRET_PEOPLE) | _sentinels(SECRET_GRID)
        | _sentinels(SECRET_REVIEW) | _sentinels(OTHER) | _sentinels(OTHER_PEOPLE)
        | _sentinels(TEAM)
    )  # fmt: skip
    assert len(secrets) > 40  # the sentinels are really there to be found
    assert [s for s in secrets if s in out] == []
    assert "SENTINEL" not in out.upper() and "731" not in out
    for word in INTERNAL_WORDS:
        assert word not in _visible(out).lower(), word
    # No number but the dates': no score, tier, strength, severity, amount or probability.
    dates = r"\b[0-9]{1,2} [A-Z][a-z]+ 20[0-9]{2}\b"
    assert re.findall(r"[0-9]", re.sub(dates, "", _visible(out).replace("&#45;", ""))) == []
    for text in SHOWN:
        assert text in out, text


def test_markdown_lists_the_shared_actions_by_due_date(tmp_path: Path) -> None:
    code, out, _ = export(rich(tmp_path))
    assert code == 0
    assert out == (
        "# Mutual plan with Acme Mining\n"
        "\n"
        "As of 23 November 2026. Our account owner is Kim Naidoo; "
        "our executive sponsor is Eve Mokoena.\n"
        "\n"
        "The actions we agreed to take together, and the objectives they serve.\n"
        "\n"
        "## Objectives\n"
        "\n"
        "| Objective | Due |\n"
        "| --- | --- |\n"
        "| Agree the two&#45;year programme | 31 March 2027 |\n"
        "| Grow the sales academy | 30 June 2027 |\n"
        "\n"
        "## Shared actions\n"
        "\n"
        "| Due | Action | Objective | Our owner | Your owner | Status |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        "| 1 December 2026 | Hold the kick&#45;off workshop | Grow the sales academy "
        "| Kim Naidoo | Tariro Moyo | Open |\n"
        "| 15 January 2027 | Share the training calendar | — | Kim Naidoo | — | Done |\n"
        "| 10 February 2027 | Pilot the coaching cohort | Agree the two&#45;year programme "
        "| Eve Mokoena | Rudo Chikore, Chief Financial Officer | In progress |\n"
    )


def test_html_is_one_standalone_accessible_page(tmp_path: Path) -> None:
    code, out, _ = export(rich(tmp_path), "--format", "html")
    assert code == 0
    assert out.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    assert "<title>Mutual plan with Acme Mining</title>" in out
    assert "<h1>Mutual plan with Acme Mining</h1>\n<p>As of 23 November 2026. Our account " \
        "owner is Kim Naidoo; our executive sponsor is Eve Mokoena.</p>\n" in out  # fmt: skip
    page = Page.of(out)
    # Offline: nothing to fetch or run, and a policy that forbids it.
    assert page.tags - {"html", "head", "meta", "title", "style", "body", "main", "h1", "h2",
                        "p", "div", "table", "caption", "thead", "tbody", "tr", "th", "td",
                        "em"} == set()  # fmt: skip
    assert not re.search(r"https?:|//|url\(|@import|<script|<link", _visible(out))
    assert "default-src 'none'" in out
    # Tables: a caption, column headers, and each row headed by its objective or action.
    assert page.captions == [
        "The objectives the shared actions serve",
        "The shared actions, by due date",
    ]
    assert page.scopes.count("col") == 2 + 6
    assert page.row_heads == [
        "Agree the two-year programme",
        "Grow the sales academy",
        "Hold the kick-off workshop",
        "Share the training calendar",
        "Pilot the coaching cohort",
    ]
    assert page.cells[-5:] == [
        "10 February 2027",
        "Agree the two-year programme",
        "Eve Mokoena",
        "Rudo Chikore, Chief Financial Officer",
        "In progress",
    ]


class Page(HTMLParser):
    """What a browser (and a screen reader) makes of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []
        self.scopes: list[str] = []
        self.captions: list[str] = []
        self.row_heads: list[str] = []
        self.cells: list[str] = []
        self.texts: list[str] = []
        self._in: list[str] = []

    @classmethod
    def of(cls, text: str) -> Page:
        page = cls()
        page.feed(text)
        page.close()
        return page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs += attrs
        found = dict(attrs)
        if tag == "th" and found.get("scope"):
            self.scopes.append(found["scope"] or "")
        if tag == "th" and found.get("scope") == "row":
            self.row_heads.append("")
        if tag == "td":
            self.cells.append("")
        if tag == "caption":
            self.captions.append("")
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        where = self._in[-1] if self._in else ""
        if where == "th" and self.row_heads and len(self.scopes) and self.scopes[-1] == "row":
            self.row_heads[-1] += data
        elif where == "td":
            self.cells[-1] += data
        elif where == "caption":
            self.captions[-1] += data


BIDI = "\u202e"
HOSTILE = {
    "customer": "Acme <script>alert(1)</script> Mining",
    "title": "Grow](javascript:alert(1)) the `academy` | now",
    "what": 'Run "it" <img src=x onerror=alert(2)> | `tick`\n# not a heading',
    "person": "Rudo <b>Chikore</b> [x](javascript:alert(3))",
    "role": "CFO | `admin` &amp; @octocat",
    "member": "Kim <!-- | --> Naidoo ]]>",
}


def hostile(root: Path, what: str = HOSTILE["what"]) -> Path:
    config = copy.deepcopy(CONFIG)
    config["team"] = [{"id": "kam", "name": HOSTILE["member"], "role": "key_account_manager"}]
    return write(
        root,
        [plan("acme", name=HOSTILE["customer"],
              objectives=[{"id": "g", "title": HOSTILE["title"], "horizon": "short",
                           "due": "2027-01-31"}],
              actions=[{"id": "a", "what": what, "owner": "kam", "due": "2026-12-01",
                        "objective": "g", "customer_owner": "cfo", "shared": True}])],
        people={"acme": [person("cfo", name=HOSTILE["person"], title=HOSTILE["role"])]},
        config=config,
    )  # fmt: skip


def test_hostile_texts_are_inert_in_markdown(tmp_path: Path) -> None:
    code, out, err = export(hostile(tmp_path))
    assert (code, err) == (0, "")
    for bad in ("<script", "<img", "<b>", "<!--", "](", "`", '"', "@octocat", "&amp;"):
        assert bad not in out, bad
    rows = [line for line in out.splitlines() if line.startswith("|")]
    # Each table row has exactly its columns: no pipe from the files opened another one.
    assert [row.count("|") for row in rows] == [3, 3, 3, 7, 7, 7]
    assert "&#124;" in out and "&#96;" in out and "&#60;script&#62;" in out
    assert not [line for line in out.splitlines() if line.startswith("#") and "not a" in line]


def test_hostile_texts_are_inert_in_html(tmp_path: Path) -> None:
    code, out, err = export(hostile(tmp_path), "--format", "html")
    assert (code, err) == (0, "")
    page = Page.of(out)
    assert "script" not in page.tags and "img" not in page.tags and "b" not in page.tags
    assert {name for name, _ in page.attrs} <= {"lang", "charset", "http-equiv", "content",
                                                "name", "class", "scope"}  # fmt: skip
    assert "<!--" not in out and "]]>" not in out
    # A browser shows the texts as they were written (a line break as a space).
    shown = "".join(page.texts)
    for text in HOSTILE.values():
        assert text.replace("\n", " ") in shown, text


def test_a_bidi_override_never_reaches_the_customer(tmp_path: Path) -> None:
    # The files refuse it (exit 1) ...
    root = hostile(tmp_path, what="Pay " + BIDI + "evil")
    code, out, err = export(root)
    assert (code, out) == (1, "") and "bad-character" in err
    # ... and were one to get through, both formats would show U+FFFD instead.
    doc = MutualPlan(
        customer="C" + BIDI, today=dt.date(2026, 11, 23), owner="O" + BIDI, sponsor=None,
        goals=(Goal("G" + BIDI, dt.date(2027, 1, 1)),),
        steps=(Step("S" + BIDI, dt.date(2026, 12, 1), "Open", None, "O" + BIDI,
                    Contact("P" + BIDI, "T" + BIDI)),),
    )  # fmt: skip
    for text in (markdown(doc), html(doc)):
        assert BIDI not in text
        assert text.count("\ufffd") == 7 + text.count("<title>")


WITHHOLDING = [
    # (confidential entry, the value it hides, where the document says so)
    ("objectives.title", "Grow the sales academy", "| *withheld* | 30 June 2027 |"),
    ("objectives.due", "30 June 2027", "The objectives are withheld."),
    ("actions.what", "Hold the kick-off workshop", "| 1 December 2026 | *withheld* |"),
    ("actions.objective", "| Grow the sales academy |", "| 1 December 2026 | Hold the kick"),
    ("actions.customer_owner", "Rudo Chikore", "| Kim Naidoo | *withheld* | Open |"),
    ("actions.status", "In progress", "| Eve Mokoena | Rudo Chikore, Chief Financial Officer "
                                      "| *withheld* |"),
    ("stakeholders.name", "Rudo Chikore", "| *withheld*, Chief Financial Officer |"),
    ("stakeholders.title", "Chief Financial Officer", "| Rudo Chikore | In progress |"),
    ("stakeholders", "Tariro Moyo", "| Kim Naidoo | *withheld* | Open |"),
    ("name", "Acme Mining", "# Mutual plan\n"),
    ("executive_sponsor", "sponsor", "Our account owner is Kim Naidoo.\n"),
]  # fmt: skip


@pytest.mark.parametrize(("entry", "secret", "says"), WITHHOLDING, ids=[w[0] for w in WITHHOLDING])
def test_a_confidential_field_is_withheld(
    tmp_path: Path, entry: str, secret: str, says: str
) -> None:
    root = rich(tmp_path, confidential=[*SECRET_PLAN["confidential"], entry])
    for fmt in ("md", "html"):
        code, out, err = export(root, "--format", fmt)
        assert (code, err) == (0, ""), err
        assert secret.replace("-", "&#45;") not in out and secret not in out, fmt
        # Left out without a word where the sentence reads as well without it.
        quiet = ("name", "executive_sponsor", "stakeholders.title")
        assert ("withheld" in out) == (entry not in quiet)
    assert says.replace("-", "&#45;") in export(root)[1]


def test_confidential_actions_leave_nothing_to_share(tmp_path: Path) -> None:
    root = rich(tmp_path, confidential=["actions.shared"])
    code, out, err = export(root)
    assert (code, out) == (2, "")
    assert err == (
        "kamgen: error: account `acme` lists its actions as confidential in "
        "accounts/acme/plan.yaml, so there is nothing to share with the customer\n"
    )


def test_the_pure_function_marks_what_it_withholds(tmp_path: Path) -> None:
    root = rich(tmp_path, confidential=["objectives.title", "actions.what"])
    portfolio = load_portfolio(FsSource(root))
    assert portfolio.config is not None
    acme = next(a for a in portfolio.accounts if a.id == "acme")
    doc = mutual_plan(acme, portfolio.config, dt.date(2026, 11, 23))
    assert [s.what for s in doc.steps] == [WITHHELD] * 3
    assert [s.due for s in doc.steps] == [dt.date(2026, 12, 1), dt.date(2027, 1, 15),
                                          dt.date(2027, 2, 10)]  # fmt: skip
    assert not isinstance(doc.goals, type(WITHHELD))
    assert [(g.title, g.due) for g in doc.goals] == [
        (WITHHELD, dt.date(2027, 3, 31)),
        (WITHHELD, dt.date(2027, 6, 30)),
    ]


def test_long_dates_do_not_follow_the_locale() -> None:
    assert long_date(dt.date(2027, 2, 1)) == "1 February 2027"


# Refusals: exit 2 for what a person asked, 1 for a plan with errors; nothing written.


def test_an_unknown_account_is_refused_with_a_hint(tmp_path: Path) -> None:
    code, out, err = export(rich(tmp_path), account="acne")
    assert (code, out) == (2, "")
    assert err == "kamgen: error: no account `acne` in accounts/; did you mean `acme`?\n"


@pytest.mark.parametrize("bad", ["../acme", "Acme", "acme\n", "a" * 64])
def test_a_bad_id_is_an_unknown_account(tmp_path: Path, bad: str) -> None:
    code, out, err = export(rich(tmp_path), account=bad)
    assert (code, out) == (2, "")
    assert err.startswith("kamgen: error: no account ")
    assert err.count("\n") == 1


def test_a_churned_account_is_refused(tmp_path: Path) -> None:
    root = rich(tmp_path, status="churned", churned_on="2026-05-12")
    code, out, err = export(root)
    assert (code, out) == (2, "")
    assert err == (
        "kamgen: error: account `acme` was lost on 2026-05-12 (status: churned in "
        "accounts/acme/plan.yaml): a churned account has no plan to share\n"
    )


def test_an_account_that_shares_nothing_is_refused(tmp_path: Path) -> None:
    actions = [{**a, "shared": False} for a in SECRET_PLAN["actions"]]
    code, out, err = export(rich(tmp_path, actions=actions))
    assert (code, out) == (2, "")
    assert err == (
        "kamgen: error: account `acme` shares no action with the customer: mark the actions "
        "to share with `shared: true` in accounts/acme/plan.yaml, then export again\n"
    )


def test_a_plan_with_errors_exits_1_with_its_findings(tmp_path: Path) -> None:
    actions = copy.deepcopy(SECRET_PLAN["actions"])
    actions[0]["customer_owner"] = "nobody"
    root = rich(tmp_path, actions=actions)
    code, out, err = export(root)
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("accounts/acme/plan.yaml:") and "nobody" in lines[0]
    assert lines[1] == (
        "kamgen: error: the plan of `acme` has 1 error (above); fix them before sharing it "
        "with the customer (`kamgen validate` lists them too)"
    )


def test_errors_in_another_account_do_not_block(tmp_path: Path) -> None:
    root = rich(tmp_path)
    (root / "accounts/other/plan.yaml").write_text("id: [broken\n", encoding="utf-8")
    assert export(root)[0] == 0


def test_an_unusable_kamgen_yaml_exits_1(tmp_path: Path) -> None:
    root = rich(tmp_path)
    (root / "kamgen.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    code, out, err = export(root)
    assert (code, out) == (1, "")
    assert err.endswith(
        "kamgen: error: kamgen.yaml is invalid, so there is no team to name in the plan\n"
    )


# --output


def test_output_writes_what_stdout_shows(tmp_path: Path) -> None:
    root = rich(tmp_path / "p")
    target = tmp_path / "out" / "acme.md"
    target.parent.mkdir()
    code, out, err = export(root, "--output", str(target))
    assert (code, err) == (0, "")
    assert out == f"{target}: the mutual plan of acme, with 3 shared actions\n"
    assert target.read_text(encoding="utf-8") == export(root)[1]
    assert [p.name for p in target.parent.iterdir()] == ["acme.md"]  # no temporary left


def test_output_ending_in_html_is_html_unless_told(tmp_path: Path) -> None:
    root = rich(tmp_path / "p")
    page = tmp_path / "acme.html"
    assert export(root, "--output", str(page))[0] == 0
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert export(root, "--output", str(page), "--format", "md")[0] == 0
    assert page.read_text(encoding="utf-8").startswith("# Mutual plan with Acme Mining\n")


def test_output_refuses_a_symbolic_link(tmp_path: Path) -> None:
    root = rich(tmp_path / "p")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    link = tmp_path / "plan.md"
    link.symlink_to(victim)
    code, out, err = export(root, "--output", str(link))
    assert (code, out) == (2, "")
    assert err == (
        f"kamgen: error: refusing to write {link}: it is a symbolic link; name the file itself\n"
    )
    assert victim.read_text(encoding="utf-8") == "keep me" and link.is_symlink()


def test_output_refuses_a_linked_folder_inside_the_portfolio(tmp_path: Path) -> None:
    root = rich(tmp_path / "p")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "exports").symlink_to(elsewhere)
    code, out, err = export(root, "--output", str(root / "exports" / "plan.md"))
    assert (code, out) == (2, "")
    assert "exports is a symbolic link" in err
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("rel", ["accounts/acme/plan.yaml", "kamgen.yaml", ".git/config"])
def test_output_never_overwrites_the_portfolio(tmp_path: Path, rel: str) -> None:
    root = rich(tmp_path / "p")
    (root / ".git").mkdir()
    (root / ".git/config").write_text("[core]\n", encoding="utf-8")
    before = (root / rel).read_bytes()
    code, out, err = export(root, "--output", str(root / rel))
    assert (code, out) == (2, "")
    assert err == (
        f"kamgen: error: refusing to write {root / rel}: it is {rel} of the portfolio, which "
        "the mutual plan would overwrite; name another file\n"
    )
    assert (root / rel).read_bytes() == before


def test_output_into_a_missing_folder_or_onto_a_folder_is_refused(tmp_path: Path) -> None:
    root = rich(tmp_path / "p")
    missing = tmp_path / "nope" / "plan.md"
    code, _, err = export(root, "--output", str(missing))
    assert code == 2
    assert err == (
        f"kamgen: error: --output {missing}: the folder {missing.parent} does not exist\n"
    )
    assert not missing.parent.exists()
    code, _, err = export(root, "--output", str(tmp_path))
    assert code == 2


def test_output_inside_the_portfolio_is_allowed(tmp_path: Path) -> None:
    root = rich(tmp_path / "p")
    assert export(root, "--output", str(root / "acme-plan.md"))[0] == 0
    assert (root / "acme-plan.md").read_text(encoding="utf-8").startswith("# Mutual plan")


# The demo


def test_the_demo_exports_kopje_minings_shared_action(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    root.mkdir()
    shutil.copy(REPO / "kamgen.yaml", root)
    shutil.copytree(REPO / "accounts", root / "accounts")
    for fmt in ("md", "html"):
        code, out, err = run("export", "mutual-plan", "kopje-mining", "--root", str(root),
                             "--today", "2026-11-30", "--format", fmt)  # fmt: skip
        assert (code, err) == (0, "")
        assert "Mutual plan with Kopje Mining Ltd" in out
        assert "As of 30 November 2026. Our account owner is Tendai Nyathi; our executive " \
            "sponsor is Memory Moyo." in out  # fmt: skip
        assert "Rudo Chikore, Chief Financial Officer" in out
        assert "15 December 2026" in out and "Roll out manager coaching" in out
        # None of the plan's other actions, its risks, contracts, pipeline or SWOT.
        for secret in ("academy design", "Executive dinner", "weaker currency", "in-house",
                       "Master services", "Bulawayo", "Digital academy", "Three years",
                       "One manager", "600000", "1390000", "001Hs00002KopJE", "drive.example",
                       "Become the delivery partner", "Three-year enterprise"):  # fmt: skip
            assert secret not in out, secret
