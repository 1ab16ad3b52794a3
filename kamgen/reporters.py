"""Render findings as text (clickable `path:line:col`), JSON, or GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from kamgen.findings import Finding
from kamgen.result import Result


def printable(text: str) -> str:
    # Paths come from folder names and messages quote user values: no terminal escapes.
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def finding_lines(findings: Iterable[Finding]) -> list[str]:
    """`path:line:col: severity rule: message`, terminal-safe, one per finding."""
    lines = []
    for f in findings:
        where = f.file if f.line is None else f"{f.file}:{f.line}:{f.column}"
        lines.append(printable(f"{where}: {f.severity} {f.rule}: {f.message}"))
    return lines


def text(result: Result) -> str:
    return "\n".join(finding_lines(result.findings))


def summary(result: Result) -> str:
    return (
        f"{result.errors} error(s), {result.warnings} warning(s) in {result.files_checked} "
        f"files of {result.accounts} accounts"
    )


def as_json(result: Result) -> str:
    return json.dumps({"findings": [f.to_json() for f in result.findings]}, indent=2)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_line(f: Finding) -> str:
    props = [f"file={_escape_property(f.file)}"]
    if f.line is not None:
        props += [f"line={f.line}", f"col={f.column}"]
    props.append(f"title={_escape_property(f.rule)}")
    return f"::{f.severity} {','.join(props)}::{_escape_data(f.message)}"


def github(result: Result) -> str:
    return "\n".join(github_line(f) for f in result.findings)


def step_summary(result: Result, command: str) -> str:
    """Every finding as a Markdown table, for $GITHUB_STEP_SUMMARY."""
    from kamgen.escape import md

    head = f"### kamgen {command}: {summary(result)}\n\n"
    if not result.findings:
        return head + "No findings.\n\n"
    rows = [
        "| | rule | where | message |",
        "|---|---|---|---|",
        *(
            f"| {f.severity} | `{f.rule}` | "
            f"{md(f.file)}{'' if f.line is None else f':{f.line}:{f.column}'} | {md(f.message)} |"
            for f in result.findings
        ),
    ]
    return head + "\n".join(rows) + "\n\n"


REPORTERS: dict[str, Callable[[Result], str]] = {"text": text, "json": as_json, "github": github}
