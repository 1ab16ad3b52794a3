"""`kamgen pages OUT`: a plain MkDocs project that stock MkDocs 1.6 (and Zensical) builds into
the same site as `kamgen build` with the plugin, and that never writes over a user's files."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kamgen.site import assets
from kamgen.site.data import gather
from kamgen.site.guard import MARKER

from .conftest import REPO
from .site_check import site_problems
from .test_cli import run
from .test_site import hostile_portfolio

TODAY = "2026-11-23"
ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"\w+")


def export(root: Path, out: Path, *args: str) -> tuple[int, str, str]:
    return run("pages", str(out), "--root", str(root), "--today", TODAY, *args)


def mkdocs(out: Path, site: Path, *args: str) -> Path:
    """Stock MkDocs, as a user runs it: no kamgen plugin is named in OUT/mkdocs.yml."""
    result = subprocess.run(
        [sys.executable, "-P", "-m", "mkdocs", "build", "-f", str(out / "mkdocs.yml"),
         "-d", str(site), *args],
        cwd=site.parent, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return site


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} - {MARKER}


def article(page: Path) -> str:
    found = ARTICLE.findall(page.read_text(encoding="utf-8"))
    assert len(found) == 1, page
    return " ".join(found[0].split())


def words_of(markup: str) -> str:
    """Text as a reader sees it."""
    return " ".join(html.unescape(TAG.sub(" ", markup)).split())


def words(page: Path) -> str:
    return words_of(page.read_text(encoding="utf-8"))


def heading(page: Path) -> str:
    found = H1.search(page.read_text(encoding="utf-8"))
    assert found, page
    return " ".join(html.unescape(TAG.sub(" ", found[1])).replace("¶", "").split())


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, str]:
    """The demo portfolio exported (OUT), OUT built by stock MkDocs, and the plugin's build."""
    tmp = tmp_path_factory.mktemp("demo")
    code, out, err = export(REPO, tmp / "out")
    assert code == 0, err
    stock = mkdocs(tmp / "out", tmp / "stock", "--strict")
    code, _, err = run("build", "--root", str(REPO), "--today", TODAY, "--site-dir",
                       str(tmp / "plugin"))  # fmt: skip
    assert code == 0, err
    return tmp / "out", stock, tmp / "plugin", out


def test_summary_counts_what_was_written(demo: tuple[Path, Path, Path, str]) -> None:
    out, _, _, said = demo
    docs = out / "docs"
    pages = len(list(docs.rglob("*.md")))
    downloads = len(list(docs.rglob("*.csv")))
    assert pages > 20 and downloads > 0
    assert said == (
        f"Wrote {pages} pages, {downloads} downloads and {len(assets.files())} assets to {out}; "
        f"build them with `mkdocs build -f {out / 'mkdocs.yml'}`.\n"
    )


def test_the_project_names_no_kamgen_plugin(demo: tuple[Path, Path, Path, str]) -> None:
    out = demo[0]
    settings = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert settings["plugins"] == ["search", "tags"]
    assert settings["site_name"] == "Meridian Learning Group key accounts"
    assert settings["theme"]["font"] is False
    assert settings["nav"][0] == {"Portfolio": "index.md"}
    assert settings["extra_css"] == list(assets.STYLES)
    # The landing page's text is in the generated home page, not copied beside it.
    intro = (REPO / "site/index.md").read_text(encoding="utf-8").split("\n")[0]
    assert intro in (out / "docs/index.md").read_text(encoding="utf-8")
    assert (out / MARKER).is_file()


def test_stock_mkdocs_builds_the_same_pages(demo: tuple[Path, Path, Path, str]) -> None:
    _, stock, plugin, _ = demo
    pages = sorted(p for p in files(plugin) if p.endswith(".html"))
    assert len(pages) > 20
    assert sorted(p for p in files(stock) if p.endswith(".html")) == pages
    different = [p for p in pages if article(stock / p) != article(plugin / p)]
    assert different == []


def test_and_the_same_around_them(demo: tuple[Path, Path, Path, str]) -> None:
    """Title, sidebar (nav), header and the links to styles and scripts: whole pages."""
    _, stock, plugin, _ = demo

    def page(site: Path, rel: str) -> str:
        return " ".join((site / rel).read_text(encoding="utf-8").split())

    pages = sorted(p for p in files(plugin) if p.endswith(".html"))
    assert [p for p in pages if page(stock, p) != page(plugin, p)] == []


def test_downloads_and_assets_are_the_same(demo: tuple[Path, Path, Path, str]) -> None:
    _, stock, plugin, _ = demo
    assert files(stock) == files(plugin)
    ours = [p for p in files(plugin) if p.endswith(".csv")] + list(assets.files())
    assert any(p.endswith(".csv") for p in ours)
    assert [p for p in ours if (stock / p).read_bytes() != (plugin / p).read_bytes()] == []


