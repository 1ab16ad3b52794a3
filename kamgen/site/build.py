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

from kamgen.base.errors import BuildError, UsageError
from kamgen.history.asof import source_at
from kamgen.load.portfolio import FsSource, load_file
from kamgen.load.root import CONFIG
from kamgen.model import PortfolioConfig
from kamgen.site.defaults import default_settings
from kamgen.site.guard import check_config_file, mark_built, output_folder
from kamgen.site.plugin import ENV_AS_OF, ENV_CONFIDENTIAL, ENV_ROOT, ENV_TODAY
from kamgen.site.process import run_child


@dataclass(frozen=True)
class Options:
    root: Path
    today: dt.date | None  # None: the plugin's option in mkdocs.yml, else the local date
    site_dir: Path | None = None
    include_confidential: bool | None = None  # None: the environment, else mkdocs.yml
    serve: bool = False
    address: str = "127.0.0.1:8000"
    strict: bool = False  # an account left out of the site (or any MkDocs warning) fails
    as_of: dt.date | None = None  # the portfolio as git held it at the end of that day


def default_config(root: Path, docs_dir: Path) -> str:
    """The mkdocs.yml used when the portfolio has none (kamgen.site.defaults), with the
    kamgen plugin and kamgen's own docs folder."""
    loaded, _ = load_file(FsSource(root), CONFIG, "portfolio", None)  # its findings: the plugin's
    config = loaded.model if loaded else None
    name = config.portfolio.name if isinstance(config, PortfolioConfig) else "Key accounts"
    settings = default_settings(name)
    settings["docs_dir"] = str(docs_dir)
    settings["plugins"] = [*settings["plugins"], "kamgen"]
    # JSON is valid YAML, and json.dumps writes every string quoted and escaped.
    return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"


def _command(options: Options, config_file: Path, site_dir: Path | None) -> list[str]:
    # `-P`: the working folder and the script's folder are not put on sys.path, so a
    # `mkdocs/` folder (or `material/`, `markdown/`, ...) in the portfolio cannot shadow
    # MkDocs and run its own code.
    command = [sys.executable, "-P", "-m", "mkdocs", "serve" if options.serve else "build",
               "--config-file", str(config_file)]  # fmt: skip
    if options.strict:
        command.append("--strict")
    if options.serve:
        # Dirty: a rebuild renders only the pages an edit changed; the plugin keeps such
        # builds whole where MkDocs' own dirty builds are not (kamgen.site.rebuild).
        command += ["--dev-addr", options.address, "--dirty"]
    else:
        assert site_dir is not None
        command += ["--site-dir", str(site_dir), "--clean"]
    return command


def execute(options: Options) -> None:
    # Settings reach the plugin through the environment, and only when given: what is not
    # given here is left to the environment the user set, then to mkdocs.yml's options.
    env = {
        **os.environ,
        ENV_ROOT: str(options.root.resolve()),
        "NO_MKDOCS_2_WARNING": "1",  # kamgen already plans for MkDocs 2; users need not see it
    }
    if options.today is not None:
        env[ENV_TODAY] = options.today.isoformat()
    if options.include_confidential is not None:
        env[ENV_CONFIDENTIAL] = "1" if options.include_confidential else "0"
    if options.as_of is not None:
        source_at(options.root, options.as_of)  # no such commit: a usage error, before MkDocs
        env[ENV_AS_OF] = options.as_of.isoformat()
    site_dir = None if options.serve else output_folder(options.root, options.site_dir)
    with tempfile.TemporaryDirectory(prefix="kamgen-site-") as tmp:
        config_file = options.root / "mkdocs.yml"
        if os.path.lexists(config_file):
            check_config_file(options.root, config_file)
        else:
            docs = Path(tmp) / "docs"
            docs.mkdir()
            config_file = Path(tmp) / "mkdocs.yml"
            config_file.write_text(default_config(options.root, docs), encoding="utf-8")
        if site_dir is not None:
            _make(site_dir)
        command = _command(options, config_file, site_dir)
        # The child runs in a folder of its own, so nothing in the caller's folder is on its
        # path either; MkDocs resolves every path in mkdocs.yml from the file itself.
        code = run_child(command, env, cwd=tmp) if options.serve else _build(command, env, tmp)
    if code != 0:
        raise BuildError(f"mkdocs {command[4]} failed (exit {code}); its messages are above")
    if site_dir is not None:
        if not (site_dir / "index.html").is_file():
            raise BuildError(f"mkdocs produced no site in {site_dir}")
        mark_built(site_dir)


def _make(site_dir: Path) -> None:
    """Made here, once the configuration passed its checks, so that a folder that cannot be
    made is a user error and not MkDocs' traceback."""
    try:
        site_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the site folder {site_dir}: {exc.strerror}") from None


def _build(command: list[str], env: dict[str, str], cwd: str) -> int:
    return subprocess.run(command, env=env, cwd=cwd, check=False).returncode
