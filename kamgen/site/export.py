"""`kamgen pages OUT`: the site's pages as a plain MkDocs project that needs no kamgen plugin.

OUT/mkdocs.yml, OUT/docs/ (every generated page and CSV download, kamgen's assets, and the
portfolio's hand-written pages) and, when the portfolio has theme overrides, OUT/overrides/.
Stock MkDocs 1.6 builds it, and so does Zensical, which reads mkdocs.yml: a way off the
plugin API, which MkDocs 2 drops.

The pages are what the plugin generates (the same `render`, nav and assets), and the
portfolio's mkdocs.yml is carried over less what only the plugin build understands, so a
build of OUT shows the same pages as `kamgen build`. Nothing here imports MkDocs: a Zensical
user needs only PyYAML.

OUT is written as a whole: into a new folder beside it, which then takes its place, so a
failed run leaves the previous OUT as it was, and a page removed from the portfolio does not
linger. OUT must be empty or written by kamgen before (guard.output_folder decides).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml

from kamgen.base.errors import KamgenError, UsageError
from kamgen.base.escape.html import text as html_text
from kamgen.site import assets
from kamgen.site.data import SiteData, gather
from kamgen.site.defaults import default_settings
from kamgen.site.fixes import HOOK_FILE, hook_source, strip_front_matter, whole_characters
from kamgen.site.guard import (
    MAX_CONFIG_BYTES,
    Words,
    check_config_file,
    check_folder,
    check_inside,
    mark_built,
    output_folder,
)
from kamgen.site.links import blob_base
from kamgen.site.nav import nav
from kamgen.site.pages import render
from kamgen.site.paths import HOME
from kamgen.site.trends import assemble

CONFIG_FILE = "mkdocs.yml"
DOCS = "docs"
OVERRIDES = "overrides"
PLUGIN = "kamgen"

# mkdocs.yml settings that mean the same in OUT as in the portfolio, and are carried as they
# are. The others are handled one by one below, or left out with a warning.
CARRIED = (
    "site_name", "site_url", "site_description", "site_author", "copyright", "repo_url",
    "repo_name", "theme", "plugins", "markdown_extensions", "extra", "extra_css",
    "extra_javascript", "extra_templates", "nav", "not_in_nav", "exclude_docs", "draft_docs",
    "validation", "use_directory_urls", "strict", "dev_addr", "remote_branch", "remote_name",
)  # fmt: skip
HANDLED = ("INHERIT", "docs_dir", "site_dir", "edit_uri")


class GeneratedPathError(KamgenError):
    """A hand-written file sits where kamgen generates one (exit 1, as `kamgen build`)."""

    exit_code = 1


@dataclass(frozen=True)
class Options:
    root: Path
    out: Path
    today: dt.date | None  # None: the plugin's option in mkdocs.yml, else the local date
    include_confidential: bool | None = None  # None: the plugin's option in mkdocs.yml
    site_name: str | None = None  # plain text; None: mkdocs.yml's, else kamgen.yaml's name


@dataclass(frozen=True)
class Summary:
    out: Path
    pages: int  # Markdown pages, generated and hand-written
    downloads: int  # CSV files
    assets: int  # kamgen's own styles and scripts
    others: int  # the docs folder's other files (pictures, ...)
    warnings: tuple[str, ...] = ()


# ---- Reading the portfolio's mkdocs.yml -----------------------------------------------------


@dataclass(frozen=True)
class Tagged:
    """A value MkDocs' loader resolves at build time (`!ENV`, `!relative`, `!!python/name:`):
    kept as written, to be written again with its tag, never resolved or run here."""

    tag: str
    value: Any


class _Loader(yaml.SafeLoader):  # type: ignore[misc]
    pass


def _tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node, prefix: str) -> Tagged:
    tag = prefix + suffix
    if isinstance(node, yaml.ScalarNode):
        return Tagged(tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(tag, loader.construct_sequence(node, deep=True))
    return Tagged(tag, loader.construct_mapping(node, deep=True))


_Loader.add_multi_constructor("!", lambda lo, s, n: _tagged(lo, s, n, "!"))
_PYTHON = "tag:yaml.org,2002:python/"
_Loader.add_multi_constructor(_PYTHON, lambda lo, s, n: _tagged(lo, s, n, _PYTHON))


class _Dumper(yaml.SafeDumper):  # type: ignore[misc]
    """The safe dumper, plus the tags read above: it writes plain data and nothing else."""


def _represent(dumper: yaml.SafeDumper, item: Tagged) -> yaml.Node:
    if isinstance(item.value, list):
        return dumper.represent_sequence(item.tag, item.value)
    if isinstance(item.value, dict):
        return dumper.represent_mapping(item.tag, item.value)
    return dumper.represent_scalar(item.tag, str(item.value))


_Dumper.add_representer(Tagged, _represent)


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """INHERIT as MkDocs applies it: mappings merged key by key, anything else replaced."""
    out = dict(parent)
    for key, value in child.items():
        old = out.get(key)
        out[key] = (
            _merge(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
        )
    return out


def read_settings(root: Path, config_file: Path, depth: int = 0) -> dict[str, Any]:
    """The portfolio's mkdocs.yml, with the files it INHERITs merged in (check_config_file
    has kept each inside the portfolio)."""
    if depth:
        check_config_file(root, config_file)  # the top one is checked by the caller
    if depth > 8 or config_file.stat().st_size > MAX_CONFIG_BYTES:
        raise UsageError(f"cannot read {config_file.name}: too large, or INHERITs too deep")
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UsageError(f"{config_file.name} cannot be read: {exc}") from None
    if not isinstance(data, dict):
        return {}
    settings: dict[str, Any] = data
    parent = settings.pop("INHERIT", None)
    if isinstance(parent, str):
        path = config_file.parent / parent
        check_inside(root, path, "INHERIT")
        settings = _merge(read_settings(root, path, depth + 1), settings)
    return settings


def _plugin_entries(plugins: Any) -> Iterator[tuple[str, Any]]:
    """(name, options) of each plugin, in either of mkdocs.yml's spellings (list or map)."""
    items = plugins.items() if isinstance(plugins, dict) else plugins or []
    for item in items:
        if isinstance(item, tuple):
            yield str(item[0]), item[1]
        elif isinstance(item, dict) and len(item) == 1:
            ((name, options),) = item.items()
            yield str(name), options
        else:
            yield str(item), None


