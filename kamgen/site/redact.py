"""Confidential fields: removed from an account before anything is computed for the site.

`confidential:` in plan.yaml lists dotted paths (`kamgen.rules.confidential` says which exist
and what each hides). A path starting with `stakeholders`, `whitespace` or `reviews` reaches
into that file (each stakeholder, each whitespace cell, each review); any other path is into
plan.yaml. Lists are crossed element by element, so `competitors.notes` is every competitor's
notes. A removed field takes its default (empty or absent), a required free text becomes
"confidential", and a field that can be neither (a date, an amount, an id) takes the element
holding it along: `financials.revenue` removes every financial year.

`Hidden.touches` is the one answer to "is this hidden?" for the whole site.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from pydantic import BaseModel

from kamgen.load.portfolio import Account
from kamgen.rules.confidential import FIELDS, Hidden

HIDDEN = "confidential"


def _blank(model: BaseModel, name: str) -> Any:
    info = type(model).model_fields[name]
    if not info.is_required():
        return info.get_default(call_default_factory=True)
    return HIDDEN  # FIELDS sends only free texts here among required fields


def _strip(value: Any, path: list[str]) -> Any:
    if isinstance(value, list):
        return [_strip(item, path) for item in value]
    if not isinstance(value, BaseModel) or path[0] not in type(value).model_fields:
        return value
    head, rest = path[0], path[1:]
    new = _blank(value, head) if not rest else _strip(getattr(value, head), rest)
    return value.model_copy(update={head: new})


def redact(account: Account, hidden: Hidden) -> Account:
    """The account without the fields `hidden` names."""
    out = account
    for path in hidden.paths:
        head, *rest = FIELDS[path].attrs
        if head == "stakeholders":
            if out.stakeholders is not None:
                people = _strip(out.stakeholders.stakeholders, rest) if rest else []
                out = replace(
                    out, stakeholders=out.stakeholders.model_copy(update={"stakeholders": people})
                )
        elif head == "whitespace":
            if not rest:
                out = replace(out, whitespace=None)
            elif out.whitespace is not None:
                cells = _strip(out.whitespace.cells, rest)
                out = replace(out, whitespace=out.whitespace.model_copy(update={"cells": cells}))
        elif head == "reviews":
            reviews = [(name, _strip(r, rest)) for name, r in out.reviews] if rest else []
            out = replace(out, reviews=reviews)
        elif out.plan is not None:
            out = replace(out, plan=_strip(out.plan, [head, *rest]))
    return out


def secrets(account: Account, redacted: Account) -> Iterator[str]:
    """Every value the hidden paths held, written as a message would write it (texts, ids,
    dates, amounts), so that no sentence quoting one is published."""
    for before, after in (
        (account.plan, redacted.plan),
        (account.stakeholders, redacted.stakeholders),
        (account.whitespace, redacted.whitespace),
        ([r for _, r in account.reviews], [r for _, r in redacted.reviews]),
    ):
        old, new = set(_leaves(before)), set(_leaves(after))
        yield from old - new


def _leaves(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int | float):
        yield from {str(value), f"{value:g}", f"{value:,.0f}", f"{value:,}"}
    elif isinstance(value, dt.date):
        yield value.isoformat()
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _leaves(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _leaves(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
