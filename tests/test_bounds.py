"""Bounded work: time, memory and output grow linearly with input.

No wall clock here: each test counts the work (string comparisons of "did you mean") or
measures the output (bytes of a picture or a page) and holds it to a constant per item.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from kamgen.base import hints
from kamgen.base.hints import Hints, did_you_mean
from kamgen.load.structure import check_model
from kamgen.model import MODELS, FileKind, limits
from kamgen.model.schema import schema_for
from kamgen.rules.registry import RULES
from kamgen.site import svg

from .builder import analysis, person, plan, write

# "Did you mean" ---------------------------------------------------------------------------


@pytest.fixture
def comparisons(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times two strings were compared for a hint, since the test began."""
    count = [0]
    score = hints._score

    def counted(matcher: difflib.SequenceMatcher[str], choice: str) -> float:
        count[0] += 1
        return score(matcher, choice)

    monkeypatch.setattr(hints, "_score", counted)
    return count


def _ids(n: int) -> list[str]:
    return [f"person-{i:04d}" for i in range(n)]


def _near_miss(person_id: str) -> str:
    return person_id.replace("person", "persn")


def test_hints_over_a_large_set_cost_a_constant_per_lookup(comparisons: list[int]) -> None:
    counts = []
    for n in (800, 1600):
        comparisons[0] = 0
        ids = _ids(n)
        known = Hints(ids)
        answers = [known(_near_miss(i)) for i in ids]
        assert answers == [f"; did you mean `{i}`?" for i in ids]
        counts.append(comparisons[0])
    assert counts[0] <= hints.SHORTLIST * 800
    assert counts[1] <= 2.1 * counts[0]


def test_a_repeated_word_is_answered_once(comparisons: list[int]) -> None:
    known = Hints(_ids(30))
    first = known("persn-0007")
    spent = comparisons[0]
    assert [known("persn-0007") for _ in range(100)] == [first] * 100
    assert comparisons[0] == spent == 30


def test_small_sets_get_exactly_difflibs_hint() -> None:
    choices = ["industry", "region", "currency", "owner", "tier", "name", "kind", "scores"]
    for word in ["industy", "regoin", "curency", "ownr", "tire", "x", "nme", "kinds", "score"]:
        match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
        expected = f"; did you mean `{match[0]}`?" if match else ""
        assert did_you_mean(word, choices) == expected


def test_large_sets_hint_at_typos_and_stay_quiet_otherwise() -> None:
    known = Hints([*_ids(500), "chief-financial-officer", "cfo"])
    assert known("chief-finanical-officer") == "; did you mean `chief-financial-officer`?"
    assert known("person-0499x") == "; did you mean `person-0499`?"
    assert known("person0042") == "; did you mean `person-0042`?"
    assert known("nobody-like-this") == ""
    assert known("x" * 500) == ""  # longer than any id: no comparison at all
    assert "person-0001" in known and "persn-0001" not in known and len(known) == 502


def _stakeholders_with_near_misses(root: Path, accounts: int, people: int) -> Path:
    """`accounts` accounts of `people` stakeholders, each reporting to a near-miss id."""
    ids = _ids(people)
    staff = [person(i, reports_to=_near_miss(ids[(k + 1) % people])) for k, i in enumerate(ids)]
    plans = [plan(f"acct-{a}") for a in range(accounts)]
    return write(root, plans, people={p["id"]: staff for p in plans})


def test_unknown_references_cost_linear_work(tmp_path: Path, comparisons: list[int]) -> None:
    """800 and then 1600 stakeholders whose `reports_to` names a near-miss id: once over a
    minute for 800, as every unknown id was compared with every stakeholder."""
    counts = []
    for accounts in (2, 4):
        comparisons[0] = 0
        root = _stakeholders_with_near_misses(tmp_path / str(accounts), accounts, 400)
        found = [f for f in analysis(root).findings if f.rule == "unknown-reference"]
        assert len(found) == accounts * 400
        assert all("; did you mean `person-" in f.message for f in found)
        counts.append(comparisons[0])
    assert counts[0] <= hints.SHORTLIST * 800
    assert counts[1] <= 2.1 * counts[0]


def test_more_stakeholders_than_the_limit_are_refused_before_any_reference_check(
    tmp_path: Path, comparisons: list[int]
) -> None:
    root = _stakeholders_with_near_misses(tmp_path, 1, limits.STAKEHOLDERS + 300)
    found = [f for f in analysis(root).findings if RULES[f.rule].kind != "policy"]
    assert [(f.rule, f.line, f.column) for f in found] == [("too-many", 3, 2)]
    assert found[0].message == (
        "stakeholders.yaml lists 800 stakeholders; the limit is 500: map the buying group "
        "and those around it"
    )
    assert comparisons[0] == 0


