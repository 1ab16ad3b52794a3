"""Confidential fields: removed from an account before anything is rendered for the site.

`confidential:` in plan.yaml lists dotted paths. A path starting with `stakeholders`,
`whitespace` or `reviews` reaches into that file (each stakeholder, each whitespace cell, each
review); any other path is into plan.yaml. Lists are crossed element by element, so
`competitors.notes` is every competitor's notes. A removed field takes its default (empty or
absent); a required text becomes "confidential", so pages still have something to show.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from pydantic import BaseModel

from kamgen.load.portfolio import Account

HIDDEN = "confidential"


def _blank(model: BaseModel, name: str) -> Any:
    info = type(model).model_fields[name]
    if not info.is_required():
        return info.get_default(call_default_factory=True)
    current = getattr(model, name)
    return HIDDEN if isinstance(current, str) else current


def _strip(value: Any, path: list[str]) -> Any:
    if isinstance(value, list):
        return [_strip(item, path) for item in value]
    if isinstance(value, tuple):  # (file name, review)
        return (value[0], _strip(value[1], path))
    if not isinstance(value, BaseModel) or path[0] not in type(value).model_fields:
        return value
    head, rest = path[0], path[1:]
    new = _blank(value, head) if not rest else _strip(getattr(value, head), rest)
    return value.model_copy(update={head: new})


def redact(account: Account) -> Account:
    """The account without its confidential fields."""
    if account.plan is None or not account.plan.confidential:
        return account
    out = account
    for dotted in account.plan.confidential:
        path = dotted.split(".")
        if path[0] == "stakeholders" and len(path) > 1 and out.stakeholders:
            people = _strip(out.stakeholders.stakeholders, path[1:])
            people_file = out.stakeholders.model_copy(update={"stakeholders": people})
            out = replace(out, stakeholders=people_file)
        elif path[0] == "whitespace" and len(path) > 1 and out.whitespace:
            cells = _strip(out.whitespace.cells, path[1:])
            out = replace(out, whitespace=out.whitespace.model_copy(update={"cells": cells}))
        elif path[0] == "reviews" and len(path) > 1:
            out = replace(out, reviews=_strip(out.reviews, path[1:]))
        elif out.plan is not None:
            out = replace(out, plan=_strip(out.plan, path))
    return out


def secrets(account: Account, redacted: Account) -> Iterator[str]:
    """Every text the confidential paths hold, so that no sentence quoting one is published.

    Numbers need no such list: the site's figures are computed from the redacted account."""
    for before, after in (
        (account.plan, redacted.plan),
        (account.stakeholders, redacted.stakeholders),
        (account.whitespace, redacted.whitespace),
        (account.reviews, redacted.reviews),
    ):
        old, new = set(_texts(before)), set(_texts(after))
        yield from (text for text in old - new if len(text) >= 3)


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
