"""A content-hash cache of validate/check results, in the user's cache directory.

Why not in the repository: a verdict must never come from a file that a pull request can add.
The cache lives outside the portfolio (`platformdirs`' user cache dir, or
`$KAMGEN_CACHE_DIR`), and every entry is a hint that is checked before it is believed:
- its key is recomputed from the files as they are now: every name under kamgen.yaml and
  accounts/ that the loader looks at, the bytes of every file it reads, where each link
  points, the reference date, the command, kamgen's version and its code (models, schemas,
  rules and formulas are all code);
- it carries an HMAC made with a secret that only this user can read, so an entry written by
  anyone else, or edited, is ignored;
- a file in the cache that is a link, is not ours, or does not parse is ignored.

Nothing is read whole before its size is known: a file over the loader's limit is keyed by
its size alone (the loader refuses it unread, and its verdict depends only on that size).
A hit is answered without importing the models, which is most of a cold start.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import stat
from pathlib import Path
from typing import Any

import kamgen
from kamgen.load.root import ACCOUNTS, CONFIG, MAX_FILE_BYTES

ENV_DIR = "KAMGEN_CACHE_DIR"
ACCOUNT_FILES = ("plan.yaml", "stakeholders.yaml", "whitespace.yaml")
REVIEWS = "reviews"
MAX_ENTRY_BYTES = 512 * 1024 * 1024  # far above any real result; bounds what a read can cost
_CODE = Path(kamgen.__file__).parent
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def base_folder() -> Path:
    given = os.environ.get(ENV_DIR)
    if given:
        return Path(given)
    import platformdirs  # only when the cache is used, and then only the small module

    return Path(platformdirs.user_cache_dir("kamgen", appauthor=False))


def _own_folder(path: Path) -> bool:
    """Create `path` (mode 0700) if needed; True only if it is a real folder that is ours."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()


def _folder(root: Path) -> Path | None:
    """This portfolio's cache folder, or None when no safe one can be had."""
    base = base_folder()
    sub = base / hashlib.blake2b(os.fsencode(root), digest_size=12).hexdigest()
    return sub if _own_folder(base) and _own_folder(sub) else None


def _read(path: str | Path, limit: int, ours: bool = True) -> bytes | None:
    """At most `limit` bytes of the regular file `path`, never through a link; with `ours`,
    only if this user owns it (cache entries and the secret, not the portfolio's files).
    Plain descriptors and strings: this runs for every file on every cached run."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        if ours and info.st_uid != os.getuid():
            return None
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)  # replaces a link at `path` itself, never what it points to
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _secret(folder: Path) -> bytes | None:
    path = folder.parent / "secret"
    found = _read(path, 64)
    if found is not None and len(found) == 32:
        return found
    try:
        _write(path, secrets.token_bytes(32))
    except OSError:
        return None
    found = _read(path, 64)
    return found if found is not None and len(found) == 32 else None


def _code_fingerprint(digest: Any) -> None:
    for path in sorted(_CODE.rglob("*.py")):
        info = path.stat()
        digest.update(f"{path.relative_to(_CODE)}:{info.st_size}:{info.st_mtime_ns}\n".encode())


def _entries(folder: str) -> list[tuple[str, os.stat_result]]:
    try:
        with os.scandir(folder) as found:
            return sorted(
                (e.name, e.stat(follow_symlinks=False)) for e in found if not e.name.startswith(".")
            )
    except OSError:
        return []


def _feed(digest: Any, root: str, rel: str, info: os.stat_result, read: bool) -> None:
    """One entry into the key: its name and kind, and what the loader would learn from it."""
    digest.update(f"{rel}\0{stat.S_IFMT(info.st_mode)}\0".encode("utf-8", "surrogateescape"))
    path = f"{root}/{rel}"
    if stat.S_ISLNK(info.st_mode):
        with contextlib.suppress(OSError):
            digest.update(os.fsencode(os.readlink(path)))
    elif read and stat.S_ISREG(info.st_mode):
        if info.st_size > MAX_FILE_BYTES:
            digest.update(f"size {info.st_size}".encode())
        else:
            content = _read(path, MAX_FILE_BYTES, ours=False)
            # Unreadable now: a fresh token, so that no entry can ever match this key.
            digest.update(
                hashlib.blake2b(content).digest()
                if content is not None
                else secrets.token_bytes(16)
            )
    digest.update(b"\n")


def key(root: Path, command: str, run_key: str) -> str:
    """Everything a verdict depends on, walked the way the loader walks the portfolio."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{kamgen.__version__}\n{command}\n{run_key}\n".encode())
    _code_fingerprint(digest)
    top = os.fspath(root)
    for name, info in _entries(top):
        if name not in (CONFIG, ACCOUNTS):
            continue
        _feed(digest, top, name, info, read=name == CONFIG)
        if name != ACCOUNTS or not stat.S_ISDIR(info.st_mode):
            continue
        for account, folder in _entries(f"{top}/{ACCOUNTS}"):
            rel = f"{ACCOUNTS}/{account}"
            _feed(digest, top, rel, folder, read=False)
            if not stat.S_ISDIR(folder.st_mode):
                continue
            for file, entry in _entries(f"{top}/{rel}"):
                _feed(digest, top, f"{rel}/{file}", entry, read=file in ACCOUNT_FILES)
                if file == REVIEWS and stat.S_ISDIR(entry.st_mode):
                    for review, item in _entries(f"{top}/{rel}/{REVIEWS}"):
                        wanted = review.endswith((".yaml", ".yml"))
                        _feed(digest, top, f"{rel}/{REVIEWS}/{review}", item, read=wanted)
    return digest.hexdigest()


