"""Find a portfolio's files and load every one of them into models, collecting findings.

Reading goes through a `Source` so that the same code reads the working tree or, later,
a git revision (`kamgen diff`, `kamgen history`).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel

from kamgen.findings import Finding
from kamgen.hints import did_you_mean
from kamgen.load import yamlsafe
from kamgen.model import FileKind, Plan, PortfolioConfig, Review, Stakeholders, Whitespace
from kamgen.root import ACCOUNTS, CONFIG
from kamgen.rules.structure import check_model

ACCOUNT_FILES: dict[str, FileKind] = {
    "plan.yaml": "plan",
    "stakeholders.yaml": "stakeholders",
    "whitespace.yaml": "whitespace",
}
REVIEWS = "reviews"
_REVIEW_NAME = re.compile(
    r"^(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})-(?P<kind>plan-review|business-review|"
    r"executive-touchpoint)(?:-(?P<slug>[a-z0-9][a-z0-9-]*))?\.yaml$"
)


class Source(Protocol):
    """Where files come from: relative posix paths in, bytes out."""

    def listdir(self, rel: str) -> list[tuple[str, bool]] | None:
        """(name, is_dir) of the entries of folder `rel`, or None if there is no such folder."""

    def read(self, rel: str) -> bytes:
        """At most MAX_BYTES + 1 bytes of file `rel`; raises OSError."""


@dataclass(frozen=True)
class FsSource:
    root: Path

    def listdir(self, rel: str) -> list[tuple[str, bool]] | None:
        folder = self.root / rel if rel else self.root
        try:
            with os.scandir(folder) as entries:
                return sorted((e.name, e.is_dir(follow_symlinks=False)) for e in entries)
        except (NotADirectoryError, FileNotFoundError):
            return None

    def read(self, rel: str) -> bytes:
        path = self.root / rel
        # Never follow a link or open a device: /dev/zero behind a symlink would never end.
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            raise OSError("not a regular file (links and devices are not read)")
        if info.st_size > yamlsafe.MAX_BYTES:
            return b"\0" * (yamlsafe.MAX_BYTES + 1)
        with open(path, "rb") as handle:
            return handle.read(yamlsafe.MAX_BYTES + 1)


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


def review_name(name: str) -> re.Match[str] | None:
    return _REVIEW_NAME.match(name)


def _iter_account_files(
    source: Source, folder: str, account: str
) -> Iterator[tuple[str, FileKind | None, Finding | None]]:
    """(rel path, kind or None, finding) for every file of interest in an account folder."""
    entries = dict(source.listdir(folder) or [])
    for name, kind in ACCOUNT_FILES.items():
        rel = f"{folder}/{name}"
        if name in entries and not entries[name]:
            yield rel, kind, None
        else:
            yield (
                rel,
                None,
                Finding(
                    "missing-file", "error", rel, f"account `{account}` has no {name}", account
                ),
            )
    for name, is_dir in entries.items():
        if name.startswith(".") or name in ACCOUNT_FILES:
            continue
        rel = f"{folder}/{name}"
        if is_dir and name == REVIEWS:
            for review, sub_dir in source.listdir(rel) or []:
                if review.startswith("."):
                    continue
                if sub_dir or not review.endswith((".yaml", ".yml")):
                    continue
                yield f"{rel}/{review}", "review", None
        elif not is_dir and name.endswith((".yaml", ".yml")):
            hint = did_you_mean(name, [*ACCOUNT_FILES, REVIEWS])
            yield (
                rel,
                None,
                Finding(
                    "unexpected-file", "warning", rel, f"kamgen does not read {name}{hint}", account
                ),
            )


def load_file(
    source: Source, rel: str, kind: FileKind, account: str | None
) -> tuple[Loaded | None, list[Finding]]:
    try:
        raw = source.read(rel)
    except OSError as exc:
        return None, [
            Finding("missing-file", "error", rel, f"cannot read: {exc.strerror or exc}", account)
        ]
    try:
        data = yamlsafe.parse(yamlsafe.decode(raw))
    except yamlsafe.LoadError as exc:
        return None, [
            Finding(p.rule, "error", rel, p.message, account, p.line, p.column)
            for p in exc.problems
        ]
    model, findings = check_model(kind, data, rel, account)
    return Loaded(rel, kind, account, model), findings


def load_portfolio(source: Source) -> Portfolio:
    findings: list[Finding] = []
    files: list[str] = [CONFIG]
    loaded, problems = load_file(source, CONFIG, "portfolio", None)
    findings += problems
    config = loaded.model if loaded else None
    assert config is None or isinstance(config, PortfolioConfig)

    accounts: list[Account] = []
    for name, is_dir in source.listdir(ACCOUNTS) or []:
        if name.startswith("."):
            continue
        folder = f"{ACCOUNTS}/{name}"
        if not is_dir:
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
        account = Account(id=name, folder=folder)
        accounts.append(account)
        for rel, kind, finding in _iter_account_files(source, folder, name):
            if finding is not None:
                findings.append(finding)
            if kind is None:
                continue
            files.append(rel)
            item, problems = load_file(source, rel, kind, name)
            findings += problems
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
    return Portfolio(config, accounts, files, findings)
