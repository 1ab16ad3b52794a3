"""`kamgen build` and `kamgen serve`: MkDocs with the portfolio's mkdocs.yml, or a default.

MkDocs runs as `python -m mkdocs`, its public command line, so that kamgen depends on nothing
inside MkDocs but the plugin API; the reference date, the portfolio and the confidential
switch reach the plugin through the environment.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kamgen.errors import BuildError
from kamgen.escape import md as esc
from kamgen.load.portfolio import FsSource, load_file
from kamgen.model import PortfolioConfig
from kamgen.root import CONFIG
from kamgen.site.plugin import ENV_CONFIDENTIAL, ENV_ROOT, ENV_TODAY

DEFAULT_SITE_DIR = "public"


@dataclass(frozen=True)
class Options:
    root: Path
    today: dt.date
    site_dir: Path | None = None
    include_confidential: bool = False
    serve: bool = False
    address: str = "127.0.0.1:8000"


def default_config(root: Path, docs_dir: Path) -> str:
    """The mkdocs.yml used when the portfolio has none: Material, light and dark, search,
    tags, no web fonts. JSON strings are valid YAML, and the name is entity-escaped because
    Material writes `site_name` into <title> as it is."""
    loaded, _ = load_file(FsSource(root), CONFIG, "portfolio", None)  # its findings: the plugin's
    config = loaded.model if loaded else None
    name = config.portfolio.name if isinstance(config, PortfolioConfig) else "Key accounts"
    palette = [
        {"media": "(prefers-color-scheme: light)", "scheme": "default",
         "toggle": {"icon": "material/brightness-7", "name": "Dark mode"}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate",
         "toggle": {"icon": "material/brightness-4", "name": "Light mode"}},
    ]  # fmt: skip
    return "\n".join(
        [
            f"site_name: {json.dumps(esc(name))}",
            f"docs_dir: {json.dumps(str(docs_dir))}",
            "theme:",
            "  name: material",
            "  font: false",
            f"  palette: {json.dumps(palette)}",
            '  features: ["search.highlight", "navigation.top", "content.tooltips"]',
            "plugins: [search, tags, kamgen]",
            "markdown_extensions: [attr_list, tables, {toc: {permalink: true}}]",
            "",
        ]
    )


def execute(options: Options) -> None:
    env = {
        **os.environ,
        ENV_ROOT: str(options.root.resolve()),
        ENV_TODAY: options.today.isoformat(),
        ENV_CONFIDENTIAL: "1" if options.include_confidential else "0",
        "NO_MKDOCS_2_WARNING": "1",  # kamgen already plans for MkDocs 2; users need not see it
    }
    with tempfile.TemporaryDirectory(prefix="kamgen-site-") as tmp:
        config_file = options.root / "mkdocs.yml"
        if not config_file.is_file():
            docs = Path(tmp) / "docs"
            docs.mkdir()
            config_file = Path(tmp) / "mkdocs.yml"
            config_file.write_text(default_config(options.root, docs), encoding="utf-8")
        command = [sys.executable, "-m", "mkdocs", "serve" if options.serve else "build",
                   "--config-file", str(config_file)]  # fmt: skip
        if options.serve:
            command += ["--dev-addr", options.address]
        else:
            site_dir = options.site_dir or options.root / DEFAULT_SITE_DIR
            command += ["--site-dir", str(site_dir.resolve()), "--clean"]
        done = subprocess.run(command, env=env, check=False)
    if done.returncode != 0:
        raise BuildError(f"mkdocs {command[3]} failed (exit {done.returncode})")
