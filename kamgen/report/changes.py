"""What changed between two versions of one account, in words people read.

`changes(old, new, team)` compares the models of plan.yaml, stakeholders.yaml,
whitespace.yaml and the reviews field by field: lists are matched by what names their items
(an `id`, a cell's unit × offering, a financial year, a review's file name), so that a
reordered list is no change and a field added to a model later is compared without code
here. The common cases have sentences written by hand ("Rudo Chikore: sentiment supporter →
champion", "action “Call the CFO” done"); everything else reads as "<field> <old> → <new>".

The sentences mix kamgen's words with text from the YAML files, which is untrusted: a
`Change` keeps them apart (`pieces`), `words` is the plain sentence and `render(escape)`
escapes only what came from the files (Markdown: `kamgen.base.escape.markdown.md`).
Used by `kamgen diff` and by the history's "since the last business review" panel.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel

from kamgen.load.portfolio import Account
from kamgen.metrics.words import money
from kamgen.model.depth import Link
from kamgen.model.plan import Competitor, FinancialYear, Plan, Waiver
from kamgen.model.review import Review, WhitespaceMove
from kamgen.model.stakeholders import Stakeholder, Tie
from kamgen.model.whitespace import Cell, Whitespace

Kind = Literal[
    "account",  # added or removed
    "file",  # one of its files stopped or started loading
    "plan",  # a field of plan.yaml outside objectives and actions
    "objective",
    "action",
    "stakeholder",
    "whitespace",
    "review",
    "more",  # "and K more": the changes left out by `limit`
]
Value = str | int | float | bool | None

MAX_CHANGES = 20  # per account: a PR comment lists what matters, not a whole rewrite
QUOTE_CHARS = 80  # a quoted text longer than this is cut with "…"
LONG_TEXT = 60  # a text value longer than this is reported as "edited", not quoted whole

# Fields whose value is a team member's id, or a stakeholder's id: shown as their names.
TEAM_FIELDS = frozenset({"owner", "executive_sponsor", "by", "our_contact", "ours"})
PEOPLE_FIELDS = frozenset({"reports_to", "influences", "champion", "theirs"})
MONEY_FIELDS = frozenset({"revenue", "wallet", "value", "target_revenue"})
# Fields whose change is a headline, listed with the hand-written cases before other details.
HEADLINE_FIELDS = frozenset({"tier", "owner", "executive_sponsor", "kind", "sentiment", "due"})


class Piece(NamedTuple):
    text: str
    quoted: bool  # came from a file: a renderer escapes it


@dataclass(frozen=True)
class Change:
    """One change to an account. `old` and `new` are plain values (ids, numbers, ISO dates,
    text; None when absent): for an item added or removed, the key that names it."""

    kind: Kind
    subject: str | None  # who or what changed, in words (a name, an action's text)
    field: str | None  # the field that changed (dotted), None for an item added or removed
    old: Value
    new: Value
    pieces: tuple[Piece, ...] = ()

    @property
    def words(self) -> str:
        """One sentence, plain text: escape it (or use `render`) wherever it is shown."""
        return "".join(p.text for p in self.pieces)

    def render(self, escape: Callable[[str], str]) -> str:
        """The sentence with only the text from the files passed through `escape`."""
        return "".join(escape(p.text) if p.quoted else p.text for p in self.pieces)


class Q(str):
    """Text from a file, in a sentence being built."""

    __slots__ = ()


def _pieces(parts: Sequence[str]) -> tuple[Piece, ...]:
    return tuple(Piece(str(p), isinstance(p, Q)) for p in parts if p)


def _cut(text: str) -> str:
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"


def _words(name: str) -> str:
    """A field name or key as words: `executive_sponsor` -> `executive sponsor`."""
    return name.rstrip("_").replace("_", " ")


def _plain(value: Any) -> Value:
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


@cache
def _enums(model: type[BaseModel]) -> frozenset[str]:
    """The fields of `model` whose values are kamgen's own words (a Literal): not quoted."""
    out = set()
    for name, info in model.model_fields.items():
        kinds = [info.annotation, *typing.get_args(info.annotation)]
        if any(typing.get_origin(k) is Literal for k in kinds):
            out.add(name)
    return frozenset(out)


@dataclass(frozen=True)
class _Context:
    team: Mapping[str, str]
    people: Mapping[str, str]  # stakeholder id -> name, from both versions
    currency: str


