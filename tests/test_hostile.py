"""Hostile input at the file and folder level, and property tests: never a traceback."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamgen.load import yamlsafe
from kamgen.load.portfolio import FsSource, load_file
from kamgen.model import FileKind

from .helpers import brief, findings

A = "accounts/alpha"


def test_file_over_one_mebibyte_is_refused_unread(portfolio: Path) -> None:
    plan = portfolio / A / "plan.yaml"
    plan.write_bytes(plan.read_bytes() + b"# " + b"x" * (1024 * 1024) + b"\n")
    got = findings(portfolio)
    assert brief(got) == [("file-too-large", f"{A}/plan.yaml", None)]
    assert got[0].message.startswith("file is ")


def test_symlink_is_not_followed(portfolio: Path) -> None:
    plan = portfolio / A / "plan.yaml"
    plan.unlink()
    plan.symlink_to("/dev/zero")
    got = findings(portfolio)
    assert brief(got) == [("symlink", f"{A}/plan.yaml", None)]
    assert "is a symbolic link to /dev/zero" in got[0].message


def test_fifo_is_not_read(portfolio: Path) -> None:
    stake = portfolio / A / "stakeholders.yaml"
    stake.unlink()
    os.mkfifo(stake)
    assert brief(findings(portfolio))[0][:2] == ("missing-file", f"{A}/stakeholders.yaml")


def test_account_folder_with_nothing_in_it(portfolio: Path) -> None:
    (portfolio / "accounts/empty").mkdir()
    got = {(f.rule, f.file) for f in findings(portfolio)}
    assert got == {
        ("missing-file", "accounts/empty/plan.yaml"),
        ("missing-file", "accounts/empty/stakeholders.yaml"),
        ("missing-file", "accounts/empty/whitespace.yaml"),
    }


def test_broken_config_still_checks_accounts(portfolio: Path) -> None:
    (portfolio / "kamgen.yaml").write_text("schema_version: 1\nportfolio: [\n")
    (portfolio / A / "plan.yaml").write_text("schema_version: 1\nid: alpha\n")
    rules = {(f.rule, f.file) for f in findings(portfolio)}
    assert ("yaml-syntax", "kamgen.yaml") in rules
    assert ("missing-field", f"{A}/plan.yaml") in rules


KINDS: list[FileKind] = ["portfolio", "plan", "stakeholders", "whitespace", "review"]


def _load(tmp: Path, kind: FileKind, data: bytes) -> None:
    (tmp / "f.yaml").write_bytes(data)
    loaded, found = load_file(FsSource(tmp), "f.yaml", kind, None)
    assert loaded is not None or found
    for f in found:
        assert f.severity == "error" and f.rule and f.message


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(kind=st.sampled_from(KINDS), data=st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(tmp_path: Path, kind: FileKind, data: bytes) -> None:
    _load(tmp_path, kind, data)


_yaml_text = st.lists(
    st.sampled_from(
        [*"ab1-:{}[],'\"#&*!|>%@` \n.?~\t", "\u202e", "é", "0x", ".nan", "  ", "- ", ": ", "\n  "]
    ),
    max_size=80,
).map("".join)


@settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(kind=st.sampled_from(KINDS), text=_yaml_text)
def test_arbitrary_yaml_like_text_never_raises(tmp_path: Path, kind: FileKind, text: str) -> None:
    _load(tmp_path, kind, text.encode())


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(["2026-10-14", "executive", "open", "tnyathi", "1", "USD"]),
)
_keys = st.sampled_from(
    [
        "schema_version",
        "id",
        "name",
        "tier",
        "owner",
        "stakeholders",
        "units",
        "cells",
        "date",
        "kind",
        "portfolio",
        "scoring",
        "criteria",
        "tiers",
        "level",
        "status",
        "x",
    ]
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=5),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(KINDS), value=st.dictionaries(_keys, _values, max_size=8))
def test_arbitrary_structures_give_findings_not_exceptions(kind: FileKind, value: object) -> None:
    from kamgen.load.structure import check_model

    model, found = check_model(kind, value, "f.yaml", None)
    assert (model is None) == bool(found)


def _dump(value: object, flow: bool) -> str:
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow
    out = io.StringIO()
    yaml.dump(value, out)
    return out.getvalue()


# Text as plans hold it. Exotic plain scalars (`:0` in a flow list, `|#`) are where libyaml,
# a YAML 1.1 parser, and the pure 1.2 parser part ways; kamgen treats the C parser as the
# reference there, and both still end in data or a finding.
_plan_text = st.text(
    alphabet=st.characters(categories=["L", "N"], include_characters=" .,-'&()/éü"),
    max_size=20,
)
_plan_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), _plan_text),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=5),
    max_leaves=20,
)


@pytest.mark.skipif(not yamlsafe.HAVE_C_PARSER, reason="no C parser (libyaml) to compare with")
@settings(max_examples=300, deadline=None)
@given(value=st.dictionaries(_keys, _plan_values, min_size=1, max_size=8), flow=st.booleans())
def test_c_and_pure_parsers_agree_on_well_formed_yaml(value: object, flow: bool) -> None:
    """On well-formed YAML both parsers give the same data or the same finding.

    (On some malformed input they differ: libyaml accepts `|#`, which the spec forbids.
    Both still end in a finding or data, never a traceback, as the tests above show.)
    """
    text = _dump(value, flow)

    def outcome(pure: bool) -> object:
        try:
            return yamlsafe.parse(text, pure=pure)
        except yamlsafe.LoadError as exc:
            return exc.problems

    assert outcome(False) == outcome(True)


@settings(max_examples=300, deadline=None)
@given(text=_yaml_text)
def test_pure_parser_never_raises(text: str) -> None:
    with contextlib.suppress(yamlsafe.LoadError):
        yamlsafe.parse(text, pure=True)
