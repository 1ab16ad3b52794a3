"""The `kamgen` MkDocs plugin: `plugins: [search, tags, kamgen]` in any mkdocs.yml.

Pages are generated in memory (`File.generated`); nothing is written into the docs folder.
The portfolio's YAML is watched, so `mkdocs serve` rebuilds when a plan changes. The plugin
touches MkDocs only through its public plugin API; page generation itself
(`kamgen.site.pages.render`) knows nothing of MkDocs.

Speed (issue 14): the raw HTML of generated pages skips Markdown and MkDocs' anchor scan
(`kamgen.site.ready`), the search plugin reads pages without their pictures, and under
`mkdocs serve --dirty` (what `kamgen serve` runs) a rebuild renders only the pages whose
text changed (`kamgen.site.rebuild`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import posixpath
import re
import sys
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext
from pathspec.gitignore import GitIgnoreSpec

from kamgen.base.errors import KamgenError
from kamgen.base.escape.terminal import printable
from kamgen.history.asof import source_at
from kamgen.load.root import ACCOUNTS, CONFIG
from kamgen.site import assets, watch
from kamgen.site.data import SiteData, gather
from kamgen.site.fixes import name_search_dialog, strip_front_matter, whole_characters
from kamgen.site.guard import check_folder
from kamgen.site.links import blob_base
from kamgen.site.nav import nav
from kamgen.site.pages import render
from kamgen.site.paths import HOME, account_page
from kamgen.site.ready import Stash, search_view
from kamgen.site.rebuild import AccountPages, Generated, Rebuilds
from kamgen.site.trends import assemble

ENV_ROOT = "KAMGEN_ROOT"
ENV_TODAY = "KAMGEN_TODAY"
ENV_CONFIDENTIAL = "KAMGEN_INCLUDE_CONFIDENTIAL"
ENV_AS_OF = "KAMGEN_AS_OF"  # `kamgen build --as-of`: the portfolio as git held it that day
log = logging.getLogger("mkdocs.plugins.kamgen")


class KamgenConfig(base.Config):  # type: ignore[no-untyped-call]
    root = c.Optional(c.Type(str))  # the portfolio; default: the folder of mkdocs.yml
    today = c.Optional(c.Type(str))  # default: $KAMGEN_TODAY, else the local date
    include_confidential = c.Type(bool, default=False)


class KamgenPlugin(BasePlugin[KamgenConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.data: SiteData | None = None
        self.source: str | None = None  # links.blob_base: the portfolio's files online
        self.pages: set[str] = set()  # generated pages (src_uri) this build
        self.stashes: dict[str, Stash] = {}  # page -> its raw HTML, while Markdown runs
        self.whole: dict[str, str] = {}  # page -> its HTML, while search reads a lean view
        self.urls: list[str] = []  # every page's URL, in site order
        self.rebuilds: Rebuilds | None = None  # under `mkdocs serve --dirty`

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Having this method keeps one plugin instance across `mkdocs serve` rebuilds (and
        # across every build in one process: each command starts afresh here).
        self.rebuilds = Rebuilds() if command == "serve" and dirty else None
        if self.rebuilds is not None:
            _quiet_dirty_warning()

    # Settings precedence: `kamgen build` options reach the plugin through the environment,
    # so the environment wins over mkdocs.yml's plugin options, which win over the defaults.
    def _root(self, config: MkDocsConfig) -> Path:
        given = os.environ.get(ENV_ROOT) or self.config.root
        if given:
            return Path(config.config_file_path or ".").parent / given
        return Path(config.config_file_path or ".").resolve().parent

    def _today(self) -> dt.date:
        given = os.environ.get(ENV_TODAY) or self.config.today
        try:
            return dt.date.fromisoformat(given) if given else dt.date.today()
        except ValueError as exc:
            raise PluginError(f"kamgen: today must be YYYY-MM-DD, not {given!r}") from exc

    def _confidential(self) -> bool:
        given = os.environ.get(ENV_CONFIDENTIAL)
        return given == "1" if given in ("0", "1") else bool(self.config.include_confidential)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.stashes, self.whole = {}, {}  # what a failed build may have left
        root = self._root(config).resolve()
        confidential = self._confidential()
        try:
            # MkDocs publishes whatever the docs folder holds, following links: a portfolio's
            # mkdocs.yml names no docs or theme folder outside it, nor one with a link out.
            # (kamgen's built-in configuration lives outside, with a docs folder of its own.)
            config_file = Path(config.config_file_path or ".").resolve()
            if root in config_file.parents:
                check_folder(root, Path(config.docs_dir), "docs_dir")
                if config.theme.custom_dir:
                    check_folder(root, Path(config.theme.custom_dir), "theme.custom_dir")
            memo = self.rebuilds.loads if self.rebuilds else None
            as_of = _as_of()
            source = source_at(root, as_of) if as_of else None
            today = as_of or self._today()
            self.data = gather(root, today, confidential, memo=memo, source=source)
            # Trends from git, when the portfolio is in a repository (kamgen.site.trends).
            old = self.rebuilds.history if self.rebuilds else None
            self.data = assemble(root, self.data, as_of, old)
            self.source = blob_base(
                config.repo_url, config.edit_uri, Path(config.docs_dir).as_posix(), root.as_posix()
            )
        except KamgenError as exc:
            # MkDocs prints this on the terminal; the details quote file names and values.
            details = "\n".join(printable(line) for line in getattr(exc, "details", ()))
            raise PluginError(f"kamgen: {printable(str(exc))}\n{details}".rstrip()) from exc
        self._tell_left_out()
        config.site_name = whole_characters(config.site_name)
        # Watched only when they are what they should be: a watcher follows links.
        config.watch.extend(
            str(path)
            for path in (root / CONFIG, root / ACCOUNTS)
            if path.exists() and not path.is_symlink()
        )
        config.extra_css.extend(assets.STYLES)
        config.extra_javascript.extend(assets.SCRIPTS)
        if not config.nav:
            config.nav = nav(self.data)
        # Account pages are reached from tables and search: listing thousands of them in the
        # sidebar makes every page repeat the whole list (measured: 4x the time, 12x memory).
        if config.not_in_nav is None:
            config.not_in_nav = GitIgnoreSpec.from_lines(["/accounts/"])
        return config

    def _tell_left_out(self) -> None:
        """Name on stderr every account the site leaves out; MkDocs counts these warnings, so
        `kamgen build --strict` fails on them."""
        assert self.data is not None
        for item in self.data.left_out:
            log.warning(
                printable(f"kamgen: account {item.id} is left out of the site: {item.reason}")
            )
        for item in self.data.partial:
            log.warning(printable(f"kamgen: account {item.id} is shown in part: {item.reason}"))
        if self.data.bad_folders:
            log.warning(
                f"kamgen: {self.data.bad_folders} folder(s) under accounts/ are left out of the "
                "site: their names are not ids (`kamgen validate` names them)"
            )

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.data is not None
        intro = ""
        landing = files.get_file_from_path(HOME)
        if landing is not None:
            intro = strip_front_matter(Path(landing.abs_src_path or "").read_text(encoding="utf-8"))
            files.remove(landing)
        edits = self._edit_uris(config, landing)
        reuse = None
        if self.rebuilds is not None:
            reuse = self.rebuilds.accounts
            reuse.start(self.data, config.use_directory_urls, intro, self.source)
        texts = _generate(self.data, config.use_directory_urls, intro, self.source, reuse)
        # The pages are text now; the portfolio's models are not needed for the rest of the
        # build, and at 5000 accounts they are hundreds of MiB (bench/site_bench.py).
        self.data = None
        made: list[Generated] = []
        for path, text in {**texts, **assets.files()}.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"kamgen: {path} is generated; remove it from the docs folder")
            file = Generated.generated(config, path, content=text)
            assert isinstance(file, Generated)
            # An edit button on a generated page would open a file that does not exist; an
            # account page's opens its plan, the home page's the hand-written intro.
            file.edit_uri = edits.get(path)
            files.append(file)
            made.append(file)
        self.pages = {f.src_uri for f in made if f.is_documentation_page()}
        if self.rebuilds is not None:
            self.rebuilds.mark(config, files, made)
        return files

    def _edit_uris(self, config: MkDocsConfig, landing: File | None) -> dict[str, str]:
        """Generated page -> its source, relative to the docs folder as MkDocs' edit links
        want (`../accounts/x/plan.yaml` when the docs folder is inside the portfolio)."""
        assert self.data is not None
        out: dict[str, str] = {}
        if landing is not None:
            out[HOME] = landing.edit_uri or landing.src_uri
        if self.source is None:  # the repository's layout is not known: no links into it
            return out
        root, docs = self._root(config).resolve().as_posix(), Path(config.docs_dir).as_posix()
        for a in self.data.metrics.accounts:
            plan = posixpath.join(root, self.data.accounts[a.id].folder, "plan.yaml")
            out[account_page(a.id)] = posixpath.relpath(plan, docs)
        return out

    # ---- ready HTML (kamgen.site.ready) ----
    @event_priority(-100)  # last: other plugins see the page as it is
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if page.file.src_uri not in self.pages:
            return markdown
        stash = Stash()
        self.stashes[page.file.src_uri] = stash
        return stash.take(markdown)

    @event_priority(100)  # first: other plugins see the whole page
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        stash = self.stashes.pop(page.file.src_uri, None)
        if stash is None:
            return html
        try:
            html = stash.put_back(html)
        except ValueError as exc:
            raise PluginError(f"kamgen: {page.file.src_uri}: {exc}") from None
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= stash.anchors()
        return html

    @event_priority(100)
    def _search_reads_lean(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> TemplateContext | None:
        if self.rebuilds is not None:
            excluded = bool((page.meta.get("search") or {}).get("exclude"))
            self.rebuilds.page_built(page.url, excluded)
        if page.file.src_uri in self.pages and page.content is not None:
            self.whole[page.file.src_uri] = page.content
            page.content = search_view(page.content)
        return context

    @event_priority(-100)
    def _page_is_whole_again(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> TemplateContext | None:
        whole = self.whole.pop(page.file.src_uri, None)
        if whole is not None:
            # What Material's search plugin does to the page it indexed, done to the page.
            if "data-search-" in whole:
                whole = _SEARCH_ATTRIBUTES.sub("", whole)
            page.content = whole
        return context

    # Search plugins index a page in on_page_context (priority 0): they read the lean view.
    on_page_context = CombinedEvent(_search_reads_lean, _page_is_whole_again)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return name_search_dialog(output)

    # ---- kamgen serve (kamgen.site.rebuild, kamgen.site.watch) ----
    def on_env(
        self, env: Environment, /, *, config: MkDocsConfig, files: Files
    ) -> Environment | None:
        # As search locations spell them: the home page is "", not "./".
        self.urls = [f.page.url if f.page else f.url for f in files.documentation_pages()]
        return env

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        watch.lighten(server)
        return server

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.rebuilds is not None:
            self.rebuilds.mend_search_index(config.site_dir, self.urls)


_SEARCH_ATTRIBUTES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


class _DirtyIsKnown(logging.Filter):
    """MkDocs warns on every `--dirty` build that navigation may be inaccurate; the plugin
    rebuilds every page whenever the navigation could change (kamgen.site.rebuild), and
    `mkdocs serve --strict` would otherwise stop on the warning."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


def _quiet_dirty_warning() -> None:
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _DirtyIsKnown) for f in logger.filters):
        logger.addFilter(_DirtyIsKnown())


def _generate(
    data: SiteData, directory_urls: bool, intro: str, source: str | None, reuse: AccountPages | None
) -> dict[str, str]:
    """The pages, with a spinner while they are made when a person watches stderr: render
    makes them all in one call, so there is no count to show a bar against."""
    if not sys.stderr.isatty():
        return render(data, directory_urls, intro, source, reuse)
    from rich.console import Console  # only for a person at a terminal

    count = len(data.metrics.accounts)
    with Console(stderr=True).status(f"Generating {count} account pages"):
        return render(data, directory_urls, intro, source, reuse)


def _as_of() -> dt.date | None:
    given = os.environ.get(ENV_AS_OF)
    if not given:
        return None
    try:
        return dt.date.fromisoformat(given)
    except ValueError as exc:
        raise PluginError(f"kamgen: as-of must be YYYY-MM-DD, not {given!r}") from exc
