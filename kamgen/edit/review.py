"""`kamgen review add`: a new review file, named by the contract and pre-filled with the
questions that kind of review answers (the method in the spec's domain notes).

The questions are comments, and each answer's key is a commented line to uncomment: the
file validates as written, and an unanswered question leaves nothing false behind. What the
customer said that the command was given (CSAT, NPS, referenceability) is written as real
keys under the same questions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from kamgen.base.errors import UsageError
from kamgen.base.write import refuse_links
from kamgen.edit.transaction import Target, validate
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

_SATISFACTION = "# How satisfied are they? csat from 0 to 5, nps from -100 to 100.\n"
_REFERENCE = "# Would they act as a reference for us (true or false)?\n"
# The kinds whose file asks for satisfaction and referenceability even when not given, and
# whose command asks for them on a terminal: the business review is where the method asks.
ASKS_VOICE: frozenset[ReviewKind] = frozenset({"business_review"})
# A plan review is our own, held without the customer: nothing the customer said belongs in it.
HEARS_CUSTOMER: frozenset[ReviewKind] = frozenset({"business_review", "executive_touchpoint"})


@dataclass(frozen=True)
class Voice:
    """What the customer said at the review, as given to the command (None: not given)."""

    csat: float | None = None
    nps: int | None = None
    referenceable: bool | None = None

    def said(self) -> list[str]:
        """What was given, in words, for the command's message."""
        words = []
        if self.csat is not None:
            words.append(f"CSAT {number(self.csat)}")
        if self.nps is not None:
            words.append(f"NPS {self.nps}")
        if self.referenceable is not None:
            words.append("referenceable" if self.referenceable else "not referenceable")
        return words


def number(value: float) -> str:
    """A CSAT as YAML writes it and a person reads it: 4.5, 4 (not 4.0), 0.25 (never 1e-05)."""
    return format(Decimal(repr(value)).normalize(), "f")


def voice_lines(voice: Voice, kind: ReviewKind) -> str:
    """The satisfaction and reference lines: real keys for what was given, the commented
    question and example for the rest on the kinds that ask, nothing on the others."""
    asks = kind in ASKS_VOICE
    given = [f"csat: {number(voice.csat)}"] if voice.csat is not None else []
    given += [f"nps: {voice.nps}"] if voice.nps is not None else []
    text = ""
    if given:
        text += _SATISFACTION + "satisfaction: {" + ", ".join(given) + "}\n"
    elif asks:
        text += _SATISFACTION + "# satisfaction: {csat: 4.5, nps: 40}\n"
    if voice.referenceable is not None:
        text += _REFERENCE + f"referenceable: {'true' if voice.referenceable else 'false'}\n"
    elif asks:
        text += _REFERENCE + "# referenceable: true\n"
    return text


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
        "@VOICE@#\n" + _NEXT
    ),
    "executive_touchpoint": (
        _THEIRS + "#\n"
        "# What are the sponsor's objectives for the coming year, in their words (two or\n"
        "# three), and what did our executive commit to?\n"
        "# summary: The CEO's three objectives for 2027: margin, ...; we offered ...\n"
        "# What opportunities did the conversation open?\n"
        "# opportunities: [A three-year agreement tied to the margin programme]\n"
        "@VOICE@#\n" + _NEXT
    ),
}


def file_name(date: dt.date, kind: ReviewKind) -> str:
    """`<date>-<kind with hyphens>.yaml`, as the contract names review files."""
    return f"{date.isoformat()}-{kind.replace('_', '-')}.yaml"


def review_text(
    account: str, date: dt.date, kind: ReviewKind, owner: str | None, voice: Voice | None = None
) -> str:
    """The new file's text. `account` and `owner` are ids (checked by the caller), and the
    voice holds only numbers and booleans, so nothing here needs quoting."""
    ours = f"[{owner}]" if owner is not None else "[]"
    prompts = PROMPTS[kind].replace("{account}", account)
    return (
        f"{MODELINE}\n"
        "schema_version: 1\n"
        f"date: {date.isoformat()}\n"
        f"kind: {kind}\n"
        f"attendees: {{ours: {ours}, theirs: []}}\n"
        + prompts.replace("@VOICE@", voice_lines(voice or Voice(), kind))
    )


def refuse_voice(kind: ReviewKind, options: list[str]) -> None:
    """A plan review is held without the customer: refuse what only a customer can say."""
    if kind in HEARS_CUSTOMER or not options:
        return
    named = options[0] if len(options) == 1 else ", ".join(options[:-1]) + " and " + options[-1]
    verb, it = ("records", "it") if len(options) == 1 else ("record", "them")
    raise UsageError(
        f"{named} {verb} what the customer said, and a plan_review is our own review, held "
        f"without them: record {it} with --kind business_review or --kind executive_touchpoint"
    )


def check_new(target: Target, text: str, exists_hint: str) -> None:
    """What `transaction.create` refuses, refused before anything is asked: a person is not
    asked questions whose answers could not be written."""
    refuse_links(target.root, target.rel)
    path = Path(target.root, target.rel)
    if path.exists() or path.is_symlink():
        raise UsageError(
            f"{target.rel} already exists; kamgen never overwrites a file{exists_hint}"
        )
    validate(target, text.encode("utf-8"), new=True)
