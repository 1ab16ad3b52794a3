"""Resolve a finding's document path to a line and column, re-reading only files with findings.

Loading keeps neither positions nor texts: most files have no finding that needs a line, and
keeping every text saved little for its memory (bench/README.md). So each file with such
findings is read again, once, and walked only as far as the paths its findings point at
(`yamlsafe.find_positions`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection

from kamgen.base.findings import DocPath, Finding
from kamgen.load import yamlsafe
from kamgen.load.portfolio import Memo, Source


def locate(
    findings: list[Finding],
    source: Source,
    unparsed: Collection[str] = (),
    memo: Memo | None = None,
) -> list[Finding]:
    """`findings` with each document path resolved to a line and column.

    A path into a file of `unparsed` (which loading could not read or parse) resolves to the
    file's start without reading it: the walk could not tell that the file is broken beyond
    the node it stops at. `memo` keeps each file's positions while its bytes and the paths
    wanted stay the same (`kamgen serve` analyses the portfolio at every edit).
    """
    pending: dict[str, list[int]] = {}
    for index, finding in enumerate(findings):
        if finding.path is not None and finding.line is None:
            pending.setdefault(finding.file, []).append(index)
    out = list(findings)
    for file, indexes in pending.items():
        wanted: set[DocPath] = set()
        for index in indexes:
            path = out[index].path
            assert path is not None
            wanted.add(path)
        positions = yamlsafe.Positions()  # none: each finding points at the file's start
        if file not in unparsed:
            with contextlib.suppress(OSError, yamlsafe.LoadError):  # gone or changed since
                positions = _positions(source, file, frozenset(wanted), memo)
        for index in indexes:
            finding = out[index]
            assert finding.path is not None
            where = positions.locate(finding.path, finding.at_key) or (1, 1)
            out[index] = finding.located(*where)
    return out


def _positions(
    source: Source, file: str, wanted: frozenset[DocPath], memo: Memo | None
) -> yamlsafe.Positions:
    raw = source.read(file)
    kept = memo.positions.get(file) if memo is not None else None
    if kept is not None and kept[0] == raw and kept[1] == wanted:
        return kept[2]
    positions = yamlsafe.find_positions(yamlsafe.decode(raw), set(wanted))
    if memo is not None:
        memo.positions[file] = (raw, wanted, positions)
    return positions
