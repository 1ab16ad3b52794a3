"""`kamgen review add`: a new review file, named by the contract and pre-filled with the
questions that kind of review answers (the method in the spec's domain notes).

The questions are comments, and each answer's key is a commented line to uncomment: the
file validates as written, and an unanswered question leaves nothing false behind.
"""

from __future__ import annotations

import datetime as dt

from kamgen.model.review import ReviewKind

MODELINE = "# yaml-language-server: $schema=../../../schema/review.schema.json"

_THEIRS = (
    "# Who was there from their side? Stakeholder ids from stakeholders.yaml, e.g.\n"
    "# theirs: [cfo, proc-manager]. Add colleagues to `ours` by their team id.\n"
)
_NEXT = (
    "# What happens next, with an owner and a date?\n"
    "# next_steps: [Send the proposal to the CFO by 15 January]\n"
)

PROMPTS: dict[ReviewKind, str] = {
    "plan_review": (
        _THEIRS + "#\n"
        "# What changed since the last plan review: people, priorities, pressures,\n"
        "# initiatives, the org chart? Update plan.yaml and stakeholders.yaml to match.\n"
        "# summary: Monthly plan review; org chart checked after the restructure.\n"
        "#\n" + _NEXT + "#\n"
        "# When the plan is true again, attest it: kamgen attest {account} --by <you>\n"
    ),
    "business_review": (
        _THEIRS + "#\n"
        "# How did the review go, in a sentence or two?\n"
        "# summary: Quarterly business review with the CFO and the sales director.\n"
        "#\n"
        "# What did we deliver since the last business review? One item each.\n"
        "# delivered: [Sales training for 120 sellers]\n"
        "# What value did it create, in the customer's terms (numbers they would quote)?\n"
        "# value_created: [Win rate on competitive tenders up from 22% to 31%]\n"
        "# What challenges or complaints did they raise?\n"
        "# challenges: [One region lost to a fixed-fee competitor offer]\n"
        "# What new opportunities came up?\n"
        "# opportunities: [Manager coaching for the second region]\n"
        "# Which whitespace cells moved? Unit and offering as written in whitespace.yaml;\n"
        "# statuses: adopted, pursuing, open, won, lost, not_applicable.\n"
        "# whitespace_moves:\n"
        "#   - {unit: Head office, offering: Coaching, from: open, to: pursuing}\n"
        "# How satisfied are they? csat from 0 to 5, nps from -100 to 100.\n"
        "# satisfaction: {csat: 4.5, nps: 40}\n"
        "# Would they act as a reference for us (true or false)?\n"
        "# referenceable: true\n"
        "#\n" + _NEXT
    ),
    "executive_touchpoint": (
        _THEIRS + "#\n"
        "# What are the sponsor's objectives for the coming year, in their words (two or\n"
        "# three), and what did our executive commit to?\n"
        "# summary: The CEO's three objectives for 2027: margin, ...; we offered ...\n"
        "# What opportunities did the conversation open?\n"
        "# opportunities: [A three-year agreement tied to the margin programme]\n"
        "#\n" + _NEXT
    ),
}


def file_name(date: dt.date, kind: ReviewKind) -> str:
    """`<date>-<kind with hyphens>.yaml`, as the contract names review files."""
    return f"{date.isoformat()}-{kind.replace('_', '-')}.yaml"


def review_text(account: str, date: dt.date, kind: ReviewKind, owner: str | None) -> str:
    ours = f"[{owner}]" if owner is not None else "[]"
    return (
        f"{MODELINE}\n"
        "schema_version: 1\n"
        f"date: {date.isoformat()}\n"
        f"kind: {kind}\n"
        f"attendees: {{ours: {ours}, theirs: []}}\n" + PROMPTS[kind].replace("{account}", account)
    )
