"""The portfolio as it would be after an edit: one file's new bytes over the working tree.

Validation reads through it, so an edit is checked against the whole portfolio before a
byte reaches the disk.
"""

from __future__ import annotations

from dataclasses import dataclass

from kamgen.load.portfolio import EntryKind, FsSource


@dataclass(frozen=True)
class Overlay:
    """An FsSource, except that file `rel` reads as `data` (and exists, if it did not)."""

    base: FsSource
    rel: str
    data: bytes

    def listdir(self, rel: str) -> list[tuple[str, EntryKind]] | None:
        entries = self.base.listdir(rel)
        # A new file may sit in a folder that does not exist yet (an account's first review):
        # every folder on its way lists the next step.
        if rel and not self.rel.startswith(rel + "/"):
            return entries
        parts = self.rel.split("/")
        depth = 0 if rel == "" else len(rel.split("/"))
        name = parts[depth]
        kind: EntryKind = "file" if depth == len(parts) - 1 else "dir"
        listing = dict(entries or [])
        listing[name] = kind
        return sorted(listing.items())

    def read(self, rel: str) -> bytes:
        return self.data if rel == self.rel else self.base.read(rel)

    def link_target(self, rel: str) -> str | None:
        return self.base.link_target(rel)
