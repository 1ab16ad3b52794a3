"""`kamgen serve` rebuilds only what an edit touches.

`kamgen serve` runs `mkdocs serve --dirty`: MkDocs then reads, renders and writes only the
files whose `is_modified()` is true, and keeps the plugin (it has `on_startup`) from one
build to the next. Generated files are `Generated`: modified when their text differs from
the previous build's, so an edit to one plan rebuilds that account's page and the portfolio
pages whose text it changed (home, all accounts, its tier, manager and region, and any
account whose rank moved), compared as text rather than guessed.

A dirty build is only right while what every page shares is unchanged; otherwise the
rebuild is whole (every page marked modified, hand-written pages included):
- the first build, an edited mkdocs.yml, or another nav;
- a page added or removed, or a page's front matter changed (titles are in the nav, tags
  make the tags page, which only a whole build can list);
- an edited hand-written page (its title may be in the nav).

Two things MkDocs' dirty builds get wrong are mended here: the output of a page that is no
longer generated is removed, and the search index, which the search plugin writes from the
pages of this build alone (or merges wrongly), is made whole again from the entries this
module keeps per page.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from kamgen.load.portfolio import Memo
from kamgen.metrics import AccountMetrics
from kamgen.site.data import SiteData

SEARCH_INDEX = "search/search_index.json"


class Generated(File):
    """A file the kamgen plugin made; `fresh` is False when its text is the previous
    build's (MkDocs then neither renders nor writes it under `--dirty`)."""

    fresh = True

    def is_modified(self) -> bool:
        return self.fresh


def _front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            return text[: end + 4]
    return ""


def _config_key(config: MkDocsConfig) -> str:
    """What every page's template shares: mkdocs.yml as written, and the nav."""
    path = config.config_file_path
    try:
        written = Path(path).read_text(encoding="utf-8") if path else ""
    except OSError:
        written = ""
    return written + "\n" + repr(config.nav)


def _page_of(location: str) -> str:
    return location.split("#", 1)[0]


@dataclass
class Rebuilds:
    """What the previous build made, kept between builds of one `mkdocs serve`."""

    accounts: AccountPages = field(default_factory=lambda: AccountPages())
    loads: Memo = field(default_factory=Memo)  # the loader's per-file results
    history: Memo = field(default_factory=Memo)  # old commits' files, for the trends
    texts: dict[str, str] = field(default_factory=dict)  # generated path -> text
    outputs: dict[str, str] = field(default_factory=dict)  # generated path -> output file
    config_key: str | None = None
    search: dict[str, list[Any]] = field(default_factory=dict)  # page URL -> index entries
    built: set[str] = field(default_factory=set)  # URLs of the pages built this time
    excluded: set[str] = field(default_factory=set)  # of those, pages kept out of search
    whole: bool = True  # this build renders every page
    changed: list[str] = field(default_factory=list)  # generated paths rendered this time

    def mark(self, config: MkDocsConfig, files: Files, generated: Iterable[Generated]) -> None:
        """Decide what this build renders, and mark the generated files accordingly."""
        made = {f.src_uri: f for f in generated}
        key = _config_key(config)
        whole = (
            key != self.config_key
            or {p for p in made if p.endswith(".md")}
            != {p for p in self.texts if p.endswith(".md")}
            or any(
                _front_matter(self.texts[p]) != _front_matter(f.content_string)
                for p, f in made.items()
                if p.endswith(".md")
            )
            or any(
                f.is_modified()
                for f in files.documentation_pages()
                if f.src_uri not in made and f.abs_src_path is not None
            )
        )
        for path, output in self.outputs.items():
            if path not in made:  # no longer generated: a dirty build would leave it served
                with contextlib.suppress(OSError):
                    os.remove(output)
        if whole:
            for f in files.documentation_pages():
                if f.src_uri not in made:  # hand-written: rebuilt when its output is gone
                    with contextlib.suppress(OSError):
                        os.remove(f.abs_dest_path)
        self.changed = []
        for path, f in made.items():
            f.fresh = whole or self.texts.get(path) != f.content_string
            if f.fresh:
                self.changed.append(path)
        self.whole, self.config_key = whole, key
        self.texts = {p: f.content_string for p, f in made.items()}
        self.outputs = {p: f.abs_dest_path for p, f in made.items()}
        self.built, self.excluded = set(), set()

    def page_built(self, url: str, excluded: bool) -> None:
        self.built.add(url)
        if excluded:
            self.excluded.add(url)

    def mend_search_index(self, site_dir: str, pages: Iterable[str]) -> None:
        """Rewrite the search index with every page's entries: this build's for the pages it
        built (the last run of entries for each, as a merging search plugin appends new
        entries after old ones), the kept ones for the others, in site order."""
        path = os.path.join(site_dir, SEARCH_INDEX)
        try:
            with open(path, encoding="utf-8") as f:
                index = json.load(f)
        except (OSError, ValueError):
            return  # no search plugin, or not one that writes this file
        runs: dict[str, list[Any]] = {}
        last = None
        for entry in index.get("docs", []):
            page = _page_of(str(entry.get("location", "")))
            if page != last:
                runs[page] = []
                last = page
            runs[page].append(entry)
        for url in self.built:
            self.search[url] = [] if url in self.excluded else runs.get(url, [])
        order = list(pages)
        self.search = {url: self.search.get(url, []) for url in order}
        index["docs"] = [entry for url in order for entry in self.search[url]]
        with open(path, "w", encoding="utf-8") as f:
            json.dump(index, f, separators=(",", ":"), default=str)


