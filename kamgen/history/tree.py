"""The portfolio's files at one commit, as the loader's Source: names from the state the
commits build up, bytes from git by blob id, each blob read once for the whole history."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from kamgen.history.gitlog import Change
from kamgen.load import yamlsafe
from kamgen.load.git import GitError
from kamgen.load.gitsource import LINK, REGULAR
from kamgen.load.portfolio import EntryKind, LinkError, is_contract_file

_KINDS: dict[str, EntryKind] = {"100644": "file", "100755": "file", LINK: "link"}


class Blobs:
    """One `git cat-file --batch` for the whole walk: a blob is asked for by its id when a
    file the loader reads changed, and kept while the walk lasts."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.kept: dict[str, bytes] = {}
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Blobs:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._process is not None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            self._process.wait()
            self._process = None

    def read(self, oid: str) -> bytes:
        if oid in self.kept:
            return self.kept[oid]
        if self._process is None:
            try:
                self._process = subprocess.Popen(
                    ["git", "-C", str(self.root), "cat-file", "--batch"],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                    env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
                )  # fmt: skip
            except FileNotFoundError:
                raise GitError("git is not installed") from None
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None
        stdin.write(f"{oid}\n".encode())
        stdin.flush()
        header = stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            raise OSError(f"blob {oid} is missing from the repository")
        size = int(header[2])
        if size > yamlsafe.MAX_BYTES:  # refused unread by the loader: never held whole
            left = size
            while left > 0:
                left -= len(stdout.read(min(left, 1 << 20)))
            data = b"\0" * (yamlsafe.MAX_BYTES + 1)
        else:
            data = stdout.read(size)
        stdout.read(1)  # the newline after the content
        self.kept[oid] = data
        return data


@dataclass
class Tree:
    """The files under the portfolio root at one commit: path -> (mode, blob id), and the
    folders they make, kept up to date change by change (not rebuilt for every commit)."""

    files: dict[str, tuple[str, str]] = field(default_factory=dict)
    dirs: dict[str, dict[str, EntryKind]] = field(default_factory=dict)

    def apply(self, changes: tuple[Change, ...]) -> None:
        for change in changes:
            if change.old is not None and change.status == "R":
                self._remove(change.old)
            if change.status == "D":
                self._remove(change.path)
            else:
                self._add(change.path, change.mode, change.oid)

    def _add(self, rel: str, mode: str, oid: str) -> None:
        self.files[rel] = (mode, oid)
        parts = rel.split("/")
        for depth in range(len(parts)):
            last = depth == len(parts) - 1
            kind: EntryKind = _KINDS.get(mode, "other") if last else "dir"
            self.dirs.setdefault("/".join(parts[:depth]), {})[parts[depth]] = kind

    def _remove(self, rel: str) -> None:
        if self.files.pop(rel, None) is None:
            return
        parts = rel.split("/")
        for depth in range(len(parts) - 1, -1, -1):  # a folder left empty goes too
            folder = "/".join(parts[:depth])
            entries = self.dirs.get(folder)
            if entries is None:
                return
            entries.pop(parts[depth], None)
            if entries or depth == 0:
                return
            del self.dirs[folder]

    def source(self, blobs: Blobs) -> TreeSource:
        """This commit's files. The source reads the tree as it is now: it is used before the
        next commit is applied, never after."""
        return TreeSource(self.files, self.dirs, blobs)


class TreeSource:
    def __init__(
        self,
        files: dict[str, tuple[str, str]],
        dirs: dict[str, dict[str, EntryKind]],
        blobs: Blobs,
    ) -> None:
        self.files, self.dirs, self.blobs = files, dirs, blobs

    def listdir(self, rel: str) -> list[tuple[str, EntryKind]] | None:
        entries = self.dirs.get(rel)
        return sorted(entries.items()) if entries is not None else None

    def read(self, rel: str) -> bytes:
        if rel not in self.files:
            raise FileNotFoundError(2, "No such file at this commit")
        mode, oid = self.files[rel]
        if mode == LINK:
            raise LinkError("a symbolic link (links are not followed)")
        if mode not in REGULAR or not is_contract_file(rel):
            raise OSError("not a file kamgen reads")
        data = self.blobs.read(oid)
        return data[: yamlsafe.MAX_BYTES + 1]

    def link_target(self, rel: str) -> str | None:
        return None  # a link in a commit is refused without reading where it points

    def version(self, rel: str) -> str | None:
        found = self.files.get(rel)
        return found[1] if found else None
