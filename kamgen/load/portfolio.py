"""Find a portfolio's files and load every one of them into models, collecting findings.

Reading goes through a `Source` so that the same code reads the working tree or, later,
a git revision (`kamgen diff`, and history later).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from pydantic import BaseModel

from kamgen.base.findings import DocPath, Finding
from kamgen.base.hints import did_you_mean, shown
from kamgen.load import yamlsafe
from kamgen.load.root import ACCOUNTS, CONFIG
from kamgen.load.structure import check_model
from kamgen.model import FileKind, Plan, PortfolioConfig, Review, Stakeholders, Whitespace
from kamgen.model.common import is_id

ACCOUNT_FILES: dict[str, FileKind] = {
    "plan.yaml": "plan",
    "stakeholders.yaml": "stakeholders",
    "whitespace.yaml": "whitespace",
}
REVIEWS = "reviews"
# Between lstat and open the file may be swapped for a link or a FIFO: refuse both then too.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_REVIEW_NAME = re.compile(
    r"^(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})-(?P<kind>plan-review|business-review|"
    r"executive-touchpoint)(?:-(?P<slug>[a-z0-9][a-z0-9-]*))?\.yaml$"
)


EntryKind = Literal["dir", "file", "link", "other"]


class LinkError(OSError):
    """The path is a symbolic link, which kamgen never follows."""


class Source(Protocol):
    """Where files come from: relative posix paths in, bytes out."""

    def listdir(self, rel: str) -> list[tuple[str, EntryKind]] | None:
        """(name, kind) of the entries of folder `rel`, or None if there is no such folder.

        A symbolic link is reported as "link" and never followed: `rel` itself is always a
        path of real folders, because the loader descends only into entries of kind "dir".
        """

    def read(self, rel: str) -> bytes:
        """At most MAX_BYTES + 1 bytes of file `rel`; raises OSError."""

    def link_target(self, rel: str) -> str | None:
        """Where the link `rel` points, for the finding that refuses it (None if unknown)."""

    def version(self, rel: str) -> str | None:
        """A name for the bytes of `rel` that changes whenever they do, known without reading
        them (a git blob id), or None: then a memo compares the bytes themselves."""


def _kind(entry: os.DirEntry[str]) -> EntryKind:
    if entry.is_symlink():
        return "link"
    if entry.is_dir(follow_symlinks=False):
        return "dir"
    return "file" if entry.is_file(follow_symlinks=False) else "other"


@dataclass(frozen=True)
class FsSource:
    root: Path

    def listdir(self, rel: str) -> list[tuple[str, EntryKind]] | None:
        folder = self.root / rel if rel else self.root
        try:
            # Refuse a folder that is itself a link, even if a caller asks for it by name.
            if rel and stat.S_ISLNK(os.lstat(folder).st_mode):
                return None
            with os.scandir(folder) as entries:
                return sorted((e.name, _kind(e)) for e in entries)
        except (NotADirectoryError, FileNotFoundError):
            return None

    def read(self, rel: str) -> bytes:
        path = os.path.join(self.root, rel)  # a string: pathlib's parsing cost 0.3 s per 6000
        # Never follow a link or open a device: /dev/zero behind a symlink would never end.
        # The size is checked before a byte is read.
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            raise LinkError("a symbolic link (links are not followed)")
        if not stat.S_ISREG(info.st_mode):
            raise OSError("not a regular file (links and devices are not read)")
        if info.st_size > yamlsafe.MAX_BYTES:
            return b"\0" * (yamlsafe.MAX_BYTES + 1)
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
        with os.fdopen(fd, "rb") as handle:
            return handle.read(yamlsafe.MAX_BYTES + 1)

    def link_target(self, rel: str) -> str | None:
        try:
            return os.readlink(self.root / rel)
        except OSError:
            return None

    def version(self, rel: str) -> str | None:
        return None  # a working tree names no version of its files: the bytes are compared


@dataclass
class Loaded:
    """One file that parsed; `model` is None when its shape is wrong."""

    rel: str
    kind: FileKind
    account: str | None
    model: BaseModel | None


@dataclass
class Account:
    id: str  # the folder name
    folder: str
    plan: Plan | None = None
    stakeholders: Stakeholders | None = None
    whitespace: Whitespace | None = None
    reviews: list[tuple[str, Review]] = field(default_factory=list)


@dataclass
class Portfolio:
    config: PortfolioConfig | None
    accounts: list[Account]
    files: list[str]  # every file read, relative posix paths
    findings: list[Finding]  # from loading and shape checks
    # Files that could not be read or parsed. A later finding about one (no stakeholders,
    # since its file is broken) points at the file's start: no node in it can be located.
    unparsed: frozenset[str] = frozenset()


def is_contract_file(rel: str) -> bool:
    """Whether the loader reads the file at `rel` (kamgen.yaml, an account's files, a review)."""
    parts = rel.split("/")
    if parts == [CONFIG]:
        return True
    if len(parts) < 3 or parts[0] != ACCOUNTS:
        return False
    if len(parts) == 3:
        return parts[2] in ACCOUNT_FILES
    return len(parts) == 4 and parts[2] == REVIEWS and parts[3].endswith((".yaml", ".yml"))


def review_name(name: str) -> re.Match[str] | None:
    return _REVIEW_NAME.fullmatch(name)


def _link(source: Source, rel: str, account: str | None) -> Finding:
    target = source.link_target(rel)
    to = f" to {target}" if target is not None else ""
    return Finding(
        "symlink",
        "error",
        rel,
        f"{rel} is a symbolic link{to}; kamgen follows no link, so that nothing outside the "
        "portfolio is read: put the file itself here",
        account,
    )


def _iter_account_files(
    source: Source, folder: str, account: str
) -> Iterator[tuple[str, FileKind | None, Finding | None]]:
    """(rel path, kind or None, finding) for every file of interest in an account folder."""
    entries = dict(source.listdir(folder) or [])
    for name, kind in ACCOUNT_FILES.items():
        rel = f"{folder}/{name}"
        if entries.get(name) == "file":
            yield rel, kind, None
        elif entries.get(name) == "link":
            yield rel, None, _link(source, rel, account)
        else:
            yield (
                rel,
                None,
                Finding(
                    "missing-file", "error", rel, f"account `{account}` has no {name}", account
                ),
            )
    for name, entry in entries.items():
        if name.startswith(".") or name in ACCOUNT_FILES:
            continue
        rel = f"{folder}/{name}"
        if name == REVIEWS and entry == "dir":
            for review, sub in source.listdir(rel) or []:
                if review.startswith(".") or not review.endswith((".yaml", ".yml")):
                    continue
                if sub == "file":
                    yield f"{rel}/{review}", "review", None
                elif sub == "link":
                    yield f"{rel}/{review}", None, _link(source, f"{rel}/{review}", account)
        elif entry == "link" and (name == REVIEWS or name.endswith((".yaml", ".yml"))):
            yield rel, None, _link(source, rel, account)
        elif entry == "file" and name.endswith((".yaml", ".yml")):
            hint = did_you_mean(name, [*ACCOUNT_FILES, REVIEWS])
            yield (
                rel,
                None,
                Finding(
                    "unexpected-file", "warning", rel, f"kamgen does not read {name}{hint}", account
                ),
            )


Key = tuple[str, str, str | None]


@dataclass
class Memo:
    """What each file's bytes loaded to, and where its findings point, kept by a caller that
    analyses the same portfolio again and again (`kamgen serve`): a file is parsed,
    validated and walked for positions again only when its bytes changed. Models are never
    changed after loading, so sharing them is safe."""

    # (file, kind, account) -> (its version or its bytes, what it loaded to, the findings)
    loaded: dict[Key, tuple[bytes | str, Loaded | None, list[Finding]]] = field(
        default_factory=dict
    )
    positions: dict[str, tuple[bytes, frozenset[DocPath], yamlsafe.Positions]] = field(
        default_factory=dict
    )


def load_file(
    source: Source, rel: str, kind: FileKind, account: str | None, memo: Memo | None = None
) -> tuple[Loaded | None, list[Finding]]:
    key = (rel, kind, account)
    version = source.version(rel) if memo is not None else None
    if memo is not None and version is not None:
        kept = memo.loaded.get(key)
        if kept is not None and kept[0] == version:  # a git blob id: not even read again
            return kept[1], list(kept[2])
    try:
        raw = source.read(rel)
    except LinkError:
        return None, [_link(source, rel, account)]
    except OSError as exc:
        return None, [
            Finding("missing-file", "error", rel, f"cannot read: {exc.strerror or exc}", account)
        ]
    if memo is None:
        return _parsed(raw, rel, kind, account)
    kept = memo.loaded.get(key)
    if kept is not None and kept[0] == raw:
        return kept[1], list(kept[2])
    loaded, findings = _parsed(raw, rel, kind, account)
    memo.loaded[key] = (version or raw, loaded, list(findings))
    return loaded, findings


def _parsed(
    raw: bytes, rel: str, kind: FileKind, account: str | None
) -> tuple[Loaded | None, list[Finding]]:
    try:
        data = yamlsafe.parse(yamlsafe.decode(raw))
    except yamlsafe.LoadError as exc:
        return None, [
            Finding(p.rule, "error", rel, p.message, account, p.line, p.column)
            for p in exc.problems
        ]
    model, findings = check_model(kind, data, rel, account)
    return Loaded(rel, kind, account, model), findings


def suggested_id(name: str) -> str:
    """A folder name as the id it was probably meant to be ("Acme Mining" -> acme-mining)."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:63].strip("-")


def _bad_folder(name: str) -> Finding:
    # The name is quoted only in this message (escaped by every output); it never becomes an
    # account id, so it never reaches a path, a link or a page.
    guess = suggested_id(name)
    hint = f"; rename it, e.g. to `{guess}`" if guess else ""
    return Finding(
        "invalid-account-folder",
        "error",
        f"{ACCOUNTS}/{name}",
        f"account folder name {shown(name, 70)} is not an id (lowercase letters, digits and "
        f"hyphens, starting with a letter or digit, at most 63 characters), so the account is "
        f"left out{hint}",
    )


def load_portfolio(source: Source, memo: Memo | None = None) -> Portfolio:
    findings: list[Finding] = []
    files: list[str] = [CONFIG]
    unparsed: set[str] = set()
    loaded, problems = load_file(source, CONFIG, "portfolio", None, memo)
    findings += problems
    if loaded is None:
        unparsed.add(CONFIG)
    config = loaded.model if loaded else None
    assert config is None or isinstance(config, PortfolioConfig)

    accounts: list[Account] = []
    top = dict(source.listdir("") or [])
    if top.get(ACCOUNTS) == "link":
        findings.append(_link(source, ACCOUNTS, None))
    listing = source.listdir(ACCOUNTS) if top.get(ACCOUNTS) == "dir" else None
    for name, entry in listing or []:
        if name.startswith("."):
            continue
        folder = f"{ACCOUNTS}/{name}"
        if entry == "link":
            findings.append(_link(source, folder, None))
            continue
        if entry != "dir":
            if name.endswith((".yaml", ".yml")):
                findings.append(
                    Finding(
                        "unexpected-file",
                        "warning",
                        folder,
                        "each account is a folder accounts/<id>/ holding plan.yaml",
                    )
                )
            continue
        if not is_id(name):
            findings.append(_bad_folder(name))
            continue
        account = Account(id=name, folder=folder)
        accounts.append(account)
        for rel, kind, finding in _iter_account_files(source, folder, name):
            if finding is not None:
                findings.append(finding)
            if kind is None:
                continue
            files.append(rel)
            item, problems = load_file(source, rel, kind, name, memo)
            findings += problems
            if item is None:
                unparsed.add(rel)
            if item is None or item.model is None:
                continue
            if isinstance(item.model, Plan):
                account.plan = item.model
            elif isinstance(item.model, Stakeholders):
                account.stakeholders = item.model
            elif isinstance(item.model, Whitespace):
                account.whitespace = item.model
            elif isinstance(item.model, Review):
                account.reviews.append((rel, item.model))
    return Portfolio(config, accounts, files, findings, frozenset(unparsed))
