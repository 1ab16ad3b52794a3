"""Find the portfolio root like git finds `.git` (kept free of heavy imports: every command
starts here, including the cached fast path)."""

from __future__ import annotations

from pathlib import Path

from kamgen.base.errors import NoPortfolioError

CONFIG = "kamgen.yaml"
ACCOUNTS = "accounts"
# No file larger than this is read or hashed: the loader refuses it by its size alone.
MAX_FILE_BYTES = 1024 * 1024


def find_root(start: Path, explicit: Path | None = None) -> Path:
    """The portfolio root: `--root`, else the nearest folder upwards holding kamgen.yaml."""
    if explicit is not None:
        if not (explicit / CONFIG).is_file():
            raise NoPortfolioError(f"no {CONFIG} in {explicit}")
        return explicit.resolve()
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file():
            return folder
    raise NoPortfolioError(
        f"no {CONFIG} found in {here} or any folder above it; run inside a portfolio, "
        "pass --root DIR, or start one with `kamgen init DIR`"
    )
