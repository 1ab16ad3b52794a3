"""Parse a built site the way a browser would, and list anything a YAML author injected."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

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
                if scheme not in SAFE_SCHEMES or "evil" in value:
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
    for page in sorted(site.rglob("*.html")):
        found += problems(page.read_text(encoding="utf-8"), str(page.relative_to(site)))
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        # Material's search renders title and text with innerHTML
        found += problems(doc["title"], f"search:{doc['location']}:title")
        found += problems(doc["text"], f"search:{doc['location']}:text")
        for tag in doc.get("tags", []):
            found += problems(tag, f"search:{doc['location']}:tag")
    return found
