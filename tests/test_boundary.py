"""The filesystem boundary: kamgen reads and writes only inside the portfolio, the site folder
and its own cache, follows no link out, and takes no verdict from a file a pull request adds."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from kamgen.load import cache
from kamgen.site.guard import MARKER

from .helpers import brief, findings
from .test_cli import A, run

TODAY = "2026-11-23"
SECRET = "canary-3f9d2c"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (not following links), by relative path."""
    out = {}
    for current, _, files in os.walk(folder):
        for name in files:
            path = Path(current) / name
            out[str(path.relative_to(folder))] = (
                os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
            )
    return out


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the portfolio, with a file that must never be read or changed."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.yaml").write_text(f"schema_version: 1\nnote: {SECRET}\n")
    return folder


# ---- reading: no link is followed ----


def test_linked_plan_is_a_finding_and_is_not_read(portfolio: Path, outside: Path) -> None:
    plan = portfolio / A / "plan.yaml"
    plan.unlink()
    plan.symlink_to(outside / "secret.yaml")
    got = findings(portfolio)
    assert brief(got) == [("symlink", f"{A}/plan.yaml", None)]
    assert "is a symbolic link" in got[0].message and "follows no link" in got[0].message
    code, out, _ = run("check", "--root", str(portfolio), "--today", TODAY, "--format", "json")
    assert code == 1 and SECRET not in out


def test_accounts_folder_that_is_a_link_is_not_followed(portfolio: Path, outside: Path) -> None:
    (portfolio / "accounts" / "alpha").rename(outside / "alpha")
    (portfolio / "accounts").rmdir()
    (portfolio / "accounts").symlink_to(outside)
    got = findings(portfolio)
    assert brief(got) == [("symlink", "accounts", None)]


def test_linked_account_folder_and_reviews_are_findings(portfolio: Path, outside: Path) -> None:
    (portfolio / "accounts" / "beta").symlink_to(outside)
    reviews = portfolio / A / "reviews"
    for item in reviews.iterdir():
        item.unlink()
    reviews.rmdir()
    reviews.symlink_to(outside)
    got = {(f.rule, f.file) for f in findings(portfolio)}
    assert ("symlink", "accounts/beta") in got
    assert ("symlink", f"{A}/reviews") in got


def test_linked_review_file_is_a_finding(portfolio: Path, outside: Path) -> None:
    (portfolio / A / "reviews" / "2026-11-01-plan-review.yaml").symlink_to(outside / "secret.yaml")
    got = {(f.rule, f.file) for f in findings(portfolio)}
    assert ("symlink", f"{A}/reviews/2026-11-01-plan-review.yaml") in got


def test_huge_files_are_never_read_whole(portfolio: Path) -> None:
    """A 3 GiB file (sparse, so the disk does not fill) in an account folder and as a plan:
    kamgen runs within 1 GiB of address space, cache on, so nothing read it whole."""
    with open(portfolio / A / "data.bin", "wb") as handle:
        handle.truncate(3 * 1024**3)
    plan = portfolio / A / "plan.yaml"
    plan.unlink()
    with open(plan, "wb") as handle:
        handle.truncate(3 * 1024**3)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))

    command = [sys.executable, "-m", "kamgen", "check", "--root", str(portfolio),
               "--today", TODAY, "--format", "json"]  # fmt: skip
    for _ in range(2):  # the second run takes the cache path
        done = subprocess.run(
            command, capture_output=True, text=True, preexec_fn=limit, check=False
        )
        assert done.returncode == 1, done.stderr
        rules = {(f["rule"], f["file"]) for f in json.loads(done.stdout)["findings"]}
        assert ("file-too-large", f"{A}/plan.yaml") in rules


# ---- account folder names ----


@pytest.mark.parametrize(
    "name", ["Acme Mining", "x<script>", "..hidden-not", "-dash", "UPPER", "a" * 70, "ünï"]
)
def test_account_folder_name_must_be_an_id(portfolio: Path, name: str) -> None:
    (portfolio / A).rename(portfolio / "accounts" / name)
    got = findings(portfolio)
    if name.startswith("."):
        assert got == []  # hidden folders are not accounts at all
        return
    assert [f.rule for f in got] == ["invalid-account-folder"]
    assert got[0].account is None and "left out" in got[0].message


