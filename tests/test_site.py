"""The portfolio site: built for real with MkDocs and Material, then parsed file by file.

A portfolio full of hostile strings must produce no injected element, attribute, URL scheme
or script; confidential fields must reach no output file; the pictures and the text that
search indexes must be there."""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from kamgen.site.html import relative, tag

from .builder import CONFIG, person, plan, review, write
from .helpers import days_ago
from .site_check import site_problems, titles
from .test_cli import run

TODAY = "2026-11-23"
HOSTILE = [
    "<script>alert(1)</script>",
    "</title><script>alert(2)</script>",
    "[click](javascript:alert(3))",
    "![x](https://evil.example/pixel.png)",
    "<img src=x onerror=alert(4)>",
    '" onmouseover="alert(5)',
    "{ onclick=alert(6) }",
    "text {: onclick='alert(7)' }",
    "<a href='javascript:alert(8)'>x</a>",
    "<svg onload=alert(9)>",
    "---\ntitle: injected\n---",
    "&lt;script&gt;alert(10)&lt;/script&gt;",
    "<https://evil.example/autolink>",
    "[ref]: javascript:alert(11)",
    ":material-alert: {{ config }} {% raw %} ${x}",
]


PORTFOLIO_NAME = "</title><script>alert(0)</script> [x](javascript:alert(0))"


def hostile(i: int) -> str:
    return HOSTILE[i % len(HOSTILE)]


def hostile_portfolio(root: Path) -> Path:
    plans = []
    people: dict[str, list[dict[str, Any]]] = {}
    grids: dict[str, dict[str, Any]] = {}
    reviews: dict[str, list[dict[str, Any]]] = {}
    for n in range(3):
        h = functools.partial(lambda base, k: hostile(base + k), n * 7)
        plans.append(
            plan(
                f"acct-{n}",
                name=h(0),
                industry=h(1),
                region=h(2),
                reviewed={"on": days_ago(5), "by": "kam"},
                situation={"summary": h(3), "priorities": [h(4)], "pressures": [h(5)]},
                needs={"known": [h(6)], "personal": [h(7)]},
                competitors=[{"name": h(8), "position": h(9), "notes": h(10)}],
                objectives=[{"id": "o1", "title": h(11), "horizon": "short", "due": days_ago(3)}],
                actions=[{"id": "a1", "what": h(12), "owner": "kam", "due": days_ago(2)}],
                waivers=[{"rule": "thin-map", "reason": h(13), "until": "2027-01-01", "by": "kam"}],
            )
        )
        people[f"acct-{n}"] = [
            person(f"p{i}", name=h(i), title=h(i + 1), notes=h(i + 2), strength=4,
                   last_contact=days_ago(3), sentiment="champion",
                   reports_to="p0" if i else None, influences=["p0"] if i else [])
            for i in range(4)
        ]  # fmt: skip
        grids[f"acct-{n}"] = {
            "units": [h(1), h(2)],
            "offerings": [h(3), h(4)],
            "cells": [
                {"unit": h(1), "offering": h(3), "status": "open", "value": 1000, "notes": h(5)},
                {"unit": h(2), "offering": h(4), "status": "adopted"},
            ],
        }
        reviews[f"acct-{n}"] = [
            {**review(days_ago(5), "plan_review"), "summary": h(6), "delivered": [h(7)]}
        ]
    # A lost account, as hostile: its own list and page, and the churn rate's why, name it.
    plans.append(
        plan("acct-gone", name=hostile(3), industry=hostile(4), region=hostile(5),
             status="churned", churned_on=days_ago(30), since="2020-01-01",
             situation={"summary": hostile(6)})
    )  # fmt: skip
    reviews["acct-gone"] = [
        {**review(days_ago(60), "business_review"), "summary": hostile(7),
         "satisfaction": {"csat": 2.5, "nps": -30}, "referenceable": False}
    ]  # fmt: skip
    # The portfolio's name becomes the default config's site_name, which Material writes
    # into every <title> and header unescaped.
    config = {**CONFIG, "portfolio": {**CONFIG["portfolio"], "name": PORTFOLIO_NAME}}
    return write(root, plans, people=people, grids=grids, reviews=reviews, config=config)


