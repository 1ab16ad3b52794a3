"""Settings precedence: CLI flag > environment > mkdocs.yml plugin option > kamgen.yaml.

Each pair is tested where both sides can say something: the reference date (`--today`,
KAMGEN_TODAY, the plugin's `today`), publishing confidential fields (`--include-confidential`
/ `--no-include-confidential`, KAMGEN_INCLUDE_CONFIDENTIAL, the plugin's
`include_confidential`) and the site's name (mkdocs.yml's `site_name` over kamgen.yaml's
`portfolio.name`)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from .test_cli import A, run

CANARY = "Pressure-canary-41"


@pytest.fixture
def site_portfolio(portfolio: Path) -> Path:
    plan = portfolio / A / "plan.yaml"
    plan.write_text(
        plan.read_text()
        + f"situation: {{pressures: [{CANARY}]}}\nconfidential: [situation.pressures]\n"
    )
    (portfolio / "site").mkdir()
    (portfolio / "site" / "index.md").write_text("Welcome.\n")
    (portfolio / "mkdocs.yml").write_text(
        "site_name: Name from mkdocs.yml\n"
        "docs_dir: site\n"
        "theme: {name: material, font: false}\n"
        "plugins:\n"
        "  - search\n"
        "  - kamgen: {today: '2026-11-05', include_confidential: true}\n"
    )
    return portfolio


def build(portfolio: Path, tmp_path: Path, *args: str) -> str:
    out = tmp_path / "site"
    code, _, err = run("build", "--root", str(portfolio), "--site-dir", str(out), *args)
    assert code == 0, err
    return html.unescape("".join(p.read_text() for p in out.rglob("*.html")))


def as_of(text: str) -> str:
    found = re.search(r"As of (\d{4}-\d{2}-\d{2})", text)
    assert found is not None
    return found.group(1)


def test_mkdocs_yml_option_is_used_when_nothing_else_says(
    site_portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KAMGEN_TODAY", raising=False)
    monkeypatch.delenv("KAMGEN_INCLUDE_CONFIDENTIAL", raising=False)
    text = build(site_portfolio, tmp_path)
    assert as_of(text) == "2026-11-05" and CANARY in text


def test_environment_beats_mkdocs_yml(
    site_portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KAMGEN_TODAY", "2026-11-10")
    monkeypatch.setenv("KAMGEN_INCLUDE_CONFIDENTIAL", "0")
    text = build(site_portfolio, tmp_path)
    assert as_of(text) == "2026-11-10" and CANARY not in text


def test_cli_flag_beats_the_environment(
    site_portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KAMGEN_TODAY", "2026-11-10")
    monkeypatch.setenv("KAMGEN_INCLUDE_CONFIDENTIAL", "0")
    text = build(site_portfolio, tmp_path, "--today", "2026-11-20", "--include-confidential")
    assert as_of(text) == "2026-11-20" and CANARY in text


def test_cli_flag_turns_confidential_off_against_mkdocs_yml(
    site_portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KAMGEN_INCLUDE_CONFIDENTIAL", raising=False)
    text = build(site_portfolio, tmp_path, "--today", "2026-11-20", "--no-include-confidential")
    assert CANARY not in text


def test_mkdocs_yml_site_name_beats_kamgen_yaml(site_portfolio: Path, tmp_path: Path) -> None:
    text = build(site_portfolio, tmp_path, "--today", "2026-11-20")
    assert "<title>Portfolio - Name from mkdocs.yml</title>" in text


def test_without_mkdocs_yml_the_name_comes_from_kamgen_yaml(
    portfolio: Path, tmp_path: Path
) -> None:
    text = build(portfolio, tmp_path, "--today", "2026-11-20")
    name = re.search(r"name: (.+)", (portfolio / "kamgen.yaml").read_text())
    assert name is not None
    assert f"<title>Portfolio - {name.group(1).strip()}</title>" in text


def test_cli_today_beats_the_environment_for_every_command(
    portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KAMGEN_TODAY", "2026-01-01")
    code, out, _ = run("report", "--root", str(portfolio), "--format", "json",
                       "--today", "2026-11-23")  # fmt: skip
    assert code == 0 and json.loads(out)["today"] == "2026-11-23"
    code, out, _ = run("report", "--root", str(portfolio), "--format", "json")
    assert json.loads(out)["today"] == "2026-01-01"
