"""Red team for the inputs of issues 16 and 17: plan depth (contracts, opportunities, risks,
measures, SWOT, links, CRM ids, relationships, shared actions), the lifecycle (since, status,
churned_on) and the customer's voice (satisfaction, referenceable, `kamgen review add`).

Each test builds a hostile or extreme portfolio and asserts what kamgen must do with it: no
internal error (exit 3), every finding `file:line:col: severity rule: message` with a precise
message, every output keeping its structure whatever the files hold, and the exact values of
metrics.md. A test marked `xfail(strict=True)` shows a problem that is still open: it turns
into a failure the day the problem is fixed, so that its mark is removed with the fix.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from kamgen.load import yamlsafe

from .builder import CONFIG, person, plan, review, write
from .gitrepo import PEOPLE, make_repo, sh
from .helpers import TODAY, days_ago
from .hostile import HOSTILE
from .test_cli import run

DAY = TODAY.isoformat()
GRID = {"units": ["U"], "offerings": ["O"]}
# A finding as the text reporter prints it; rule ids are slugs and files are the contract's.
FINDING = re.compile(
    r"^(kamgen\.yaml|accounts/[a-z0-9-]+/(plan|stakeholders|whitespace)\.yaml"
    r"|accounts/[a-z0-9-]+/reviews/[A-Za-z0-9._-]+\.yaml):\d+:\d+: (error|warning) "
    r"[a-z0-9-]+: \S.*$"
)
ANNOTATION = re.compile(
    r"^::(error|warning) file=[A-Za-z0-9/._-]+,line=\d+,col=\d+,title=[a-z0-9-]+::\S[^\n]*$"
)
TERMINAL_UNSAFE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
# Strings a YAML file can hold (a lone surrogate cannot be written in one at all).
WRITABLE = [s for s in HOSTILE if s and not re.search("[\ud800-\udfff]", s)]


def ahead(n: int) -> str:
    return (TODAY + dt.timedelta(days=n)).isoformat()


def cli(*args: str) -> tuple[int, str, str]:
    return run(*args)


def check(root: Path, *args: str) -> tuple[int, str, str]:
    return cli("check", "--root", str(root), "--today", DAY, *args)


def report_json(root: Path) -> dict[str, Any]:
    code, out, err = cli("report", "--root", str(root), "--today", DAY, "--format", "json")
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def findings(root: Path) -> list[dict[str, Any]]:
    code, out, err = check(root, "--format", "json")
    assert code in (0, 1), err
    found: list[dict[str, Any]] = json.loads(out)["findings"]
    return found


def rules(root: Path, rule: str) -> list[dict[str, Any]]:
    return [f for f in findings(root) if f["rule"] == rule]


def one(root: Path, **fields: Any) -> Path:
    """A portfolio of one account `a` (tier 2, owner kam) with these plan fields."""
    return write(root, [plan("a", **fields)], grids={"a": GRID})


def contract(id: str, end: str, **fields: Any) -> dict[str, Any]:
    return {"id": id, "title": id.title(), "end": end, **fields}


def opportunity(id: str, amount: float, probability: float, **fields: Any) -> dict[str, Any]:
    return {"id": id, "name": id.title(), "amount": amount, "probability": probability,
            "close_date": ahead(60), **fields}  # fmt: skip


# ---- hostile text in every new field: no output takes structure from it -----------------


def _hostile_account(n: int, s: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    p = plan(
        f"h{n}",
        tier=1,
        executive_sponsor="exec",
        reviewed={"on": days_ago(3), "by": "kam"},
        financials=[{"year": 2025, "revenue": 100}, {"year": 2026, "revenue": 120}],
        crm_id="001Hs00002AbCdE",
        links=[{"label": s, "url": "https://drive.example.com/a"}],
        swot={"strengths": [s], "weaknesses": [s], "opportunities": [s], "threats": [s]},
        contracts=[contract("lapsed", days_ago(2), title=s, unit="U", offering="O", value=10),
                   contract("due", ahead(10), title=s, value=20, renewal="at_risk")],
        opportunities=[opportunity("late", 100, 0.5, name=s, close_date=days_ago(1),
                                   objective="grow")],
        risks=[{"id": "r", "title": s, "severity": 5, "likelihood": 4, "review_by": days_ago(1)}],
        objectives=[{"id": "grow", "title": s, "horizon": "short", "due": ahead(90),
                     "target_revenue": 1000, "owner": "kam",
                     "measures": [{"id": "m", "name": s, "unit": s, "baseline": 0, "target": 10,
                                   "actual": 4, "as_of": days_ago(400), "notes": s}]}],
        actions=[{"id": "act", "what": s, "owner": "kam", "due": ahead(5),
                  "customer_owner": "p0", "shared": True}],
    )  # fmt: skip
    people = [
        person(f"p{i}", name=s if i == 0 else f"P{i}", level="executive", strength=4,
               our_contact="kam", last_contact=days_ago(5), crm_id="003x",
               relationships=[{"with": "exec", "strength": 1, "target": 4}])
        for i in range(3)
    ]  # fmt: skip
    return p, people


@pytest.fixture(scope="module")
def hostile_portfolio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One account per hostile string, each string in every new text field."""
    root = tmp_path_factory.mktemp("hostile") / "p"
    plans, people = [], {}
    for n, s in enumerate(WRITABLE):
        p, people[p["id"]] = _hostile_account(n, s)
        plans.append(p)
    reviews = {
        p["id"]: [{**review(days_ago(3), "business_review"),
                   "satisfaction": {"csat": 4.5, "nps": 40}, "referenceable": True}]
        for p in plans
    }  # fmt: skip
    write(root, plans, people=people, grids={p["id"]: GRID for p in plans}, reviews=reviews)
    for path in root.rglob("*.yaml"):  # characters YAML cannot hold as they are, escaped
        text = json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False)
        text = re.sub("[\x7f-\x9f\u2028\u2029\ufeff]", lambda m: f"\\u{ord(m[0]):04x}", text)
        path.write_text(text + "\n", encoding="utf-8")
    return root


