"""`confidential:` names fields that exist and that the site can leave out.

The paths are read off the pydantic models, so they cannot drift from the data contract. A
path into plan.yaml is dotted through its fields (`situation.pressures`, `competitors.notes`:
a list is crossed element by element). `stakeholders.X`, `whitespace.X` and `reviews.X` reach
field X of every stakeholder, every whitespace cell and every review; `stakeholders`,
`whitespace` and `reviews` alone are the whole file (or all review files).

What listing a path hides (`FIELDS[path].hides`):
- a field with a default (empty list, absent value) takes the default;
- a required free text becomes the word "confidential";
- any other required field (an id, a date, a number, a choice) cannot be blanked on its own,
  so the element holding it goes: `financials.revenue` drops every financial year, since a
  year without its revenue is nothing; `stakeholders.level` drops every stakeholder.
A few plan fields cannot be left out at all (the id names the account's page, the site is
organised by tier and owner, amounts are converted with the currency). Listing one of them, or
a path that names no field, is an error: the entry would publish what it meant to hide, so
the site leaves the whole account out until it is fixed.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from kamgen.base.findings import Finding
from kamgen.base.hints import did_you_mean
from kamgen.load.portfolio import Portfolio
from kamgen.model.plan import Plan
from kamgen.model.review import Review
from kamgen.model.stakeholders import Stakeholder
from kamgen.model.whitespace import Cell
from kamgen.rules.registry import RULES

RULE = "unknown-confidential-path"
# The other files of an account, by the first word of a path, and the model of one element.
FILES: dict[str, type[BaseModel]] = {
    "stakeholders": Stakeholder,
    "whitespace": Cell,
    "reviews": Review,
}
# Plan fields the site cannot do without, and why.
KEPT = {
    "id": "the account's id names its folder, its page and every link to it",
    "tier": "the site lists accounts by tier, and the review cadence follows it",
    "owner": "the site lists accounts by manager",
    "currency": "every amount of the account is converted with it; list `financials` (and "
    "`whitespace.value`, `objectives.target_revenue`) instead",
    "confidential": "the list itself is what tells kamgen what to hide",
    "schema_version": "it is the file's format, not data",
    "status": "the site lists churned accounts apart, and leaves them out of every figure",
    "churned_on": "churn and retention count an account by the day it was lost",
    "since": "retention counts an account from the day it became a key account",
}
# Free texts that also place an element: a cell is found in the grid by its unit and
# offering, so blanking them would move the cell; they go with the whole grid.
_PLACES = {"whitespace.unit", "whitespace.offering"}


@dataclass(frozen=True)
class FieldPath:
    path: str  # as written in YAML, dotted
    attrs: tuple[str, ...]  # the same path in model attribute names (`from` is `from_`)
    hides: str | None  # the path actually left out when this one is listed; None: cannot be


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model of a field that is a model, an optional model or a list of models."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def _free_text(info: FieldInfo) -> bool:
    """A str with no pattern: it can read "confidential" and still be valid in spirit."""
    return info.annotation is str and not any(
        getattr(meta, "pattern", None) for meta in info.metadata
    )


def _walk(
    model: type[BaseModel], prefix: str, attrs: tuple[str, ...], holder: str | None
) -> Iterator[FieldPath]:
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key == "schema_version":
            continue
        path = f"{prefix}.{key}" if prefix else key
        blank = not info.is_required() or (_free_text(info) and path not in _PLACES)
        hides = path if blank else holder
        if not prefix and key in KEPT:
            hides = None
        yield FieldPath(path, (*attrs, name), hides)
        inner = _inner_model(info.annotation)
        if inner is not None:
            yield from _walk(inner, path, (*attrs, name), hides)


def _catalogue() -> dict[str, FieldPath]:
    out = {p.path: p for p in _walk(Plan, "", (), None)}
    for file, model in FILES.items():
        out[file] = FieldPath(file, (file,), file)
        out.update((p.path, p) for p in _walk(model, file, (file,), file))
    return out


FIELDS: dict[str, FieldPath] = _catalogue()
HIDEABLE = sorted(p.path for p in FIELDS.values() if p.hides is not None)


def honoured(entry: str) -> bool:
    """Whether the site can leave out what `entry` of `confidential:` names."""
    known = FIELDS.get(entry)
    return known is not None and known.hides is not None


def problem(entry: str) -> str | None:
    """Why `entry` of `confidential:` cannot be honoured, or None when it can."""
    known = FIELDS.get(entry)
    if known is None:
        head = entry.split(".", 1)[0]
        if head in KEPT or entry.endswith(".schema_version"):
            return f"`{entry}` cannot be confidential: {KEPT.get(head, KEPT['schema_version'])}"
        return f"`{entry}` names no field of an account{_hint(entry)}"
    if known.hides is None:
        return f"`{entry}` cannot be confidential: {KEPT[entry.split('.', 1)[0]]}"
    return None


def _hint(entry: str) -> str:
    # The files' own list keys are easy to write in: `whitespace.cells.value` is a cell's value.
    for inner in ("whitespace.cells.", "stakeholders.stakeholders."):
        if entry.startswith(inner) and entry.replace(inner, inner.split(".")[0] + ".") in FIELDS:
            return f"; did you mean `{entry.replace(inner, inner.split('.')[0] + '.')}`?"
    close = did_you_mean(entry, HIDEABLE)
    if close:
        return close
    # `scores.potential`: no field below `scores` has a name of its own; offer the whole.
    parts = entry.split(".")
    for end in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in FIELDS and FIELDS[prefix].hides is not None:
            return f"; did you mean `{prefix}`?"
    return ""


def check_confidential(portfolio: Portfolio) -> Iterator[Finding]:
    """One finding per entry of a plan's `confidential:` that hides nothing."""
    rule = RULES[RULE]
    for account in portfolio.accounts:
        if account.plan is None:
            continue
        for index, entry in enumerate(account.plan.confidential):
            why = problem(entry)
            if why is not None:
                yield Finding(
                    RULE,
                    rule.severity,
                    f"{account.folder}/plan.yaml",
                    f"{why}; until it is fixed the site leaves this account out",
                    account.id,
                    path=("confidential", index),
                )


