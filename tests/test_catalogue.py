"""The metric catalogue and the derived facts: one declaration, every output."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import kamgen
from kamgen.base.findings import Finding
from kamgen.metrics.catalogue import ALL, CATALOGUE, Metric, register, unregister, view
from kamgen.metrics.snapshot import account_snapshot
from kamgen.report.build import Options, execute
from kamgen.report.render import FORMATS
from kamgen.rules.risk import POOR_HEALTH, assess
from kamgen.site.data import gather
from kamgen.site.pages import render

from .conftest import REPO
from .helpers import TODAY
from .test_cli import run

DEMO_TODAY = "2026-11-23"


@pytest.fixture
def toy() -> Iterator[Metric]:
    """A metric added the way a developer adds one: a formula and one catalogue entry."""
    metric = register(
        Metric(
            "toy_index",
            "Toy index",
            "points",
            "Health",
            lambda a: a.health * 2 + 1,
            lambda a: f"twice the health ({a.health}) plus one",
            better="higher",
            standing="design",
            edit="as health",
            show=ALL,
        )
    )
    yield metric
    unregister("toy_index")


def test_a_toy_metric_reaches_every_output_with_no_other_change(
    toy: Metric, portfolio: Path
) -> None:
    report = execute(Options(portfolio, TODAY))
    (a,) = report.accounts()
    expected = a.health * 2 + 1
    # JSON
    data = json.loads(FORMATS["json"](report))
    assert data["accounts"][0]["toy_index"] == expected
    # CSV: its own column
    rows = list(csv.DictReader(io.StringIO(FORMATS["csv"](report))))
    assert rows[0]["toy_index"] == str(expected)
    # Markdown and the terminal table: a column headed by its label / key
    markdown = FORMATS["markdown"](report)
    assert "| Toy index |" in markdown and f"| {expected} |" in markdown
    assert "toy_index" in FORMATS["table"](report).splitlines()[-2]
    # diff (and history) compare snapshots
    assert account_snapshot(a)["toy_index"] == expected
    # The site's account page: a row with its value and its why
    pages = render(gather(portfolio, TODAY))
    assert re.search(
        rf"<td>Toy index</td> <td>{expected}</td> <td>twice the health", pages["accounts/alpha.md"]
    )
    # The one-account view
    detail = FORMATS["table"](execute(Options(portfolio, TODAY, account="alpha")))
    assert re.search(rf"toy index\s+{expected}\s+twice the health", detail)


def test_unregistering_takes_it_out_again(portfolio: Path) -> None:
    assert "toy_index" not in CATALOGUE
    data = json.loads(FORMATS["json"](execute(Options(portfolio, TODAY))))
    assert "toy_index" not in data["accounts"][0]


def test_every_metric_says_how_to_read_it() -> None:
    for metric in CATALOGUE.values():
        assert metric.label and metric.section, metric.key
        assert metric.edit or metric.unit == "detail", metric.key
        assert metric.standing in ("exact", "specified", "design")
    assert [m.key for m in view("json")][:3] == ["tier", "suggested_tier", "selection_score"]


def _finding(rule: str, severity: str = "warning") -> Finding:
    return Finding(rule, severity, "accounts/a/plan.yaml", f"{rule} happened", "a", 1, 1)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("health", "found", "at_risk", "codes"),
    [
        (80, [], False, []),
        (80, [_finding("thin-map"), _finding("due-soon")], False, []),
        (80, [_finding("single-threaded")], True, ["single-threaded"]),
        (80, [_finding("stale-plan", "error")], True, ["stale-plan"]),
        (80, [_finding("thin-map", "error")], True, ["thin-map"]),  # raised to an error
        (49, [], True, [POOR_HEALTH]),
        (50, [], False, []),
    ],
)
def test_at_risk_has_one_definition(
    health: int, found: list[Finding], at_risk: bool, codes: list[str]
) -> None:
    risk = assess(health, found)
    assert (risk.at_risk, list(risk.codes)) == (at_risk, codes)
    assert len(risk.reasons) == len(codes)


def test_cli_and_site_agree_on_at_risk_for_the_demo() -> None:
    code, out, _ = run("report", "--root", str(REPO), "--today", DEMO_TODAY, "--format", "json")
    assert code == 0
    data = json.loads(out)
    cli = {a["id"]: a["at_risk_reasons"] for a in data["accounts"] if a["at_risk"]}
    assert data["portfolio"]["at_risk"] == len(cli) > 0
    site = gather(REPO, TODAY.replace(day=23), include_confidential=True)
    by_site = {
        a.id: list(site.risk(a).reasons) for a in site.metrics.accounts if site.risk(a).at_risk
    }
    assert by_site == cli
    home = render(site)["index.md"]
    card = re.search(r'kg-card-label">At risk</div>\s*<div class="kg-card-value">(\d+)<', home)
    assert card is not None and int(card.group(1)) == len(cli)


def test_every_json_output_carries_its_versions(portfolio: Path) -> None:
    for args in (["report", "--format", "json"], ["check", "--format", "json"],
                 ["validate", "--format", "json"]):  # fmt: skip
        _, out, _ = run(*args, "--root", str(portfolio), "--today", DEMO_TODAY)
        data = json.loads(out)
        assert data["kamgen_version"] == kamgen.__version__, args
        assert data["contract_version"] == 1, args


def test_report_json_carries_the_derived_facts(portfolio: Path) -> None:
    _, out, _ = run("report", "--root", str(portfolio), "--today", DEMO_TODAY, "--format", "json")
    data = json.loads(out)
    (a,) = data["accounts"]
    assert a["health_band"] in ("good", "fair", "poor")
    assert isinstance(a["at_risk"], bool) and isinstance(a["at_risk_reasons"], list)
    assert all(set(o) == {"id", "coverage", "attainment"} for o in a["objectives"])
    assert data["portfolio"]["excluded"] == {"confidential": 0, "invalid": 0}
    assert data["portfolio"]["at_risk"] == int(a["at_risk"])


def test_invalid_accounts_are_counted_as_excluded(portfolio: Path) -> None:
    (portfolio / "accounts" / "Bad Name").mkdir()
    broken = portfolio / "accounts" / "beta"
    broken.mkdir()
    (broken / "plan.yaml").write_text("schema_version: 1\nid: beta\n")
    _, out, _ = run("report", "--root", str(portfolio), "--today", DEMO_TODAY, "--format", "json")
    assert json.loads(out)["portfolio"]["excluded"] == {"confidential": 0, "invalid": 2}


def test_metric_keys_live_in_few_files() -> None:
    """Renderers iterate the catalogue: these keys are named only where the metric is
    computed, modelled, documented as a formula and declared (counted like `grep -rl`)."""
    source = REPO / "kamgen"
    texts = {
        p: p.read_text(errors="replace")
        for p in source.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    for key in ("share_of_wallet", "whitespace_value", "top_account_share", "health_breakdown",
                "health_band"):  # fmt: skip
        files = sorted(str(p.relative_to(source)) for p, text in texts.items() if key in text)
        assert len(files) <= 4, (key, files)