def test_search_and_tags_find_the_same(demo: tuple[Path, Path, Path, str]) -> None:
    """The same sections, titles and words: the plugin hands the search plugin a lean view of
    each page (no pictures, a space after each cell), which a stock build cannot; what a reader
    can find must not depend on it."""
    _, stock, plugin, _ = demo

    def index(site: Path) -> dict[str, tuple[str, set[str]]]:
        data = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
        return {
            doc["location"]: (doc["title"], set(WORD.findall(words_of(doc["text"]))))
            for doc in data["docs"]
        }

    def tags(site: Path) -> list[str]:  # listed in file order, which differs: compare as sets
        data = json.loads((site / "tags.json").read_text(encoding="utf-8"))
        return sorted(json.dumps(item, sort_keys=True) for item in data["mappings"])

    found, wanted = index(stock), index(plugin)
    assert sorted(found) == sorted(wanted)
    assert {k: v[0] for k, v in found.items()} == {k: v[0] for k, v in wanted.items()}
    # Each section's words that only one build finds, such as "accounts11all" in a stock build
    # where the plugin's index has "accounts", "11" and "all".
    apart = {
        where: (sorted(words - wanted[where][1]), sorted(wanted[where][1] - words))
        for where, (_, words) in found.items()
        if words != wanted[where][1]
    }
    assert apart == {}
    assert tags(stock) == tags(plugin)


# ---- Hostile text ---------------------------------------------------------------------------


def test_hostile_names_inject_nothing(tmp_path: Path) -> None:
    root = hostile_portfolio(tmp_path / "portfolio")
    config = json.loads((root / "kamgen.yaml").read_text(encoding="utf-8"))
    config["team"][0]["name"] = '"><script>alert(1)</script>'  # a manager: a nav title
    (root / "kamgen.yaml").write_text(json.dumps(config), encoding="utf-8")
    code, _, err = export(root, tmp_path / "out")
    assert code == 0, err
    text = (tmp_path / "out/mkdocs.yml").read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;" in text
    site = mkdocs(tmp_path / "out", tmp_path / "site")
    assert site_problems(site) == []
    assert "<script>alert" not in (site / "managers/kam/index.html").read_text(encoding="utf-8")