@dataclass
class _Out:
    """Changes collected in file order, each with a weight: hand-written cases first."""

    items: list[tuple[int, Change]]

    def add(
        self,
        kind: Kind,
        subject: str | None,
        field: str | None,
        old: Any,
        new: Any,
        *parts: str,
        weight: int = 1,
    ) -> None:
        change = Change(kind, subject, field, _plain(old), _plain(new), _pieces(parts))
        self.items.append((weight, change))


def _shown(value: Any, field: str, ctx: _Context, enum: bool) -> str:
    """A value as it reads in a sentence: names for ids, money in the account's currency."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float) and field in MONEY_FIELDS:
        return money(value, ctx.currency) if ctx.currency else f"{value:,.0f}"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int | dt.date):
        return str(value)
    if isinstance(value, list | tuple):
        return ", ".join(_shown(v, field, ctx, enum) for v in value) or "none"
    text = str(value)
    if field in TEAM_FIELDS:
        return Q(_cut(ctx.team.get(text, text)))
    if field in PEOPLE_FIELDS:
        return Q(_cut(ctx.people.get(text, text)))
    return _words(text) if enum else Q(_cut(text))


def _long(*values: Any) -> bool:
    return any(isinstance(v, str) and (len(v) > LONG_TEXT or "\n" in v) for v in values)


# ---- matching list items --------------------------------------------------------------


def _one(label: str) -> str:
    """One item of a list's label: `opportunities` -> `opportunity`, `risks` -> `risk`."""
    if label.endswith("ies"):
        return label[:-3] + "y"
    return label.removesuffix("s")


def _key(item: Any) -> str:
    """What names a list item across versions: its id, or what the contract keys it by."""
    if isinstance(item, Link):
        return item.label
    if isinstance(item, Tie):
        return item.with_
    if isinstance(item, Cell | WhitespaceMove):
        return f"{item.unit} × {item.offering}"
    if isinstance(item, FinancialYear):
        return str(item.year)
    if isinstance(item, Competitor):
        return item.name
    if isinstance(item, Waiver):
        return item.rule
    if isinstance(item, BaseModel) and isinstance(getattr(item, "id", None), str):
        return str(item.id)  # type: ignore[attr-defined]
    return repr(item)


def _keyed(items: Sequence[Any], key: Callable[[Any], str]) -> dict[tuple[str, int], Any]:
    """Items by (key, occurrence): a duplicated id (itself a finding) still pairs up."""
    seen: dict[str, int] = {}
    out: dict[tuple[str, int], Any] = {}
    for item in items:
        k = key(item)
        seen[k] = seen.get(k, 0) + 1
        out[(k, seen[k])] = item
    return out


def _pairs(
    old: Sequence[Any], new: Sequence[Any], key: Callable[[Any], str]
) -> Iterator[tuple[str, Any, Any]]:
    """(key, old item or None, new item or None) for every item that differs, in the new
    version's order, then the removed ones in the old version's order."""
    a, b = _keyed(old, key), _keyed(new, key)
    for k, item in b.items():
        was = a.get(k)
        if was is None or was != item:
            yield k[0], was, item
    for k, item in a.items():
        if k not in b:
            yield k[0], item, None


# ---- the generic field-by-field comparison ----------------------------------------------


