"""Generated pages reach MkDocs as ready HTML.

A generated page is headings, a little Markdown (the site author's intro, the method page)
and large raw HTML blocks: tables and pictures, megabytes of them at 1000 accounts.
Python-Markdown passes raw HTML through untouched, but only after its HTML parser has read
all of it, and MkDocs reads it all again for anchors (issue 14's profile: 3.3 s and 2.5 s of
a 16 s build). So each raw HTML block that Markdown would pass through as it is leaves the
page before Markdown sees it, as a one-word placeholder paragraph, and comes back in its
place afterwards. Headings and everything else still go through Markdown and the site's own
extensions, so the table of contents, permalinks and the page title come out exactly as they
would have; only the parsing of HTML that nothing changes is saved.

A block is taken out only when Markdown would certainly keep it whole: it starts a line
after a blank line (or the page) with a block-level tag, ends with that element's closing
tag at the end of a line, and is followed by a blank line. Anything else stays in the page
and Markdown handles it as before, so a block this module does not understand costs time,
never correctness.

The search plugin reads every page's HTML once more (4.0 s). It is given a view of the page
without its pictures (SVG text is labels and ticks, not something to search for) and with a
space after each table cell, list item and paragraph, so that cells are words of their own
("Rudo Moyo", not "RudoMoyo").
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from html import unescape

# Elements a generated page opens its raw HTML blocks with (all block-level for Markdown).
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "div",
        "dl",
        "fieldset",
        "figure",
        "footer",
        "form",
        "header",
        "nav",
        "ol",
        "p",
        "section",
        "table",
        "ul",
    ]
)
_CANDIDATE = re.compile(r"(?:\A|\n\n)<([a-z][a-z0-9]*)(?=[\s>])")
_LINE_TAG = re.compile(r"<([a-z][a-z0-9]*)(?=[\s>])")
# Attribute values and text are entity-escaped, so `id="` is only ever an attribute.
_ANCHOR = re.compile(r'\sid="([^"]+)"|<a\s[^>]*?\bname="([^"]+)"')
_EXCLUDED = re.compile(r"<([a-z][a-z0-9]*)\s[^>]*?\bdata-search-exclude\b")
_SECTION = re.compile(r"<h[1-6]\s[^>]*\bid=")
# After these a search index would run two words together.
_WORD_END = re.compile(r"</(?:td|th|li|p|div|dt|dd|figcaption|caption|h[1-6])>|<br\s*/?>")


@cache
def _tag_pattern(tag: str) -> re.Pattern[str]:
    return re.compile(rf"<{tag}(?=[\s>])|</{tag}\s*>")


def element_end(text: str, start: int, tag: str) -> int | None:
    """Where the element opened at `start` ends (after its closing tag), counting nested
    elements of the same name; None when it does not close. Generated HTML escapes every
    `<` of user text, so a tag name found here is a tag."""
    depth = 0
    for match in _tag_pattern(tag).finditer(text, start):
        if match.group().startswith("</"):
            depth -= 1
            if depth == 0:
                return match.end()
        else:
            depth += 1
    return None


def _run_end(text: str, start: int, tag: str) -> int | None:
    """Where the run of raw HTML blocks starting at `start` ends, or None when Markdown
    might read any of it as more than raw HTML. Blocks on consecutive lines are one run:
    Markdown keeps them as they are, with the line breaks between them, and a placeholder
    for each would join the next into one paragraph."""
    while tag in BLOCK_TAGS:
        end = element_end(text, start, tag)
        if end is None or "markdown" in text[start:end]:  # md_in_html reads inside those
            return None
        line_end = text.find("\n", end)
        line_end = len(text) if line_end == -1 else line_end
        if text[end:line_end].strip():
            return None  # more on the line: Markdown's business
        if text[line_end + 1 : line_end + 2] in ("", "\n"):
            return end  # a blank line or the end: the run is a paragraph of its own
        following = _LINE_TAG.match(text, line_end + 1)
        if following is None:
            return None  # a paragraph right after the run
        start, tag = line_end + 1, following.group(1)
    return None


@dataclass
class Stash:
    """The raw HTML of one page, and the placeholder word that stands for each run of it."""

    token: str = field(default_factory=lambda: "kgready" + secrets.token_hex(6) + "x")
    blocks: list[str] = field(default_factory=list)

    def take(self, markdown: str) -> str:
        """`markdown` with each run of raw HTML blocks that Markdown would keep whole
        replaced by a placeholder paragraph."""
        out: list[str] = []
        pos = 0
        for match in _CANDIDATE.finditer(markdown):
            start = match.start(1) - 1
            if start < pos:
                continue
            end = _run_end(markdown, start, match.group(1))
            if end is None:
                continue
            out += (markdown[pos:start], f"{self.token}{len(self.blocks)}")
            self.blocks.append(markdown[start:end])
            pos = end
        out.append(markdown[pos:])
        return "".join(out)

    def put_back(self, html: str) -> str:
        """Markdown's output with every placeholder paragraph replaced by its block."""
        if not self.blocks:
            return html
        placed = 0

        def block(match: re.Match[str]) -> str:
            nonlocal placed
            placed += 1
            return self.blocks[int(match.group(1))]

        html = re.sub(rf"<p>{self.token}(\d+)</p>", block, html)
        if placed != len(self.blocks):
            raise ValueError(
                f"{len(self.blocks) - placed} HTML block(s) of the page did not come back from "
                "Markdown: an extension in markdown_extensions rewrites plain paragraphs"
            )
        return html

    def anchors(self) -> set[str]:
        """The ids in the blocks, which MkDocs would have found there (for its check of
        links to anchors)."""
        return {
            unescape(m.group(1) or m.group(2))
            for block in self.blocks
            for m in _ANCHOR.finditer(block)
        }


def _without(html: str, tag: str) -> Iterator[str]:
    pos = 0
    opener = f"<{tag}"
    while (start := html.find(opener, pos)) != -1:
        end = element_end(html, start, tag)
        if end is None:
            break
        yield html[pos:start]
        pos = end
    yield html[pos:]


def _without_excluded(html: str) -> Iterator[str]:
    """`html` less each element marked `data-search-exclude`, which the search plugin
    would read tag by tag only to skip. One that holds a heading with an id stays: the
    plugin still makes a section of such a heading."""
    pos = 0
    for match in _EXCLUDED.finditer(html):
        start = match.start()
        if start < pos:
            continue  # inside an element already left out
        end = element_end(html, start, match.group(1))
        if end is None or _SECTION.search(html, start, end):
            continue
        yield html[pos:start]
        pos = end
    yield html[pos:]


def search_view(html: str) -> str:
    """The page as the search index should read it: no pictures, nothing marked to be
    left out, and a space wherever a reader sees two separate pieces of text."""
    if "<svg" in html:
        html = "".join(_without(html, "svg"))
    if "data-search-exclude" in html:
        html = "".join(_without_excluded(html))
    return _WORD_END.sub(r"\g<0> ", html)