def plugin_options(settings: dict[str, Any]) -> dict[str, Any]:
    """The kamgen plugin's options in mkdocs.yml (`- kamgen: {today: ...}`)."""
    for name, options in _plugin_entries(settings.get("plugins")):
        if name == PLUGIN and isinstance(options, dict):
            return options
    return {}


def _without_plugin(plugins: Any) -> Any:
    if isinstance(plugins, dict):
        return {k: v for k, v in plugins.items() if k != PLUGIN}
    if not isinstance(plugins, list):
        return plugins
    return [p for p in plugins if [name for name, _ in _plugin_entries([p])] != [PLUGIN]]


# ---- The settings OUT/mkdocs.yml holds ------------------------------------------------------


def _edit_uri(settings: dict[str, Any]) -> str | None:
    """edit_uri as MkDocs sets it: as given, else its default for GitHub and GitLab."""
    if "edit_uri" in settings:
        given = settings["edit_uri"]
        return given if isinstance(given, str) else None
    host = urlsplit(str(settings.get("repo_url") or "")).netloc.lower()
    return "edit/master/docs/" if host in ("github.com", "gitlab.com") else None


@dataclass
class Plan:
    """What is written, and what the person is told."""

    settings: dict[str, Any]
    today: dt.date
    docs_dir: Path | None  # the portfolio's hand-written pages, if it has a mkdocs.yml
    generated: dict[str, str]  # path under docs/ -> text
    copied: dict[str, Path]  # path under docs/ -> the portfolio's file
    overrides: dict[str, Path] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _files(root: Path, folder: Path, warnings: list[str]) -> dict[str, Path]:
    """Every regular file under `folder`, by its path there. Links are not copied (the copy
    would take what they point to, or point nowhere); dot files are left out, as MkDocs
    leaves them out of a site."""
    found: dict[str, Path] = {}
    for current, dirs, names in os.walk(folder):  # does not descend into linked folders
        here = Path(current)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(dirs + names):
            path = here / name
            if name.startswith("."):
                continue
            if path.is_symlink():
                warnings.append(f"{path.relative_to(root)} is a symbolic link; it is not copied")
            elif name in names and stat.S_ISREG(path.lstat().st_mode):
                found[path.relative_to(folder).as_posix()] = path
    return found


