"""The site's settings when a portfolio has no mkdocs.yml: one definition, for `kamgen build`
(which adds the kamgen plugin) and for the plain project `kamgen pages` writes."""

from __future__ import annotations

from typing import Any

from kamgen.base.escape.html import text as html_text


def default_settings(name: str) -> dict[str, Any]:
    """What a portfolio without mkdocs.yml gets (the same as `kamgen build`'s default):
    Material, light and dark, search and tags, no web fonts."""
    palette = [
        {"media": "(prefers-color-scheme: light)", "scheme": "default",
         "toggle": {"icon": "material/brightness-7", "name": "Dark mode"}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate",
         "toggle": {"icon": "material/brightness-4", "name": "Light mode"}},
    ]  # fmt: skip
    return {
        "site_name": html_text(name),  # Material writes site_name into <title> as it is
        "theme": {
            "name": "material",
            "font": False,  # no web fonts: the site works offline
            "palette": palette,
            "features": ["search.highlight", "navigation.top", "content.tooltips"],
        },
        "plugins": ["search", "tags"],
        "markdown_extensions": ["attr_list", "tables", {"toc": {"permalink": True}}],
    }
