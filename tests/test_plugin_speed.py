"""Issue 14's speed work, tested for behaviour (the times are in bench/):
- generated pages reach MkDocs as ready HTML and come out as Markdown would make them;
- the search index is made without the pictures, with table cells as words of their own;
- `kamgen serve` (MkDocs' dirty builds) rebuilds the pages an edit changes and no other,
  and keeps the search index whole;
- edit links lead to the files behind a page, or are not shown;
- the watcher uses the operating system's notifications.
(tests/test_pages_export.py compares whole pages with a stock MkDocs build of the same
Markdown, which is the Markdown path this one leaves out.)"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer

from kamgen.site import watch
from kamgen.site.ready import Stash, search_view

from .conftest import REPO
from .helpers import edit
from .test_cli import run

TODAY = "2026-11-23"
ACCOUNT = "kopje-mining"  # the demo account with Rudo Chikore, its CFO
SVG = re.compile(r"<svg\b.*?</svg>", re.S)
SVG_TEXT = re.compile(r"<text\b[^>]*>([^<]+)</text>")
TAG = re.compile(r"<[^>]+>")
H2_ID = re.compile(r'<h2 id="([^"]+)"')


def demo_copy(tmp: Path, settings: str = "") -> Path:
    root = tmp / "portfolio"
    shutil.copytree(REPO / "accounts", root / "accounts")
    shutil.copy(REPO / "kamgen.yaml", root / "kamgen.yaml")
    shutil.copytree(REPO / "site", root / "site", ignore=shutil.ignore_patterns("screenshots"))
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8") + settings
    if settings:  # Material shows the edit button only with this feature
        config = config.replace("features: [", "features: [content.action.edit, ", 1)
        assert "content.action.edit" in config
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def kamgen_build(root: Path, site: Path) -> Path:
    code, _, err = run("build", "--root", str(root), "--today", TODAY, "--site-dir", str(site))
    assert code == 0, err
    return site


def article(page: Path) -> str:
    """A page's article, which a served site does not give a canonical URL of its own."""
    text = page.read_text(encoding="utf-8").split("<article", 1)[1].split("</article>", 1)[0]
    return " ".join(text.split())


def index(site: Path) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = json.loads(
        (site / "search/search_index.json").read_text(encoding="utf-8")
    )["docs"]
    return docs


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("speed")
    return kamgen_build(demo_copy(tmp), tmp / "site")


# ---- ready HTML ----


def test_raw_html_skips_markdown_and_comes_back_whole() -> None:
    page = (
        '# Title\n\n<div class="a"><div>inner</div></div>\n<p>next line</p>\n\n'
        "## Part\n\n<table><tr><td>x</td></tr></table>\n\nSome *Markdown* text.\n"
    )
    stash = Stash()
    taken = stash.take(page)
    assert "<div" not in taken and "<table" not in taken
    assert "## Part" in taken and "Some *Markdown* text." in taken
    # Blocks on consecutive lines are one run, so their placeholders cannot join into one
    # paragraph.
    assert stash.blocks == [
        '<div class="a"><div>inner</div></div>\n<p>next line</p>',
        "<table><tr><td>x</td></tr></table>",
    ]
    rendered = taken.replace(f"{stash.token}0", f"<p>{stash.token}0</p>").replace(
        f"{stash.token}1", f"<p>{stash.token}1</p>"
    )
    assert stash.put_back(rendered).count("<p>next line</p>") == 1


@pytest.mark.parametrize(
    "page",
    [
        "para\n<div>x</div>\n\nafter",  # no blank line before: a paragraph's line
        "<div>x</div>\nrest of a paragraph\n",  # a paragraph right after the block
        "<div>x</div> tail\n",  # more on the line
        "<div markdown>*x*</div>\n",  # md_in_html reads inside it
        "<div><div>unclosed</div>\n",  # does not close
        "<span>inline</span>\n",  # not a block
    ],
)
def test_what_markdown_might_read_stays_in_the_page(page: str) -> None:
    stash = Stash()
    assert stash.take(page) == page
    assert stash.blocks == []


def test_a_placeholder_that_does_not_come_back_is_an_error() -> None:
    stash = Stash()
    stash.take("<div>x</div>\n")
    with pytest.raises(ValueError, match="did not come back"):
        stash.put_back(f"<p><em>{stash.token}0</em></p>")


