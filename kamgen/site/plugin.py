"""The `kamgen` MkDocs plugin: `plugins: [search, tags, kamgen]` in any mkdocs.yml.

Pages are generated in memory (`File.generated`); nothing is written into the docs folder.
The portfolio's YAML is watched, so `mkdocs serve` rebuilds when a plan changes. The plugin
touches MkDocs only through its public plugin API; page generation itself
(`kamgen.site.pages.render`) knows nothing of MkDocs.
"""

from __future__ import annotations

import datetime as dt
import os
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

from kamgen.errors import KamgenError
from kamgen.root import CONFIG
from kamgen.site.data import SiteData, gather
from kamgen.site.pages import HOME, METHOD, TAGS, manager_page, render, tier_page

CSS = "assets/kamgen.css"
ENV_ROOT = "KAMGEN_ROOT"
ENV_TODAY = "KAMGEN_TODAY"
ENV_CONFIDENTIAL = "KAMGEN_INCLUDE_CONFIDENTIAL"


class KamgenConfig(base.Config):  # type: ignore[no-untyped-call]
    root = c.Optional(c.Type(str))  # the portfolio; default: the folder of mkdocs.yml
    today = c.Optional(c.Type(str))  # default: $KAMGEN_TODAY, else the local date
    include_confidential = c.Type(bool, default=False)


class KamgenPlugin(BasePlugin[KamgenConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.data: SiteData | None = None

    def _root(self, config: MkDocsConfig) -> Path:
        given = self.config.root or os.environ.get(ENV_ROOT)
        if given:
            return Path(config.config_file_path or ".").parent / given
        return Path(config.config_file_path or ".").resolve().parent

    def _today(self) -> dt.date:
        given = self.config.today or os.environ.get(ENV_TODAY)
        try:
            return dt.date.fromisoformat(given) if given else dt.date.today()
        except ValueError as exc:
            raise PluginError(f"kamgen: today must be YYYY-MM-DD, not {given!r}") from exc

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = self._root(config).resolve()
        confidential = self.config.include_confidential or os.environ.get(ENV_CONFIDENTIAL) == "1"
        try:
            self.data = gather(root, self._today(), include_confidential=confidential)
        except KamgenError as exc:
            details = "\n".join(getattr(exc, "details", ()))
            raise PluginError(f"kamgen: {exc}\n{details}".rstrip()) from exc
        config.watch.extend([str(root / CONFIG), str(root / "accounts")])
        config.extra_css.append(CSS)
        if not config.nav:
            config.nav = self._nav()
        # Account pages are reached from tables and search: listing thousands of them in the
        # sidebar makes every page repeat the whole list (measured: 4x the time, 12x memory).
        if config.not_in_nav is None:
            config.not_in_nav = GitIgnoreSpec.from_lines(["/accounts/"])
        return config

    def _nav(self) -> list[Any]:
        assert self.data is not None
        m = self.data.metrics
        tiers = sorted({a.tier for a in m.accounts} | {1, 2, 3})
        return [
            {"Portfolio": HOME},
            {"Tiers": [{f"Tier {t}": tier_page(t)} for t in tiers]},
            {"Managers": [{g.name: manager_page(g.id)} for g in m.managers]},
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
        for path, text in render(self.data, config.use_directory_urls, intro).items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"kamgen: {path} is generated; remove it from the docs folder")
            files.append(File.generated(config, path, content=text))
        # The pages are text now; the portfolio's models are not needed for the rest of the
        # build, and at 5000 accounts they are hundreds of MiB (bench/site_bench.py).
        self.data = None
        css = resources.files("kamgen.site").joinpath("kamgen.css").read_text(encoding="utf-8")
        files.append(File.generated(config, CSS, content=css))
        return files


def _strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            return text[end + 4 :].lstrip("\n")
    return text
