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
from kamgen.load.portfolio import Source


def locate(
    findings: list[Finding], source: Source, unparsed: Collection[str] = ()
) -> list[Finding]:
    """`findings` with each document path resolved to a line and column.

    A path into a file of `unparsed` (which loading could not read or parse) resolves to the
    file's start without reading it: the walk could not tell that the file is broken beyond
    the node it stops at.
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
                positions = yamlsafe.find_positions(yamlsafe.decode(source.read(file)), wanted)
        for index in indexes:
            finding = out[index]
            assert finding.path is not None
            where = positions.locate(finding.path, finding.at_key) or (1, 1)
            out[index] = finding.located(*where)
    return out
