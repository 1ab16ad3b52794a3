"""`kamgen init`: a ready portfolio repository that validates, checks clean and builds as
created, outside this repository; it never writes into a folder that is not empty."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamgen import __version__
from kamgen.edit import roundtrip
from kamgen.edit.init import PORTFOLIO_FILES
from kamgen.load import yamlsafe
from kamgen.model.schema import outdated

from .conftest import REPO
from .test_attest import snapshot
from .test_new import GROUP
from .test_review_add import option_names

TODAY = "2026-11-23"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(GROUP, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A portfolio made by `kamgen init`, in a temporary folder outside this repository, and
    the current folder inside it (as a team member would run kamgen)."""
    folder = tmp_path / "key-accounts"
    assert REPO not in folder.parents
    assert not (tmp_path / "shared").exists()  # no ../shared beside it
    code, out, err = run("init", str(folder), "--today", TODAY)
    assert (code, err) == (0, ""), err
    assert "a new portfolio" in out
    monkeypatch.chdir(folder)
    return folder


def test_init_writes_every_part_of_the_repository(created: Path) -> None:
    expected = {
        "kamgen.yaml",
        "README.md",
        "mkdocs.yml",
        "site/index.md",
        ".gitignore",
        ".pre-commit-config.yaml",
        ".vscode/settings.json",
        ".github/workflows/kamgen-pull-request.yml",
        ".github/workflows/kamgen-site.yml",
        ".github/workflows/kamgen-weekly.yml",
        "accounts/example-customer/plan.yaml",
        "accounts/example-customer/stakeholders.yaml",
        "accounts/example-customer/whitespace.yaml",
        *(f"schema/{kind}.schema.json" for kind in
          ("portfolio", "plan", "stakeholders", "whitespace", "review")),
    }  # fmt: skip
    assert set(snapshot(created)) == expected
    assert set(PORTFOLIO_FILES.values()) <= expected
    assert outdated(created / "schema") == []


def test_the_new_portfolio_validates_checks_and_builds(created: Path) -> None:
    assert run("validate")[0] == 0
    code, out, _ = run("check", "--today", TODAY, "--format", "json")
    assert code == 0
    assert [f for f in json.loads(out)["findings"] if f["severity"] == "error"] == []
    # Within the example's tier-2 plan cadence it stays clean; after it, it is stale.
    assert run("check", "--today", "2027-02-20")[0] == 0
    assert run("check", "--today", "2027-03-01")[0] == 1
    code, out, err = run("new", "acme-mining", "--name", "Acme Mining Ltd", "--tier", "1",
                         "--owner", "jmanager", "--today", TODAY)  # fmt: skip
    assert (code, err) == (0, "")
    assert run("validate")[0] == 0
    assert run("check", "--today", TODAY)[0] == 0
    code, _, err = run("build", "--today", TODAY, "--strict")
    assert code == 0, err
    assert (created / "public/index.html").is_file()
    pages = {p.parent.name for p in (created / "public/accounts").rglob("index.html")}
    assert {"example-customer", "acme-mining"} <= pages


def test_every_yaml_file_round_trips_and_quotes_its_number_keys(created: Path) -> None:
    for path in [*created.rglob("*.yaml"), *created.rglob("*.yml")]:
        text = path.read_text()
        yamlsafe.parse(text)  # kamgen's own reader accepts every file
        if path.suffix == ".yaml":
            assert roundtrip.dump(roundtrip.load(text, path.name)) == text, path
    config = (created / "kamgen.yaml").read_text()
    # yaml-language-server reads an unquoted `1:` as a number and reports a false error.
    assert 'tiers: {"1": 70, "2": 45, "3": 0}' in config
    assert re.findall(r'^  "[123]": \{plan_review', config, re.M) != []
    assert not re.search(r"^\s*[123]:|[{,] ?[123]:", config, re.M)
    for name in ("plan", "stakeholders", "whitespace"):
        first = (created / f"accounts/example-customer/{name}.yaml").read_text().splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../schema/{name}.schema.json"
    assert (
        config.splitlines()[0] == "# yaml-language-server: $schema=./schema/portfolio.schema.json"
    )


def test_workflows_and_pre_commit_pin_the_running_version(created: Path) -> None:
    workflows = created / ".github/workflows"
    installs = []
    for path in sorted(workflows.iterdir()):
        text = path.read_text()
        assert "@INSTALL" not in text and "@ROOT@" not in text
        installs += re.findall(r"pip install (.+)", text)
    assert installs
    assert set(installs) <= {f'"kamgen=={__version__}"', f'"kamgen[site]=={__version__}"'}
    assert f'"kamgen[site]=={__version__}"' in installs
    hooks = (created / ".pre-commit-config.yaml").read_text()
    assert hooks.count(f'additional_dependencies: ["kamgen=={__version__}"]') == 2
    ours = (REPO / ".pre-commit-hooks.yaml").read_text()
    for hook in ("kamgen-validate", "kamgen-check"):
        assert f"id: {hook}" in hooks and f"id: {hook}" in ours
    assert f"kamgen[site]=={__version__}" in (created / "README.md").read_text()