def build(root: Path, out: Path, *args: str) -> Path:
    code, _, err = run(
        "build", "--root", str(root), "--today", TODAY, "--site-dir", str(out), *args
    )
    assert code == 0, err
    return out


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    return build(hostile_portfolio(tmp / "portfolio"), tmp / "site")


def test_hostile_strings_inject_nothing(hostile_site: Path) -> None:
    assert site_problems(hostile_site) == []


def test_the_checker_sees_an_injection(tmp_path: Path) -> None:
    # The parser above is live: the same page with one string left unescaped is caught.
    page = tmp_path / "p.html"
    page.write_text("<p><img src=x onerror=alert(4)></p><a href='javascript:alert(8)'>x</a>")
    (tmp_path / "search").mkdir()
    (tmp_path / "search/search_index.json").write_text('{"docs": []}')
    assert len(site_problems(tmp_path)) == 3


def test_titles_hold_the_whole_name_as_text(hostile_site: Path) -> None:
    for n in range(3):
        page = (hostile_site / f"accounts/acct-{n}/index.html").read_text(encoding="utf-8")
        name = hostile(n * 7)
        assert titles(page)[0] == f"{name.replace(chr(10), ' ')} - {PORTFOLIO_NAME}"  # the <head>'s
        assert f"Relationship map of {name}" in titles(page)  # the picture's


def test_tags_are_pattern_restricted(hostile_site: Path) -> None:
    index = json.loads((hostile_site / "search/search_index.json").read_text(encoding="utf-8"))
    tags = {t for doc in index["docs"] for t in doc.get("tags", [])}
    assert tags and all(re.fullmatch(r"[a-z]+-[a-z0-9-]{1,40}", t) for t in tags)
    assert tag("industry", "<script>") == "industry-script"
    assert tag("region", "!!!") is None


def test_pictures_and_text_alternatives(hostile_site: Path) -> None:
    page = (hostile_site / "accounts/acct-0/index.html").read_text(encoding="utf-8")
    for picture in ("kamgen-map", "kamgen-heatmap"):
        assert f'<svg class="{picture}" role="img"' in page
    assert page.count('class="kg-person"') == 4
    assert '<g class="kg-cell" data-status="open">' in page
    assert page.count('data-status="unexplored"') == 2
    home = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert '<svg class="kamgen-pareto"' in home and '<svg class="kamgen-matrix"' in home


def test_nothing_requests_another_host(hostile_site: Path) -> None:
    for page in hostile_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
        # What a browser fetches by itself: sources and <link>s (anchors are only links).
        for url in re.findall(r'src="(https?:[^"]+)"|<link[^>]+href="(https?:[^"]+)"', text):
            pytest.fail(f"{page}: {url}")


def test_generated_links_resolve(hostile_site: Path) -> None:
    checked = set()
    for page in hostile_site.rglob("*.html"):
        if page.name == "404.html":  # served for any path, so its links are absolute
            continue
        text = page.read_text(encoding="utf-8")
        for href in re.findall(r'<a [^>]*?\bhref="([^"#:]+)"', text):
            target = (page.parent / href).resolve()
            assert target.is_file() or (target / "index.html").is_file(), (page, href)
            checked.add(target)
    # Each account page is among the targets: the pattern did find the site's links.
    assert {(hostile_site / f"accounts/acct-{n}").resolve() for n in range(3)} <= checked
    # So are the churned list and the lost account's page.
    assert {(hostile_site / p).resolve() for p in ("churned", "accounts/acct-gone")} <= checked


def test_a_hostile_churned_account_is_text_on_its_pages(hostile_site: Path) -> None:
    for page in ("churned/index.html", "accounts/acct-gone/index.html"):
        text = (hostile_site / page).read_text(encoding="utf-8")
        assert hostile(3) in html.unescape(re.sub(r"<[^>]+>", "", text)), page
    own = (hostile_site / "accounts/acct-gone/index.html").read_text(encoding="utf-8")
    assert titles(own)[0] == f"{hostile(3)} - {PORTFOLIO_NAME}"