def test_a_handwritten_docs_folder_is_copied_without_links(tmp_path: Path) -> None:
    root = hostile_portfolio(tmp_path / "portfolio")
    docs = root / "pages"
    (docs / "img").mkdir(parents=True)
    (docs / "index.md").write_text("---\ntitle: x\n---\nWelcome to the ledger.\n")
    (docs / "guide.md").write_text("# Guide\n\nHow we plan.\n")
    (docs / "img/logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (docs / ".draft.md").write_text("# Draft\n")
    (docs / "linked.md").symlink_to(docs / "guide.md")
    settings = [
        "INHERIT: base.yml",
        "site_name: Ledger",
        "docs_dir: pages",
        "hooks: [hooks.py]",
        "site_url: !ENV [SITE_URL, 'https://x.example/']",
        "plugins: [search, tags, {kamgen: {today: 2020-01-01}}]",
    ]
    (root / "mkdocs.yml").write_text("\n".join(settings) + "\n", encoding="utf-8")
    (root / "base.yml").write_text(
        "site_name: Base\ntheme: {name: material, font: false}\n"
        "markdown_extensions: [attr_list, tables, {toc: {permalink: true}}]\n",
        encoding="utf-8",
    )
    (root / "hooks.py").write_text("")
    code, _, err = export(root, tmp_path / "out")
    assert code == 0, err
    out = tmp_path / "out"
    copied = {p.relative_to(out / "docs").as_posix() for p in (out / "docs").rglob("*")}
    assert {"guide.md", "img/logo.png"} <= copied
    assert not {"linked.md", ".draft.md"} & copied
    assert "pages/linked.md is a symbolic link; it is not copied" in err
    assert "mkdocs.yml's hooks is not carried over" in err
    assert "Welcome to the ledger." in (out / "docs/index.md").read_text(encoding="utf-8")
    text = (out / "mkdocs.yml").read_text(encoding="utf-8")
    settings_out = yaml.load(text, Loader=Tolerant)
    assert "site_url: !ENV" in text and settings_out["plugins"] == ["search", "tags"]
    # INHERIT is merged: the base's theme, the file's own name
    assert settings_out["site_name"] == "Ledger" and settings_out["theme"]["name"] == "material"
    # --today beats the plugin's option in mkdocs.yml
    assert f"as of {TODAY}" in text
    site = mkdocs(out, tmp_path / "site")
    assert "How we plan." in words(site / "guide/index.html")


def test_links_to_the_repository_stay_and_edit_buttons_go(portfolio: Path, tmp_path: Path) -> None:
    (portfolio / "site").mkdir()
    (portfolio / "site/guide.md").write_text("# Guide\n")
    (portfolio / "mkdocs.yml").write_text(
        "site_name: x\ndocs_dir: site\nrepo_url: https://github.com/o/r\n"
        "edit_uri: edit/main/kam/site/\ntheme: {name: material, font: false}\n"
        "plugins: [search, tags, kamgen]\n",
        encoding="utf-8",
    )
    code, _, err = export(portfolio, tmp_path / "out")
    assert code == 0, err
    page = (tmp_path / "out/docs/accounts/alpha.md").read_text(encoding="utf-8")
    assert "https://github.com/o/r/blob/main/kam/accounts/alpha/plan.yaml" in page
    site = mkdocs(tmp_path / "out", tmp_path / "site")
    # The copy in the export is not the file in the repository: no button leads there.
    for built in ("guide/index.html", "accounts/alpha/index.html"):
        assert "/edit/" not in (site / built).read_text(encoding="utf-8"), built


class Tolerant(yaml.SafeLoader):  # reads back the !ENV tag the export keeps
    pass


Tolerant.add_multi_constructor("!", lambda loader, suffix, node: None)


# ---- Where it writes ------------------------------------------------------------------------


def test_refuses_a_folder_it_did_not_write(portfolio: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    before = sorted(os.listdir(tmp_path))
    code, stdout, err = export(portfolio, out)
    assert (code, stdout) == (2, "")
    assert "refusing to write pages into" in err and "kamgen did not build it" in err
    assert os.listdir(out) == ["notes.txt"] and (out / "notes.txt").read_text() == "keep me"
    assert sorted(os.listdir(tmp_path)) == before  # no half-written folder beside it


def test_a_refusal_names_the_folder_as_it_is(portfolio: Path, tmp_path: Path) -> None:
    """The command's own words are given to the guard, not swapped into its message: a
    path that holds "building" is quoted as it is."""
    out = tmp_path / "building" / "pass --site-dir with"
    out.mkdir(parents=True)
    (out / "notes.txt").write_text("keep me")
    code, _, err = export(portfolio, out)
    assert code == 2
    assert f"refusing to write pages into {out}: it is not empty" in err
    assert "so writing pages would delete" in err and "empty it, or name another folder" in err


def test_refuses_a_link(portfolio: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")
    link = tmp_path / "out"
    link.symlink_to(target)
    code, _, err = export(portfolio, link)
    assert code == 2
    assert "is a symbolic link" in err
    assert link.is_symlink() and os.listdir(target) == ["notes.txt"]


def test_refuses_the_portfolio_and_its_docs_folder(portfolio: Path) -> None:
    (portfolio / "mkdocs.yml").write_text("site_name: x\nplugins: [kamgen]\n")
    (portfolio / "docs").mkdir()
    for out in (portfolio.parent, portfolio / "docs" / "out"):
        code, _, err = export(portfolio, out)
        assert code == 2, err
    assert not (portfolio / "docs" / "out").exists()


def test_replaces_its_own_folder_whole(portfolio: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert export(portfolio, out)[0] == 0
    (out / "docs/stale.md").write_text("# Gone\n")
    (out / "site").mkdir()
    code, _, err = export(portfolio, out, "--site-name", "A & B")
    assert code == 0, err
    assert not (out / "docs/stale.md").exists() and not (out / "site").exists()
    settings = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert settings["site_name"] == "A &amp; B"  # Material writes it into <title> as it is
    assert sorted(os.listdir(tmp_path)) == ["out", "portfolio"]


def test_accounts_left_out_are_named_and_the_rest_written(portfolio: Path, tmp_path: Path) -> None:
    (portfolio / "accounts/beta").mkdir()
    (portfolio / "accounts/beta/plan.yaml").write_text("schema_version: 1\nid: beta\nname: [\n")
    code, out, err = export(portfolio, tmp_path / "out")
    assert code == 0 and out.startswith("Wrote ")
    assert "kamgen: warning: account beta is left out of the site: plan.yaml" in err
    assert (tmp_path / "out/docs/accounts/alpha.md").is_file()
    assert not (tmp_path / "out/docs/accounts/beta.md").exists()


def test_a_bad_date_is_a_user_error(portfolio: Path, tmp_path: Path) -> None:
    code, _, err = run("pages", str(tmp_path / "out"), "--root", str(portfolio), "--today", "x")
    assert code == 2 and "--today must be a date" in err
    assert not (tmp_path / "out").exists()


# ---- Zensical -------------------------------------------------------------------------------


def test_zensical_builds_every_page(demo: tuple[Path, Path, Path, str]) -> None:
    try:
        import zensical  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"zensical is not importable here ({exc}): `pip install zensical` to run this")
    out, stock, _, _ = demo
    result = subprocess.run(
        [sys.executable, "-P", "-m", "zensical", "build", "--strict", "-f",
         str(out / "mkdocs.yml")],
        cwd=out.parent, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    site = out / "site"  # Zensical builds into site_dir, beside mkdocs.yml
    pages = sorted(p for p in files(stock) if p.endswith(".html"))
    assert [p for p in pages if not (site / p).is_file()] == []
    assert {p: heading(site / p) for p in pages} == {p: heading(stock / p) for p in pages}
    data = gather(REPO, dt.date.fromisoformat(TODAY))
    listing = words(site / "accounts/index.html")
    for key in [a.id for a in data.metrics.accounts]:  # churned accounts are listed apart
        account = data.accounts[key]
        assert account.plan is not None
        assert account.plan.name in listing
        page = words(site / f"accounts/{account.id}/index.html")
        people = account.stakeholders.stakeholders if account.stakeholders else []
        assert [p.name for p in people if p.name not in page] == []
