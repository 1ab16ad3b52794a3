"""JSON Schemas (2020-12) generated from the models, for editors and outside tools."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kamgen.base.escape import json as strict_json
from kamgen.base.write import write_atomic
from kamgen.model import MODELS, FileKind

SCHEMA_DIR = "schema"
_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_FILE_NAMES: dict[FileKind, str] = {
    "portfolio": "portfolio.schema.json",
    "plan": "plan.schema.json",
    "stakeholders": "stakeholders.schema.json",
    "whitespace": "whitespace.schema.json",
    "review": "review.schema.json",
}
_TITLES: dict[FileKind, str] = {
    "portfolio": "kamgen.yaml: portfolio settings",
    "plan": "accounts/<id>/plan.yaml: an account plan",
    "stakeholders": "accounts/<id>/stakeholders.yaml: the relationship map",
    "whitespace": "accounts/<id>/whitespace.yaml: units x offerings grid",
    "review": "accounts/<id>/reviews/<date>-<kind>.yaml: one review",
}


def schema_for(kind: FileKind) -> dict[str, Any]:
    body = MODELS[kind].model_json_schema()
    body["title"] = _TITLES[kind]
    return {"$schema": _DIALECT, "$id": f"urn:kamgen:schema:1:{kind}", **body}


def render(kind: FileKind) -> str:
    return strict_json.dumps(schema_for(kind), ensure_ascii=True) + "\n"


def file_name(kind: FileKind) -> str:
    return _FILE_NAMES[kind]


def outdated(folder: Path) -> list[str]:
    """Names of schema files in `folder` that are missing or differ from the models."""
    stale = []
    for kind, name in _FILE_NAMES.items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != render(kind):
            stale.append(name)
    return stale


def write_all(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, name in _FILE_NAMES.items():
        path = folder / name
        content = render(kind)
        if not path.is_file() or path.read_text(encoding="utf-8") != content:
            write_atomic(path, content)
            written.append(name)
    return written
