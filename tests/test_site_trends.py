"""Trends on the site, from a real git repository with dated commits: sparklines per
account, what changed since the last business review in words, the portfolio's health over
time and the accounts whose health fell most."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from .builder import person, plan, review, write
from .site_check import site_problems
from .test_cli import run
from .test_history import commit, git

PEOPLE = [person(f"p{i}", strength=4, last_contact="2026-01-20", sentiment="supporter",
                 buying_role="decision_maker" if i == 0 else "influencer")
          for i in range(4)]  # fmt: skip
# A name from YAML reaches the panel's words: it must arrive as text, never as markup.
HOSTILE = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
PEOPLE.append(person("p9", name=HOSTILE, strength=2, sentiment="neutral", status="left"))
CELL = {"unit": "Head office", "offering": "Coaching", "status": "pursuing"}
GRID = {"units": ["Head office"], "offerings": ["Coaching"], "cells": [CELL]}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    git(root, "init", "-q", "-b", "main")
    write(root, [plan("acme", reviewed={"on": "2026-01-05", "by": "kam"}), plan("beta")],
          people={"acme": PEOPLE, "beta": PEOPLE}, grids={"acme": GRID})  # fmt: skip
    commit(root, "start", "2026-01-05")
    write(root, [plan("acme", reviewed={"on": "2026-02-01", "by": "kam"}), plan("beta")],
          people={"acme": PEOPLE, "beta": PEOPLE}, grids={"acme": GRID},
          reviews={"acme": [review("2026-02-01", "business_review")]})  # fmt: skip
    commit(root, "business review", "2026-02-01")
    people = json.loads((root / "accounts/acme/stakeholders.yaml").read_text())
    people["stakeholders"][1]["sentiment"] = "champion"
    people["stakeholders"][2]["status"] = "left"
    people["stakeholders"][3]["strength"] = 1
    people["stakeholders"][4]["sentiment"] = "detractor"
    (root / "accounts/acme/stakeholders.yaml").write_text(json.dumps(people))
    grid = json.loads((root / "accounts/acme/whitespace.yaml").read_text())
    grid["cells"][0]["status"] = "adopted"
    (root / "accounts/acme/whitespace.yaml").write_text(json.dumps(grid))
    commit(root, "relationships move", "2026-03-10")
    out = tmp_path_factory.mktemp("site") / "public"
    code, _, err = run(
        "build", "--root", str(root), "--today", "2026-04-15", "--site-dir", str(out)
    )
    assert code == 0, err
    (out.parent / "repository").write_text(str(root))  # for a second build of the same history
    return out


def text(page: Path) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page.read_text())))


def test_an_account_page_draws_its_series_with_words_beside_them(site: Path) -> None:
    page = (site / "accounts/acme/index.html").read_text()
    assert page.count('class="kamgen-spark"') >= 3  # health, coverage, score, plan freshness
    words = text(site / "accounts/acme/index.html")
    # Each line's words beside its picture (the picture's title reads first when stripped).
    assert re.search(r"Health .{0,60}▼ 75 on 2026-01-05 → 73 on 2026-03-10", words)
    assert re.search(r"Coverage .{0,60}▼ 100% on 2026-01-05 → 67% on 2026-03-10", words)
    assert "Days since the plan review" in words


def test_the_panel_says_what_changed_since_the_last_business_review(site: Path) -> None:
    words = text(site / "accounts/acme/index.html")
    assert "Since the last business review (2026-02-01)" in words
    assert "P1: sentiment supporter → champion" in words
    assert "Head office × Coaching: pursuing → adopted" in words
    assert "P2 marked as left" in words
    assert "Metrics that moved ▼ Coverage: 100% → 67%" in words
    # beta had no business review: no panel.
    assert "Since the last business review" not in text(site / "accounts/beta/index.html")


def test_a_hostile_name_in_the_panel_is_text(site: Path) -> None:
    assert site_problems(site) == []
    assert f"{HOSTILE}: sentiment neutral → detractor" in text(site / "accounts/acme/index.html")


def test_the_home_page_shows_the_portfolios_health_over_time(site: Path) -> None:
    words = text(site / "index.html")
    assert re.search(r"mean health \d+ on 2026-01-05 → \d+ on 2026-03-10, over 3 commits", words)
    assert "Health fell most in the last 90 days" in words or "No account's health fell" in words


def test_a_page_dated_before_a_commit_shows_no_point_after_its_date(
    site: Path, tmp_path: Path
) -> None:
    # The same repository built as of 2026-02-15: the commit of 2026-03-10 is after that day.
    root = (site.parent / "repository").read_text()
    out = tmp_path / "public"
    code, _, err = run("build", "--root", root, "--today", "2026-02-15", "--site-dir", str(out))
    assert code == 0, err
    words = text(out / "index.html")
    assert "2026-03-10" not in words
    assert re.search(r"mean health \d+ on 2026-01-05 → \d+ on 2026-02-01, over 2 commits", words)