@dataclass(frozen=True)
class Hidden:
    """What the site leaves out of one account."""

    declared: tuple[str, ...]  # the entries of `confidential:`, as written
    paths: tuple[str, ...]  # what they hide, sorted, none inside another

    def covers(self, path: str) -> bool:
        """`path` is left out whole (it, or a field holding it, is hidden)."""
        return any(path == p or path.startswith(p + ".") for p in self.paths)

    def touches(self, path: str) -> bool:
        """`path` is left out whole or in part: nothing computed from it may be shown."""
        return self.covers(path) or any(p.startswith(path + ".") for p in self.paths)

    def reasons(self) -> list[tuple[str, tuple[str, ...]]]:
        """Each hidden path with the entries that hide it, when they differ from it."""
        out = []
        for path in self.paths:
            asked = tuple(d for d in self.declared if d != path and FIELDS[d].hides == path)
            out.append((path, asked if path not in self.declared else ()))
        return out


def hidden_of(plan: Plan | None) -> Hidden | None:
    """What `plan` asks to hide; None when an entry cannot be honoured, so that the caller
    leaves the whole account out rather than publish what a typo meant to hide."""
    declared = tuple(dict.fromkeys(plan.confidential)) if plan else ()
    if not all(honoured(entry) for entry in declared):
        return None
    wanted = {hides for entry in declared if (hides := FIELDS[entry].hides) is not None}
    outer = sorted(p for p in wanted if not any(p.startswith(q + ".") for q in wanted if q != p))
    return Hidden(declared, tuple(outer))
