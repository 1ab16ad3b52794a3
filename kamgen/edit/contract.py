"""`kamgen contract renew` and `lost`: the outcome of a contract's renewal, in its entry of
`contracts:` in plan.yaml.

A renewal moves the contract's `end` to the new date and leaves `renewal: open`: the
decision that `renewal:` records is always the next one. The renewal-due and
contract-lapsed rules, the next renewal and the renewal calendar all count open contracts
only, so a contract marked `renewed` would drop out of all of them and its next end would
surprise everyone, which is what recording contracts is meant to prevent. What was renewed,
and when, is in the commit that made the change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap

from kamgen.base.dates import parsed_date
from kamgen.base.errors import UsageError
from kamgen.edit.entries import by_id, entries, put
from kamgen.edit.transaction import Change

# The contract's field order of a contract (kamgen.model.depth.Contract).
FIELDS = (
    "id",
    "title",
    "unit",
    "offering",
    "value",
    "start",
    "end",
    "notice_days",
    "renewal",
    "crm_id",
)


@dataclass(frozen=True)
class Renewal:
    """What `contract renew` asks for; None is a field to leave as it is."""

    contract: str
    end: dt.date
    value: int | float | None = None
    notice_days: int | None = None


def _end(entry: CommentedMap) -> dt.date | None:
    """The contract's end as the file has it; None when it is not a date (validation says
    so, and the new end is then not compared with it)."""
    end = entry.get("end")
    if isinstance(end, dt.datetime):
        return end.date()
    if isinstance(end, dt.date):
        return end
    return parsed_date(end) if isinstance(end, str) else None


def renewed(wanted: Renewal, where: str) -> Change:
    """Move the contract's end to `wanted.end` and open its renewal for the new term; only
    that contract's line changes. A new end that is not after the old one, or a contract
    recorded as lost, is a usage error naming what to do."""

    def change(plan: CommentedMap) -> None:
        entry = by_id(entries(plan, "contracts"), wanted.contract, "contract", where)
        if entry.get("renewal") == "lost":
            raise UsageError(
                f"contract `{wanted.contract}` in {where} is recorded as lost; a contract won "
                "back is a new contract: add it to `contracts:` with its own id"
            )
        old = _end(entry)
        if old is not None and wanted.end <= old:
            raise UsageError(
                f"--end {wanted.end} is not after the contract's current end, {old}: "
                "a renewal extends the contract"
            )
        put(entry, "end", wanted.end, FIELDS)
        if wanted.value is not None:
            put(entry, "value", wanted.value, FIELDS)
        if wanted.notice_days is not None:
            put(entry, "notice_days", wanted.notice_days, FIELDS)
        # Absent is open already (the model's default): no line to add for it.
        if "renewal" in entry and entry["renewal"] != "open":
            put(entry, "renewal", "open", FIELDS)

    return change


def lost(contract: str, where: str) -> Change:
    """Set `renewal: lost` on the contract: the customer will not renew it."""

    def change(plan: CommentedMap) -> None:
        entry = by_id(entries(plan, "contracts"), contract, "contract", where)
        put(entry, "renewal", "lost", FIELDS)

    return change
