"""Resolve a finding's document path to a line and column, re-reading only files with findings."""

from __future__ import annotations

from collections import defaultdict

from kamgen.base.findings import Finding
from kamgen.load import yamlsafe
from kamgen.load.portfolio import Source


def locate(findings: list[Finding], source: Source) -> list[Finding]:
    pending: dict[str, list[int]] = defaultdict(list)
    for index, finding in enumerate(findings):
        if finding.path is not None and finding.line is None:
            pending[finding.file].append(index)
    out = list(findings)
    for file, indexes in pending.items():
        positions = yamlsafe.Positions()
        try:
            yamlsafe.parse(yamlsafe.decode(source.read(file)), positions=positions)
        except (OSError, yamlsafe.LoadError):
            positions = yamlsafe.Positions()
        for index in indexes:
            finding = out[index]
            assert finding.path is not None
            where = positions.locate(finding.path, finding.at_key) or (1, 1)
            out[index] = finding.located(*where)
    return out
