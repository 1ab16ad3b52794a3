"""Links from the site to the portfolio's files in the repository (GitHub, GitLab, ...):
from an account page to its files, and from a finding to its line."""

from __future__ import annotations

import posixpath
from urllib.parse import quote, urlsplit


def blob_base(repo_url: str | None, edit_uri: str | None, docs_dir: str, root: str) -> str | None:
    """The URL under which the portfolio's files are shown, ending in `/`, or None.

    `edit_uri` is MkDocs' `edit/<branch>/<docs folder in the repository>/`; the branch is
    its second part. The portfolio root's place in the repository is the docs folder's place
    there, less the docs folder's path relative to the root (`docs_dir` and `root` are
    absolute, with `/`). Only an https `repo_url` is used: it lands in every page's links."""
    if not repo_url or not edit_uri:
        return None
    parts = urlsplit(repo_url)
    if parts.scheme != "https" or not parts.netloc or "?" in repo_url or "#" in repo_url:
        return None
    segments = [s for s in edit_uri.strip("/").split("/") if s]
    if len(segments) < 2 or segments[0] not in ("edit", "blob", "tree", "-"):
        return None
    if segments[0] == "-":  # GitLab: -/edit/<branch>/...
        segments = segments[1:]
        if len(segments) < 2:
            return None
        head = "-/blob"
    else:
        head = "blob"
    branch, docs_in_repo = segments[1], "/".join(segments[2:])
    docs_rel = posixpath.relpath(docs_dir, root)
    if docs_rel.startswith(".."):
        return None
    if docs_rel == ".":
        prefix = docs_in_repo
    elif docs_in_repo == docs_rel or docs_in_repo.endswith("/" + docs_rel):
        prefix = docs_in_repo[: len(docs_in_repo) - len(docs_rel)].rstrip("/")
    else:
        return None  # the edit_uri names another folder: a guess would link to wrong files
    base = repo_url.rstrip("/") + f"/{head}/{quote(branch, safe='')}/"
    return base + (quote(prefix, safe="/") + "/" if prefix else "")


def file_url(base: str, path: str, line: int | None = None) -> str:
    """`path` is relative to the portfolio root, as findings carry it."""
    return base + quote(path, safe="/") + (f"#L{line}" if line else "")
