"""Every edit in four steps: load round-trip, change, validate in memory, write atomically.

Validation runs what `kamgen validate` runs, over the portfolio as it would be after the
edit. An edit that adds an error (an unknown person, a date in the future) is refused and
the file on disk stays as it was, byte for byte.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from kamgen.base.errors import KamgenError, UsageError
from kamgen.base.findings import Finding
from kamgen.base.write import refuse_links, write_atomic
from kamgen.check.reporters import finding_lines
from kamgen.check.validate import Options, analyse
from kamgen.edit import roundtrip
from kamgen.edit.overlay import Files
from kamgen.load import yamlsafe
from kamgen.load.portfolio import FsSource, Source

Change = Callable[[CommentedMap], None]


class EditRefused(KamgenError):
    """The edit would make the portfolio invalid, or the file cannot be edited (exit 1).

    `details` are the findings that say why, one `file:line:col: ...` line each.
    """

    exit_code = 1

    def __init__(self, message: str, details: list[str]) -> None:
        super().__init__(message)
        self.details = details


@dataclass(frozen=True)
class Target:
    """One file of one account, edited on `today` (the date validation judges by)."""

    root: Path
    rel: str  # posix path relative to the root, built from validated ids only
    account: str
    today: dt.date


def added_errors(
    options: Options, before: Source, after: Source, mine: Callable[[Finding], bool]
) -> list[Finding]:
    """The errors `after` has that `before` did not, among the findings `mine` keeps. Lines
    move when a line is added, so a finding is the same finding by what it says (rule, file
    and message), counted: a second identical error is new."""
    seen = Counter(_key(f) for f in analyse(options, before).findings if _error(f, mine))
    added: list[Finding] = []
    for finding in analyse(options, after).findings:
        if not _error(finding, mine):
            continue
        if seen[_key(finding)] > 0:
            seen[_key(finding)] -= 1
        else:
            added.append(finding)
    return added


def _error(finding: Finding, mine: Callable[[Finding], bool]) -> bool:
    return finding.severity == "error" and mine(finding)


def _key(finding: Finding) -> tuple[str, str, str]:
    return finding.rule, finding.file, finding.message


def validate(target: Target, data: bytes, new: bool = False) -> None:
    """Refuse `data` as the new content of the target (a `new` file) if it adds an error to
    the edited account or file."""
    base = FsSource(target.root)
    added = added_errors(
        Options(target.root, target.today),
        base,
        Files(base, {target.rel: data}),
        lambda f: f.account == target.account or f.file == target.rel,
    )
    if added:
        count = f"{len(added)} error" + ("s" if len(added) > 1 else "")
        raise EditRefused(
            f"{target.rel} was {'not written' if new else 'left unchanged'}: "
            f"the edit would add {count} (above)",
            finding_lines(added),
        )


def _read(target: Target) -> str:
    try:
        raw = FsSource(target.root).read(target.rel)
    except OSError as exc:
        raise UsageError(f"cannot read {target.rel}: {exc.strerror or exc}") from None
    try:
        text = yamlsafe.decode(raw)
        # The same checks as the loader's (no anchors, tags or hidden characters) before the
        # round-trip parser sees the file.
        yamlsafe.parse(text)
    except yamlsafe.LoadError as exc:
        lines = [
            Finding(p.rule, "error", target.rel, p.message, target.account, p.line, p.column)
            for p in exc.problems
        ]
        raise EditRefused(
            f"{target.rel} cannot be edited until it is valid YAML; fix it first",
            finding_lines(lines),
        ) from None
    return roundtrip.BOM + text if raw.startswith(roundtrip.BOM.encode()) else text


def changed_text(original: str, change: Change, rel: str) -> str:
    """`original` with `change` applied to its document, every other line kept as it is."""
    bom = roundtrip.BOM if original.startswith(roundtrip.BOM) else ""
    text = original.removeprefix(bom)
    # A file saved with Windows line ends keeps them.
    crlf = "\r\n" in text and text.count("\r\n") == text.count("\n")
    if crlf:
        text = text.replace("\r\n", "\n")
    document = roundtrip.load(text, rel)
    before = roundtrip.dump(document)
    change(document)
    result = roundtrip.splice(text, before, roundtrip.dump(document))
    return bom + (result.replace("\n", "\r\n") if crlf else result)


def edit(target: Target, change: Change) -> bool:
    """Apply `change` to the target file; False when it changes nothing (nothing written)."""
    refuse_links(target.root, target.rel)
    original = _read(target)
    text = changed_text(original, change, target.rel)
    if text == original:
        return False
    validate(target, text.encode("utf-8"))
    write_atomic(target.root / target.rel, text)
    return True


def create(target: Target, text: str, exists_hint: str = "") -> None:
    """Write a new file at the target; never over an existing one (`exists_hint` says what
    to do instead)."""
    refuse_links(target.root, target.rel)
    path = target.root / target.rel
    if path.exists() or path.is_symlink():
        raise UsageError(
            f"{target.rel} already exists; kamgen never overwrites a file{exists_hint}"
        )
    validate(target, text.encode("utf-8"), new=True)
    write_atomic(path, text)
