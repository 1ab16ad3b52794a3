"""`kamgen migrate`: move every contract file from its `schema_version` to the current one.

A step turns a file of one kind from version N into N + 1 on the round-trip document, so the
file keeps its comments and layout; the machinery sets `schema_version` after each step.
Versions are read from the raw document, not from the models: the models accept only the
current version, and a file written for an older one is exactly what must be read here.

With version 1 the only one, `STEPS` is empty and every file is current. A format change
adds its step here (`STEPS[("plan", 1)] = ...`) together with the models of version 2.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from ruamel.yaml.comments import CommentedMap

from kamgen.base.errors import UsageError
from kamgen.base.escape.terminal import printable
from kamgen.base.findings import Finding
from kamgen.base.write import refuse_links, write_atomic
from kamgen.check.reporters import finding_lines
from kamgen.check.validate import Options
from kamgen.edit import roundtrip
from kamgen.edit.overlay import Files
from kamgen.edit.transaction import EditRefused, added_errors, changed_text
from kamgen.load import yamlsafe
from kamgen.load.portfolio import ACCOUNT_FILES, REVIEWS, FsSource, LinkError
from kamgen.load.root import ACCOUNTS, CONFIG
from kamgen.model import FileKind
from kamgen.model.common import SchemaVersion, is_id

Step = Callable[[CommentedMap], None]

# The version the models read: the newest there is.
CURRENT: int = max(get_args(SchemaVersion))
# (kind, N) → the step that turns a file of that kind from version N into N + 1.
STEPS: dict[tuple[FileKind, int], Step] = {}
RULE = "schema-version"
KEY = "schema_version"
_KEY_PATH = (KEY,)


@dataclass(frozen=True)
class ContractFile:
    rel: str  # posix path relative to the root, from real folders only
    kind: FileKind
    account: str | None


@dataclass(frozen=True)
class Migrated:
    """One file that the steps change: its bytes as read, and its text after."""

    file: ContractFile
    version: int
    raw: bytes
    before: str
    after: str


@dataclass
class Migration:
    """What `migrate` found: every contract file, those that change, those it cannot move."""

    files: list[ContractFile] = field(default_factory=list)
    changes: list[Migrated] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)


def contract_files(source: FsSource) -> Iterator[ContractFile]:
    """kamgen.yaml and every account's files and reviews that are real files. A link, a
    folder whose name is not an id or a misnamed file is `kamgen validate`'s to report; it
    is never read here."""
    top = dict(source.listdir("") or [])
    if top.get(CONFIG) == "file":
        yield ContractFile(CONFIG, "portfolio", None)
    if top.get(ACCOUNTS) != "dir":
        return
    for account, kind in source.listdir(ACCOUNTS) or []:
        if kind != "dir" or not is_id(account):
            continue
        folder = f"{ACCOUNTS}/{account}"
        entries = dict(source.listdir(folder) or [])
        for name, file_kind in ACCOUNT_FILES.items():
            if entries.get(name) == "file":
                yield ContractFile(f"{folder}/{name}", file_kind, account)
        reviews = source.listdir(f"{folder}/{REVIEWS}") if entries.get(REVIEWS) == "dir" else None
        for name, entry in reviews or []:
            if entry == "file" and not name.startswith(".") and name.endswith((".yaml", ".yml")):
                yield ContractFile(f"{folder}/{REVIEWS}/{name}", "review", account)


def _problem(file: ContractFile, message: str, text: str = "") -> Finding:
    where = yamlsafe.find_positions(text, [_KEY_PATH]).locate(_KEY_PATH) if text else None
    line, column = where if where else (None, None)
    return Finding(RULE, "error", file.rel, message, file.account, line, column)


def _version(data: Any) -> int | None:
    value = data.get(KEY) if isinstance(data, dict) else None
    # `true` is an int to Python, not a version to a person.
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _steps(kind: FileKind, version: int) -> list[Step] | None:
    """The steps from `version` to CURRENT, or None when there is no way there."""
    if version > CURRENT:
        return None
    found = [STEPS.get((kind, n)) for n in range(version, CURRENT)]
    return [step for step in found if step is not None] if all(found) else None


def _unknown(file: ContractFile, version: int, text: str) -> Finding:
    if version > CURRENT:
        message = (
            f"{KEY} {version} is newer than this kamgen reads (it knows {CURRENT}); "
            "upgrade kamgen, which never moves a file back to an older format"
        )
    else:
        message = (
            f"{KEY} {version} is not a version kamgen can migrate from; the current one "
            f"is {CURRENT}"
        )
    return _problem(file, message, text)


def _migrated(steps: list[Step], version: int) -> Step:
    def change(document: CommentedMap) -> None:
        for number, step in enumerate(steps, start=version):
            step(document)
            document[KEY] = number + 1  # in place: the line keeps its comment

    return change


def survey(root: Path) -> Migration:
    """Read every contract file and work out, in memory, what migrating it would write."""
    source = FsSource(root)
    found = Migration()
    for file in contract_files(source):
        found.files.append(file)
        try:
            raw = source.read(file.rel)
        except LinkError:
            continue  # swapped for a link since the listing: validate reports it
        except OSError as exc:
            found.problems.append(_problem(file, f"cannot read: {exc.strerror or exc}"))
            continue
        try:
            text = yamlsafe.decode(raw)
            # The loader's checks (no anchors, tags or hidden characters) come first.
            data = yamlsafe.parse(text)
        except yamlsafe.LoadError as exc:
            found.problems += [
                Finding(p.rule, "error", file.rel, p.message, file.account, p.line, p.column)
                for p in exc.problems
            ]
            continue
        version = _version(data)
        if version is None:
            found.problems.append(
                _problem(
                    file,
                    f"has no whole-number {KEY}, so kamgen cannot tell which format it is "
                    f"written in; add `{KEY}: {CURRENT}` if it is written in the current one",
                    text,
                )
            )
            continue
        steps = _steps(file.kind, version)
        if steps is None:
            found.problems.append(_unknown(file, version, text))
            continue
        if version == CURRENT:
            continue
        before = roundtrip.BOM + text if raw.startswith(roundtrip.BOM.encode()) else text
        after = changed_text(before, _migrated(steps, version), file.rel)
        if after != before:
            found.changes.append(Migrated(file, version, raw, before, after))
    return found


def diff_lines(change: Migrated) -> list[str]:
    """The change as a unified diff, every line safe to print on a terminal."""
    lines = difflib.unified_diff(
        change.before.splitlines(),
        change.after.splitlines(),
        f"a/{change.file.rel}",
        f"b/{change.file.rel}",
        lineterm="",
    )
    return [printable(line) for line in lines]


def write(root: Path, migration: Migration, today: dt.date) -> None:
    """Write every migrated file, or none: the portfolio as it would be after the migration
    is validated in memory first, and an error it would add refuses the whole migration."""
    options = Options(root, today)
    base = FsSource(root)
    new = {m.file.rel: m.after.encode("utf-8") for m in migration.changes}
    added = added_errors(options, base, Files(base, new), lambda _: True)
    if added:
        count = f"{len(added)} error" + ("s" if len(added) > 1 else "")
        raise EditRefused(
            f"no file was migrated: the migrated portfolio would have {count} more (above)",
            finding_lines(added),
        )
    for change in migration.changes:
        refuse_links(root, change.file.rel)
        # Another program may have saved the file since it was read: never overwrite that.
        if base.read(change.file.rel) != change.raw:
            raise UsageError(
                f"{change.file.rel} changed while kamgen was migrating it; run kamgen migrate again"
            )
    for change in migration.changes:
        write_atomic(root / change.file.rel, change.after)
