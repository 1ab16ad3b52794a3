"""Validation closes its escapes: what a YAML escape writes is judged like what a file holds,
and no number can make a metric overflow, vanish or turn into NaN."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path
from typing import Any

import pytest

from kamgen.check.locate import locate
from kamgen.load import yamlsafe
from kamgen.load.portfolio import FsSource, load_file
from kamgen.load.structure import check_model
from kamgen.model.limits import MAX_NUMBER
from kamgen.model.schema import schema_for

from .builder import CONFIG, metrics, plan, write


def problems(text: str) -> list[tuple[str, int | None, int | None]]:
    try:
        yamlsafe.parse(text)
    except yamlsafe.LoadError as exc:
        return [(p.rule, p.line, p.column) for p in exc.problems]
    return []


def message(text: str) -> str:
    with pytest.raises(yamlsafe.LoadError) as caught:
        yamlsafe.parse(text)
    return caught.value.problems[0].message


# Escapes as a plan would hold them (`name: "..."`), each writing a character that the
# prescan refuses when it is written raw, plus the carriage return.
ESCAPES = {
    r"\u202E": "RIGHT-TO-LEFT OVERRIDE (U+202E)",
    r"\u202eevil": "RIGHT-TO-LEFT OVERRIDE (U+202E)",
    r"\U0000202E": "RIGHT-TO-LEFT OVERRIDE (U+202E)",
    r"\u2066": "LEFT-TO-RIGHT ISOLATE (U+2066)",
    r"\u200F": "RIGHT-TO-LEFT MARK (U+200F)",
    r"\u061C": "ARABIC LETTER MARK (U+061C)",
    r"\x1b[31mred": "ESCAPE (U+001B)",
    r"\e[31mred": "ESCAPE (U+001B)",
    r"a\r=1": "CARRIAGE RETURN (U+000D)",
    r"\r": "CARRIAGE RETURN (U+000D)",
    r"\0": "NULL (U+0000)",
    r"\x00": "NULL (U+0000)",
    r"\a": "BELL (U+0007)",
    r"\b": "BACKSPACE (U+0008)",
    r"\v": "LINE TABULATION (U+000B)",
    r"\f": "FORM FEED (U+000C)",
    r"\N": "NEXT LINE (U+0085)",
    r"\x9b": "control character (U+009B)",
    r"\x7f": "control character (U+007F)",
    r"\u2028": "LINE SEPARATOR (U+2028)",
    r"\L": "LINE SEPARATOR (U+2028)",
    r"\P": "PARAGRAPH SEPARATOR (U+2029)",
    r"\uFEFF": "BYTE ORDER MARK (U+FEFF)",
    r"\uFFFE": "control character (U+FFFE)",
}


@pytest.mark.usefixtures("parser")
@pytest.mark.parametrize(("escape", "named"), ESCAPES.items(), ids=list(ESCAPES))
def test_an_escape_is_refused_like_the_character_it_writes(escape: str, named: str) -> None:
    text = f'schema_version: 1\nid: a\nname: "ok {escape} ok"\n'
    assert problems(text) == [("bad-character", 3, 7)]
    said = message(text)
    assert named in said and said.endswith("delete the escape")


@pytest.mark.usefixtures("parser")
def test_escapes_in_keys_and_flow_collections_are_found_at_their_scalar() -> None:
    assert problems('a: 1\n"\\u202ekey": 2\n') == [("bad-character", 2, 1)]
    assert problems('a: ["ok", "\\x1b"]\n') == [("bad-character", 1, 11)]
    assert problems('a: {b: "\\r"}\n') == [("bad-character", 1, 8)]


@pytest.mark.usefixtures("parser")
def test_every_bad_escape_is_reported_up_to_a_limit() -> None:
    text = "".join(f'k{i}: "\\e"\n' for i in range(30))
    found = problems(text)
    assert found == [("bad-character", i + 1, 5) for i in range(10)]


@pytest.mark.usefixtures("parser")
def test_an_escape_before_a_syntax_error_is_reported_with_it() -> None:
    assert problems('a: "\\u202e"\nb: [\n') == [
        ("bad-character", 1, 4),
        ("yaml-syntax", 3, 1),
    ]


@pytest.mark.usefixtures("parser")
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('a: "tab\\there"', "tab\there"),
        ('a: "line\\nbreak"', "line\nbreak"),
        ('a: "caf\\u00e9 \\U0001F600 \\x41 \\_"', "café 😀 A \xa0"),
        (
            'a: "quote \\" slash \\/ backslash \\\\ space \\ "',
            'quote " slash / backslash \\ space  ',
        ),
        ('a: "folded\\\n  on"', "foldedon"),
        ("a: |\n  two\n  lines\n", "two\nlines\n"),
        ("a: |\r\n  crlf\r\n  file\r\n", "crlf\nfile\n"),
        ("a: 'single ''quoted'' \\r stays'", "single 'quoted' \\r stays"),
        ("a: plain \\e stays", "plain \\e stays"),
    ],
)
def test_ordinary_escapes_and_text_stay_allowed(text: str, value: str) -> None:
    assert yamlsafe.parse(text) == {"a": value}


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('a: "\\ud800"', (1, 7)),  # half a surrogate pair: no character at all
        ('a: "x \\uDFFF"', (1, 9)),
        ('a: "\\U00110000"', (1, 7)),  # beyond Unicode: the pure parser's chr() raised
        ('a: "\\UFFFFFFFF"', (1, 7)),  # the pure parser raised OverflowError
        ('a: "\\uZZ"', (1, 7)),
        ('a: "\\x4"', (1, 7)),
        ('a: "\\x', (1, 7)),
        ('a: "\\', (1, 5)),  # a backslash at the very end
        ('a: "\\q"', (1, 5)),  # the parsers put this at different columns before
        ('a: "\\\'"', (1, 5)),
        ('a: "x\\\n  \\ud800"', (2, 5)),
    ],
)
def test_escapes_naming_no_character_are_one_syntax_error_in_both_parsers(
    text: str, where: tuple[int, int]
) -> None:
    outcomes = []
    for pure in (False, True) if yamlsafe.HAVE_C_PARSER else (True,):
        with pytest.raises(yamlsafe.LoadError) as caught:
            yamlsafe.parse(text, pure=pure)
        outcomes.append(caught.value.problems)
    assert all(o == outcomes[0] for o in outcomes)
    (problem,) = outcomes[0]
    assert (problem.rule, problem.line, problem.column) == ("yaml-syntax", *where)


def test_hostile_escapes_in_a_plan_are_findings_on_their_line(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text(
        "schema_version: 1\n"
        "id: a\n"
        'name: "\\u202eevil"\n'
        "tier: 3\n"
        "owner: b\n"
        'industry: "a\\r=1"\n'
        'region: "\\x1b[31mred"\n'
        'situation: {summary: "<script>alert(1)</script>\\u2028"}\n',
        encoding="utf-8",
    )
    source = FsSource(tmp_path)
    _, found = load_file(source, "plan.yaml", "plan", None)
    found = locate(found, source)
    assert [(f.rule, f.line, f.column) for f in found] == [
        ("bad-character", 3, 7),
        ("bad-character", 6, 11),
        ("bad-character", 7, 9),
        ("bad-character", 8, 22),
    ]
    assert all(f.severity == "error" for f in found)


# Numbers ------------------------------------------------------------------------------


@pytest.mark.usefixtures("parser")
@pytest.mark.parametrize(
    ("number", "why"),
    [
        ("1e16", "too large"),
        ("-1e16", "too large"),
        ("1000000000000001", "too large"),
        ("0x4000000000000", "too large"),
        ("1e308", "too large"),
        ("1e400", "too large"),  # parses as infinity
        ("-.inf", "not a finite number"),
        (".NaN", "not a finite number"),
        ("1e-10", "too small"),
        ("-1e-10", "too small"),
        ("5e-324", "too small"),  # subnormal
        ("2.2e-308", "too small"),
        ("1e-400", "too small"),  # parses as 0.0
        ("0.00000000000000000000000000001", "too small"),
    ],
)
def test_numbers_beyond_the_limits_are_bad_numbers(number: str, why: str) -> None:
    text = f"schema_version: 1\nfinancials:\n  - {{year: 2025, revenue: {number}}}\n"
    assert problems(text) == [("bad-number", 3, 27)]
    assert why in message(text)


@pytest.mark.parametrize(
    "number", ["1e15", "-1e15", "1000000000000000", "1e-9", "-1e-9", "0", "-0", "0.0", "0e99"]
)
def test_numbers_at_the_limits_are_accepted(number: str) -> None:
    value = yamlsafe.parse(f"a: {number}")["a"]
    assert value == 0 or 1e-9 <= abs(value) <= 1e15


def test_quoted_numbers_stay_text() -> None:
    assert yamlsafe.parse('a: "1e400"') == {"a": "1e400"}


def test_the_models_and_schemas_bound_money_rates_and_weights_too() -> None:
    # For data that does not come through the YAML loader (tools, the cache).
    data = {
        "schema_version": 1,
        "id": "a",
        "name": "A",
        "tier": 3,
        "owner": "b",
        "financials": [{"year": 2025, "revenue": 1e16}],
    }
    model, found = check_model("plan", data, "accounts/a/plan.yaml", "a")
    assert model is None
    assert [(f.rule, f.path) for f in found] == [("invalid-value", ("financials", 0, "revenue"))]
    text = json.dumps(schema_for("plan")) + json.dumps(schema_for("portfolio"))
    # revenue, wallet, target, fx, weight; contract value, opportunity amount; measure
    # baseline, target and actual
    assert text.count(f'"maximum": {MAX_NUMBER}') == 10


def _floats(value: Any) -> list[float]:
    if isinstance(value, float):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [x for f in dataclasses.fields(value) for x in _floats(getattr(value, f.name))]
    if isinstance(value, dict):
        return [x for v in value.values() for x in _floats(v)]
    if isinstance(value, list | tuple):
        return [x for v in value for x in _floats(v)]
    return []


def test_extreme_allowed_numbers_keep_every_metric_finite(tmp_path: Path) -> None:
    """The largest amounts at the largest rate, and the smallest as the divisor."""
    config = json.loads(json.dumps(CONFIG))
    config["portfolio"]["fx"] = {"EUR": 1e15, "ZAR": 1e-9}
    big = [{"year": 2025, "revenue": 1e-9, "wallet": 1e-9}, {"year": 2026, "revenue": 1e15}]
    tiny = [{"year": 2025, "revenue": 1e-9}, {"year": 2026, "revenue": 1e15, "wallet": 1e-9}]
    plans = [plan(f"big-{i}", currency="EUR", financials=big) for i in range(40)]
    plans += [plan(f"tiny-{i}", currency="ZAR", financials=tiny) for i in range(40)]
    cells = [
        {"unit": "U", "offering": f"O{j}", "status": "open", "value": 1e15, "fit": 5}
        for j in range(40)
    ]
    grid = {"units": ["U"], "offerings": [f"O{j}" for j in range(40)], "cells": cells}
    write(tmp_path, plans, grids={p["id"]: grid for p in plans}, config=config)
    result = metrics(tmp_path)
    numbers = _floats(result)
    assert numbers and all(math.isfinite(x) for x in numbers)
    assert result.revenue == pytest.approx(40 * 1e30 + 40 * 1e6)
    assert max(a.nrr or 0 for a in result.accounts) == pytest.approx(1e24)
    assert max(a.share_of_wallet or 0 for a in result.accounts) == pytest.approx(1e24)
