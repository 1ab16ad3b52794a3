"""Locating findings: the same lines and columns as composing the whole document, for less.

The reference is ruamel's own composer: the start mark of every node, looked up the way
`Positions.locate` always has (the key, the value, or the nearest ancestor that exists).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from kamgen.base.findings import DocPath, Finding
from kamgen.check.locate import locate
from kamgen.check.validate import Options, analyse
from kamgen.load import yamlsafe
from kamgen.load.portfolio import FsSource

from .conftest import EXAMPLES, MINIMAL
from .helpers import TODAY, append

A = "accounts/alpha"
PLAN = f"{A}/plan.yaml"
STAKEHOLDERS = f"{A}/stakeholders.yaml"
PARSERS = [False, True] if yamlsafe.HAVE_C_PARSER else [True]


def _whole(text: str) -> yamlsafe.Positions:
    """Every node's position, from a composer that shares no code with kamgen's."""
    positions = yamlsafe.Positions()
    root = YAML(typ="safe", pure=True).compose(text)
    todo: list[tuple[DocPath, Node]] = [((), root)] if root is not None else []
    while todo:
        path, node = todo.pop()
        positions.value[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, MappingNode):
            for key, value in node.value:
                child = (*path, key.value)
                positions.key[child] = (key.start_mark.line + 1, key.start_mark.column + 1)
                todo.append((child, value))
        elif isinstance(node, SequenceNode):
            todo += [((*path, index), value) for index, value in enumerate(node.value)]
    return positions


def _asked(whole: yamlsafe.Positions) -> list[DocPath]:
    """Every path in the document, and paths just beside them that are not in it."""
    paths = list(whole.value)
    return paths + [(*p, "absent") for p in paths] + [(*p, 99, "x") for p in paths] + [("x",)]


def _assert_same(text: str, wanted: list[DocPath], pure: bool) -> None:
    whole = _whole(text)
    found = yamlsafe.find_positions(text, wanted, pure=pure)
    for path in wanted:
        for at_key in (False, True):
            assert found.locate(path, at_key) == whole.locate(path, at_key), (path, at_key)


def _files() -> list[Path]:
    valid = sorted(EXAMPLES.glob("*/valid/*.yaml"))
    return valid + sorted(MINIMAL.rglob("*.yaml"))


@pytest.mark.parametrize("pure", PARSERS)
@pytest.mark.parametrize("path", _files(), ids=lambda p: "/".join(p.parts[-3:]))
def test_every_path_of_real_files_is_where_the_whole_document_puts_it(
    path: Path, pure: bool
) -> None:
    text = yamlsafe.decode(path.read_bytes())
    whole = _whole(text)
    assert len(whole.value) > 1  # the reference saw the document
    asked = _asked(whole)
    _assert_same(text, asked, pure)  # all at once
    for one in asked:  # and each alone, so that stopping early is exercised
        _assert_same(text, [one], pure)


_keys = st.sampled_from(["id", "name", "tier", "stakeholders", "units", "on", "x", "1"])
_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.text(st.characters(categories=["L", "N", "P", "S", "Zs"]), max_size=12),
    ),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=5),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(
    value=st.dictionaries(_keys, _values, min_size=1, max_size=6),
    flow=st.booleans(),
    picks=st.lists(st.integers(min_value=0), max_size=4),
    pure=st.sampled_from(PARSERS),
)
def test_any_wanted_paths_are_where_the_whole_document_puts_them(
    value: object, flow: bool, picks: list[int], pure: bool
) -> None:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow
    out = io.StringIO()
    yaml.dump(value, out)
    text = out.getvalue()
    try:  # only a file that loaded has findings to locate
        yamlsafe.parse(text, pure=pure)
    except yamlsafe.LoadError:
        assume(False)
    asked = _asked(_whole(text))
    _assert_same(text, [asked[i % len(asked)] for i in picks], pure)


def _counting_events(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    counted: Counter[str] = Counter()
    real = yamlsafe.event_source

    def source(pure: bool = False) -> Callable[[str], Iterator[Any]]:
        def events(text: str) -> Iterator[Any]:
            for event in real(pure)(text):
                counted["events"] += 1
                yield event

        return events

    monkeypatch.setattr(yamlsafe, "event_source", source)
    return counted


LONG = "tier: 1\nstakeholders:\n" + "".join(
    f"  - {{id: p{i}, level: executive}}\n" for i in range(200)
)


def test_reading_stops_once_every_wanted_path_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    counted = _counting_events(monkeypatch)
    found = yamlsafe.find_positions(LONG, [("tier",), ("stakeholders",)])
    assert found.locate(("tier",)) == (1, 7)
    assert found.locate(("stakeholders",), at_key=True) == (2, 1)
    # A wanted list is found at its start: nothing inside it needs reading.
    assert counted["events"] < 10


def test_an_absent_path_is_known_absent_when_its_container_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    counted = _counting_events(monkeypatch)
    found = yamlsafe.find_positions(LONG, [("stakeholders", 3, "sentiment")])
    assert found.locate(("stakeholders", 3, "sentiment")) == (6, 5)  # the stakeholder
    # Its mapping ended, so the other 196 stakeholders (over 1000 events) are not read.
    assert counted["events"] < 40


def test_deep_nesting_is_walked_without_recursion() -> None:
    depth = 20000
    text = "[" * depth + "]" * depth
    assert yamlsafe.find_positions(text, [(0, 0, 0, "x")]).locate((0, 0, 0, "x")) == (1, 4)


class _Counting:
    """A source that counts reads, by file."""

    def __init__(self, root: Path) -> None:
        self.inner = FsSource(root)
        self.reads: Counter[str] = Counter()

    def listdir(self, rel: str) -> Any:
        return self.inner.listdir(rel)

    def read(self, rel: str) -> bytes:
        self.reads[rel] += 1
        return self.inner.read(rel)

    def link_target(self, rel: str) -> str | None:
        return self.inner.link_target(rel)

    def version(self, rel: str) -> str | None:
        return self.inner.version(rel)


_real_parse = yamlsafe.parse


def _count_walks(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times `locate` walks each file (by the text it walks: files differ here)."""
    walks: Counter[str] = Counter()
    real = yamlsafe.find_positions

    def counting(text: str, wanted: Any, *, pure: bool = False) -> yamlsafe.Positions:
        walks[text] += 1
        return real(text, wanted, pure=pure)

    def no_parse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("locate composes no document")

    monkeypatch.setattr(yamlsafe, "find_positions", counting)
    monkeypatch.setattr(yamlsafe, "parse", no_parse)
    return walks


