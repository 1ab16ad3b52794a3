"""The portfolio as it would be after an edit: new bytes laid over the working tree.

Validation reads through it, so an edit (one file, a new account's three, a whole new
portfolio, a migration) is checked against the whole portfolio before a byte reaches the disk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from kamgen.load.portfolio import EntryKind, Source


@dataclass(frozen=True)
class Files:
    """A Source: `base`, with the files of `files` (posix path → bytes) laid over it. A new
    file may sit in folders that do not exist yet (an account's first review): every folder
    on its way lists the next step."""

    base: Source
    files: Mapping[str, bytes] = field(default_factory=dict)

    def listdir(self, rel: str) -> list[tuple[str, EntryKind]] | None:
        listing = dict(self.base.listdir(rel) or [])
        prefix = f"{rel}/" if rel else ""
        found = False
        for path in self.files:
            if not path.startswith(prefix):
                continue
            found = True
            parts = path[len(prefix) :].split("/")
            listing[parts[0]] = "file" if len(parts) == 1 else "dir"
        if not found and not listing:
            return self.base.listdir(rel)
        return sorted(listing.items())

    def read(self, rel: str) -> bytes:
        return self.files[rel] if rel in self.files else self.base.read(rel)

    def link_target(self, rel: str) -> str | None:
        return self.base.link_target(rel)

    def version(self, rel: str) -> str | None:
        return None if rel in self.files else self.base.version(rel)