def test_cells_and_actions_outside_their_lists_cost_linear_work(
    tmp_path: Path, comparisons: list[int]
) -> None:
    for n in (20, 60):
        comparisons[0] = 0
        units = [f"Business unit {i:02d}" for i in range(n)]
        offerings = [f"Offering {j:02d}" for j in range(20)]
        cells = [
            {"unit": u.replace("unit", "uint"), "offering": o, "status": "open"}
            for u in units
            for o in offerings
        ]
        objectives = [
            {"id": f"goal-{i:03d}", "title": "Grow", "horizon": "short", "due": "2027-01-01"}
            for i in range(n)
        ]
        actions = [
            {"id": f"a{i}", "what": "Do", "owner": "kam", "due": "2027-01-01"}
            | {"objective": f"gaol-{i:03d}"}
            for i in range(n)
        ]
        root = write(
            tmp_path / str(n),
            [plan("acme", objectives=objectives, actions=actions)],
            grids={"acme": {"units": units, "offerings": offerings, "cells": cells}},
        )
        found = analysis(root).findings
        outside = [f for f in found if f.rule == "whitespace-outside-grid"]
        assert len(outside) == 20 * n and "did you mean `Business unit" in outside[0].message
        unknown = [f for f in found if f.rule == "unknown-reference"]
        assert len(unknown) == n and "did you mean `goal-" in unknown[0].message
        # Each distinct missing name costs at most SCAN_ALL comparisons, however many cells
        # repeat it: 20 cells per unit here.
        assert comparisons[0] <= 2 * n * hints.SCAN_ALL


# List limits ------------------------------------------------------------------------------


