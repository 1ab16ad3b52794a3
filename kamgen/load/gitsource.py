"""Read a portfolio as it was at a git revision, without touching the working tree or index.

One `git ls-tree` lists every file under kamgen.yaml and accounts/ at the revision; one
`git cat-file --batch` reads them all. The portfolio may live in a sub-folder of the
repository.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kamgen.load import yamlsafe
from kamgen.load.git import git, prefix, resolve
from kamgen.load.portfolio import EntryKind, LinkError, is_contract_file
from kamgen.load.root import ACCOUNTS, CONFIG

REGULAR = ("100644", "100755")
LINK = "120000"
_KINDS: dict[str, EntryKind] = {"100644": "file", "100755": "file", LINK: "link"}


@dataclass
class GitSource:
    root: Path
    ref: str
    _files: dict[str, tuple[str, str, int]] = field(default_factory=dict)  # rel: mode, oid, size
    _dirs: dict[str, dict[str, EntryKind]] = field(default_factory=dict)
    _blobs: dict[str, bytes] | None = None

    @classmethod
    def open(cls, root: Path, ref: str) -> GitSource:
        commit = resolve(root, ref)
        source = cls(root, commit)
        base = prefix(root)
        listing = git(
            root, "ls-tree", "-r", "-l", "-z", "--full-tree", commit, "--",
            f"{base}{CONFIG}", f"{base}{ACCOUNTS}",
        )  # fmt: skip
        for entry in listing.split(b"\0"):
            if not entry:
                continue
            meta, _, name = entry.partition(b"\t")
            mode, object_type, oid, size = meta.decode().split()
            rel = name.decode("utf-8", "surrogateescape")[len(base) :]
            if object_type != "blob":
                continue
            source._files[rel] = (mode, oid, int(size) if size.isdigit() else 0)
            parts = rel.split("/")
            for depth in range(len(parts)):
                folder = "/".join(parts[:depth])
                last = depth == len(parts) - 1
                kind: EntryKind = "dir" if not last else _KINDS.get(mode, "other")
                source._dirs.setdefault(folder, {})[parts[depth]] = kind
        return source

    def listdir(self, rel: str) -> list[tuple[str, EntryKind]] | None:
        entries = self._dirs.get(rel)
        return sorted(entries.items()) if entries is not None else None

    def link_target(self, rel: str) -> str | None:
        return None  # a link in a revision is refused without reading where it points

    def version(self, rel: str) -> str | None:
        found = self._files.get(rel)
        return found[1] if found else None  # the blob id

    def read(self, rel: str) -> bytes:
        if rel not in self._files:
            raise FileNotFoundError(2, "No such file in revision")
        mode, _, size = self._files[rel]
        if mode == LINK:
            raise LinkError("a symbolic link (links are not followed)")
        if mode not in REGULAR:
            raise OSError("not a regular file (links and devices are not read)")
        if size > yamlsafe.MAX_BYTES:
            return b"\0" * (yamlsafe.MAX_BYTES + 1)
        if self._blobs is None:
            self._blobs = self._read_all()
        return self._blobs[rel]

    def _read_all(self) -> dict[str, bytes]:
        # Only the files the loader reads: a revision may hold attachments of any number
        # and size beside them, and none of those is read.
        wanted = [
            (rel, oid)
            for rel, (mode, oid, size) in self._files.items()
            if mode in REGULAR and size <= yamlsafe.MAX_BYTES and is_contract_file(rel)
        ]
        out = git(
            self.root, "cat-file", "--batch", stdin="".join(f"{o}\n" for _, o in wanted).encode()
        )
        blobs: dict[str, bytes] = {}
        at = 0
        for rel, _ in wanted:
            header_end = out.index(b"\n", at)
            size = int(out[at:header_end].split()[2])
            start = header_end + 1
            blobs[rel] = out[start : start + size]
            at = start + size + 1  # the content is followed by a newline
        return blobs
