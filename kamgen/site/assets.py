"""The site's own static files: styles for pages and pictures, and the table script. Shipped
inside the package and served from the site itself (no CDN), by the plugin and by
`kamgen pages` alike."""

from __future__ import annotations

from importlib import resources

# Served path -> file in this package. Scripts go under assets/javascripts/, next to the
# theme's own, so a reader of the built site finds every script in one place.
STYLES = {"assets/kamgen.css": "kamgen.css", "assets/kamgen-figures.css": "figures.css"}
SCRIPTS = {"assets/javascripts/kamgen-tables.js": "tables.js"}


def files() -> dict[str, str]:
    """Every asset: its path in the site, and its text."""
    here = resources.files("kamgen.site")
    return {
        path: here.joinpath(name).read_text(encoding="utf-8")
        for path, name in {**STYLES, **SCRIPTS}.items()
        if here.joinpath(name).is_file()
    }
