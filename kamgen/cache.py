"""A content-hash cache of validate/check results, in the gitignored `.kamgen-cache/`.

The key covers everything a result depends on: every file's bytes under kamgen.yaml and
accounts/, the reference date, the command, and kamgen's own code. A hit is answered without
importing the models, which is most of a cold start.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

import kamgen
from kamgen.root import ACCOUNTS, CONFIG

FOLDER = ".kamgen-cache"
_CODE = Path(kamgen.__file__).parent


def _code_fingerprint(digest: Any) -> None:
    for path in sorted(_CODE.rglob("*.py")):
        info = path.stat()
        digest.update(f"{path.relative_to(_CODE)}:{info.st_size}:{info.st_mtime_ns}\n".encode())


def key(root: Path, command: str, today: str) -> str:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{kamgen.__version__}\n{command}\n{today}\n".encode())
    _code_fingerprint(digest)
    paths = [root / CONFIG]
    for folder, dirs, files in os.walk(root / ACCOUNTS):
        dirs.sort()
        paths += [Path(folder) / name for name in sorted(files)]
        paths += [Path(folder) / name for name in dirs]  # empty account folders count too
    for path in paths:
        rel = path.relative_to(root).as_posix()
        try:
            info = os.lstat(path)
        except OSError:
            continue
        digest.update(f"{rel}\0{info.st_mode}\0".encode("utf-8", "surrogateescape"))
        if stat.S_ISREG(info.st_mode):
            with open(path, "rb") as handle:
                digest.update(hashlib.blake2b(handle.read()).digest())
    return digest.hexdigest()


def get(root: Path, command: str, cache_key: str) -> dict[str, Any] | None:
    try:
        data = json.loads((root / FOLDER / f"{command}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != cache_key:
        return None
    result = data.get("result")
    return result if isinstance(result, dict) else None


def put(root: Path, command: str, cache_key: str, result: dict[str, Any]) -> None:
    folder = root / FOLDER
    try:
        folder.mkdir(exist_ok=True)
        (folder / ".gitignore").write_text("*\n", encoding="utf-8")
        target = folder / f"{command}.json"
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"key": cache_key, "result": result}), encoding="utf-8")
        tmp.replace(target)
    except OSError:
        pass  # a read-only checkout still validates; it just does not remember