def _arrays(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if node.get("type") in ("array", "object"):
            yield path, node
        for key, value in node.items():
            yield from _arrays(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _arrays(value, f"{path}/{i}")


KINDS: list[FileKind] = ["portfolio", "plan", "stakeholders", "whitespace", "review"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_list_and_open_mapping_in_the_schemas_is_bounded(kind: FileKind) -> None:
    for generated in (MODELS[kind].model_json_schema(), schema_for(kind)):
        unbounded = [
            path
            for path, node in _arrays(generated)
            if (node["type"] == "array" and "maxItems" not in node)
            or (
                node["type"] == "object"
                and isinstance(node.get("additionalProperties"), dict)
                and "maxProperties" not in node
            )
        ]
        assert unbounded == []


def test_a_grid_of_hundreds_by_hundreds_is_two_findings(tmp_path: Path) -> None:
    units = [f"Unit {i}" for i in range(400)]
    offerings = [f"Offering {j}" for j in range(400)]
    root = write(tmp_path, [plan("acme")], grids={"acme": {"units": units, "offerings": offerings}})
    assert (root / "accounts/acme/whitespace.yaml").stat().st_size < 20_000
    found = [f for f in analysis(root).findings if f.file.endswith("whitespace.yaml")]
    assert [(f.rule, f.severity, f.line) for f in found] == [
        ("too-many", "error", 3),
        ("too-many", "error", 405),
    ]
    assert found[0].message == (
        "whitespace.yaml lists 400 units; the limit is 60: split the grid by region or group units"
    )
    assert found[1].message == (
        "whitespace.yaml lists 400 offerings; the limit is 40: group offerings into families"
    )


def test_nested_and_mapping_limits_name_their_place() -> None:
    people = [{"id": "a", "name": "A", "level": "executive", "influences": ["b"] * 51}]
    _, found = check_model(
        "stakeholders", {"schema_version": 1, "stakeholders": people}, "s.yaml", None
    )
    assert [(f.rule, f.path, f.message) for f in found] == [
        (
            "too-many",
            ("stakeholders", 0, "influences"),
            "`stakeholders[0].influences` lists 51 influences; the limit is 50: keep those "
            "that shape this account's decisions",
        )
    ]
    scores = {f"c{i}": 3 for i in range(limits.SCORES + 1)}
    data = {"schema_version": 1, "id": "a", "name": "A", "tier": 1, "owner": "b", "scores": scores}
    _, found = check_model("plan", data, "accounts/a/plan.yaml", "a")
    assert [(f.rule, f.at_key, f.message) for f in found] == [
        (
            "too-many",
            True,
            "plan.yaml lists 51 scores; the limit is 50: score the criteria of kamgen.yaml",
        )
    ]


def test_the_json_schema_refuses_what_the_models_refuse() -> None:
    validator = jsonschema.Draft202012Validator(schema_for("whitespace"))
    at_limit = {"schema_version": 1, "units": [f"U{i}" for i in range(limits.UNITS)]}
    over = {"schema_version": 1, "units": [f"U{i}" for i in range(limits.UNITS + 1)]}
    assert validator.is_valid(at_limit) and check_model("whitespace", at_limit, "w", None)[1] == []
    assert not validator.is_valid(over) and check_model("whitespace", over, "w", None)[1]


# Pictures and pages ---------------------------------------------------------------------


def _grid(units: int, offerings: int, cells: int) -> tuple[list[str], list[str], dict[Any, Any]]:
    us = [f"Business unit {i}" for i in range(units)]
    os_ = [f"Offering {j}" for j in range(offerings)]
    listed = {
        (us[k % units], os_[k // units]): svg.GridCell("open", "USD 1,000", "a cell's tip")
        for k in range(cells)
    }
    return us, os_, listed


@pytest.mark.parametrize(
    "shape",
    [(1, 1, 0), (2, 2, 2), (5, 4, 0), (6, 5, 10), (10, 10, 0), (30, 20, 0), (60, 40, 0),
     (60, 40, 60), (60, 40, 2400), (400, 400, 0)],
)  # fmt: skip
def test_heatmap_bytes_are_bounded_per_unit_offering_and_cell(shape: tuple[int, int, int]) -> None:
    units, offerings, cells = _grid(*shape)
    picture = svg.heatmap(units, offerings, cells, "Acme")
    items = sum(shape)
    assert len(picture) <= 1_000 + 1_500 * items
    drawn = picture.count('class="kg-cell"')
    assert drawn <= len(cells) + svg.UNEXPLORED_PER_ITEM * items


def test_an_empty_grid_is_drawn_by_one_pattern_not_cell_by_cell() -> None:
    units, offerings, _ = _grid(60, 40, 0)
    picture = svg.heatmap(units, offerings, {}, "Acme")
    assert 'fill="url(#kg-unexplored)"' in picture
    assert 'data-status="unexplored"' not in picture
    assert len(picture) < 12_000  # it was 2400 groups of about 330 bytes each
    small = svg.heatmap(["North", "South"], ["Training"], {}, "Acme")
    assert small.count('data-status="unexplored"') == 2  # few enough to draw one by one
    assert "<title>North × Training&#58; unexplored</title>" in small


def test_a_unit_listed_twice_is_drawn_once() -> None:
    cells = {("North", "Training"): svg.GridCell("won", "", "tip")}
    picture = svg.heatmap(["North", "North"], ["Training"], cells, "Acme")
    assert picture.count('data-status="won"') == 1 and picture.count(">North</text>") == 1


def _people(n: int, influences: int) -> list[svg.Person]:
    ids = [f"p{i}" for i in range(n)]
    return [
        svg.Person(
            i, f"Name {i}", "Title", ("executive", "management", "operational")[k % 3],
            "supporter", 3, False, ids[(k + 1) % n],
            tuple(ids[(k + d) % n] for d in range(1, influences + 1)),
        )
        for k, i in enumerate(ids)
    ]  # fmt: skip


@pytest.mark.parametrize(("n", "influences"), [(1, 0), (6, 2), (60, 5), (500, 0), (500, 50)])
def test_relationship_map_bytes_are_bounded_per_person_and_influence(
    n: int, influences: int
) -> None:
    picture = svg.relationship_map(_people(n, influences), "Acme")
    assert len(picture) <= 2_000 + 1_000 * n + 300 * n * influences


def test_an_influence_listed_many_times_is_one_line() -> None:
    people = _people(3, 0)
    loud = people[0]
    people[0] = svg.Person(
        loud.id, loud.name, loud.title, loud.level, loud.sentiment, loud.strength, loud.left,
        loud.reports_to, ("p1",) * 50 + ("p0",) * 50,
    )  # fmt: skip
    picture = svg.relationship_map(people, "Acme")
    assert picture.count('class="kg-influence"') == 1  # p1 once; p0 is themself


def _page_bytes(root: Path) -> int:
    from kamgen.site.data import gather
    from kamgen.site.pages import Site

    from .helpers import TODAY

    return sum(len(page) for page in Site(gather(root, TODAY)).pages().values())


def test_site_pages_grow_with_the_whitespace_file_not_its_area(tmp_path: Path) -> None:
    sizes = {}
    for units, offerings in ((6, 4), (60, 40)):
        grid = {
            "units": [f"Unit {i}" for i in range(units)],
            "offerings": [f"Offering {j}" for j in range(offerings)],
        }
        root = write(tmp_path / str(units), [plan("acme")], grids={"acme": grid})
        sizes[units] = (_page_bytes(root), len(json.dumps(grid)))
    (small, small_input), (large, large_input) = sizes[6], sizes[60]
    # Ten times the units and offerings (a hundred times the area): the pages grow by about
    # what the file grew by, not by the area of the grid.
    assert large - small <= 20 * (large_input - small_input)