def _fields(
    out: _Out,
    kind: Kind,
    subject: str | None,
    lead: list[str],
    old: BaseModel,
    new: BaseModel,
    ctx: _Context,
    prefix: str = "",
    skip: frozenset[str] = frozenset(),
) -> None:
    """Every field of two versions of one model that differs, as "<lead><field> a → b".
    `lead` starts each sentence ("Rudo Chikore: "); nested models extend the field name."""
    enums = _enums(type(new))
    for name in type(new).model_fields:
        if name in skip:
            continue
        a, b = getattr(old, name, None), getattr(new, name, None)
        if a == b:
            continue
        field = f"{prefix}{name}"
        label = _words(field.replace(".", " "))
        if isinstance(a, BaseModel) and isinstance(b, BaseModel) and type(a) is type(b):
            _fields(out, kind, subject, lead, a, b, ctx, f"{field}.")
        elif isinstance(a, list | type(None)) and isinstance(b, list | type(None)):
            _list(out, kind, subject, lead, label, field, a or [], b or [], ctx, name in enums)
        elif isinstance(a, dict) and isinstance(b, dict):
            label = _one(label)  # "score fit 3 → 4": one key of `scores`
            for k in [*b, *(k for k in a if k not in b)]:
                if a.get(k) != b.get(k):
                    was, now = (
                        _shown(a.get(k), name, ctx, False),
                        _shown(b.get(k), name, ctx, False),
                    )
                    out.add(
                        kind, subject, f"{field}.{k}", a.get(k), b.get(k),
                        *lead, label, " ", _words(k), " ", was, " → ", now, weight=2,
                    )  # fmt: skip
        elif isinstance(a, BaseModel | type(None)) and isinstance(b, BaseModel | type(None)):
            word = "added" if a is None else "removed"
            out.add(kind, subject, field, None, None, *lead, label, " ", word, weight=2)
        elif _long(a, b):
            word = "added" if a is None else "removed" if b is None else "edited"
            out.add(kind, subject, field, a, b, *lead, label, " ", word, weight=2)
        else:
            enum = name in enums
            was, now = _shown(a, name, ctx, enum), _shown(b, name, ctx, enum)
            weight = 1 if name in HEADLINE_FIELDS else 2
            out.add(kind, subject, field, a, b, *lead, label, " ", was, " → ", now, weight=weight)


def _list(
    out: _Out,
    kind: Kind,
    subject: str | None,
    lead: list[str],
    label: str,
    field: str,
    old: list[Any],
    new: list[Any],
    ctx: _Context,
    enum: bool,
) -> None:
    if any(isinstance(x, BaseModel) for x in [*old, *new]):
        label = _one(label)  # "competitor Rival added": one item of the list
        for key, was, now in _pairs(old, new, _key):
            if was is not None and now is not None:
                _fields(out, kind, subject, [*lead, label, " ", Q(_cut(key)), ": "], was, now, ctx)
            else:
                word = "added" if was is None else "removed"
                out.add(
                    kind, subject, field, key if now is None else None,
                    key if was is None else None,
                    *lead, label, " ", Q(_cut(key)), " ", word, weight=2,
                )  # fmt: skip
        return
    name = field.rsplit(".", 1)[-1]
    for value in [v for v in new if v not in old]:
        shown = _shown(value, name, ctx, enum)
        out.add(kind, subject, field, None, value, *lead, label, ": ", shown, " added", weight=2)
    for value in [v for v in old if v not in new]:
        shown = _shown(value, name, ctx, enum)
        out.add(kind, subject, field, value, None, *lead, label, ": ", shown, " removed", weight=2)


# ---- plan.yaml ---------------------------------------------------------------------------


def _plan(out: _Out, old: Plan, new: Plan, ctx: _Context) -> None:
    special = frozenset(
        {"financials", "objectives", "actions", "reviewed", "waivers", "confidential"}
    )
    _fields(out, "plan", None, [], old, new, ctx, skip=special)
    _financials(out, old.financials, new.financials, ctx)
    for key, was, now in _pairs(old.objectives, new.objectives, _key):
        _goal(out, "objective", key, was, now, ctx)
    for key, was, now in _pairs(old.actions, new.actions, _key):
        _goal(out, "action", key, was, now, ctx)
    if old.reviewed != new.reviewed:
        if new.reviewed is None:
            assert old.reviewed is not None  # the two differ
            out.add(
                "plan", None, "reviewed", old.reviewed.on, None, "plan review attestation removed"
            )
        else:
            by = _shown(new.reviewed.by, "by", ctx, False)
            on = new.reviewed.on
            was = old.reviewed.on if old.reviewed else None
            out.add("plan", None, "reviewed", was, on, "plan review attested by ", by, f" on {on}")
    for key, was, now in _pairs(old.waivers, new.waivers, _key):
        rule = Q(_cut(key))
        if was is None:
            by = _shown(now.by, "by", ctx, False)
            out.add(
                "plan", f"waiver of {key}", None, None, key,
                "rule ", rule, f" waived until {now.until} by ", by,
            )  # fmt: skip
        elif now is None:
            out.add(
                "plan", f"waiver of {key}", None, key, None, "waiver of rule ", rule, " removed"
            )
        else:
            _fields(out, "plan", f"waiver of {key}", ["waiver of rule ", rule, ": "], was, now, ctx)
    for path in [p for p in new.confidential if p not in old.confidential]:
        out.add("plan", None, "confidential", None, path, Q(path), " marked confidential")
    for path in [p for p in old.confidential if p not in new.confidential]:
        out.add("plan", None, "confidential", path, None, Q(path), " no longer confidential")


