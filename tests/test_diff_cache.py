"""`kamgen diff` answers a repeated question from its cache, and never a changed one."""

from __future__ import annotations

from pathlib import Path

import pytest

from .gitrepo import TODAY, make_repo
from .helpers import edit
from .test_cli import run


def test_a_repeated_diff_is_answered_from_the_cache_and_an_edit_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KAMGEN_CACHE_DIR", str(tmp_path / "cache"))
    root = make_repo(tmp_path / "portfolio")
    edit(root / "accounts/a/plan.yaml", '"potential": 3', '"potential": 5')
    args = ("diff", "main", "--root", str(root), "--today", TODAY, "--format", "json")
    code, first, err = run(*args)
    assert code == 0, err

    import kamgen.report.diff as computing

    calls: list[str] = []
    real = computing.execute

    def counted(*args: object) -> object:
        calls.append("computed")
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(computing, "execute", counted)
    assert run(*args) == (0, first, "")  # the same base, tree, date and format: the cache
    assert calls == []
    edit(root / "accounts/a/plan.yaml", '"potential": 5', '"potential": 4')
    code, changed, _ = run(*args)  # the tree changed: never the old answer
    assert code == 0 and calls == ["computed"] and changed != first
    assert run(*args, "--no-cache")[1] == changed and calls == ["computed", "computed"]
