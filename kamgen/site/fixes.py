"""What kamgen does to MkDocs' and Material's text, shared by the plugin and by the plain
MkDocs project `kamgen pages` writes (which runs `on_post_page` as a hook file instead)."""

from __future__ import annotations

# Material's search dialog has no accessible name (axe-core: aria-dialog-name, a serious
# violation on every page); the theme's own word names it.
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_DIALOG = SEARCH_DIALOG[:-1] + ' aria-label="Search">'
HOOK_FILE = "kamgen_hooks.py"


def name_search_dialog(html: str) -> str:
    return html.replace(SEARCH_DIALOG, NAMED_DIALOG, 1)


def hook_source() -> str:
    """The hook file of a `kamgen pages` project: the same change, with no kamgen import, so
    that stock MkDocs builds the project with nothing but MkDocs and its theme."""
    return (
        '"""Written by `kamgen pages`: names Material\'s search dialog for screen readers, as '
        'the kamgen plugin does."""\n\n\n'
        "def on_post_page(output, page, config):\n"
        f"    return output.replace({SEARCH_DIALOG!r}, {NAMED_DIALOG!r}, 1)\n"
    )


def whole_characters(text: str) -> str:
    """mkdocs.yml's YAML parser leaves the surrogate-pair escapes JSON writes for a character
    beyond U+FFFF (`"\\ud83d\\ude00"`) as two lone surrogates, and every page that shows the
    name then fails to encode. Pairs are joined; a surrogate without its pair is U+FFFD."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def strip_front_matter(text: str) -> str:
    """A hand-written landing page's text, without its front matter (its body becomes the
    home page's intro)."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            return text[end + 4 :].lstrip("\n")
    return text
