"""Parse a built site the way a browser would, and list anything a YAML author injected."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcset", "data"}
SAFE_SCHEMES = {"", "http", "https", "mailto"}


@dataclass
class Elements(HTMLParser):
    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    _in: str = ""

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in = tag

    def handle_endtag(self, tag: str) -> None:
        self._in = ""

    def handle_data(self, data: str) -> None:
        if self._in == "title" and not self.tags[-1][1]:
            self.titles.append(data)
        if self._in == "script":
            self.scripts.append(data)


def problems(html: str, where: str) -> list[str]:
    """Injected elements, event handlers, script URLs, or scripts that are not Material's."""
    parsed = Elements()
    parsed.feed(html)
    found = []
    for tag, attrs in parsed.tags:
        if tag in {"iframe", "object", "embed", "img", "base"}:
            found.append(f"{where}: <{tag}> element")
        if (
            tag == "script"
            and attrs.get("src")
            and "assets/javascripts/" not in (attrs["src"] or "")
        ):
            found.append(f"{where}: script from {attrs['src']}")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"{where}: <{tag} {name}>")
            if name in URL_ATTRS and value:
                scheme = urlsplit(value.strip()).scheme.lower()
                # A fragment is a heading's or tag's slug, which may spell out a name.
                # A region's page (and its CSV) is named by a slug of its name, reduced to
                # [a-z0-9-] as tags are: it spells the name out but cannot carry markup, a
                # host or a scheme. Anything else with "evil" in it came from a YAML author.
                path = value.partition("#")[0]
                slug = re.fullmatch(r"[a-z0-9./-]+", path) is not None
                evil = "evil" in path and not slug
                if scheme not in SAFE_SCHEMES or evil:
                    found.append(f"{where}: <{tag} {name}={value!r}>")
    for script in parsed.scripts:
        if "alert" in script:
            found.append(f"{where}: inline script with injected code")
    return found


def titles(html: str) -> list[str]:
    parsed = Elements()
    parsed.feed(html)
    return parsed.titles


def site_problems(site: Path) -> list[str]:
    found: list[str] = []
    pages = sorted(site.rglob("*.html"))
    assert pages, f"no page in {site}: nothing to check"
    for page in pages:
        found += problems(page.read_text(encoding="utf-8"), str(page.relative_to(site)))
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        # Material's search renders title and text with innerHTML
        found += problems(doc["title"], f"search:{doc['location']}:title")
        found += problems(doc["text"], f"search:{doc['location']}:text")
        for tag in doc.get("tags", []):
            found += problems(tag, f"search:{doc['location']}:tag")
    return found


# ---- Structure: what kamgen and Material put on pages, against what a hostile build has ----

# Fragments are heading and tag anchors: slugs of text, never markup or a scheme.
_FRAGMENT = re.compile(r"[\w:.%~-]*")


@dataclass
class Structure:
    """Every element and attribute name in a site, and its absolute URLs (Material's own)."""

    tags: set[str] = field(default_factory=set)
    attributes: set[tuple[str, str]] = field(default_factory=set)
    external: set[str] = field(default_factory=set)


def _pages(site: Path) -> list[tuple[str, str]]:
    pages = [
        (str(page.relative_to(site)), page.read_text(encoding="utf-8"))
        for page in sorted(site.rglob("*.html"))
    ]
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        # Material's search renders title and text with innerHTML.
        pages.append((f"search:{doc['location']}", f"{doc['title']}\n{doc['text']}"))
    return pages


def structure(site: Path) -> Structure:
    found = Structure()
    for _, html in _pages(site):
        parsed = Elements()
        parsed.feed(html)
        for tag, attrs in parsed.tags:
            found.tags.add(tag)
            found.attributes |= {(tag, name) for name in attrs}
            for name, value in attrs.items():
                if name in URL_ATTRS and value and urlsplit(value).scheme:
                    found.external.add(value)
    return found


def _link_problem(site: Path, where: str, value: str, reference: Structure) -> str | None:
    url = urlsplit(value.strip())
    if url.scheme or url.netloc:
        return None if value in reference.external else "a link to another site"
    if not _FRAGMENT.fullmatch(url.fragment):
        return "a fragment that is not a slug"
    if url.query:
        return "a query"
    if not url.path:
        return None
    page = site / where
    base = site if url.path.startswith("/") else page.parent
    target = (base / unquote(url.path).lstrip("/")).resolve()
    if not target.is_relative_to(site.resolve()):
        return "a link out of the site"
    if not (target.is_file() or (target / "index.html").is_file()):
        return "a link to nothing the build made"
    return None


def injected(site: Path, reference: Structure) -> list[str]:
    """Elements, attributes and links that a site built from plain strings (`reference`) does
    not have. A link must be one of Material's own absolute URLs, or lead to a page or file of
    the site itself, with at most a slug as fragment. Together with `site_problems`, nothing
    the portfolio's text could have made."""
    found = []
    for where, html in _pages(site):
        parsed = Elements()
        parsed.feed(html)
        for tag, attrs in parsed.tags:
            if tag not in reference.tags:
                found.append(f"{where}: <{tag}> element")
            for name, value in attrs.items():
                if (tag, name) not in reference.attributes:
                    found.append(f"{where}: <{tag} {name}> attribute")
                if name in URL_ATTRS and value is not None and not where.startswith("search:"):
                    problem = _link_problem(site, where, value, reference)
                    if problem:
                        found.append(f"{where}: <{tag} {name}={value!r}>: {problem}")
    return found