def _finding(file: str, path: DocPath | None, line: int | None = None) -> Finding:
    return Finding("stale-plan", "warning", file, "m", "alpha", line, path=path)


def test_each_file_with_findings_is_read_and_walked_once(
    portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _Counting(portfolio)
    findings = [
        _finding(PLAN, ("tier",)),
        _finding(PLAN, ("reviewed", "on")),
        _finding(PLAN, ("tier",)),
        _finding(STAKEHOLDERS, ("stakeholders", 0, "level")),
        _finding(STAKEHOLDERS, ("stakeholders",)),
        _finding(f"{A}/whitespace.yaml", ("cells",), line=3),  # already located
        _finding("kamgen.yaml", None),  # about the file as a whole
    ]
    walks = _count_walks(monkeypatch)
    located = locate(findings, source)
    assert source.reads == {PLAN: 1, STAKEHOLDERS: 1}
    assert sorted(walks.values()) == [1, 1]
    plan = (portfolio / PLAN).read_text().splitlines()
    assert [(f.line, f.column) for f in located[:3]] == [(4, 7), (16, 16), (4, 7)]
    assert plan[3].startswith("tier:") and plan[15].startswith("reviewed: {on:")
    stakeholders = (portfolio / STAKEHOLDERS).read_text().splitlines()
    assert [(f.line, f.column) for f in located[3:5]] == [
        (3, stakeholders[2].index("executive") + 1),
        (3, 3),
    ]
    assert located[5].line == 3 and located[6].line is None


def test_a_finding_without_a_path_reads_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    class Refusing(_Counting):
        def read(self, rel: str) -> bytes:
            raise AssertionError(f"{rel} was read")

    _count_walks(monkeypatch)
    findings = [_finding(PLAN, None), _finding(STAKEHOLDERS, None)]
    assert locate(findings, Refusing(MINIMAL)) == findings


def test_a_whole_run_reads_again_only_files_with_findings_to_locate(
    portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _Counting(portfolio)
    walks = _count_walks(monkeypatch)
    monkeypatch.setattr(yamlsafe, "parse", _real_parse)  # loading parses, of course
    analysis = analyse(Options(portfolio, TODAY, policy=True), source)
    located = {f.file for f in analysis.findings if f.line is not None}
    assert located == {PLAN, STAKEHOLDERS}  # the policy findings of the fixture
    assert sorted(walks.values()) == [1, 1]
    # Once to load, and once more only for a file whose findings needed a line.
    assert source.reads == {rel: 2 if rel in located else 1 for rel in source.reads}
    assert len(source.reads) == 5


def test_findings_about_a_file_that_did_not_parse_point_at_its_start(
    portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Broken below `stakeholders:`, where a walk that stops early would not look: the policy
    # rules, finding no stakeholders, point into the file; they point at its start, as before.
    append(portfolio / STAKEHOLDERS, "  - {id: x\n  oops: [\n")
    source = _Counting(portfolio)
    walks = _count_walks(monkeypatch)
    monkeypatch.setattr(yamlsafe, "parse", _real_parse)
    analysis = analyse(Options(portfolio, TODAY, policy=True), source)
    about = [f for f in analysis.findings if f.file == STAKEHOLDERS]
    assert {f.rule for f in about} >= {"yaml-syntax", "thin-map", "no-decision-maker"}
    assert all((f.line, f.column) == (1, 1) for f in about if f.rule != "yaml-syntax")
    assert source.reads[STAKEHOLDERS] == 1  # loading only
    assert sorted(walks.values()) == [1]  # the plan


def test_a_file_changed_since_loading_into_nonsense_points_at_its_start(portfolio: Path) -> None:
    (portfolio / PLAN).write_text("tier: [\n")
    located = locate([_finding(PLAN, ("tier",))], FsSource(portfolio))
    assert (located[0].line, located[0].column) == (1, 1)


def test_a_file_gone_since_loading_points_at_its_start(portfolio: Path) -> None:
    (portfolio / PLAN).unlink()
    located = locate([_finding(PLAN, ("tier",))], FsSource(portfolio))
    assert (located[0].line, located[0].column) == (1, 1)
