from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from kamgen.base.findings import Finding
from kamgen.check.validate import Options, execute

TODAY = dt.date(2026, 11, 23)


def findings(root: Path, today: dt.date = TODAY, *files: Path) -> list[Finding]:
    return execute(Options(root=root, today=today)).narrowed(root, files).findings


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def brief(items: list[Finding]) -> list[tuple[str, str, int | None]]:
    return [(f.rule, f.file, f.line) for f in items]


def days_ago(n: int) -> str:
    """The ISO date n days before TODAY, as a plan would hold it."""
    return (TODAY - dt.timedelta(days=n)).isoformat()


def demo_copy(tmp_path: Path) -> Path:
    """A copy of the demo portfolio this repository ships (kamgen.yaml and accounts/)."""
    repo = Path(__file__).resolve().parent.parent
    root = tmp_path / "demo"
    root.mkdir()
    shutil.copy(repo / "kamgen.yaml", root / "kamgen.yaml")
    shutil.copytree(repo / "accounts", root / "accounts")
    return root