# pre-commit comes with the test extra, beside the running Python.
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is not installed")
def test_pre_commit_accepts_the_config(created: Path) -> None:
    binary = str(PRE_COMMIT)
    result = subprocess.run(
        [binary, "validate-config", ".pre-commit-config.yaml"],
        capture_output=True,
        text=True,
        env={**os.environ, "PRE_COMMIT_HOME": str(created.parent / "pre-commit-home")},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_site_editor_and_ignore_settings(created: Path) -> None:
    mkdocs = yamlsafe.parse((created / "mkdocs.yml").read_text())
    assert mkdocs["docs_dir"] == "site"
    assert mkdocs["theme"]["name"] == "material" and mkdocs["theme"]["font"] is False
    assert mkdocs["plugins"] == ["search", "tags", "kamgen"]
    assert (created / "site/index.md").read_text().strip()
    settings = json.loads((created / ".vscode/settings.json").read_text())
    assert settings["yaml.schemas"]["./schema/plan.schema.json"] == "accounts/*/plan.yaml"
    assert settings["yaml.schemas"]["./schema/portfolio.schema.json"] == "kamgen.yaml"
    for ignored in ("public/", ".venv/", "__pycache__/"):
        assert ignored in (created / ".gitignore").read_text()


def test_the_readme_tells_the_team_each_routine(created: Path) -> None:
    readme = (created / "README.md").read_text()
    for command in (
        "kamgen new ",
        "kamgen review add ",
        "kamgen attest ",
        "pull request",
        "kamgen check",
        "kamgen build",
    ):
        assert command in readme
    named = set(re.findall(r"`kamgen ([a-z]+)", readme))
    assert named <= {*GROUP.commands}, named - set(GROUP.commands)
    assert "../shared" not in readme


def test_a_folder_that_is_not_empty_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "existing"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me\n")
    code, out, err = run("init", str(folder), "--today", TODAY)
    assert code == 2 and out == ""
    assert "is not empty" in err and "never overwrites" in err
    assert snapshot(folder) == {"notes.txt": b"keep me\n"}


def test_a_second_init_overwrites_nothing(created: Path) -> None:
    before = snapshot(created)
    (created / "kamgen.yaml").write_text("# ours now\n" + before["kamgen.yaml"].decode())
    edited = snapshot(created)
    assert run("init", str(created), "--today", TODAY)[0] == 2
    assert snapshot(created) == edited


def test_a_file_or_a_link_is_refused(tmp_path: Path) -> None:
    afile = tmp_path / "file"
    afile.write_text("x")
    assert run("init", str(afile))[0] == 2
    target = tmp_path / "empty"
    target.mkdir()
    (tmp_path / "link").symlink_to(target)
    code, _, err = run("init", str(tmp_path / "link"))
    assert code == 2 and "symbolic link" in err
    assert list(target.iterdir()) == []


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    assert run("init", str(folder), "--today", TODAY)[0] == 0
    assert (folder / "kamgen.yaml").is_file()


def test_help_has_an_example() -> None:
    code, out, _ = run("init", "--help")
    assert code == 0 and "Example:\n    kamgen init " in out


def test_a_new_user_goes_from_nothing_to_a_built_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The path the adoption issue asks for, with the real `kamgen` group and only commands
    that its --help texts name: a portfolio, a first account, a business review recorded,
    the plan attested months later, the stale plan found and cleared, a site built."""
    from .test_cli import run as kamgen

    folder = tmp_path / "our-key-accounts"
    assert kamgen("init", str(folder), "--today", TODAY)[0] == 0
    monkeypatch.chdir(folder)
    code, _, err = kamgen("new", "acme-mining", "--name", "Acme Mining Ltd", "--tier", "2",
                          "--owner", "jmanager", "--today", TODAY)  # fmt: skip
    assert code == 0, err
    assert kamgen("validate", "--today", TODAY)[0] == 0
    code, out, err = kamgen("review", "add", "acme-mining", "--kind", "business_review",
                            "--date", TODAY, "--today", TODAY)  # fmt: skip
    assert code == 0, err
    review = folder / "accounts/acme-mining/reviews" / f"{TODAY}-business-review.yaml"
    assert review.is_file() and "reviews/" in out
    later = "2027-03-15"  # past tier 2's 92-day plan cadence
    code, out, _ = kamgen("check", "--today", later, "--format", "json")
    stale = [f for f in json.loads(out)["findings"] if f["rule"] == "stale-plan"]
    assert code == 1 and any(f["account"] == "acme-mining" for f in stale)
    hint = next(f["message"] for f in stale if f["account"] == "acme-mining")
    assert "`kamgen attest acme-mining --by <you>`" in hint
    assert kamgen("attest", "acme-mining", "--by", "jmanager", "--today", later)[0] == 0
    code, out, _ = kamgen("check", "--today", later, "--format", "json")
    assert not [f for f in json.loads(out)["findings"]
                if f["rule"] == "stale-plan" and f["account"] == "acme-mining"]  # fmt: skip
    code, _, err = kamgen("build", "--today", later, "--site-dir", str(tmp_path / "site"))
    assert code == 0, err
    home = (tmp_path / "site" / "index.html").read_text()
    assert "Acme Mining Ltd" in home


def test_the_example_plan_carries_the_lifecycle_commented(created: Path) -> None:
    plan = (created / "accounts/example-customer/plan.yaml").read_text()
    for line in (
        f"# since: {TODAY}\n",
        "# status: active          # active | churned; churned needs churned_on\n",
        f"# churned_on: {TODAY}  # the day it was lost; only with status: churned\n",
    ):
        assert line in plan
    data = yamlsafe.parse(plan)
    assert isinstance(data, dict) and not {"since", "status", "churned_on"} & set(data)


def test_the_readme_tells_how_to_record_a_loss_and_the_customers_voice(created: Path) -> None:
    readme = (created / "README.md").read_text()
    assert "## When an account is lost\n\nKeep its folder. In its `plan.yaml`, set" in readme
    assert "`status: churned` and `churned_on:`" in readme
    assert "`--csat 4.5 --nps 40 --referenceable`" in readme
    options = option_names(("review", "add"))
    for option in re.findall(r"`(--[a-z-]+)", readme):
        assert option in options | option_names(("new",)), option
