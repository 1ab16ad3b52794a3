"""`.pre-commit-hooks.yaml`, driven through `pre-commit try-repo` on a sample portfolio
repository, as a team would use it. pre-commit installs kamgen from this checkout into an
environment of its own, so this is also a test that the package installs cleanly."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .gitrepo import TODAY, make_repo, sh
from .helpers import edit

REPO = Path(__file__).resolve().parent.parent


def try_repo(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "KAMGEN_TODAY": TODAY}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), *args, "--color", "never"],
        cwd=cwd, env=env, capture_output=True, text=True,
    )  # fmt: skip


def outcomes(done: subprocess.CompletedProcess[str]) -> dict[str, str]:
    return dict(re.findall(r"^(kamgen \w+)\.+(\w+)$", done.stdout, re.M))


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def test_hooks_pass_a_valid_change_and_block_a_broken_one(home: Path, tmp_path: Path) -> None:
    root = make_repo(tmp_path / "portfolio")
    edit(root / "accounts/a/plan.yaml", '"potential": 3', '"potential": 5')
    sh(root, "add", "-A")
    # b's plan is stale, but this commit touches only a: the hooks report for the staged files
    done = try_repo(root, home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert outcomes(done) == {"kamgen validate": "Passed", "kamgen check": "Passed"}

    edit(root / "accounts/a/plan.yaml", '"tier": 2', '"tier": 7')
    sh(root, "add", "-A")
    done = try_repo(root, home, "kamgen-validate")
    assert done.returncode == 1
    assert re.search(r"^accounts/a/plan\.yaml:\d+:10: error invalid-value: ", done.stdout, re.M)


def test_check_hook_blocks_a_stale_plan_when_its_account_is_committed(
    home: Path, tmp_path: Path
) -> None:
    root = make_repo(tmp_path / "portfolio")
    edit(root / "accounts/b/plan.yaml", '"name": "B"', '"name": "B renamed"')
    sh(root, "add", "-A")
    done = try_repo(root, home)
    assert done.returncode == 1
    assert outcomes(done) == {"kamgen validate": "Passed", "kamgen check": "Failed"}
    assert re.search(r"^accounts/b/plan\.yaml:\d+:\d+: error stale-plan: ", done.stdout, re.M)
