"""The outcome of validate/check as plain data: what reporters render and the cache stores."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kamgen.base.errors import UsageError
from kamgen.base.findings import Finding
from kamgen.load.root import ACCOUNTS, CONFIG


@dataclass
class Result:
    findings: list[Finding]
    files_checked: int
    accounts: int
    # When FILES narrowed the report: how many accounts it shows, and the errors left out.
    shown: int | None = None
    elsewhere: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def to_json(self) -> dict[str, Any]:
        return {
            "findings": [f.to_json() for f in self.findings],
            "files_checked": self.files_checked,
            "accounts": self.accounts,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Result:
        return cls(
            [Finding(**f) for f in data["findings"]], data["files_checked"], data["accounts"]
        )

    @classmethod
    def parse(cls, data: dict[str, Any]) -> Result | None:
        """A cached result, or None when it does not have the shape this version writes."""
        try:
            return cls.from_json(data)
        except (KeyError, TypeError, ValueError):
            return None

    def narrowed(self, root: Path, files: tuple[Path, ...]) -> Result:
        """Only the findings for the accounts (or files) that `files` belong to.

        Files are still checked in the context of the whole portfolio; kamgen.yaml (or the
        root or accounts/ folder) among them means every account, since settings touch them
        all. A folder accounts/<id> means that account.
        """
        if not files:
            return self
        accounts: set[str] = set()
        rels: set[str] = set()
        for given in files:
            try:
                rel = given.resolve().relative_to(root).as_posix()
            except ValueError:
                raise UsageError(f"{given} is outside the portfolio at {root}") from None
            if rel in (CONFIG, ".", ACCOUNTS):
                return self
            parts = rel.split("/")
            if len(parts) >= 2 and parts[0] == ACCOUNTS:
                accounts.add(parts[1])
            rels.add(rel)
        kept = [f for f in self.findings if f.account in accounts or f.file in rels]
        left = sum(1 for f in self.findings if f.severity == "error") - sum(
            1 for f in kept if f.severity == "error"
        )
        return replace(self, findings=kept, shown=len(accounts), elsewhere=left)