def _docs_dir(root: Path, given: dict[str, Any]) -> Path | None:
    """mkdocs.yml's docs_dir. Without a mkdocs.yml, `kamgen build` uses a docs folder of
    its own, outside the portfolio, so there is none to copy."""
    if not given:
        return None
    named = given.get("docs_dir")
    return Path(os.path.abspath(root / (named if isinstance(named, str) else DOCS)))


def plan(options: Options) -> Plan:
    root = options.root.resolve()
    config_file = root / CONFIG_FILE
    given: dict[str, Any] = {}
    if os.path.lexists(config_file):
        check_config_file(root, config_file)
        given = read_settings(root, config_file)
    kamgen = plugin_options(given)
    today = _today(options, kamgen)
    data = assemble(root, gather(root, today, _confidential(options, kamgen)))  # trends from git
    warnings = _left_out(data)

    docs_dir = _docs_dir(root, given)
    handwritten: dict[str, Path] = {}
    if docs_dir is not None and docs_dir.is_dir():
        check_folder(root, docs_dir, "docs_dir")
        handwritten = _files(root, docs_dir, warnings)
    landing = handwritten.pop(HOME, None)
    intro = strip_front_matter(landing.read_text(encoding="utf-8")) if landing else ""

    settings = _settings(given, data, warnings)
    if options.site_name is not None:
        settings["site_name"] = html_text(options.site_name)
    directory_urls = settings.get("use_directory_urls") is not False
    source = None
    repo_url = given.get("repo_url")
    if docs_dir is not None and isinstance(repo_url, str):
        source = blob_base(repo_url, _edit_uri(given), docs_dir.as_posix(), root.as_posix())
    generated = {**render(data, directory_urls, intro, source), **assets.files()}
    clash = sorted(set(generated) & set(handwritten))
    if clash:
        where = docs_dir.name if docs_dir else DOCS
        raise GeneratedPathError(
            f"{where}/{clash[0]} is generated by kamgen; remove it from the docs folder"
        )
    overrides: dict[str, Path] = {}
    theme = given.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if isinstance(custom, str) and (root / custom).is_dir():
        check_folder(root, root / custom, "theme.custom_dir")
        overrides = _files(root, root / custom, warnings)
    return Plan(settings, today, docs_dir, generated, handwritten, overrides, warnings)


def _today(options: Options, kamgen: dict[str, Any]) -> dt.date:
    if options.today is not None:
        return options.today
    given = kamgen.get("today")
    if given is None or isinstance(given, Tagged):
        return dt.date.today()
    try:
        return dt.date.fromisoformat(str(given))
    except ValueError:
        raise UsageError(
            f"mkdocs.yml's kamgen option today must be a date written YYYY-MM-DD, not {given!r}"
        ) from None


def _confidential(options: Options, kamgen: dict[str, Any]) -> bool:
    if options.include_confidential is not None:
        return options.include_confidential
    return kamgen.get("include_confidential") is True


def _left_out(data: SiteData) -> list[str]:
    """The plugin's warnings, in the same words."""
    out = [f"account {x.id} is left out of the site: {x.reason}" for x in data.left_out]
    out += [f"account {x.id} is shown in part: {x.reason}" for x in data.partial]
    if data.bad_folders:
        out.append(
            f"{data.bad_folders} folder(s) under accounts/ are left out of the site: their "
            "names are not ids (`kamgen validate` names them)"
        )
    return out


