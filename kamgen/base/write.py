"""Write files atomically: a reader (or a crash) sees the old file or the new one, never half."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kamgen.base.errors import UsageError


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file private (0600); a written file is as readable as any other.
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def refuse_links(root: Path, rel: str) -> None:
    """Refuse to write at `rel` under `root` when any part of the way there is a symbolic
    link: a link committed as `docs/` or `schema/` would have kamgen write outside the
    portfolio. (`write_atomic` replaces a link at the file itself, never its target.)"""
    current = root
    for part in Path(rel).parts:
        current = current / part
        if current.is_symlink():
            raise UsageError(
                f"refusing to write {rel}: {current.relative_to(root)} is a symbolic link, and "
                "kamgen writes nothing outside the portfolio; replace it by a real folder"
            )