def test_headings_ids_permalinks_and_toc(demo_site: Path) -> None:
    page = (demo_site / f"accounts/{ACCOUNT}/index.html").read_text(encoding="utf-8")
    ids = H2_ID.findall(page)
    assert len(ids) >= 4
    for anchor in ids:  # toc's permalink on each heading, and an entry in the page's toc
        assert f'<a class="headerlink" href="#{anchor}"' in page
        assert f'href="#{anchor}"' in page.split("md-nav--secondary", 1)[1]
    assert "kgready" not in page


# ---- search ----


def test_search_reads_no_picture_and_every_heading(demo_site: Path) -> None:
    docs = index(demo_site)
    assert not [d for d in docs if "<svg" in d["text"] or "<text" in d["text"]]
    page = (demo_site / f"accounts/{ACCOUNT}/index.html").read_text(encoding="utf-8")
    article = page.split("<article", 1)[1].split("</article>", 1)[0]
    outside = html.unescape(TAG.sub(" ", SVG.sub(" ", article)))
    only_drawn = {
        t.strip()
        for t in map(html.unescape, SVG_TEXT.findall(article))
        if len(t.strip()) > 3 and t.strip() not in outside
    }
    assert only_drawn, "the page has no picture text to look for"
    mine = [d for d in docs if d["location"].startswith(f"accounts/{ACCOUNT}/")]
    text = " ".join(d["text"] for d in mine)
    assert [t for t in only_drawn if t in text] == []
    # One entry per heading with an id, as Material makes them.
    locations = {d["location"] for d in mine}
    assert {f"accounts/{ACCOUNT}/#{a}" for a in H2_ID.findall(page)} <= locations


def test_each_table_cell_is_a_word_of_its_own(demo_site: Path) -> None:
    text = " ".join(
        d["text"] for d in index(demo_site) if d["location"].startswith(f"accounts/{ACCOUNT}/")
    )
    words = set(re.findall(r"\w+", html.unescape(TAG.sub(" ", text))))
    assert {"Rudo", "Chikore"} <= words


def test_the_search_view_of_a_table() -> None:
    view = search_view(
        "<table><tr><td>Rudo</td><td>Chikore</td></tr></table><svg><text>axis</text></svg>"
        "<div data-search-exclude><p>skipped</p></div><p>kept</p>"
    )
    assert "axis" not in view and "skipped" not in view
    assert re.search(r"Rudo</td>\s+<td>Chikore", view) and "kept" in view


# ---- edit links ----


def test_edit_links_lead_to_the_files_behind_a_page(tmp_path: Path) -> None:
    repo = "https://github.com/meridian/key-accounts"
    root = demo_copy(tmp_path, f"repo_url: {repo}\nedit_uri: edit/main/site/\n")
    site = kamgen_build(root, tmp_path / "site")

    def edit_links(rel: str) -> list[str]:
        text = (site / rel).read_text(encoding="utf-8")
        return re.findall(r'<a href="([^"]+)" title="[^"]*" class="md-content__button', text)

    assert f"{repo}/edit/main/accounts/{ACCOUNT}/plan.yaml" in edit_links(
        f"accounts/{ACCOUNT}/index.html"
    )
    assert f"{repo}/edit/main/site/index.md" in edit_links("index.html")  # the intro
    assert edit_links("tiers/tier-1/index.html") == []  # made from every account: no file
    # The findings link to the same repository (render was given where the files are).
    page = (site / f"accounts/{ACCOUNT}/index.html").read_text(encoding="utf-8")
    assert f"{repo}/blob/main/accounts/{ACCOUNT}/" in page


# ---- kamgen serve: dirty rebuilds ----