def _settings(given: dict[str, Any], data: SiteData, warnings: list[str]) -> dict[str, Any]:
    """OUT/mkdocs.yml: the portfolio's own settings less the kamgen plugin, or kamgen's
    default, with the plugin's additions written out (nav, assets, account pages kept out
    of the sidebar)."""
    if not given:
        settings = default_settings(data.config.portfolio.name)
    else:
        settings = {key: given[key] for key in CARRIED if key in given}
        left = sorted({str(k) for k in given} - set(CARRIED) - set(HANDLED))
        if left:
            warnings.append(
                f"mkdocs.yml's {', '.join(left)} {'is' if len(left) == 1 else 'are'} not "
                "carried over; add what you need to the new mkdocs.yml by hand"
            )
        if "plugins" in settings:
            settings["plugins"] = _without_plugin(settings["plugins"])
        if not isinstance(settings.get("site_name"), str | Tagged):
            settings["site_name"] = html_text(data.config.portfolio.name)
        if isinstance(settings.get("theme"), dict) and "custom_dir" in settings["theme"]:
            settings["theme"] = {**settings["theme"], "custom_dir": OVERRIDES}
        if settings.get("repo_url"):
            # Generated pages have no source file to edit, and the hand-written ones are
            # copies now: no page gets an "edit" button that leads to the wrong file.
            settings["edit_uri"] = ""
    if isinstance(settings["site_name"], str):
        settings["site_name"] = whole_characters(settings["site_name"])
    settings["docs_dir"] = DOCS
    if not settings.get("nav"):
        settings["nav"] = nav(data)
    settings.setdefault("not_in_nav", "/accounts/")  # as the plugin: see plugin.py
    settings["extra_css"] = [*_listed(settings.get("extra_css")), *assets.STYLES]
    settings["extra_javascript"] = [*_listed(settings.get("extra_javascript")), *assets.SCRIPTS]
    settings["hooks"] = [HOOK_FILE]  # kamgen's own, written beside mkdocs.yml
    return settings


def _listed(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


# ---- Writing OUT ----------------------------------------------------------------------------


HEADER = """\
# Written by `kamgen pages` from the portfolio, as of {today}. Build it with stock MkDocs
# (`mkdocs build -f mkdocs.yml`) or Zensical; no kamgen plugin is needed. Run kamgen pages
# again after the portfolio changes: it replaces this whole folder, edits here included.
"""


# guard's refusals, in this command's words.
PAGES = Words("write pages into", "writing pages", "name")


def export(options: Options) -> Summary:
    root = options.root.resolve()
    out = output_folder(root, options.out, PAGES)
    made = plan(options)
    docs_dir = made.docs_dir
    if docs_dir is not None and (out == docs_dir or docs_dir in out.parents):
        raise UsageError(
            f"refusing to write pages into {out}: it is inside the docs folder, whose files "
            "are copied into it; name a folder outside it"
        )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp"))
    except OSError as exc:
        raise UsageError(f"cannot create a folder beside {out}: {exc.strerror}") from None
    try:
        os.chmod(tmp, 0o777 & ~_umask())
        _write(tmp, made)
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    suffixes = [PurePosixPath(p).suffix for p in [*made.generated, *made.copied]]
    pages = suffixes.count(".md")
    downloads = suffixes.count(".csv")
    shipped = len(assets.files())
    return Summary(
        out, pages, downloads, shipped, len(suffixes) - pages - downloads - shipped,
        tuple(made.warnings),
    )  # fmt: skip


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _write(folder: Path, made: Plan) -> None:
    text = HEADER.format(today=made.today.isoformat()) + yaml.dump(
        made.settings, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )
    (folder / CONFIG_FILE).write_text(text, encoding="utf-8")
    (folder / HOOK_FILE).write_text(hook_source(), encoding="utf-8")
    for rel, content in made.generated.items():
        path = folder / DOCS / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8", newline="")
    for base, files in ((folder / DOCS, made.copied), (folder / OVERRIDES, made.overrides)):
        for rel, source in files.items():
            path = base / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, path, follow_symlinks=False)
    mark_built(folder)


def _swap(new: Path, out: Path) -> None:
    """`new` takes the place of `out`: each step is a rename, so OUT is never half written."""
    if not out.exists():
        os.rename(new, out)
        return
    old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".old"))
    os.rename(out, old / "out")
    try:
        os.rename(new, out)
    except BaseException:
        os.rename(old / "out", out)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)