def test_check_keeps_one_finding_per_line_in_every_format(
    hostile_portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    outputs = {}
    for fmt in ("text", "json", "github"):
        code, outputs[fmt], err = check(hostile_portfolio, "--format", fmt)
        assert code == 1, (fmt, err)  # lapsed contracts are errors
        assert "internal error" not in err and "Traceback" not in err
    found = json.loads(outputs["json"])["findings"]
    depth = {"contract-lapsed", "renewal-due", "close-date-passed", "objective-uncovered",
             "measure-stale", "risk-unmitigated", "risk-review-overdue",
             "sponsor-not-connected"}  # fmt: skip
    assert depth <= {f["rule"] for f in found}, "every depth rule fires somewhere"
    lines = outputs["text"].splitlines()
    assert len(lines) == len(found)
    assert [x for x in lines if not FINDING.match(x)] == []
    assert [x for x in lines if {unicodedata.category(c) for c in x} & TERMINAL_UNSAFE] == []
    annotations = outputs["github"].splitlines()
    assert len(annotations) == len(found)
    assert [x for x in annotations if not ANNOTATION.match(x)] == []
    rows = [x for x in summary.read_text(encoding="utf-8").splitlines() if x.startswith("|")]
    assert len(rows) == len(found) + 2  # the head and its rule: no row split or added
    assert all(x.count("|") == 5 for x in rows)
    # Each hostile title reaches the JSON message as it was written.
    titles = {f["message"] for f in found if f["rule"] == "contract-lapsed"}
    for s in WRITABLE:
        if s.isprintable():
            assert f"contract `lapsed` ({s}) ended on" in "\n".join(titles), s


def test_report_outputs_keep_their_shape(hostile_portfolio: Path) -> None:
    def report(*args: str) -> str:
        code, out, err = cli("report", "--root", str(hostile_portfolio), "--today", DAY, *args)
        assert code == 0, err
        return out

    data = json.loads(report("--format", "json"), parse_constant=_refuse)
    ids = [a["id"] for a in data["accounts"]]
    assert len(ids) > 40  # the printable strings' accounts at least
    table = report("--format", "table").splitlines()
    assert [x for x in table if {unicodedata.category(c) for c in x} & TERMINAL_UNSAFE] == []
    for account in ids[:: max(1, len(ids) // 8)]:
        detail = report("--account", account)
        unsafe = [x for x in detail.splitlines()
                  if {unicodedata.category(c) for c in x} & TERMINAL_UNSAFE]  # fmt: skip
        assert unsafe == [], account
    rows = list(csv.reader(io.StringIO(report("--format", "csv"))))
    assert {len(r) for r in rows} == {len(rows[0])}
    for row in rows[1:]:
        for cell in row:
            number = re.fullmatch(r"-?\d+(\.\d+)?(e-?\d+)?", cell)
            assert number or cell[:1] not in set("=+-@\t\r"), (cell, row[:2])
    markdown = report("--format", "markdown")
    head = [x for x in markdown.splitlines() if x.startswith("| ")]
    assert {x.count("|") for x in head} == {head[0].count("|")}
    assert not re.search(r"<[a-zA-Z!/]|\]\(|javascript:", markdown)


def _refuse(word: str) -> Any:
    raise ValueError(f"not JSON: {word}")


def test_a_title_cannot_start_an_annotation_of_its_own(tmp_path: Path) -> None:
    title = "x\n::error file=kamgen.yaml,line=1::injected %0A::warning::two"
    one(tmp_path, contracts=[contract("c", days_ago(1), title=title)])
    code, out, _ = check(tmp_path, "--format", "github")
    assert code == 1
    lapsed = [x for x in out.splitlines() if "contract-lapsed" in x]
    assert len(lapsed) == 1 and all(x.startswith("::") for x in out.splitlines())
    assert "%0A::error file=kamgen.yaml" in lapsed[0] and "%250A" in lapsed[0]
    code, out, _ = check(tmp_path)
    (text,) = [x for x in out.splitlines() if "contract-lapsed" in x]
    assert "(x\\x0a::error file" in text  # the newline shown, not obeyed


# ---- links: https only, and nothing that could leave an attribute or a Markdown link ----


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "http://drive.example.com/a",
        'https://x" onmouseover=alert(1)',
        "https://a.b/<script>",
        "https://a b/",
        "https://a.b/x y",
        "https://a.b/\nx",
        "https://a.b/\n",
        " https://a.b/",
        "https://exämple.com/",
        "https://a.b@evil.example/",
        "https://a.b/x)![x](https://evil.example",
        "https://a.b/x`y",
        "https://a.b/{{ config }}",
        "https://a.b/|a|b|",
        "HTTPS://A.B/",
        "https://",
        "//a.b/",
        "https:\\\\a.b",
    ],
)
def test_a_link_that_is_not_plain_https_is_refused_at_its_line(tmp_path: Path, url: str) -> None:
    one(tmp_path, links=[{"label": "Drive", "url": url}])
    (bad,) = [f for f in findings(tmp_path) if f["file"] == "accounts/a/plan.yaml"
              and f["severity"] == "error" and f["rule"] != "stale-plan"]  # fmt: skip
    assert bad["rule"] in ("invalid-value", "bad-character"), bad
    assert "links[0].url" in bad["message"] or bad["rule"] == "bad-character"
    lines = (tmp_path / "accounts/a/plan.yaml").read_text(encoding="utf-8").splitlines()
    assert '"url"' in lines[bad["line"] - 1]


@pytest.mark.parametrize("url", ["https://a.b/x y", "https://a.b@evil.example/"])
def test_an_https_link_with_a_bad_character_is_not_blamed_on_its_scheme(
    tmp_path: Path, url: str
) -> None:
    one(tmp_path, links=[{"label": "Drive", "url": url}])
    (bad,) = rules(tmp_path, "invalid-value")
    assert "scheme" not in bad["message"]


@pytest.mark.parametrize("url", ["https://./", "https://-/", "https://a.b:99999/"])
def test_a_link_needs_a_real_host_and_port(tmp_path: Path, url: str) -> None:
    one(tmp_path, links=[{"label": "Drive", "url": url}])
    assert rules(tmp_path, "invalid-value")


# ---- extreme numbers: refused at their line with a precise message ----------------------


@pytest.mark.parametrize(
    ("fields", "path", "says"),
    [
        ({"opportunities": [opportunity("o", 5, 1.0000001)]}, "opportunities[0].probability",
         "less than or equal to 1, not 1.0000001"),
        ({"opportunities": [opportunity("o", -5, 0.5)]}, "opportunities[0].amount",
         "greater than or equal to 0, not -5"),
        ({"opportunities": [opportunity("o", 5, True)]}, "opportunities[0].probability",
         "a valid number"),
        ({"contracts": [contract("c", ahead(9), value=-1)]}, "contracts[0].value",
         "greater than or equal to 0"),
        ({"contracts": [contract("c", ahead(9), notice_days=10**11)]},
         "contracts[0].notice_days", "less than or equal to 3650"),
        ({"contracts": [contract("c", ahead(9), notice_days=1.5)]}, "contracts[0].notice_days",
         "a valid integer"),
        ({"risks": [{"id": "r", "title": "R", "severity": 0, "likelihood": 3}]},
         "risks[0].severity", "greater than or equal to 1, not 0"),
        ({"risks": [{"id": "r", "title": "R", "severity": 3, "likelihood": 6}]},
         "risks[0].likelihood", "less than or equal to 5, not 6"),
        ({"contracts": [contract("c", ahead(9), renewal="maybe")]}, "contracts[0].renewal",
         "'open', 'at_risk', 'renewed' or 'lost'"),
    ],
)  # fmt: skip
def test_an_out_of_range_number_is_an_error_at_its_line(
    tmp_path: Path, fields: dict[str, Any], path: str, says: str
) -> None:
    one(tmp_path, **fields)
    (bad,) = rules(tmp_path, "invalid-value")
    assert f"`{path}`" in bad["message"] and says in bad["message"], bad["message"]
    field = path.rsplit(".", 1)[-1]
    line = (tmp_path / "accounts/a/plan.yaml").read_text().splitlines()[bad["line"] - 1]
    assert f'"{field}"' in line


@pytest.mark.parametrize(
    ("satisfaction", "says"),
    [({"csat": 5.0000001}, "less than or equal to 5"), ({"nps": 100.5}, "a valid integer"),
     ({"nps": -101}, "greater than or equal to -100"), ({"csat": True}, "a valid number")],
)  # fmt: skip
def test_a_satisfaction_out_of_range_is_an_error_in_its_review(
    tmp_path: Path, satisfaction: dict[str, Any], says: str
) -> None:
    said = {**review(days_ago(3), "business_review"), "satisfaction": satisfaction}
    write(tmp_path, [plan("a")], grids={"a": GRID}, reviews={"a": [said]})
    (bad,) = rules(tmp_path, "invalid-value")
    assert bad["file"] == f"accounts/a/reviews/{days_ago(3)}-business-review.yaml"
    assert says in bad["message"], bad["message"]


# ---- dates at the ends of the calendar ----------------------------------------------------


def test_a_contract_ending_on_the_first_day_of_the_calendar_is_not_an_internal_error(
    tmp_path: Path,
) -> None:
    # Dates run from 1900 to 2199 in every file, so no date arithmetic leaves the calendar.
    one(tmp_path, contracts=[contract("c", "0001-01-01", notice_days=1)])
    code, out, err = check(tmp_path)
    assert "internal error" not in err
    assert code == 1
    assert "`contracts[0].end`: expected a date written YYYY-MM-DD, from 1900 to 2199" in out


@pytest.mark.parametrize(
    "field",
    [
        {"since": "0001-01-01"},
        {"since": "9999-12-31"},
        {"contracts": [contract("c", "9999-12-31", start="0001-01-01", notice_days=3650)]},
        {"opportunities": [opportunity("o", 5, 0.5, close_date="0001-01-01")]},
        {"opportunities": [opportunity("o", 5, 0.5, close_date="9999-12-31")]},
        {"risks": [{"id": "r", "title": "R", "severity": 5, "likelihood": 5,
                    "raised_on": "0001-01-01", "review_by": "9999-12-31"}]},
        {"objectives": [{"id": "g", "title": "G", "horizon": "short", "due": "9999-12-31",
                         "target_revenue": 5, "measures": [
                             {"id": "m", "name": "M", "baseline": 0, "target": 1,
                              "actual": 1, "as_of": "0001-01-01"}]}]},
        {"status": "churned", "churned_on": "0001-01-01"},
        {"status": "churned", "churned_on": "9999-12-31"},
    ],
)  # fmt: skip
def test_dates_at_the_ends_of_the_calendar_never_crash(
    tmp_path: Path, field: dict[str, Any]
) -> None:
    one(tmp_path, **field)
    for args in (("check",), ("report",), ("report", "--format", "json"),
                 ("report", "--format", "markdown"), ("report", "--format", "csv")):  # fmt: skip
        code, _, err = cli(*args, "--root", str(tmp_path), "--today", DAY)
        assert code in (0, 1) and "internal error" not in err, (args, err)


@pytest.mark.parametrize("today", ["0001-01-01", "9999-12-31"])
def test_today_at_the_ends_of_the_calendar_is_a_usage_error_or_a_run(
    tmp_path: Path, today: str
) -> None:
    one(tmp_path, contracts=[contract("c", "2027-01-01")])
    code, _, err = cli("check", "--root", str(tmp_path), "--today", today)
    assert code in (0, 1, 2) and "internal error" not in err, err


@pytest.mark.parametrize("today", ["20261123", "2026-W48-1"])
def test_today_is_only_written_yyyy_mm_dd(tmp_path: Path, today: str) -> None:
    one(tmp_path)
    code, _, err = cli("report", "--root", str(tmp_path), "--today", today)
    assert code == 2, err


# ---- references: duplicates and dangling ones ------------------------------------------


def test_dangling_and_duplicate_references_of_plan_depth(tmp_path: Path) -> None:
    one(
        tmp_path,
        objectives=[{"id": "g", "title": "G", "horizon": "short", "due": ahead(30),
                     "owner": "nobody"}],
        opportunities=[opportunity("o", 5, 0.5, objective="gg", unit="X"),
                       opportunity("o", 5, 0.5)],
        contracts=[contract("c", ahead(400), offering="Nothing"), contract("c", ahead(400))],
        risks=[{"id": "r", "title": "R", "severity": 2, "likelihood": 1, "owner": "nobody",
                "mitigations": ["zz"]}],
        actions=[{"id": "act", "what": "W", "owner": "kam", "due": ahead(5),
                  "customer_owner": "zz"}],
    )  # fmt: skip
    got = sorted((f["rule"], f["message"]) for f in findings(tmp_path) if f["severity"] == "error"
                 and f["rule"] != "stale-plan")  # fmt: skip
    assert got == sorted([
        ("duplicate-id", "contract id `c` is used twice"),
        ("duplicate-id", "opportunity id `o` is used twice"),
        ("unknown-reference", "customer_owner `zz` is not a stakeholder of this account"),
        ("unknown-reference", "mitigation `zz` is not in this plan's actions"),
        ("unknown-reference", "objective `gg` is not in this plan's objectives; did you mean `g`?"),
        ("unknown-reference", "objective owner `nobody` is not in `team:` of kamgen.yaml"),
        ("unknown-reference", "risk owner `nobody` is not in `team:` of kamgen.yaml"),
        ("whitespace-outside-grid", "offering `Nothing` is not in `offerings:` of whitespace.yaml"),
        ("whitespace-outside-grid", "unit `X` is not in `units:` of whitespace.yaml"),
    ])  # fmt: skip


def _ties(root: Path, primary: str, relationships: list[dict[str, Any]]) -> Path:
    people = [person("cfo", level="executive", our_contact=primary, strength=5,
                     last_contact=days_ago(5), relationships=relationships),
              person("coo", level="executive", our_contact="exec", strength=5,
                     last_contact=days_ago(5))]  # fmt: skip
    return write(root, [plan("a")], people={"a": people}, grids={"a": GRID})


def test_a_relationship_repeating_our_contact_is_flagged_not_counted_twice(
    tmp_path: Path,
) -> None:
    _ties(tmp_path, "kam", [{"with": "kam", "strength": 5, "last_contact": days_ago(5)}])
    (dup,) = rules(tmp_path, "duplicate-id")
    assert dup["file"] == "accounts/a/stakeholders.yaml"
    assert "kam" in dup["message"] and "cfo" in dup["message"]


def test_two_relationships_with_one_member_are_a_duplicate(tmp_path: Path) -> None:
    tie = {"with": "exec", "strength": 4, "last_contact": days_ago(5)}
    _ties(tmp_path, "kam", [tie, tie])
    (dup,) = rules(tmp_path, "duplicate-id")
    assert dup["message"] == "`exec` has two relationships with `cfo`"


def test_a_tie_contacted_after_today_is_not_strong_or_is_an_error(tmp_path: Path) -> None:
    _ties(tmp_path, "kam", [{"with": "exec", "strength": 5, "last_contact": "9999-12-31"}])
    (a,) = report_json(tmp_path)["accounts"]
    people_file = "accounts/a/stakeholders.yaml"
    flagged = [f for f in findings(tmp_path)
               if f["severity"] == "error" and f["file"] == people_file]  # fmt: skip
    # Strong ties: kam-cfo and exec-coo (0.5); with the future one, exec holds 2 of 3.
    assert flagged or a["key_person_dependency"] == 0.5


def test_one_crm_id_on_two_opportunities_is_a_duplicate(tmp_path: Path) -> None:
    one(tmp_path, opportunities=[opportunity("o1", 5, 0.5, crm_id="006A"),
                                 opportunity("o2", 5, 0.5, crm_id="006A")])  # fmt: skip
    (dup,) = rules(tmp_path, "duplicate-id")
    assert "006A" in dup["message"]


# ---- churned accounts: no reminders, exact KPIs -----------------------------------------


def _everything_due(id: str, **fields: Any) -> dict[str, Any]:
    """An account that trips every reminder of plan depth and of the policy rules."""
    return plan(
        id, tier=1, executive_sponsor="exec",
        financials=[{"year": 2025, "revenue": 100}, {"year": 2026, "revenue": 50}],
        contracts=[contract("lapsed", days_ago(300), renewal="at_risk", value=10),
                   contract("due", ahead(10), notice_days=30, value=20)],
        opportunities=[opportunity("late", 100, 0.5, close_date=days_ago(9), objective="g")],
        risks=[{"id": "r", "title": "R", "severity": 5, "likelihood": 5,
                "review_by": days_ago(9)}],
        objectives=[{"id": "g", "title": "G", "horizon": "short", "due": ahead(30),
                     "target_revenue": 1000, "measures": [
                         {"id": "m", "name": "M", "baseline": 0, "target": 10, "actual": 1,
                          "as_of": days_ago(900)}]}],
        actions=[{"id": "late-action", "what": "W", "owner": "kam", "due": days_ago(9)}],
        **fields,
    )  # fmt: skip


KNOWN = [person(f"p{i}", our_contact="kam", strength=5, last_contact=days_ago(5))
         for i in range(3)]  # fmt: skip


def test_a_churned_account_with_every_reminder_due_gets_none(tmp_path: Path) -> None:
    plans = [_everything_due("gone", status="churned", churned_on=days_ago(30),
                             since="2020-01-01"),
             _everything_due("live", reviewed={"on": days_ago(1), "by": "kam"})]  # fmt: skip
    write(tmp_path, plans, people={p["id"]: KNOWN for p in plans},
          grids={p["id"]: GRID for p in plans})  # fmt: skip
    found = findings(tmp_path)
    assert [f for f in found if f["account"] == "gone"] == []
    live = {f["rule"] for f in found if f["account"] == "live"}
    assert {"contract-lapsed", "renewal-due", "close-date-passed", "objective-uncovered",
            "measure-stale", "risk-unmitigated", "risk-review-overdue",
            "key-person-dependency", "sponsor-not-connected", "overdue-action"} <= live  # fmt: skip
    data = report_json(tmp_path)
    assert [a["id"] for a in data["accounts"]] == ["live"]
    assert [c["id"] for c in data["churned"]] == ["gone"]
    p = data["portfolio"]
    # Only the active account counts in plan depth: `due` (value 20) ends in the window.
    assert (p["renewals_180d"], p["renewal_value_180d"]) == (1, 20)
    assert p["weighted_pipeline"] == 50
    # Both were key accounts a year ago; one was lost in the period.
    assert (p["logo_retention"], p["churn_rate"]) == (0.5, 0.5)
    # 50 + 50 in 2026 against 100 + 100 in 2025: the lost account's revenue counts.
    assert p["nrr"] == 0.5 and p["revenue_growth"] == -0.5
    code, out, _ = cli("report", "--root", str(tmp_path), "--today", DAY)
    assert code == 0
    assert "churned (counted only in churn, logo retention, net revenue retention and revenue " \
        f"growth): gone on {days_ago(30)}" in out.splitlines()  # fmt: skip


def test_an_all_churned_portfolio_reports_exact_kpis(tmp_path: Path) -> None:
    plans = [_everything_due("gone", status="churned", churned_on=days_ago(30)),
             _everything_due("older", status="churned", churned_on=days_ago(400))]  # fmt: skip
    write(tmp_path, plans, people={p["id"]: KNOWN for p in plans},
          grids={p["id"]: GRID for p in plans})  # fmt: skip
    code, _, err = check(tmp_path)
    assert code == 0, err
    p = report_json(tmp_path)["portfolio"]
    assert p["accounts"] == 0 and p["churned"] == 2
    assert p["lifecycle"]["base_12m"] == ["gone"]  # `older` churned before the period
    assert (p["logo_retention"], p["churn_rate"]) == (0.0, 1.0)
    assert p["nrr"] == 0.5 and p["revenue_growth"] == -0.5  # 100 / 200 over both
    for key in ("csat", "nps", "referenceable_share", "expansion_rate_12m", "coverage",
                "health", "top_account_share", "clv_estimate"):  # fmt: skip
        assert p[key] is None, key
    assert (p["renewals_180d"], p["renewal_value_180d"], p["weighted_pipeline"]) == (0, 0, 0)
    for fmt in ("table", "markdown", "csv"):
        code, _, err = cli("report", "--root", str(tmp_path), "--today", DAY, "--format", fmt)
        assert code == 0 and "internal error" not in err, fmt


def test_the_headline_never_reads_none_for_the_year(tmp_path: Path) -> None:
    one(tmp_path)
    code, out, _ = cli("report", "--root", str(tmp_path), "--today", DAY)
    assert code == 0
    assert not out.startswith("None")


def test_the_lifetime_value_why_reads_like_english(tmp_path: Path) -> None:
    one(tmp_path, financials=[{"year": 2026, "revenue": 10}])
    why = report_json(tmp_path)["portfolio"]["why"]["clv_estimate"]
    assert "account' " not in why


def test_the_account_detail_keeps_its_columns(tmp_path: Path) -> None:
    one(tmp_path, financials=[{"year": 2026, "revenue": 10}])
    code, out, _ = cli("report", "--root", str(tmp_path), "--today", DAY, "--account", "a")
    assert code == 0
    starts = {re.match(r"  \S.*?  +(?=\S)", x).end()  # type: ignore[union-attr]
              for x in out.splitlines() if re.match(r"  [a-z]", x) and "  " in x[2:]}  # fmt: skip
    assert len(starts) == 1, starts


# ---- size: 50 ties, 500 opportunities -------------------------------------------------


def _crowd(root: Path, ties: int, opportunities: int) -> Path:
    team = [
        {"id": "kam", "name": "Kim", "role": "key_account_manager"},
        {"id": "exec", "name": "Eve", "role": "executive"},
    ]
    team += [{"id": f"m{i}", "name": f"M {i}", "role": "key_account_manager"} for i in range(60)]
    stages = ("open", "won", "lost")
    opps = [
        opportunity(f"o{i}", 1000 + i, (i % 10) / 10, stage=stages[i % 3], objective="g")
        for i in range(opportunities)
    ]
    people = [
        person(f"p{i}", level="executive", our_contact="kam", strength=5, last_contact=days_ago(5))
        for i in range(5)
    ]
    # Exactly at the limits: strength 3 and a contact 120 days ago are strong.
    people[0]["relationships"] = [
        {"with": f"m{i}", "strength": 3, "last_contact": days_ago(120)} for i in range(ties)
    ]
    goal = {
        "id": "g",
        "title": "G",
        "horizon": "short",
        "due": ahead(300),
        "target_revenue": 1_000_000,
    }
    p = plan("a", currency="EUR", opportunities=opps, objectives=[goal])
    return write(root, [p], people={"a": people}, grids={"a": GRID},
                 config={**CONFIG, "team": team})  # fmt: skip


def test_fifty_ties_and_five_hundred_opportunities_are_exact(tmp_path: Path) -> None:
    _crowd(tmp_path, 50, 500)
    assert [f for f in findings(tmp_path) if f["severity"] == "error"
            and f["rule"] != "stale-plan"] == []  # fmt: skip
    (a,) = report_json(tmp_path)["accounts"]
    amounts = [(1000 + i, (i % 10) / 10, ("open", "won", "lost")[i % 3]) for i in range(500)]
    weighted = sum(x * p for x, p, s in amounts if s == "open")
    won = sum(x for x, _, s in amounts if s == "won")
    # Converted at EUR 1.1 for the pipeline; the objective's coverage stays in EUR.
    assert a["weighted_pipeline"] == pytest.approx(round(weighted * 1.1, 2), abs=0.005)
    assert a["objectives"] == [
        {"id": "g", "coverage": round((won + weighted) / 1_000_000, 3), "attainment": None}
    ]
    assert a["key_person_dependency"] == round(5 / 55, 3)  # kam 5 of 55 strong ties


def test_too_many_opportunities_says_which_list(tmp_path: Path) -> None:
    _crowd(tmp_path, 51, 501)
    got = {f["file"].rsplit("/", 1)[-1]: f["message"] for f in rules(tmp_path, "too-many")}
    assert "501 opportunities" in got["plan.yaml"], got
    assert "51 relationships" in got["stakeholders.yaml"], got


# ---- precise messages -------------------------------------------------------------------


def test_objective_uncovered_never_reads_fully_covered(tmp_path: Path) -> None:
    goal = {"id": "g", "title": "G", "horizon": "short", "due": ahead(30),
            "target_revenue": 1000}  # fmt: skip
    one(tmp_path, objectives=[goal],
        opportunities=[opportunity("o", 996, 0.5, stage="won", objective="g")])  # fmt: skip
    (a,) = report_json(tmp_path)["accounts"]
    assert a["objectives"][0]["coverage"] == 0.996
    (uncovered,) = rules(tmp_path, "objective-uncovered")
    assert "100%" not in uncovered["message"]


def test_depth_findings_point_at_the_line_to_edit(tmp_path: Path) -> None:
    one(tmp_path)
    (tmp_path / "accounts/a/plan.yaml").write_text(
        "schema_version: 1\nid: a\nname: A\ntier: 2\nowner: kam\n"
        "scores: {potential: 3, fit: 3}\n"
        "contracts:\n"
        "  - id: lapsed\n    title: Lapsed\n    end: " + days_ago(1) + "\n"  # 8-10
        "  - id: due\n    title: Due\n    end: " + ahead(30) + "\n"  # 11-13
        "opportunities:\n"
        "  - id: late\n    name: Late\n    amount: 5\n    probability: 0.5\n"
        "    close_date: " + days_ago(1) + "\n"  # 15-19
        "risks:\n"
        "  - {id: r, title: R, severity: 5, likelihood: 2, review_by: " + days_ago(1) + "}\n",
        encoding="utf-8",
    )  # fmt: skip
    got = {(f["rule"], f["line"]) for f in findings(tmp_path)
           if f["file"] == "accounts/a/plan.yaml"}  # fmt: skip
    assert {("contract-lapsed", 8), ("renewal-due", 13), ("close-date-passed", 19),
            ("risk-unmitigated", 21), ("risk-review-overdue", 21)} <= got  # fmt: skip
    code, out, _ = check(tmp_path)
    assert code == 1
    assert f"accounts/a/plan.yaml:13:10: warning renewal-due: contract `due` (Due) ends " \
        f"{ahead(30)}; notice is due in 30 days, on {ahead(30)}: agree the renewal with the " \
        "customer and record it with `kamgen contract renew a due --end YYYY-MM-DD`" \
        in out.splitlines()  # fmt: skip


# ---- kamgen review add: the customer's voice from the command line ----------------------


def _review_add(root: Path, *args: str) -> tuple[int, str, str]:
    return cli("review", "add", "a", "--kind", "business_review", "--date", days_ago(1),
               "--no-input", "--root", str(root), "--today", DAY, *args)  # fmt: skip


@pytest.mark.parametrize(
    "args",
    [("--csat", "5.00000000000000000001"), ("--csat", "1e0"), ("--csat", "nan"),
     ("--csat", "-1"), ("--csat", ""), ("--nps", "101"), ("--nps", "1.0"), ("--nps", "٤٠"),
     ("--nps", "\uff11\uff10"), ("--nps", "40\x1b[31m")],
)  # fmt: skip
def test_review_add_refuses_a_bad_voice_with_exit_2(tmp_path: Path, args: tuple[str, str]) -> None:
    one(tmp_path)
    code, out, err = _review_add(tmp_path, *args)
    assert code == 2, (out, err)
    assert f"{args[0]} must be" in err
    assert "\x1b" not in err
    assert not (tmp_path / "accounts/a/reviews").exists()


@pytest.mark.parametrize(
    ("args", "line"),
    [(("--csat", "5"), "satisfaction: {csat: 5}"),
     (("--csat", "000004.50"), "satisfaction: {csat: 4.5}"),
     (("--csat", "0.000000001"), "satisfaction: {csat: 0.000000001}"),
     (("--nps", "-0"), "satisfaction: {nps: 0}"),
     (("--nps", "+100", "--not-referenceable"), "satisfaction: {nps: 100}")],
)  # fmt: skip
def test_review_add_writes_the_voice_as_typed_and_valid(
    tmp_path: Path, args: tuple[str, ...], line: str
) -> None:
    one(tmp_path)
    code, _, err = _review_add(tmp_path, *args)
    assert code == 0, err
    written = (tmp_path / f"accounts/a/reviews/{days_ago(1)}-business-review.yaml").read_text()
    assert line in written.splitlines()
    assert [f for f in findings(tmp_path) if f["file"].startswith("accounts/a/reviews/")] == []


def test_review_add_refuses_a_csat_too_small_to_write_as_a_usage_error(tmp_path: Path) -> None:
    one(tmp_path)
    code, _, err = _review_add(tmp_path, "--csat", "0.0000000001")
    assert code == 2 and "--csat" in err, err


# ---- kamgen diff: the new fields and churned accounts in words --------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def _rewrite(root: Path, people: list[dict[str, Any]] | None = None, **fields: Any) -> None:
    write(root, [plan("a", reviewed={"on": days_ago(5), "by": "kam"}, **fields),
                 plan("b", reviewed={"on": days_ago(200), "by": "kam"})],
          people={"a": people or PEOPLE, "b": PEOPLE}, grids={"a": GRID})  # fmt: skip


def _diff(root: Path, *args: str) -> str:
    code, out, err = cli("diff", "main", "--root", str(root), "--today", DAY, *args)
    assert code == 0, err
    return out


HOSTILE_TEXT = "Ann `x` | y\nz <script>alert(1)</script> [a](javascript:x) @here %0A::error::x"


def test_a_churn_in_a_diff_is_one_line_and_hostile_text_stays_text(repo: Path) -> None:
    _rewrite(repo, status="churned", churned_on=days_ago(2),
             contracts=[contract("c", days_ago(1), title=HOSTILE_TEXT)],
             swot={"strengths": [HOSTILE_TEXT]},
             risks=[{"id": "r", "title": HOSTILE_TEXT, "severity": 5,
                     "likelihood": 5}])  # fmt: skip
    out = _diff(repo)
    assert ("**`a`**: churned: out of the ranked portfolio, its health and every reminder; it "
            "counts in churn, retention and net revenue retention") in out  # fmt: skip
    assert "| metric |" not in out.split("**`a`**")[1]
    assert "- portfolio churn rate: 0% → 50%" in out
    for live in ("<script", "](", "`x`", "| y", "\n::error", "@here"):
        assert live not in out, live
    # The lapsed contract of a lost account is no reminder.
    assert "contract-lapsed" not in out


def test_a_churn_dated_after_today_is_shown_as_a_new_error(repo: Path) -> None:
    _rewrite(repo, status="churned", churned_on=ahead(2))
    out = _diff(repo)
    assert (
        "- new error `churned-on-invalid`: churned on 2026&#45;11&#45;25, after today "
        "&#40;2026&#45;11&#45;23&#41;&#58; record a churn once it has happened"
    ) in out


def test_an_opportunity_added_reads_as_one(repo: Path) -> None:
    _rewrite(repo, opportunities=[opportunity("o", 5, 0.5)])
    words = _words(repo)
    assert "opportunity o added" in words, words


def test_a_link_and_a_relationship_added_read_as_words(repo: Path) -> None:
    people = copy.deepcopy(PEOPLE)
    people[0]["relationships"] = [{"with": "exec", "strength": 4, "last_contact": days_ago(3)}]
    _rewrite(repo, people, links=[{"label": "Drive", "url": "https://a.b/"}])
    words = " ".join(_words(repo))
    assert "Link(" not in words and "Tie(" not in words and "datetime" not in words, words


def _words(repo: Path) -> list[str]:
    data = json.loads(_diff(repo, "--format", "json"))
    (a,) = [x for x in data["accounts"] if x["id"] == "a"]
    found: list[str] = a["words"]
    return found


def test_the_diff_of_a_relationship_strength_is_paired_once(repo: Path) -> None:
    people = copy.deepcopy(PEOPLE)
    people[0]["relationships"] = [{"with": "exec", "strength": 2, "last_contact": days_ago(3)}]
    _rewrite(repo, people)
    sh(repo, "commit", "-qam", "a tie")
    sh(repo, "branch", "-f", "main")
    people[0]["relationships"][0]["strength"] = 4
    _rewrite(repo, people)
    words = _words(repo)
    assert len(words) == 1, words  # one change, not one removed and one added


# ---- the customer's voice: which review wins ---------------------------------------------


def test_a_slugged_review_file_sorts_before_the_plain_one_of_its_day(tmp_path: Path) -> None:
    # `2026-11-13-business-review-b.yaml` < `2026-11-13-business-review.yaml` ('-' < '.'):
    # the plain name sorts last and wins, whatever the slug suggests.
    write(tmp_path, [plan("a")], grids={"a": GRID})
    folder = tmp_path / "accounts/a/reviews"
    folder.mkdir()
    date = days_ago(10)
    for name, csat, nps in (("", 3, 10), ("-b", 5, 90), ("-zz", 4, 50)):
        said = {**review(date, "business_review"), "satisfaction": {"csat": csat, "nps": nps},
                "referenceable": csat == 3}  # fmt: skip
        (folder / f"{date}-business-review{name}.yaml").write_text(json.dumps(said))
    # A review dated after today is an error and says nothing.
    later = {**review(ahead(1), "business_review"), "satisfaction": {"csat": 1, "nps": -90},
             "referenceable": False}  # fmt: skip
    (folder / f"{ahead(1)}-business-review.yaml").write_text(json.dumps(later))
    errors = {f["rule"] for f in findings(tmp_path) if f["severity"] == "error"}
    assert errors == {"stale-plan", "review-in-future"}
    data = report_json(tmp_path)
    (a,) = data["accounts"]
    assert (a["csat"], a["nps"], a["referenceable"]) == (3, 10, True)
    assert a["voice"]["csat"]["file"].endswith(f"{date}-business-review.yaml")
    p = data["portfolio"]
    assert (p["csat"], p["nps"], p["referenceable_share"]) == (3, 10, 1.0)


# ---- size of the work: a plan of dangling references must not hang CI -------------------


def test_a_hundred_thousand_findings_in_one_file_are_all_located() -> None:
    # 200 risks x 500 unknown mitigations: a 720 KB plan.yaml within every limit. Settling a
    # container used to rescan every wanted path (quadratic: minutes); now each is found
    # once, so this runs in under a second, and every path gets its own line.
    risks = [{"id": f"r{j}", "mitigations": [f"m{i}" for i in range(500)]} for j in range(200)]
    text = json.dumps({"risks": risks}, indent=1)
    wanted = [("risks", j, "mitigations", i) for j in range(200) for i in range(500)]
    positions = yamlsafe.find_positions(text, wanted)
    lines = text.splitlines()
    for path in (wanted[0], wanted[77_777], wanted[-1]):
        line, _ = positions.locate(path)
        assert lines[line - 1].strip().strip(",") == f'"m{path[-1]}"', path
