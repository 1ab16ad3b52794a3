"""The metrics page is generated from the code's own definitions and kept in the repository."""

from __future__ import annotations

from pathlib import Path

from kamgen.metrics.formulas import FORMULAS, HEALTH
from kamgen.report.docs import PAGE, render
from kamgen.rules.registry import RULES

from .builder import CONFIG, write
from .conftest import REPO
from .helpers import edit
from .test_cli import run


def test_committed_page_is_current() -> None:
    code, _, err = run("docs", "--check", "--root", str(REPO))
    assert (code, err) == (0, "")


def test_page_names_every_formula_health_part_and_rule() -> None:
    page = render()
    for item in FORMULAS.values():
        assert f"**{item.id.replace('_', ' ')}**" in page
        assert item.text in page
    for part in HEALTH:
        assert f"| {part.id.replace('_', ' ')} | {part.points} |" in page
    for rule in RULES.values():
        assert f"| `{rule.id}` | {rule.severity} |" in page


def test_page_shows_overrides_and_escapes_labels(tmp_path: Path) -> None:
    config = {
        **CONFIG,
        "rules": {"thin-map": "off"},
        "scoring": {
            **CONFIG["scoring"],
            "criteria": [
                {**CONFIG["scoring"]["criteria"][0], "label": "<b>[x](y)</b>"},
                *CONFIG["scoring"]["criteria"][1:],
            ],
        },
    }
    write(tmp_path, [], config=config)
    code, out, _ = run("docs", "--root", str(tmp_path))
    assert (code, out) == (0, f"wrote {PAGE}\n")
    page = (tmp_path / PAGE).read_text()
    assert "| `thin-map` | warning | off |" in page
    assert "<b>" not in page and "[x]" not in page
    assert run("docs", "--check", "--root", str(tmp_path))[0] == 0
    edit(tmp_path / "kamgen.yaml", '"thin-map": "off"', '"thin-map": "error"')
    code, _, err = run("docs", "--check", "--root", str(tmp_path))
    assert (code, err) == (1, f"{PAGE}: out of date; run `kamgen docs`\n")
