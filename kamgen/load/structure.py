"""A file's shape: run its model and turn pydantic's errors into findings with hints.

The JSON Schema generated from the same model answers "which fields exist here?" for the
"did you mean" hints, so models, schemas and hints cannot drift apart.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from kamgen.base.findings import DocPath, Finding
from kamgen.base.hints import did_you_mean, shown
from kamgen.model import MODELS, FileKind
from kamgen.model.depth import CRM_MESSAGE, CRM_PATTERN, HTTPS_MESSAGE, HTTPS_PATTERN

_KINDS_OF_DATA = {list: "a list", type(None): "an empty document"}
# Patterns whose mismatch is said in words (a link must be https: no other scheme is shown).
WORDED = {HTTPS_PATTERN: HTTPS_MESSAGE + "; no other scheme is allowed", CRM_PATTERN: CRM_MESSAGE}
# `too-many`: what a too-long list holds, and how to bring it under the limit of
# kamgen/model/limits.py. Keyed by field name; other lists hold "entries" of text.
_TOO_MANY: dict[str, tuple[str, str]] = {
    "units": ("units", "split the grid by region or group units"),
    "offerings": ("offerings", "group offerings into families"),
    "cells": ("cells", "list each unit × offering once"),
    "stakeholders": ("stakeholders", "map the buying group and those around it"),
    "influences": ("influences", "keep those that shape this account's decisions"),
    "team": ("team members", "list the people who own or sponsor accounts"),
    "criteria": ("criteria", "keep the criteria that decide which accounts are key"),
    "fx": ("fx rates", "keep the currencies the accounts use"),
    "rules": ("rule overrides", "override each rule once"),
    "scores": ("scores", "score the criteria of kamgen.yaml"),
    "financials": ("financial years", "keep the recent years"),
    "competitors": ("competitors", "keep those competing for this account"),
    "objectives": ("objectives", "remove those settled long ago"),
    "actions": ("actions", "remove those done or dropped long ago"),
    "waivers": ("waivers", "remove expired waivers"),
    "whitespace_moves": ("whitespace moves", "record each move once"),
    "ours": ("attendees", "list who attended"),
    "theirs": ("attendees", "list who attended"),
    "contracts": ("contracts", "remove contracts renewed or lost long ago"),
    "opportunities": ("opportunities", "remove those won or lost long ago"),
    "risks": ("risks", "remove closed risks"),
    "mitigations": ("mitigations", "keep the actions that reduce this risk"),
    "measures": ("measures", "keep the measures that show progress"),
    "links": ("links", "keep the links the team uses"),
    "relationships": ("relationships", "keep the team members who know this person"),
}
_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n", "Yes", "No", "On", "Off", "YES", "NO"}


@cache
def _schema(kind: FileKind) -> dict[str, Any]:
    return MODELS[kind].model_json_schema()


def _subschema(kind: FileKind, path: DocPath) -> dict[str, Any] | None:
    """The schema node describing the value at `path`, following $ref, anyOf and items."""
    root = _schema(kind)
    defs = root.get("$defs", {})

    def deref(node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = defs[node["$ref"].rsplit("/", 1)[-1]]
        return node

    def candidates(node: dict[str, Any]) -> list[dict[str, Any]]:
        node = deref(node)
        options = node.get("anyOf") or node.get("oneOf")
        return [deref(o) for o in options] if options else [node]

    nodes = candidates(root)
    for step in path:
        following: list[dict[str, Any]] = []
        for node in nodes:
            if isinstance(step, int) and "items" in node:
                following += candidates(node["items"])
            elif isinstance(step, str):
                if step in node.get("properties", {}):
                    following += candidates(node["properties"][step])
                elif isinstance(node.get("additionalProperties"), dict):
                    following += candidates(node["additionalProperties"])
        if not following:
            return None
        nodes = following
    objects = [n for n in nodes if "properties" in n]
    return objects[0] if objects else nodes[0]


def _dotted(path: DocPath) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "(the file)"


def _too_many(file: str, loc: DocPath, error: ErrorDetails) -> str:
    field = str(loc[-1]) if loc else ""
    noun, advice = _TOO_MANY.get(field, ("entries", "keep the ones that matter most"))
    value = error.get("input")
    count = len(value) if isinstance(value, list | dict) else "too many"
    limit = (error.get("ctx") or {}).get("max_length")
    subject = file.rsplit("/", 1)[-1] if len(loc) == 1 else f"`{_dotted(loc)}`"
    return f"{subject} lists {count} {noun}; the limit is {limit}: {advice}"


def _message(kind: FileKind, file: str, error: ErrorDetails) -> tuple[str, str, bool]:
    """(rule, message, point at the key rather than the value) for one pydantic error."""
    loc: DocPath = tuple(error["loc"])
    where = _dotted(loc)
    kind_of_error = error["type"]
    value = error.get("input")
    if loc == ("schema_version",):
        if kind_of_error == "missing":
            return "schema-version", "missing `schema_version: 1` at the top of the file", False
        return (
            "schema-version",
            f"schema_version {shown(value)} is not supported; this kamgen reads version 1",
            False,
        )
    if kind_of_error == "extra_forbidden":
        parent = _subschema(kind, loc[:-1])
        known = sorted((parent or {}).get("properties", {}))
        hint = did_you_mean(str(loc[-1]), known)
        if not hint and known:
            hint = "; expected one of " + ", ".join(f"`{k}`" for k in known)
        return "unknown-field", f"unknown field `{loc[-1]}`{hint}", True
    if kind_of_error == "missing":
        return "missing-field", f"missing required field `{where}`", False
    if kind_of_error == "too_long":
        return "too-many", _too_many(file, loc, error), True
    msg = error["msg"]
    if kind_of_error == "value_error":  # our own validators already quote the value
        return "invalid-value", f"`{where}`: {msg.removeprefix('Value error, ')}", False
    msg = msg.replace("Input should be", "should be").replace(" after validation", "")
    for noun in ("String", "List", "Dictionary"):
        msg = msg.replace(f"{noun} should", "should")
    hint = ""
    if kind_of_error in ("literal_error", "enum"):
        expected = _subschema(kind, loc) or {}
        choices = [str(c) for c in expected.get("enum", [])] or (
            [str(expected["const"])] if "const" in expected else []
        )
        if str(value) in choices:
            hint = "; write it without quotes"
        else:
            hint = did_you_mean(str(value), choices)
    elif kind_of_error == "bool_type" and value in _YAML11_BOOLS:
        hint = "; YAML 1.2 knows only true and false"
    elif kind_of_error == "string_pattern_mismatch" and isinstance(value, str):
        pattern = str((error.get("ctx") or {}).get("pattern", ""))
        if pattern == HTTPS_PATTERN and value.startswith("https://"):
            msg = (
                "should be an https:// address with a host name, and no spaces, quotes, `<>`, "
                "`@` or other characters a link must not hold"
            )
        elif pattern in WORDED:
            msg = f"should be {WORDED[pattern]}"
        elif "a-z0-9" in pattern:
            msg = "should be a lowercase id: letters a-z, digits and hyphens, at most 63"
    elif kind_of_error in ("float_type", "int_type") and isinstance(value, str):
        hint = "; write the number without quotes, separators or currency signs"
    elif kind_of_error == "dict_type":
        msg = "should be a mapping of `key: value` lines"
    elif kind_of_error == "list_type":
        msg = "should be a list (`- item` lines or `[a, b]`)"
    return "invalid-value", f"`{where}` {msg}, not {shown(value)}{hint}", False


def check_model(
    kind: FileKind, data: Any, file: str, account: str | None
) -> tuple[BaseModel | None, list[Finding]]:
    """Validate `data` (plain YAML data) as a `kind` file."""
    model = MODELS[kind]
    if not isinstance(data, dict):
        finding = Finding(
            "not-a-mapping",
            "error",
            file,
            "the file should be a mapping of fields (`key: value` lines), not "
            + _KINDS_OF_DATA.get(type(data), "a single value"),
            account,
            path=(),
        )
        return None, [finding]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        findings: list[Finding] = []
        for error in exc.errors(include_url=False):
            rule_id, message, at_key = _message(kind, file, error)
            findings.append(
                Finding(
                    rule_id,
                    "error",
                    file,
                    message,
                    account,
                    path=tuple(error["loc"]),
                    at_key=at_key,
                )
            )
        return None, findings