def test_folder_name_gets_a_suggested_id(portfolio: Path) -> None:
    (portfolio / A).rename(portfolio / "accounts" / "Acme Mining")
    (message,) = [f.message for f in findings(portfolio)]
    assert message.endswith("rename it, e.g. to `acme-mining`")


def test_invalid_folder_name_cannot_be_waived_or_switched_off(portfolio: Path) -> None:
    with open(portfolio / "kamgen.yaml", "a") as handle:
        handle.write("rules: {invalid-account-folder: off}\n")
    (portfolio / A).rename(portfolio / "accounts" / "Bad Name")
    rules = {f.rule for f in findings(portfolio)}
    assert "invalid-account-folder" in rules and "unknown-rule" in rules


# ---- the cache: outside the repository, and only a checked hint ----


def _broken(portfolio: Path) -> None:
    plan = portfolio / A / "plan.yaml"
    plan.write_text(plan.read_text().replace("tier: 1", "tier: 9"))


def test_committed_cache_folder_is_not_a_verdict(portfolio: Path) -> None:
    _broken(portfolio)
    forged = portfolio / ".kamgen-cache"
    forged.mkdir()
    clean = {"findings": [], "files_checked": 5, "accounts": 1}
    (forged / "validate.json").write_text(json.dumps({"key": "x", "result": clean}))
    assert run("validate", "--root", str(portfolio), "--today", TODAY)[0] == 1


def test_forged_entry_in_the_cache_folder_is_ignored(portfolio: Path) -> None:
    args = ("validate", "--root", str(portfolio), "--today", TODAY)
    assert run(*args)[0] == 0  # a real, clean entry
    (entry,) = Path(os.environ["KAMGEN_CACHE_DIR"]).glob("*/validate.json")
    _broken(portfolio)
    # Someone who can write the cache but not read the secret rewrites the key to match.
    data = json.loads(entry.read_text())
    data["key"] = cache.key(portfolio, "validate", f"{TODAY} scope=all")
    entry.write_text(json.dumps(data))
    assert run(*args)[0] == 1


