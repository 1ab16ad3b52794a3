"""`.pre-commit-hooks.yaml` on a sample portfolio repository, as a team would use it:
pre-commit installs kamgen from this checkout into an environment of its own, so this is also
a test that the package installs cleanly, and that the hooks need no more than the base
install (no MkDocs)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .gitrepo import TODAY, make_repo, sh
from .helpers import edit

REPO = Path(__file__).resolve().parent.parent
HOOKS = ["kamgen-check", "kamgen-validate"]

# pre-commit installs kamgen into a fresh environment: tens of seconds, once for the module.
pytestmark = pytest.mark.slow

RunHooks = Callable[..., subprocess.CompletedProcess[str]]


def snapshot(target: Path) -> str:
    """This checkout as it is on disk, uncommitted and new files included, committed in a
    repository of its own; its revision."""
    listed = sh(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        source, copy = REPO / name, target / name
        if not source.is_symlink() and not source.is_file():
            continue  # deleted in the working tree
        copy.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            copy.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, copy)
    sh(target, "init", "-q")
    sh(target, "add", "-A")
    sh(target, "commit", "-qm", "kamgen as on disk")
    return sh(target, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="module")
def run_hooks(tmp_path_factory: pytest.TempPathFactory, home: Path) -> RunHooks:
    """`pre-commit run` of this checkout's hooks on the staged files, the way a team's
    .pre-commit-config.yaml names them. Not `pre-commit try-repo`: that installs kamgen into
    a new temporary store on every call, a minute each; one repository at one revision in
    one PRE_COMMIT_HOME is installed once."""
    hooks = tmp_path_factory.mktemp("kamgen-hooks")
    entry = {"repo": str(hooks), "rev": snapshot(hooks), "hooks": [{"id": h} for h in HOOKS]}
    config = tmp_path_factory.mktemp("config") / "pre-commit-config.yaml"
    config.write_text(json.dumps({"repos": [entry]}), encoding="utf-8")  # JSON is YAML
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "KAMGEN_TODAY": TODAY}

    def run(cwd: Path, *hook: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--config", str(config), "--color",
             "never", *hook],
            cwd=cwd, env=env, capture_output=True, text=True,
        )  # fmt: skip

    return run


def outcomes(done: subprocess.CompletedProcess[str]) -> dict[str, str]:
    return dict(re.findall(r"^(kamgen \w+)\.+(\w+)$", done.stdout, re.M))


def test_hooks_pass_a_valid_change_and_block_a_broken_one(
    run_hooks: RunHooks, tmp_path: Path
) -> None:
    root = make_repo(tmp_path / "portfolio")
    edit(root / "accounts/a/plan.yaml", '"potential": 3', '"potential": 5')
    sh(root, "add", "-A")
    # b's plan is stale, but this commit touches only a: the hooks report for the staged files
    done = run_hooks(root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert outcomes(done) == {"kamgen validate": "Passed", "kamgen check": "Passed"}

    edit(root / "accounts/a/plan.yaml", '"tier": 2', '"tier": 7')
    sh(root, "add", "-A")
    done = run_hooks(root, "kamgen-validate")
    assert done.returncode == 1
    assert re.search(r"^accounts/a/plan\.yaml:\d+:10: error invalid-value: ", done.stdout, re.M)


def test_check_hook_blocks_a_stale_plan_when_its_account_is_committed(
    run_hooks: RunHooks, tmp_path: Path
) -> None:
    root = make_repo(tmp_path / "portfolio")
    edit(root / "accounts/b/plan.yaml", '"name": "B"', '"name": "B renamed"')
    sh(root, "add", "-A")
    done = run_hooks(root)
    assert done.returncode == 1
    assert outcomes(done) == {"kamgen validate": "Passed", "kamgen check": "Failed"}
    assert re.search(r"^accounts/b/plan\.yaml:\d+:\d+: error stale-plan: ", done.stdout, re.M)


def test_the_hooks_share_one_environment_without_the_site_extra(
    run_hooks: RunHooks, home: Path, tmp_path: Path
) -> None:
    root = make_repo(tmp_path / "portfolio")
    edit(root / "accounts/a/plan.yaml", '"potential": 3', '"potential": 5')
    sh(root, "add", "-A")
    done = run_hooks(root)
    assert outcomes(done) == {"kamgen validate": "Passed", "kamgen check": "Passed"}, done.stdout
    # Every run in this module used one environment, made the way `language: python` makes
    # it: `pip install .` without extras. So the hooks run without MkDocs.
    pythons = sorted(home.glob("*/py_env-*/bin/python"))
    assert len(pythons) == 1, pythons
    probe = (
        "import importlib.util as u, json, sys; "
        "print(json.dumps([u.find_spec(m) is not None for m in sys.argv[1:]]))"
    )
    modules = ["kamgen", "mkdocs", "material", "pathspec", "yaml"]
    done = subprocess.run(
        [str(pythons[0]), "-c", probe, *modules], capture_output=True, text=True, check=True
    )
    installed = dict(zip(modules, json.loads(done.stdout), strict=True))
    assert installed == {m: m == "kamgen" for m in modules}