def _ids(data: SiteData) -> set[str]:
    return set(data.accounts) | {a.id for a in data.metrics.accounts}


def _shared(
    data: SiteData, directory_urls: bool, intro: str, source: str | None
) -> tuple[Any, ...]:
    """Everything an account page may read besides its own account: every field of the
    site data that is not per account, every portfolio-wide figure derived from them (a
    property of SiteData), the metrics less the accounts, and each account's id and name."""
    ids = _ids(data)
    parts: list[Any] = [directory_urls, intro, source]
    for f in fields(data):
        value = getattr(data, f.name)
        if f.name == "metrics":
            parts += [replace(value, accounts=()), [(a.id, a.name) for a in value.accounts]]
        elif not (isinstance(value, dict) and value and set(value) <= ids):
            parts.append(value)
    for name, member in vars(type(data)).items():
        if not name.startswith("_") and isinstance(member, property | cached_property):
            parts.append(getattr(data, name))
    return tuple(parts)


def _own(data: SiteData, account: AccountMetrics, ids: set[str]) -> tuple[Any, ...]:
    """What the site data holds for one account: its metrics, and its entry in every
    per-account field (`ids`: `_ids(data)`)."""
    own: list[Any] = [account]
    for f in fields(data):
        value = getattr(data, f.name)
        if f.name != "metrics" and isinstance(value, dict) and value and set(value) <= ids:
            own.append(value.get(account.id))
    return tuple(own)


@dataclass
class _Made:
    own: tuple[Any, ...]
    text: str
    downloads: dict[str, str]


@dataclass
class AccountPages:
    """Account pages from the previous build, made again only when what they are made of
    changed: the account's own data, or anything shared (then every one is made again).
    Rendering the account pages is most of page generation (2 of 2.2 s at 1000 accounts)."""

    shared: tuple[Any, ...] | None = None
    made: dict[str, _Made] = field(default_factory=dict)
    reused: int = 0
    # This build's: each account's own data, worked out once (lists ask for it again).
    owns: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)

    def start(self, data: SiteData, directory_urls: bool, intro: str, source: str | None) -> None:
        shared = _shared(data, directory_urls, intro, source)
        if shared != self.shared:
            self.made = {}
        self.shared, self.reused = shared, 0
        self.owns, self.ids = {}, _ids(data)

    def page(self, site: Any, account: AccountMetrics, make: Callable[[], str]) -> str:
        """The page of `account`: the previous one, with its CSV downloads, when nothing
        it is made of changed; else `make()`, which adds its downloads to `site.downloads`."""
        return self._kept(site, account.id, self._own(site.data, account), make)

    def listing(
        self, site: Any, path: str, accounts: Sequence[AccountMetrics], make: Callable[[], str]
    ) -> str:
        """A page that lists accounts (a tier's, a manager's, a region's, all of them): made
        again only when one of its accounts, or their order, changed. An edit to one account
        makes its own lists again, not the fifty others."""
        return self._kept(site, path, tuple(self._own(site.data, a) for a in accounts), make)

    def _own(self, data: SiteData, account: AccountMetrics) -> tuple[Any, ...]:
        own = self.owns.get(account.id)
        if own is None:
            own = self.owns[account.id] = _own(data, account, self.ids)
        return own

    def _kept(self, site: Any, key: str, own: tuple[Any, ...], make: Callable[[], str]) -> str:
        kept = self.made.get(key)
        if kept is not None and kept.own == own:
            site.downloads.update(kept.downloads)
            self.reused += 1
            return kept.text
        before = set(site.downloads)
        text = make()
        added = {k: v for k, v in site.downloads.items() if k not in before}
        self.made[key] = _Made(own, text, added)
        return text
