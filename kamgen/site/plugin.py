"""The `kamgen` MkDocs plugin: `plugins: [search, tags, kamgen]` in any mkdocs.yml.

Pages are generated in memory (`File.generated`); nothing is written into the docs folder.
The portfolio's YAML is watched, so `mkdocs serve` rebuilds when a plan changes. The plugin
touches MkDocs only through its public plugin API; page generation itself
(`kamgen.site.pages.render`) knows nothing of MkDocs.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from pathspec.gitignore import GitIgnoreSpec

from kamgen.base.errors import KamgenError
from kamgen.base.escape.html import text as html_text
from kamgen.base.escape.terminal import printable
from kamgen.load.root import ACCOUNTS, CONFIG
from kamgen.site.data import SiteData, gather
from kamgen.site.guard import check_folder
from kamgen.site.pages import HOME, METHOD, TAGS, manager_page, render, tier_page

CSS = "assets/kamgen.css"
ENV_ROOT = "KAMGEN_ROOT"
ENV_TODAY = "KAMGEN_TODAY"
ENV_CONFIDENTIAL = "KAMGEN_INCLUDE_CONFIDENTIAL"
log = logging.getLogger("mkdocs.plugins.kamgen")


class KamgenConfig(base.Config):  # type: ignore[no-untyped-call]
    root = c.Optional(c.Type(str))  # the portfolio; default: the folder of mkdocs.yml
    today = c.Optional(c.Type(str))  # default: $KAMGEN_TODAY, else the local date
    include_confidential = c.Type(bool, default=False)


class KamgenPlugin(BasePlugin[KamgenConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.data: SiteData | None = None

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
            self.data = gather(root, self._today(), include_confidential=confidential)
        except KamgenError as exc:
            # MkDocs prints this on the terminal; the details quote file names and values.
            details = "\n".join(printable(line) for line in getattr(exc, "details", ()))
            raise PluginError(f"kamgen: {printable(str(exc))}\n{details}".rstrip()) from exc
        self._tell_left_out()
        config.site_name = _whole_characters(config.site_name)
        # Watched only when they are what they should be: a watcher follows links.
        config.watch.extend(
            str(path)
            for path in (root / CONFIG, root / ACCOUNTS)
            if path.exists() and not path.is_symlink()
        )
        config.extra_css.append(CSS)
        if not config.nav:
            config.nav = self._nav()
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

    def _nav(self) -> list[Any]:
        """Nav titles reach Material's templates as they are (`{{ nav_item.title }}`, and
        MkDocs' Jinja does not autoescape): a team member's name is entity-escaped here."""
        assert self.data is not None
        m = self.data.metrics
        tiers = sorted({a.tier for a in m.accounts} | {1, 2, 3})
        return [
            {"Portfolio": HOME},
            {"Tiers": [{f"Tier {t}": tier_page(t)} for t in tiers]},
            {"Managers": [{html_text(g.name): manager_page(g.id)} for g in m.managers]},
            {"Method": METHOD},
            {"Tags": TAGS},
        ]

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.data is not None
        intro = ""
        landing = files.get_file_from_path(HOME)
        if landing is not None:
            intro = _strip_front_matter(
                Path(landing.abs_src_path or "").read_text(encoding="utf-8")
            )
            files.remove(landing)
        for path, text in _generate(self.data, config.use_directory_urls, intro).items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"kamgen: {path} is generated; remove it from the docs folder")
            files.append(File.generated(config, path, content=text))
        # The pages are text now; the portfolio's models are not needed for the rest of the
        # build, and at 5000 accounts they are hundreds of MiB (bench/site_bench.py).
        self.data = None
        css = resources.files("kamgen.site").joinpath("kamgen.css").read_text(encoding="utf-8")
        files.append(File.generated(config, CSS, content=css))
        return files


def _generate(data: SiteData, directory_urls: bool, intro: str) -> dict[str, str]:
    """The pages, with a spinner while they are made when a person watches stderr: render
    makes them all in one call, so there is no count to show a bar against."""
    if not sys.stderr.isatty():
        return render(data, directory_urls, intro)
    from rich.console import Console  # only for a person at a terminal

    count = len(data.metrics.accounts)
    with Console(stderr=True).status(f"Generating {count} account pages"):
        return render(data, directory_urls, intro)


def _whole_characters(text: str) -> str:
    """mkdocs.yml's YAML parser leaves the surrogate-pair escapes JSON writes for a character
    beyond U+FFFF (`"\\ud83d\\ude00"`) as two lone surrogates, and every page that shows the
    name then fails to encode. Pairs are joined; a surrogate without its pair is U+FFFD."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            return text[end + 4 :].lstrip("\n")
    return text