def _financials(
    out: _Out, old: list[FinancialYear], new: list[FinancialYear], ctx: _Context
) -> None:
    for year, was, now in _pairs(old, new, _key):
        subject = f"financials {year}"
        if was is None:
            revenue = _shown(now.revenue, "revenue", ctx, False)
            out.add(
                "plan",
                subject,
                None,
                None,
                now.year,
                f"financials for {year} added (revenue ",
                revenue,
                ")",
            )
        elif now is None:
            out.add("plan", subject, None, was.year, None, f"financials for {year} removed")
        else:
            for name in ("revenue", "wallet"):
                a, b = getattr(was, name), getattr(now, name)
                if a != b:
                    was_, now_ = _shown(a, name, ctx, False), _shown(b, name, ctx, False)
                    out.add("plan", subject, name, a, b, f"{name} {year}: ", was_, " → ", now_)
            _fields(
                out,
                "plan",
                subject,
                [f"financials {year}: "],
                was,
                now,
                ctx,
                skip=frozenset({"revenue", "wallet"}),
            )


_DONE = {
    "done": "done",
    "dropped": "dropped",
    "blocked": "blocked",
    "achieved": "achieved",
    "missed": "missed",
}


def _goal(out: _Out, kind: Kind, key: str, was: Any, now: Any, ctx: _Context) -> None:
    """An objective or an action: added, removed, its status in a word, other fields."""
    item = now if now is not None else was
    text = item.title if kind == "objective" else item.what
    subject = _cut(text)
    lead = [f"{kind} “", Q(subject), "”"]
    if was is None:
        detail = [f" added (due {now.due})"]
        if kind == "action":
            detail = [" added (", _shown(now.owner, "owner", ctx, False), f", due {now.due})"]
        out.add(kind, text, None, None, key, *lead, *detail)
        return
    if now is None:
        out.add(kind, text, None, key, None, *lead, " removed")
        return
    if was.status != now.status:
        word = _DONE.get(now.status) or ("reopened" if now.status == "open" else _words(now.status))
        out.add(kind, text, "status", was.status, now.status, *lead, " ", word)
    _fields(out, kind, text, [*lead, ": "], was, now, ctx, skip=frozenset({"status"}))


# ---- stakeholders.yaml ----------------------------------------------------------------------


def _people(out: _Out, old: list[Stakeholder], new: list[Stakeholder], ctx: _Context) -> None:
    for key, was, now in _pairs(old, new, _key):
        person = now if now is not None else was
        name = person.name
        who = Q(_cut(name))
        if was is None:
            detail = ", ".join(x for x in (now.title, now.level) if x)
            shown: list[str] = [" (", Q(_cut(detail)), ")"] if now.title else [f" ({now.level})"]
            out.add("stakeholder", name, None, None, key, "stakeholder ", who, " added", *shown)
            continue
        if now is None:
            role = "champion " if was.sentiment == "champion" else "stakeholder "
            out.add("stakeholder", name, None, key, None, role, who, " removed")
            continue
        if was.status != now.status:
            champion = "champion " if "champion" in (was.sentiment, now.sentiment) else ""
            again = " again" if now.status == "active" else ""
            out.add(
                "stakeholder", name, "status", was.status, now.status,
                champion, who, f" marked as {now.status}{again}",
            )  # fmt: skip
        _fields(out, "stakeholder", name, [who, ": "], was, now, ctx, skip=frozenset({"status"}))


# ---- whitespace.yaml ----------------------------------------------------------------------


def _whitespace(out: _Out, old: Whitespace, new: Whitespace, ctx: _Context) -> None:
    _fields(out, "whitespace", None, ["whitespace "], old, new, ctx, skip=frozenset({"cells"}))
    for key, was, now in _pairs(old.cells, new.cells, _key):
        cell = Q(_cut(key))
        if was is None:
            status = _words(now.status)
            out.add("whitespace", key, None, None, key, "whitespace ", cell, f" added ({status})")
        elif now is None:
            status = _words(was.status)
            out.add(
                "whitespace", key, None, key, None, "whitespace ", cell, f" removed (was {status})"
            )
        else:
            if was.status != now.status:
                a, b = _words(was.status), _words(now.status)
                out.add(
                    "whitespace",
                    key,
                    "status",
                    was.status,
                    now.status,
                    "whitespace ",
                    cell,
                    f": {a} → {b}",
                )
            lead = ["whitespace ", cell, ": "]
            _fields(out, "whitespace", key, lead, was, now, ctx, skip=frozenset({"status"}))