def get_text(root: Path, command: str, cache_key: str) -> str | None:
    """A text entry (a header line, then the text): read without parsing the text, which
    may be tens of MB (`kamgen history`'s points, one JSON line each)."""
    folder = _folder(root)
    secret = _secret(folder) if folder else None
    if folder is None or secret is None:
        return None
    raw = _read(folder / f"{command}.txt", MAX_ENTRY_BYTES)
    if raw is None:
        return None
    head, _, body = raw.partition(b"\n")
    try:
        header = json.loads(head)
        payload = body.decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(header, dict) or header.get("key") != cache_key:
        return None
    expected = _mac(secret, cache_key, payload)
    if not hmac.compare_digest(str(header.get("mac", "")), expected):
        return None
    return payload


def put_text(root: Path, command: str, cache_key: str, text: str) -> None:
    folder = _folder(root)
    secret = _secret(folder) if folder else None
    if folder is None or secret is None:
        return
    header = json.dumps({"key": cache_key, "mac": _mac(secret, cache_key, text)})
    with contextlib.suppress(OSError):
        _write(folder / f"{command}.txt", header.encode() + b"\n" + text.encode("utf-8"))


def code_key(command: str) -> str:
    """A key for results that depend on kamgen's code only (history: each point is named
    by its commit, whose content never changes)."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{kamgen.__version__}\n{command}\n".encode())
    _code_fingerprint(digest)
    return digest.hexdigest()


def _mac(secret: bytes, cache_key: str, payload: str) -> str:
    return hmac.new(secret, f"{cache_key}\n{payload}".encode(), "sha256").hexdigest()


def get(root: Path, command: str, cache_key: str) -> dict[str, Any] | None:
    folder = _folder(root)
    secret = _secret(folder) if folder else None
    if folder is None or secret is None:
        return None
    raw = _read(folder / f"{command}.json", MAX_ENTRY_BYTES)
    try:
        data = json.loads(raw or b"")
        payload = data["result"]
        expected = _mac(secret, cache_key, payload)
        if data.get("key") != cache_key or not hmac.compare_digest(data["mac"], expected):
            return None
        result = json.loads(payload)
    except (ValueError, KeyError, TypeError):
        return None
    return result if isinstance(result, dict) else None


def put(root: Path, command: str, cache_key: str, result: dict[str, Any]) -> None:
    folder = _folder(root)
    secret = _secret(folder) if folder else None
    if folder is None or secret is None:
        return
    payload = json.dumps(result, allow_nan=False)
    entry = {"key": cache_key, "mac": _mac(secret, cache_key, payload), "result": payload}
    # A read-only cache still validates; it just does not remember.
    with contextlib.suppress(OSError):
        _write(folder / f"{command}.json", json.dumps(entry).encode())
