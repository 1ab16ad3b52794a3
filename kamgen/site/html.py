"""Small HTML builders for generated pages. Every user string goes through `esc`
(kamgen.base.escape.html.md: entity escaping that holds in Markdown, raw HTML and attributes)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from kamgen.base.escape.html import md as esc
from kamgen.base.escape.html import text

__all__ = ["Cell", "esc", "front_matter", "link", "page_url", "relative", "table", "tag"]

_TAG = re.compile(r"[^a-z0-9]+")


def page_url(src: str, directory_urls: bool) -> str:
    """The URL MkDocs gives the page at `src` (relative to the site root)."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index") if directory_urls else stem + ".html"
    return stem + "/" if directory_urls else stem + ".html"


def relative(from_src: str, to_src: str, directory_urls: bool) -> str:
    """A link from one generated page to another; raw HTML is not rewritten by MkDocs.
    Both URLs are from the site's root and hold no `.` or `..`, so the link is the way up
    out of `here`'s folder and down into `there` (`posixpath.relpath` would normalise and
    make both absolute first, a quarter of a 1000-account rebuild)."""
    here = page_url(from_src, directory_urls)
    there = page_url(to_src, directory_urls)
    base = here.split("/")[:-1]  # the folders `here` is in ("a/b/" and "a/b.html": a, b / a)
    parts = there.split("/")
    folders, name = parts[:-1], parts[-1]  # name is "" for a folder URL
    common = 0
    while common < min(len(base), len(folders)) and base[common] == folders[common]:
        common += 1
    target = "/".join([".."] * (len(base) - common) + folders[common:])
    if name:
        return f"{target}/{name}" if target else name
    return f"{target}/" if target else "./"


def link(href: str, label: str) -> str:
    """`href` is built by kamgen from pattern-checked ids; even so it is percent-encoded
    here, so that nothing in it could be a scheme (`javascript:`) or leave the attribute.
    `label` is escaped here."""
    return f'<a href="{text(quote(href, safe="/._-~#"))}">{esc(label)}</a>'


def url_link(url: str, label: str) -> str:
    """A link to a URL kamgen built from a checked https base and quoted path (a file in
    the repository): only escaped for the attribute, since percent-encoding it again
    would break the scheme."""
    return f'<a href="{text(url)}">{esc(label)}</a>'


@dataclass(frozen=True)
class Cell:
    """A cell whose text does not sort as it reads ("80 good", "due in 7 d"): the
    table script sorts by `sort`, a number kamgen wrote."""

    html: str
    sort: float | int

    def __str__(self) -> str:
        return self.html


def table(
    head: Sequence[str],
    rows: Iterable[Sequence[str | Cell]],
    css: str = "",
    attrs: str = "",
    indexed: Sequence[int] | None = None,
    numeric: Sequence[int] = (),
) -> str:
    """Cells are HTML already; headers are kamgen's own words (never empty: a screen reader
    reads them before each cell). Cells are apart by a space and rows by a line, so that
    search indexes each cell as its own words ("Rudo Chikore", not "RudoChikore"). Only the
    `indexed` columns reach the search index (default: all); the headings never do."""
    th = " ".join(f'<th scope="col">{h}</th>' for h in head)
    td = [
        "<td>" if indexed is None or i in indexed else "<td data-search-exclude>"
        for i in range(len(head))
    ]
    body = "\n".join(
        "<tr>" + " ".join(f"{td[i]}{c}</td>" for i, c in enumerate(row)) + "</tr>" for row in rows
    )
    cls = f' class="{css}"' if css else ""
    return (
        f"<table{cls}{attrs}><thead data-search-exclude><tr>{th}</tr></thead><tbody>\n{body}"
        "\n</tbody></table>"
    )


def tag(kind: str, value: object) -> str | None:
    """A tag restricted to `[a-z0-9-]`: user text never reaches the tags plugin as it is."""
    slug = _TAG.sub("-", str(value).lower()).strip("-")[:40].strip("-")
    return f"{kind}-{slug}" if slug else None


def front_matter(title: str, description: str, tags: Sequence[str] = (), **extra: object) -> str:
    """YAML front matter. Titles reach <title> unescaped in Material's templates, so they are
    entity-escaped here; JSON strings are valid YAML and cannot break out of their line.
    Characters are written as themselves, not as `\\u` escapes: the YAML parser does not join
    the surrogate pairs JSON writes beyond U+FFFF, and front matter it cannot parse becomes
    page text (a `---` rule and the raw lines). `esc` leaves nothing YAML cannot hold."""
    meta: dict[str, object] = {"title": esc(title), "description": esc(description), **extra}
    if tags:
        meta["tags"] = list(tags)
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"
