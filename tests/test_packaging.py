"""Packaging matches use: every third-party module kamgen imports is declared, every declared
dependency is used, and the site's dependencies are an extra that the base commands
(validate, check, report, diff, schema, docs) never import."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from kamgen.cli.site import SITE_EXTRA

from .gitrepo import TODAY, make_repo
from .helpers import edit

REPO = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
EXTRAS = PROJECT["optional-dependencies"]
INSTALL = "pip install 'kamgen[site]'"

# Declared but never named in an import statement, and why they are needed all the same.
LOADED_BY_NAME = {
    "ruamel-yaml-clibz": "libyaml's C parser, which ruamel.yaml loads when it is installed",
    "mkdocs-material": "the site's theme, which MkDocs loads by its name in mkdocs.yml",
}


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def names(requirements: list[str]) -> set[str]:
    """The distribution names of PEP 508 requirement strings (extras and versions dropped)."""
    found = set()
    for requirement in requirements:
        match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
        assert match, requirement
        found.add(normalised(match.group(0)))
    return found


def imported(files: list[Path]) -> set[str]:
    """The distributions of the third-party modules these files import, anywhere in them."""
    modules = set()
    for file in files:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.partition(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.partition(".")[0])
    modules -= {*sys.stdlib_module_names, "kamgen", "__future__"}
    owners = packages_distributions()
    unknown = sorted(m for m in modules if m not in owners)
    assert unknown == [], f"imported but installed by no distribution: {unknown}"
    return {normalised(d) for m in modules for d in owners[m]}


SOURCES = sorted((REPO / "kamgen").rglob("*.py"))
SITE = [f for f in SOURCES if f.relative_to(REPO / "kamgen").parts[0] == "site"]
BASE = [f for f in SOURCES if f not in SITE]


def test_the_base_install_declares_what_the_base_commands_import() -> None:
    assert SITE and BASE
    base = names(PROJECT["dependencies"])
    assert imported(BASE) - base == set()
    # jsonschema, declared here while only the tests used it, failed this.
    assert base - imported(BASE) - LOADED_BY_NAME.keys() == set()


def test_the_site_extra_declares_what_the_site_imports() -> None:
    site = names(EXTRAS["site"])
    assert imported(SITE) - names(PROJECT["dependencies"]) - site == set()
    assert site - imported(SITE) - LOADED_BY_NAME.keys() == set()
    # What `kamgen build` checks for before it starts is exactly this extra.
    assert {normalised(d) for d in SITE_EXTRA.values()} == site


def test_the_test_extra_installs_the_site_and_the_schema_validator() -> None:
    test = names(EXTRAS["test"])
    assert "kamgen" in test and "kamgen[site]" in EXTRAS["test"]
    assert "jsonschema" in test  # tests/test_examples.py and test_bounds.py use it
    installed = test | names(EXTRAS["site"]) | names(PROJECT["dependencies"])
    assert imported(sorted((REPO / "tests").glob("*.py"))) - installed == set()


# Runs the CLI with the site extra's modules unimportable, as in `pip install kamgen`; each
# import attempt is written to stderr so that the test sees one even if something catches it.
WITHOUT = """
import sys

BLOCKED = set(sys.argv.pop(1).split(","))
assert not BLOCKED & {name.partition(".")[0] for name in sys.modules}, "imported too early"


class Uninstalled:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            print("blocked import of " + name, file=sys.stderr)
            raise ModuleNotFoundError("No module named " + repr(name), name=name)
        return None


sys.meta_path.insert(0, Uninstalled())
sys.argv[0] = "kamgen"
from kamgen.cli.main import main

main()
"""


def without(blocked: set[str], *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT, ",".join(sorted(blocked)), *args],
        cwd=cwd, env={**os.environ, "KAMGEN_TODAY": TODAY},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


# Each base command, its exit status on the sample repository (b's plan is stale, a was
# edited on this branch) and what it must have produced.
BASE_COMMANDS = {
    "validate": (0, lambda out, root: out == ""),
    "check": (1, lambda out, root: "error stale-plan" in out),
    "report --format json": (0, lambda out, root: json.loads(out)["portfolio"]["accounts"] == 2),
    "diff main": (0, lambda out, root: "60 → 85" in out),  # a's selection score
    "schema": (0, lambda out, root: (root / "schema/plan.schema.json").is_file()),
    "docs": (0, lambda out, root: (root / "docs/metrics.md").is_file()),
}


@pytest.mark.parametrize("command", BASE_COMMANDS)
def test_the_base_commands_never_import_the_site_extra(command: str, tmp_path: Path) -> None:
    root = make_repo(tmp_path / "portfolio")
    edit(root / "accounts/a/plan.yaml", '"potential": 3', '"potential": 5')
    done = without(set(SITE_EXTRA), *command.split(), "--root", str(root), cwd=root)
    assert "blocked import" not in done.stderr
    code, produced = BASE_COMMANDS[command]
    assert done.returncode == code, done.stderr
    assert produced(done.stdout, root), done.stdout


@pytest.mark.parametrize("command", ["build", "serve", "pages"])
def test_build_without_the_site_extra_says_what_to_install(command: str, tmp_path: Path) -> None:
    root = make_repo(tmp_path / "portfolio")
    args = [command, "--root", str(root)] + (["out"] if command == "pages" else [])
    done = without(set(SITE_EXTRA), *args, cwd=root)
    assert "blocked import of mkdocs" in done.stderr  # the blocker is live
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines()[-1] == (
        f"kamgen: error: kamgen {command} needs the site extra (mkdocs, mkdocs-material, "
        f"pathspec, PyYAML, Markdown, watchdog, Jinja2 are not installed): {INSTALL}"
    )
    assert not (root / "public").exists()


def test_a_missing_theme_alone_is_named(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "portfolio")
    done = without({"material"}, "build", "--root", str(root), cwd=root)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        "kamgen: error: kamgen build needs the site extra (mkdocs-material is not installed): "
        f"{INSTALL}"
    )