# ---- reviews ---------------------------------------------------------------------------------


def _reviews(
    out: _Out, old: list[tuple[str, Review]], new: list[tuple[str, Review]], ctx: _Context
) -> None:
    def name(item: tuple[str, Review]) -> str:
        return item[0].rsplit("/", 1)[-1]

    for key, was, now in _pairs(old, new, name):
        review = (now if now is not None else was)[1]
        label = f"{_words(review.kind)} of {review.date}"
        if was is None:
            out.add("review", label, None, None, key, f"{label} added")
        elif now is None:
            out.add("review", label, None, key, None, f"{label} removed")
        else:
            _fields(out, "review", label, [f"{label}: "], was[1], now[1], ctx)


# ---- the account ---------------------------------------------------------------------------


def _differ(a: BaseModel | None, b: BaseModel | None) -> bool:
    return a is not None and b is not None and a is not b and a != b


FILES = (
    ("plan", "plan.yaml"),
    ("stakeholders", "stakeholders.yaml"),
    ("whitespace", "whitespace.yaml"),
)


def changes(
    old: Account | None,
    new: Account | None,
    team: Mapping[str, str],
    currency: str | None = None,
    limit: int | None = MAX_CHANGES,
) -> list[Change]:
    """What changed from `old` to `new` (either None: the account was added or removed).

    `team` maps team ids to names; `currency` is the portfolio's, for plans that name none.
    At most `limit` changes (the rest as one last "and K more", of kind "more"); the
    changes that people look for first (statuses, sentiments, people and cells added or
    removed, tier, owner, revenue) come before edits of texts and details.
    """
    if old is None and new is None:
        return []
    if old is None or new is None:
        gone = new is None
        account = old if new is None else new
        assert account is not None
        word = "account removed" if gone else "account added"
        return [
            Change(
                "account",
                None,
                None,
                account.id if gone else None,
                None if gone else account.id,
                (Piece(word, False),),
            )
        ]
    out = _Out([])
    for attr, file in FILES:
        a, b = getattr(old, attr), getattr(new, attr)
        if (a is None) != (b is None):
            word = " now loads" if a is None else " no longer loads"
            out.add(
                "file",
                file,
                None,
                None if a is None else file,
                file if a is None else None,
                file + word,
                weight=0,
            )
    plan = new.plan or old.plan
    ctx = _Context(
        team,
        {p.id: p.name for s in (old.stakeholders, new.stakeholders) if s for p in s.stakeholders},
        (plan.currency if plan and plan.currency else None) or currency or "",
    )
    # The models of a file unchanged on both sides are often the very same objects (a memo
    # shares them): `is` skips them without walking their fields.
    if _differ(old.plan, new.plan):
        assert old.plan is not None and new.plan is not None
        _plan(out, old.plan, new.plan, ctx)
    if _differ(old.stakeholders, new.stakeholders):
        assert old.stakeholders is not None and new.stakeholders is not None
        lead = ["stakeholders "]
        skip = frozenset({"stakeholders"})
        _fields(out, "stakeholder", None, lead, old.stakeholders, new.stakeholders, ctx, skip=skip)
        _people(out, old.stakeholders.stakeholders, new.stakeholders.stakeholders, ctx)
    if _differ(old.whitespace, new.whitespace):
        assert old.whitespace is not None and new.whitespace is not None
        _whitespace(out, old.whitespace, new.whitespace, ctx)
    if old.reviews != new.reviews:
        _reviews(out, old.reviews, new.reviews, ctx)
    found = [c for _, (_, c) in sorted(enumerate(out.items), key=lambda x: (x[1][0], x[0]))]
    if limit is not None and len(found) > limit:
        rest = len(found) - (limit - 1)
        found = [
            *found[: limit - 1],
            Change("more", None, None, None, rest, (Piece(f"and {rest} more", False),)),
        ]
    return found
