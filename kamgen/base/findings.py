"""A finding is kamgen's only way to say that data is wrong: it is plain data, rendered by
`kamgen.check.reporters` as text, JSON or GitHub annotations."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

Severity = Literal["error", "warning"]
# A path into a YAML document: mapping keys and sequence indexes, as pydantic reports them.
DocPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    file: str  # posix path relative to the portfolio root
    message: str
    account: str | None = None
    line: int | None = None  # 1-based; None when the finding concerns the file as a whole
    column: int | None = None
    # Where in the document the finding points, until `line`/`column` are resolved from it.
    path: DocPath | None = field(default=None, compare=False)
    # Point at the key rather than its value (unknown keys, duplicate keys).
    at_key: bool = field(default=False, compare=False)

    def located(self, line: int | None, column: int | None) -> Finding:
        return replace(self, line=line, column=column, path=None)

    def text(self) -> str:
        """`path:line:col: severity rule: message`, as every text output writes a finding
        (unescaped: each output escapes it for its target)."""
        where = self.file if self.line is None else f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.severity} {self.rule}: {self.message}"

    def sort_key(self) -> tuple[Any, ...]:
        return (self.file, self.line or 0, self.column or 0, self.rule, self.message)

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "account": self.account,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }
