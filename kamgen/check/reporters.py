"""Render findings as text (clickable `path:line:col`), JSON, or GitHub annotations.

Paths come from folder names and messages quote user values, so each format escapes them for
its own target (kamgen.base.escape): a terminal, strict JSON, a workflow command, GFM.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kamgen.base.escape import github as gh
from kamgen.base.escape import json as strict_json
from kamgen.base.escape.markdown import code, md
from kamgen.base.escape.terminal import printable
from kamgen.base.findings import Finding
from kamgen.base.versions import versions
from kamgen.check.result import Result

__all__ = ["REPORTERS", "finding_lines", "github_line", "printable", "step_summary", "summary"]


def finding_lines(findings: Iterable[Finding]) -> list[str]:
    """`path:line:col: severity rule: message`, terminal-safe, one per finding."""
    return [printable(f.text()) for f in findings]


def text(result: Result) -> str:
    return "\n".join(finding_lines(result.findings))


def summary(result: Result) -> str:
    """One line; when FILES narrowed the report, it says so and counts what it left out, so
    that a clean narrowed run never reads as a clean portfolio."""
    line = (
        f"{result.errors} error(s), {result.warnings} warning(s) in {result.files_checked} "
        f"files of {result.accounts} accounts"
    )
    if result.shown is not None:
        line += f"; showing {result.shown} of them, and {result.elsewhere} error(s) in the others"
    return line


def as_json(result: Result) -> str:
    return strict_json.dumps(
        {**versions(), "findings": [f.to_json() for f in result.findings]}, ensure_ascii=True
    )


def github_line(f: Finding) -> str:
    column = f.column if f.line is not None else None
    return gh.annotation(f.severity, f.message, file=f.file, line=f.line, col=column, title=f.rule)


def github(result: Result) -> str:
    return "\n".join(github_line(f) for f in result.findings)


# GitHub refuses a step summary over 1 MiB; each step appends its own, so leave room.
SUMMARY_BYTES = 900 * 1024


def step_summary(result: Result, command: str, limit: int = SUMMARY_BYTES) -> str:
    """Every finding as a Markdown table, for $GITHUB_STEP_SUMMARY, as far as GitHub takes
    it; the rest is counted, never silently dropped."""
    head = f"### kamgen {md(command)}: {summary(result)}\n\n"
    if not result.findings:
        return head + "No findings.\n\n"
    rows = ["| | rule | where | message |", "|---|---|---|---|"]
    size = len(head.encode()) + 200
    for shown, f in enumerate(result.findings):
        where = f"{md(f.file)}{'' if f.line is None else f':{f.line}:{f.column}'}"
        row = f"| {f.severity} | {code(f.rule)} | {where} | {md(f.message)} |"
        size += len(row.encode()) + 1
        if size > limit:
            left = len(result.findings) - shown
            rows.append(f"\n{left} more findings are not shown here (GitHub takes 1 MiB); "
                        f"run `kamgen {command}` to see them all.")  # fmt: skip
            break
        rows.append(row)
    return head + "\n".join(rows) + "\n\n"


REPORTERS: dict[str, Callable[[Result], str]] = {"text": text, "json": as_json, "github": github}
