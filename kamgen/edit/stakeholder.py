"""`kamgen stakeholder add` and `left`: one person of the relationship map, in
stakeholders.yaml. `left` is the champion-left signal: a champion with `status: left` is a
relationship the account has lost."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap

from kamgen.base.errors import UsageError
from kamgen.edit.entries import append, by_id, entries, ids, put, text
from kamgen.edit.transaction import Change

# The contract's field order of a stakeholder (kamgen.model.stakeholders.Stakeholder).
FIELDS = (
    "id",
    "name",
    "title",
    "level",
    "function",
    "buying_role",
    "reports_to",
    "influences",
    "sentiment",
    "strength",
    "our_contact",
    "last_contact",
    "status",
    "notes",
)


@dataclass(frozen=True)
class Person:
    """A new stakeholder as the command line gives it; None is a field left out."""

    id: str
    name: str
    level: str
    title: str | None = None
    buying_role: str | None = None
    sentiment: str | None = None
    strength: int | None = None
    our_contact: str | None = None
    last_contact: dt.date | None = None
    reports_to: str | None = None

    def entry(self) -> CommentedMap:
        given = {
            "id": self.id,
            "name": text(self.name),
            "title": text(self.title) if self.title is not None else None,
            "level": self.level,
            "buying_role": self.buying_role,
            "reports_to": self.reports_to,
            "sentiment": self.sentiment,
            "strength": self.strength,
            "our_contact": self.our_contact,
            "last_contact": self.last_contact,
        }
        return CommentedMap((key, given[key]) for key in FIELDS if given.get(key) is not None)


def added(person: Person, where: str) -> Change:
    """Append `person` after the last stakeholder, in that entry's style; an id already in the
    file is a usage error (nothing else changes, so a second run cannot add a twin)."""

    def change(document: CommentedMap) -> None:
        if person.id in ids(entries(document, "stakeholders")):
            raise UsageError(
                f"stakeholder `{person.id}` is already in {where}; pick another id, "
                f"or `kamgen stakeholder left` if they have gone"
            )
        append(document, "stakeholders", person.entry(), where)

    return change


def left(stakeholder: str, where: str) -> Change:
    """Set `status: left` on the stakeholder whose id is `stakeholder`."""

    def change(document: CommentedMap) -> None:
        found = by_id(entries(document, "stakeholders"), stakeholder, "stakeholder", where)
        put(found, "status", "left", FIELDS)

    return change