@pytest.mark.parametrize(
    ("src", "dst", "dirs", "expected"),
    [
        ("index.md", "accounts/x.md", True, "accounts/x/"),
        ("accounts/x.md", "index.md", True, "../../"),
        ("accounts/x.md", "accounts/y.md", False, "y.html"),
        ("accounts/x.md", "index.md", False, "../index.html"),
        ("tiers/tier-1.md", "managers/kim.md", True, "../../managers/kim/"),
    ],
)
def test_relative_links(src: str, dst: str, dirs: bool, expected: str) -> None:
    assert relative(src, dst, dirs) == expected


CANARIES = ["CANARY-pressure", "CANARY-note", "CANARY-cell", "CANARY-competitor", "7,654,321"]


def confidential_portfolio(root: Path) -> Path:
    secret = plan(
        "secret",
        name="Secretive Ltd",
        situation={"summary": "shown", "pressures": ["CANARY-pressure"]},
        competitors=[{"name": "Rival", "notes": "CANARY-competitor"}],
        financials=[{"year": 2026, "revenue": 7654321}],
        confidential=["situation.pressures", "financials", "competitors.notes",
                      "stakeholders.notes", "whitespace.notes"],
    )  # fmt: skip
    other = plan("other", financials=[{"year": 2026, "revenue": 1000}])
    return write(
        root,
        [secret, other],
        people={"secret": [person("cfo", name="Visible Person", notes="CANARY-note")]},
        grids={"secret": {"units": ["Grain Division"], "offerings": ["Soil Sensing"],
                          "cells": [{"unit": "Grain Division", "offering": "Soil Sensing",
                                     "status": "open",
                                     "notes": "CANARY-cell"}]}},
    )  # fmt: skip


def every_output(site: Path) -> str:
    """Every generated file's text, entities decoded (the escaping writes `-` as &#45;)."""
    return html.unescape("\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.is_file()
        and p.suffix in {".html", ".json", ".xml", ".txt", ".js"} and "assets" not in p.parts
    ))  # fmt: skip


def test_confidential_fields_reach_no_output(tmp_path: Path) -> None:
    root = confidential_portfolio(tmp_path / "p")
    text = every_output(build(root, tmp_path / "site"))
    assert "Visible Person" in text and "Secretive Ltd" in text
    assert [c for c in CANARIES if c in text] == []
    assert "Confidential and not shown" in text
    shown = every_output(build(root, tmp_path / "all", "--include-confidential"))
    assert [c for c in CANARIES if c not in shown] == []


def test_search_finds_people_offerings_and_competitors(tmp_path: Path) -> None:
    root = confidential_portfolio(tmp_path / "p")
    site = build(root, tmp_path / "site")
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    sections = {
        d["location"].removeprefix("accounts/secret/"): d["title"] + " " + d["text"]
        for d in index["docs"]
        if d["location"].startswith("accounts/secret/")
    }
    # Each name in the section a reader searching for it lands on. (This used to look for
    # "O", the offering's name, anywhere on the page: any capital O, "Owner" say, passed.)
    assert sections[""].startswith("Secretive Ltd ")
    assert "Visible Person" in sections["#relationships"]
    assert "Rival" in sections["#competitors"]
    assert "Grain Division" in sections["#whitespace"]
    assert "Soil Sensing" in sections["#whitespace"]


def test_account_pages_stay_out_of_the_sidebar(hostile_site: Path) -> None:
    home = (hostile_site / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]*)" class="md-nav__link', home)
    assert "method/" in links and "tiers/tier-1/" in links
    # "All accounts" (accounts/) is one page; no account page is listed.
    assert [x for x in links if x.startswith("accounts/") and x != "accounts/"] == []
    assert 'href="accounts/acct-0/"' in home  # reached from the ranked table instead


def test_plugin_watches_the_yaml_and_writes_nothing_into_docs(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    root = confidential_portfolio(tmp_path / "p")
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("Landing text by the site's authors.\n")
    (root / "mkdocs.yml").write_text(
        "site_name: T\ntheme: {name: material, font: false}\nplugins: [search, tags, kamgen]\n"
    )
    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    config = config.plugins.on_config(config)
    assert str(root / "kamgen.yaml") in config.watch
    assert str(root / "accounts") in config.watch
    site = build(root, tmp_path / "site")
    assert sorted(p.name for p in (root / "docs").iterdir()) == ["index.md"]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert home.index("Landing text by the site") < home.index('<h2 id="ranked-portfolio"')