class Serve:
    """MkDocs' serve loop without the server: the same config reload and dirty build."""

    def __init__(self, root: Path, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("KAMGEN_ROOT", str(root))
        monkeypatch.setenv("KAMGEN_TODAY", TODAY)
        self.config_file = root / "mkdocs.yml"  # as `kamgen serve` runs it
        self.site = tmp / "served"
        self.load().plugins.on_startup(command="serve", dirty=True)

    def load(self) -> MkDocsConfig:
        config = load_config(str(self.config_file), site_dir=str(self.site))
        config.site_url = "http://127.0.0.1:8000/"
        return config

    def build(self) -> dict[str, tuple[int, str]]:
        mkdocs_build(self.load(), serve_url="http://127.0.0.1:8000/", dirty=True)
        return {
            p.relative_to(self.site).as_posix(): (
                p.stat().st_mtime_ns,
                hashlib.sha256(p.read_bytes()).hexdigest(),
            )
            for p in self.site.rglob("*")
            if p.is_file()
        }


def test_serve_rebuilds_what_an_edit_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = demo_copy(tmp_path)
    serve = Serve(root, tmp_path, monkeypatch)
    first = serve.build()
    entries = len(index(serve.site))
    plan = root / f"accounts/{ACCOUNT}/plan.yaml"
    text = plan.read_text(encoding="utf-8")
    latest = re.findall(r"year: \d+, revenue: \d+", text)[-1]  # this year's: page and home
    edit(plan, latest, f"{latest}1")
    second = serve.build()
    changed = {p for p in second if second[p] != first.get(p)}
    assert f"accounts/{ACCOUNT}/index.html" in changed
    assert "index.html" in changed  # the home page's totals moved
    untouched = [p for p in first if p.startswith("accounts/") and p not in changed]
    assert untouched, "every account page was rewritten"
    # Not rewritten at all (same time stamp), and still the page a whole build makes.
    whole = kamgen_build(root, tmp_path / "whole")
    for rel in untouched:
        assert second[rel] == first[rel]
        if rel.endswith(".html"):
            assert article(whole / rel) == article(serve.site / rel), rel
    # The index holds every page's entries, the edited page's new ones among them.
    assert len(index(serve.site)) == entries
    assert sorted(map(json.dumps, index(serve.site)), key=str) == sorted(
        map(json.dumps, index(whole)), key=str
    )


def test_serve_removes_the_page_of_a_removed_account(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = demo_copy(tmp_path)
    serve = Serve(root, tmp_path, monkeypatch)
    first = serve.build()
    assert f"accounts/{ACCOUNT}/index.html" in first
    shutil.rmtree(root / "accounts" / ACCOUNT)
    second = serve.build()
    assert not [p for p in second if f"/{ACCOUNT}/" in f"/{p}"]
    assert not [d for d in index(serve.site) if ACCOUNT in d["location"]]


# ---- the watcher ----


def test_the_server_watches_with_notifications(tmp_path: Path) -> None:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    watched = tmp_path / "accounts"
    watched.mkdir()
    server.watch(str(watched))
    assert watch.lighten(server)
    assert isinstance(server.observer, watch.Notified)
    (tmp_path / "kamgen.yaml").write_text("schema_version: 1\n")
    server.watch(str(tmp_path / "kamgen.yaml"))  # later watches go to the new observer too
    server.observer.start()
    try:
        (watched / "plan.yaml").write_text("x: 1\n")
        with server._rebuild_cond:
            assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=10)
    finally:
        server.observer.stop()
        server.observer.join()
    assert type(server.observer.active).__name__ != "PollingObserver"


def test_the_watcher_polls_when_notifications_fail(tmp_path: Path) -> None:
    seen = threading.Event()

    class Handler:
        def dispatch(self, event: Any) -> None:
            seen.set()

    observer = watch.Notified(0.05)
    observer.native = False  # as on a system without them, or past inotify's limit
    observer.schedule(Handler(), str(tmp_path), recursive=True)
    observer.start()
    try:
        assert type(observer.active).__name__ == "PollingObserver"
        (tmp_path / "plan.yaml").write_text("x: 1\n")
        assert seen.wait(10)
    finally:
        observer.stop()
        observer.join()


def test_a_rebuild_makes_again_only_the_pages_an_edit_touches(tmp_path: Path) -> None:
    """Render twice with the serve cache: the second time every page is reused and the
    output is the same; after an edit to one account's revenue, its page and the lists it is
    on are made again, the other accounts' pages and lists are not, and the output equals a
    render without the cache."""
    import datetime as dt

    from kamgen.load.portfolio import Memo
    from kamgen.site.data import gather
    from kamgen.site.pages import render
    from kamgen.site.rebuild import AccountPages

    root = demo_copy(tmp_path)
    today = dt.date.fromisoformat(TODAY)
    memo, pages = Memo(), AccountPages()

    def again() -> dict[str, str]:
        data = gather(root, today, memo=memo)
        pages.start(data, True, "", None)
        return render(data, reuse=pages)

    first = again()
    assert pages.reused == 0
    assert again() == first
    made = len(pages.made)
    assert pages.reused == made  # every account page and every list
    edit(root / "accounts" / "karoo-solar" / "plan.yaml", "on the 2027 hiring", "on 2027 hiring")
    fresh = render(gather(root, today))
    assert again() == fresh
    # Karoo's page, and the lists that show it (all, its tier, manager and region), only.
    assert made - pages.reused == 5, made - pages.reused