def test_cache_folder_that_is_a_link_is_not_used(
    portfolio: Path, outside: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    link = tmp_path / "cache-link"
    link.symlink_to(outside)
    monkeypatch.setenv("KAMGEN_CACHE_DIR", str(link))
    before = snapshot(outside)
    for _ in range(2):
        assert run("validate", "--root", str(portfolio), "--today", TODAY)[0] == 0
    assert snapshot(outside) == before
    # The same for this portfolio's own folder inside a real cache folder.
    base = tmp_path / "cache"
    base.mkdir()
    monkeypatch.setenv("KAMGEN_CACHE_DIR", str(base))
    digest = hashlib.blake2b(os.fsencode(portfolio), digest_size=12).hexdigest()
    (base / digest).symlink_to(outside)
    for _ in range(2):
        assert run("validate", "--root", str(portfolio), "--today", TODAY)[0] == 0
    assert snapshot(outside) == before


def test_cache_entry_that_is_a_link_is_not_read(portfolio: Path, outside: Path) -> None:
    args = ("validate", "--root", str(portfolio), "--today", TODAY)
    assert run(*args)[0] == 0
    (entry,) = Path(os.environ["KAMGEN_CACHE_DIR"]).glob("*/validate.json")
    target = outside / "entry.json"
    clean = entry.read_bytes()
    target.write_bytes(clean)
    entry.unlink()
    entry.symlink_to(target)
    _broken(portfolio)
    assert run(*args)[0] == 1
    # The link's target was not overwritten either: it still holds the clean entry. (It was
    # asserted non-empty, which the new entry for the broken tree would have been too.)
    assert target.read_bytes() == clean


def test_cache_key_covers_where_a_link_points(portfolio: Path, outside: Path) -> None:
    link = portfolio / "accounts" / "beta"
    link.symlink_to(outside)
    first = cache.key(portfolio, "validate", "k")
    link.unlink()
    link.symlink_to(portfolio)
    assert cache.key(portfolio, "validate", "k") != first


# ---- writing: docs, schema and the site folder ----


def test_docs_and_schema_are_not_written_through_a_link(portfolio: Path, outside: Path) -> None:
    (portfolio / "docs").symlink_to(outside)
    (portfolio / "schema").symlink_to(outside)
    before = snapshot(outside)
    code, _, err = run("docs", "--root", str(portfolio))
    assert code == 2 and "docs is a symbolic link" in err
    code, _, err = run("schema", "--root", str(portfolio))
    assert code == 2 and "schema is a symbolic link" in err
    assert snapshot(outside) == before


def build(portfolio: Path, *args: str) -> tuple[int, str, str]:
    return run("build", "--root", str(portfolio), "--today", TODAY, *args)


def build_process(portfolio: Path, *args: str) -> tuple[int, str, str]:
    """As a real process, so that MkDocs' own messages are captured too."""
    done = subprocess.run(
        [sys.executable, "-m", "kamgen", "build", "--root", str(portfolio), "--today", TODAY,
         *args],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return done.returncode, done.stdout, done.stderr


def test_linked_public_folder_is_refused_and_nothing_deleted(
    portfolio: Path, outside: Path
) -> None:
    (portfolio / "public").symlink_to(outside)
    before = snapshot(outside)
    code, _, err = build(portfolio)
    assert code == 2
    assert "public is a symbolic link" in err and "empties the folder it points to" in err
    assert snapshot(outside) == before


def test_linked_site_dir_is_refused(portfolio: Path, outside: Path, tmp_path: Path) -> None:
    link = tmp_path / "site-link"
    link.symlink_to(outside)
    before = snapshot(outside)
    assert build(portfolio, "--site-dir", str(link))[0] == 2
    assert snapshot(outside) == before


def test_folder_kamgen_did_not_build_is_refused(portfolio: Path, outside: Path) -> None:
    before = snapshot(outside)
    code, _, err = build(portfolio, "--site-dir", str(outside))
    assert code == 2 and "kamgen did not build it" in err
    assert snapshot(outside) == before


@pytest.mark.parametrize("where", [".", ".."])
def test_site_dir_holding_the_portfolio_is_refused(portfolio: Path, where: str) -> None:
    before = snapshot(portfolio)
    assert build(portfolio, "--site-dir", str(portfolio / where))[0] == 2
    assert snapshot(portfolio) == before


def test_build_marks_its_folder_and_rebuilds_it(portfolio: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert build(portfolio, "--site-dir", str(site))[0] == 0
    assert (site / MARKER).is_file() and (site / "index.html").is_file()
    (site / "stale.html").write_text("old")
    assert build(portfolio, "--site-dir", str(site))[0] == 0
    assert not (site / "stale.html").exists()  # the clean of a folder kamgen built


def test_linked_mkdocs_yml_is_refused(portfolio: Path, outside: Path, tmp_path: Path) -> None:
    (outside / "mkdocs.yml").write_text("site_name: x\n")
    (portfolio / "mkdocs.yml").symlink_to(outside / "mkdocs.yml")
    code, _, err = build(portfolio, "--site-dir", str(tmp_path / "site"))
    assert code == 1 and "mkdocs.yml: it is not a regular file" in err


def test_mkdocs_yml_inheriting_from_outside_is_refused(
    portfolio: Path, outside: Path, tmp_path: Path
) -> None:
    (outside / "base.yml").write_text("site_name: x\n")
    (portfolio / "mkdocs.yml").write_text(f"INHERIT: {outside / 'base.yml'}\nsite_name: y\n")
    code, _, err = build(portfolio, "--site-dir", str(tmp_path / "site"))
    assert code == 1 and "INHERIT" in err and "outside the portfolio" in err


def test_a_mkdocs_package_in_the_portfolio_cannot_shadow_mkdocs(
    portfolio: Path, tmp_path: Path
) -> None:
    canary = tmp_path / "ran"
    for name in ("mkdocs", "material"):
        package = portfolio / name
        package.mkdir()
        code = f"open({str(canary)!r}, 'w').write('pwned')\n"
        (package / "__init__.py").write_text(code)
        (package / "__main__.py").write_text(code)
    done = subprocess.run(
        [sys.executable, "-m", "kamgen", "build", "--today", TODAY,
         "--site-dir", str(tmp_path / "site")],
        cwd=portfolio, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert not canary.exists()
    assert (tmp_path / "site" / "index.html").is_file()


def test_cache_folder_name_depends_on_the_root_only(portfolio: Path) -> None:
    digest = hashlib.blake2b(os.fsencode(portfolio), digest_size=12).hexdigest()
    run("validate", "--root", str(portfolio), "--today", TODAY)
    assert (Path(os.environ["KAMGEN_CACHE_DIR"]) / digest / "validate.json").is_file()


def test_docs_folder_with_a_link_out_is_refused(
    portfolio: Path, outside: Path, tmp_path: Path
) -> None:
    docs = portfolio / "site"
    docs.mkdir()
    (docs / "index.md").write_text("Welcome\n")
    (docs / "leak.md").symlink_to(outside / "secret.yaml")
    (portfolio / "mkdocs.yml").write_text(
        "site_name: x\ndocs_dir: site\ntheme: {name: material}\nplugins: [search, kamgen]\n"
    )
    code, _, err = build_process(portfolio, "--site-dir", str(tmp_path / "out"))
    assert code == 1 and "leak.md is a symbolic link out of the portfolio" in err
    assert not (tmp_path / "out").exists()


def test_docs_dir_outside_the_portfolio_is_refused(
    portfolio: Path, outside: Path, tmp_path: Path
) -> None:
    (portfolio / "mkdocs.yml").write_text(
        f"site_name: x\ndocs_dir: {outside}\ntheme: {{name: material}}\nplugins: [kamgen]\n"
    )
    code, _, err = build_process(portfolio, "--site-dir", str(tmp_path / "out"))
    assert code == 1 and "docs_dir" in err and "outside the portfolio" in err


def test_build_names_left_out_accounts_and_strict_fails(portfolio: Path, tmp_path: Path) -> None:
    beta = portfolio / "accounts" / "beta"
    beta.mkdir()
    (beta / "plan.yaml").write_text("schema_version: 1\nid: beta\n")
    (portfolio / "accounts" / "Bad Name").mkdir()
    site = tmp_path / "site"
    code, _, err = build_process(portfolio, "--site-dir", str(site))
    assert code == 0
    assert "kamgen: account beta is left out of the site: plan.yaml cannot be used" in err
    assert "1 folder(s) under accounts/ are left out of the site" in err
    assert "Bad Name" not in (site / "index.html").read_text()
    assert "beta" in (site / "index.html").read_text()  # the home page says it too
    code, _, err = build_process(portfolio, "--site-dir", str(site), "--strict")
    assert code == 1 and "kamgen: account beta is left out of the site" in err


def test_a_build_that_produces_no_site_is_not_a_success(
    portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kamgen.site.build._build", lambda *_: 0)  # MkDocs "succeeds"...
    code, _, err = build(portfolio, "--site-dir", str(tmp_path / "site"))
    assert code == 1 and "produced no site" in err  # ...but wrote nothing


# ---- found by the red team ----


def test_link_inside_a_marked_site_folder_is_refused(portfolio: Path, outside: Path) -> None:
    public = portfolio / "public"
    public.mkdir()
    (public / MARKER).write_text("committed with the pull request\n")
    (public / "assets").symlink_to(outside)
    before = snapshot(outside)
    code, _, err = build(portfolio)
    assert code == 2 and "assets is a symbolic link" in err and "write through it" in err
    assert snapshot(outside) == before


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to give a file to another user")
def test_cache_reads_files_of_other_users(portfolio: Path) -> None:
    args = ("validate", "--root", str(portfolio), "--today", TODAY)
    for path in [portfolio, *portfolio.rglob("*")]:
        os.lchown(path, 1000, 1000)
    assert run(*args)[0] == 0
    _broken(portfolio)
    os.lchown(portfolio / A / "plan.yaml", 1000, 1000)
    assert run(*args)[0] == 1


def test_folder_name_with_a_trailing_newline_is_not_an_id(portfolio: Path) -> None:
    (portfolio / A).rename(portfolio / "accounts" / "alpha\n")
    assert [f.rule for f in findings(portfolio)] == ["invalid-account-folder"]


@pytest.mark.parametrize(
    "line", ['"INHERIT": {base}', "INHERIT : {base}", "INHERIT: '{base}'  # parent"]
)
def test_any_spelling_of_inherit_is_checked(
    portfolio: Path, outside: Path, tmp_path: Path, line: str
) -> None:
    (outside / "base.yml").write_text("site_name: FROM-OUTSIDE\n")
    config = line.format(base=outside / "base.yml") + "\nsite_name: y\n"
    (portfolio / "mkdocs.yml").write_text(config)
    code, _, err = build_process(portfolio, "--site-dir", str(tmp_path / "site"))
    assert code == 1 and "INHERIT" in err and "outside the portfolio" in err


def test_docs_dir_and_hooks_are_checked_whatever_the_plugins(
    portfolio: Path, outside: Path, tmp_path: Path
) -> None:
    (outside / "secret.md").write_text("TOPSECRET\n")
    (portfolio / "mkdocs.yml").write_text(f"site_name: x\ndocs_dir: {outside}\nplugins: [search]\n")
    code, _, err = build_process(portfolio, "--site-dir", str(tmp_path / "a"))
    assert code == 1 and "docs_dir" in err and not (tmp_path / "a").exists()
    (outside / "hook.py").write_text("raise SystemExit('ran')\n")
    (portfolio / "mkdocs.yml").write_text(f"site_name: x\nhooks: [{outside / 'hook.py'}]\n")
    code, _, err = build_process(portfolio, "--site-dir", str(tmp_path / "b"))
    assert code == 1 and "hooks entry" in err and "ran" not in err


def test_mkdocs_yml_with_its_own_tags_is_read_for_paths(
    portfolio: Path, outside: Path, tmp_path: Path
) -> None:
    (portfolio / "mkdocs.yml").write_text(
        "site_name: !ENV [SITE_NAME, 'x']\n"
        f"docs_dir: {outside}\n"
        "markdown_extensions:\n"
        "  - pymdownx.superfences:\n"
        "      custom_fences:\n"
        "        - name: m\n"
        "          format: !!python/name:builtins.print\n"
    )
    code, _, err = build_process(portfolio, "--site-dir", str(tmp_path / "a"))
    assert code == 1 and "docs_dir" in err


def test_a_bad_dev_addr_and_an_empty_today_are_user_errors(portfolio: Path) -> None:
    code, _, err = run("serve", "--root", str(portfolio), "--dev-addr", "x:y")
    assert code == 2 and "is not HOST:PORT" in err
    code, _, err = run("check", "--root", str(portfolio), "--today", "")
    assert code == 2 and "--today must be a date" in err


def test_written_files_are_readable_like_any_other(portfolio: Path) -> None:
    assert run("schema", "--root", str(portfolio))[0] == 0
    mode = (portfolio / "schema" / "plan.schema.json").stat().st_mode & 0o777
    assert mode == 0o666 & ~_umask()


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def test_diff_reads_only_the_files_of_the_contract(portfolio: Path) -> None:
    from kamgen.load.gitsource import GitSource

    (portfolio / A / "attachments").mkdir()
    (portfolio / A / "attachments" / "deck.bin").write_bytes(b"x" * 1000)
    (portfolio / A / "notes.txt").write_text("notes\n")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}  # fmt: skip
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", "-C", str(portfolio), *command], check=True, env=env)
    source = GitSource.open(portfolio, "HEAD")
    assert {f"{A}/attachments/deck.bin", f"{A}/notes.txt"} <= set(source._files)  # listed...
    assert source.read(f"{A}/plan.yaml")
    assert source._blobs is not None
    assert sorted(source._blobs) == sorted(
        rel for rel in source._files if not rel.endswith((".bin", ".txt"))
    )
