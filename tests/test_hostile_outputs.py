"""Property test: whatever text a pull request writes into a portfolio, every output shows it as
text. No element, attribute or link of the site, and no Markdown structure, link, CSV formula or
terminal control of the reports, comes from user text.

A site build takes seconds, so each example draws many strings into one portfolio and there are
few examples; the hostile corpus is drawn from as often as arbitrary text.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import markdown as python_markdown
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from kamgen.report.render import csv_columns

from .builder import CONFIG, person, plan, review, write
from .helpers import days_ago
from .hostile import HOSTILE
from .site_check import Structure, injected, site_problems, structure
from .test_cli import run

TODAY = "2026-11-23"
ACCOUNTS = 3
PER_ACCOUNT = 16  # strings each account takes, in the order `_account` uses them
TERMINAL_UNSAFE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}

# Anything a YAML file can hold (a lone surrogate cannot be written in one at all).
text = st.one_of(
    st.sampled_from([s for s in HOSTILE if not re.search("[\ud800-\udfff]", s)]),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
)
# Control and bidi characters are findings (the account is left out, and only the finding's
# words reach an output), and kamgen.yaml must stay valid for a site to be built at all: so
# kamgen.yaml and most accounts take printable strings, which reach every output as they are.
printable = st.one_of(
    st.sampled_from([s for s in HOSTILE if s and s.isprintable()]),
    st.text(
        st.characters(
            exclude_categories=["Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"],
            include_characters=" ",
        ),
        min_size=1,
        max_size=40,
    ),
)
slug = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)


def _account(account_id: str, s: list[str], owner: str) -> tuple[dict[str, Any], ...]:
    p = plan(
        account_id,
        name=s[0],
        industry=s[1],
        region=s[2],
        owner=owner,
        reviewed={"on": days_ago(5), "by": owner},
        situation={"summary": s[3], "priorities": [s[4]]},
        competitors=[{"name": s[5], "position": s[6], "notes": s[7]}],
        objectives=[{"id": "o1", "title": s[8], "horizon": "short", "due": days_ago(3)}],
        actions=[{"id": "a1", "what": s[9], "owner": owner, "due": days_ago(2)}],
        financials=[{"year": 2026, "revenue": 1000}],
    )
    people = [
        person("p0", name=s[10], title=s[11], strength=4, last_contact=days_ago(3),
               sentiment="champion"),
        person("p1", name=s[12], title=s[13], notes=s[7], strength=3, reports_to="p0",
               last_contact=days_ago(3)),
    ]  # fmt: skip
    grid = {
        "units": [s[14], s[14] + " 2"],
        "offerings": [s[15]],
        "cells": [
            {"unit": s[14], "offering": s[15], "status": "open", "value": 100, "notes": s[3]},
            {"unit": s[14] + " 2", "offering": s[15], "status": "adopted"},
        ],
    }
    reviews = [{**review(days_ago(5), "plan_review"), "summary": s[4], "delivered": [s[9]]}]
    return p, people, grid, reviews


def portfolio(root: Path, ids: list[str], strings: list[str], team: list[str], name: str) -> Path:
    members = [
        {"id": "kam", "name": team[0], "role": "key_account_manager"},
        {"id": "lead", "name": team[1], "role": "key_account_manager"},
        {"id": "exec", "name": team[2], "role": "executive"},
    ]
    config = {**CONFIG, "team": members, "portfolio": {**CONFIG["portfolio"], "name": name}}
    plans, people, grids, reviews = [], {}, {}, {}
    for n, account_id in enumerate(ids):
        s = strings[n * PER_ACCOUNT : (n + 1) * PER_ACCOUNT]
        p, people[account_id], grids[account_id], reviews[account_id] = _account(
            account_id, s, "kam" if n % 2 else "lead"
        )
        plans.append(p)
    write(root, plans, people=people, grids=grids, reviews=reviews, config=config)
    for path in root.rglob("*.yaml"):
        path.write_text(as_yaml(json.loads(path.read_text(encoding="utf-8"))), encoding="utf-8")
    return root


# Characters a YAML file may not hold as they are (C1, DEL, BOM), or reads as a line break.
_YAML_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def as_yaml(data: Any) -> str:
    """JSON (valid YAML 1.2) with every other character written as itself: the YAML loader
    does not join the surrogate-pair escapes that json.dumps writes for characters beyond
    U+FFFF, so a plain dump would make every emoji a syntax error."""
    text = json.dumps(data, indent=1, ensure_ascii=False)
    return _YAML_ESCAPE.sub(lambda m: f"\\u{ord(m[0]):04x}", text) + "\n"


def build(root: Path, out: Path) -> Path:
    code, _, err = run("build", "--root", str(root), "--today", TODAY, "--site-dir", str(out))
    assert code == 0, err
    assert "Traceback" not in err
    return out


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Structure:
    """The elements and attributes of a site built from plain strings, with the same shape:
    everything a hostile build may have. One account is invalid, so that the notice of an
    account left out is part of it too."""
    tmp = tmp_path_factory.mktemp("reference")
    strings = [f"Plain {i}" for i in range(ACCOUNTS * PER_ACCOUNT)]
    root = portfolio(tmp / "p", ["alpha", "beta", "gamma"], strings, ["Kim", "Lee", "Eve"], "P")
    broken = root / "accounts/gamma/plan.yaml"
    broken.write_text(broken.read_text().replace('"tier": 2', '"tier": 9'))
    return structure(build(root, tmp / "site"))


# Deterministic examples, and no shrinking: a failing example is reported as drawn, since
# shrinking one that builds a site each time would take many minutes.
@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    ids=st.lists(slug, min_size=ACCOUNTS, max_size=ACCOUNTS, unique=True),
    anything=st.lists(text, min_size=PER_ACCOUNT, max_size=PER_ACCOUNT),
    strings=st.lists(
        printable, min_size=(ACCOUNTS - 1) * PER_ACCOUNT, max_size=(ACCOUNTS - 1) * PER_ACCOUNT
    ),
    team=st.lists(printable, min_size=3, max_size=3),
    name=printable,
)
def test_no_output_takes_structure_from_user_text(
    reference: Structure,
    ids: list[str],
    anything: list[str],
    strings: list[str],
    team: list[str],
    name: str,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = portfolio(Path(tmp) / "p", ids, anything + strings, team, name)
        site = build(root, Path(tmp) / "site")
        assert site_problems(site) == []
        assert injected(site, reference) == []
        _check_report(root)


def _check_report(root: Path) -> None:
    def report(fmt: str) -> str:
        code, out, err = run("report", "--root", str(root), "--today", TODAY, "--format", fmt)
        assert code == 0, err
        return out

    _check_markdown(report("markdown"))
    _check_csv(report("csv"))
    table = report("table").splitlines()
    assert len(table) > 3, table  # the headline, the ranked rows: something to check
    for line in table:
        assert not {unicodedata.category(c) for c in line} & TERMINAL_UNSAFE, line
    json.loads(report("json"), parse_constant=_refuse)


def _refuse(word: str) -> Any:
    raise ValueError(f"not JSON: {word}")


def _check_markdown(out: str) -> None:
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    assert rows and all(row.count("|") == 10 for row in rows), rows  # no column added
    page = python_markdown.markdown(out, extensions=["tables"])
    tags = set(re.findall(r"<([a-zA-Z][\w-]*)", page))
    assert tags <= {"h2", "ul", "li", "p", "table", "thead", "tbody", "tr", "th", "td", "code"}
    assert set(re.findall(r"\s([\w-]+)=", page)) <= {"style"}  # the tables' alignment
    assert not re.search(r"www\.|https?:|javascript:|@\w|(?<!&)#\w", out)


FORMULA = set("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def _check_csv(out: str) -> None:
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == csv_columns()
    assert len(rows) > 1, rows  # an account's row, or the loops below check nothing
    assert all(len(row) == len(csv_columns()) for row in rows)
    for row in rows[1:]:
        for cell in row:
            number = re.fullmatch(r"-?\d+(\.\d+)?(e-?\d+)?", cell)
            for line in cell.split("\n"):
                assert number or line.lstrip(' "')[:1] not in FORMULA, (cell, row)
    # Opened with another separator, or by a reader that splits rows on any line break.
    for line in re.split(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]", out):
        for field in re.split(r"[,;\t|]", line):
            field = field.strip().strip('"').strip()
            assert re.fullmatch(r"-?\d+(\.\d+)?(e-?\d+)?", field) or field[:1] not in FORMULA


def test_team_names_are_text_in_the_navigation(tmp_path: Path) -> None:
    # Material prints nav titles as they are; the plugin puts team members' names there.
    team = ["<img src=x onerror=alert(1)>", "</span><script>alert(2)</script>", "A & B's"]
    strings = [f"Plain {i}" for i in range(ACCOUNTS * PER_ACCOUNT)]
    root = portfolio(tmp_path / "p", ["alpha", "beta", "gamma"], strings, team, "P")
    site = build(root, tmp_path / "site")
    assert site_problems(site) == []
    home = (site / "index.html").read_text(encoding="utf-8")
    for member, name in (("lead", team[1]), ("kam", team[0])):
        found = re.search(
            rf'<a href="managers/{member}/" class="md-nav__link">\s*'
            r'<span class="md-ellipsis">\s*(.*?)\s*</span>',
            home,
            re.S,
        )
        assert found and "<" not in found[1] and html.unescape(found[1]) == name


def test_file_name_that_is_not_utf8_is_reported_without_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write(tmp_path / "p", [plan("alpha")])
    os.mkdir(os.fsencode(root / "accounts") + b"/bad-\xff-name")
    (root / "accounts/stray\udcfe.yaml").write_bytes(b"x: 1\n")  # a file, not a folder
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    for fmt in ("text", "json", "github"):
        code, out, err = run("check", "--root", str(root), "--today", TODAY, "--format", fmt)
        assert code == 1, (fmt, out, err)
        assert "Traceback" not in out + err
        assert not re.search("[\ud800-\udfff]", out + err)
        (out + err).encode("utf-8")
        assert "bad-" in out
        if fmt == "json":
            json.loads(out, parse_constant=_refuse)
        if fmt == "github":
            assert all(line.startswith("::") for line in out.splitlines())
    written = summary.read_text(encoding="utf-8")  # strict UTF-8: no surrogate was written
    assert "bad-\ufffd-name" in html.unescape(written) and "| error |" in written
