"""Every file under tests/examples/<kind>/{valid,invalid}/ becomes a test case.

An invalid example's first line says what kamgen must report: `# expect: rule line:col`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from kamgen.base.findings import Finding
from kamgen.check.locate import locate
from kamgen.load import yamlsafe
from kamgen.load.portfolio import FsSource, load_file
from kamgen.model import FileKind
from kamgen.model.schema import schema_for
from kamgen.rules.registry import RULES

from .conftest import EXAMPLES

_EXPECT = re.compile(rb"^# expect: ([a-z-]+) (\d+):(\d+)")


def _cases(verdict: str) -> list[Any]:
    return [
        pytest.param(path.parent.parent.name, path, id=f"{path.parent.parent.name}/{path.name}")
        for path in sorted(EXAMPLES.glob(f"*/{verdict}/*.yaml"))
    ]


def _findings(kind: FileKind, path: Path) -> tuple[Any, list[Finding]]:
    source = FsSource(path.parent)
    loaded, findings = load_file(source, path.name, kind, None)
    return loaded, locate(findings, source)


@pytest.mark.usefixtures("parser")
@pytest.mark.parametrize(("kind", "path"), _cases("valid"))
def test_valid_example_has_no_findings(kind: FileKind, path: Path) -> None:
    loaded, findings = _findings(kind, path)
    assert findings == []
    assert loaded is not None and loaded.model is not None


@pytest.mark.usefixtures("parser")
@pytest.mark.parametrize(("kind", "path"), _cases("invalid"))
def test_invalid_example_is_found_at_its_line(kind: FileKind, path: Path) -> None:
    match = _EXPECT.match(path.read_bytes())
    assert match, f"{path} must start with '# expect: rule line:col'"
    rule, line, col = match[1].decode(), int(match[2]), int(match[3])
    _, findings = _findings(kind, path)
    got = [(f.rule, f.line, f.column) for f in findings]
    assert (rule, line, col) in got, got
    assert all(f.severity == "error" and f.file == path.name for f in findings)


def _data(path: Path) -> Any:
    return yamlsafe.parse(yamlsafe.decode(path.read_bytes()))


_SCHEMA_RULES = {r.id for r in RULES.values() if r.kind == "schema"} | {"not-a-mapping"}


def _agreement_cases() -> list[Any]:
    cases = _cases("valid")
    for case in _cases("invalid"):
        match = _EXPECT.match(case.values[1].read_bytes())
        if match and match[1].decode() in _SCHEMA_RULES:
            cases.append(case)
    return cases


@pytest.mark.parametrize(("kind", "path"), _agreement_cases())
def test_json_schema_agrees_with_models(kind: FileKind, path: Path) -> None:
    """The committed JSON Schema and the models give every example the same verdict."""
    data = _data(path)
    validator = jsonschema.Draft202012Validator(
        schema_for(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    schema_ok = validator.is_valid(data)
    _, findings = _findings(kind, path)
    assert schema_ok == (not findings), (schema_ok, findings)
