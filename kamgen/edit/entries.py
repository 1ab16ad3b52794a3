"""Entries of a list in a round-trip document (actions, stakeholders, whitespace cells): find
one by what identifies it, set a field in it, append a new one, each touching only its lines.

A new key goes where the contract's field order puts it and a new entry takes the style of
the entries already there, so that an edited file reads as if a person had written it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from kamgen.base.errors import UsageError
from kamgen.base.hints import did_you_mean, shown
from kamgen.load import yamlsafe

# Words, spaces and the punctuation of names: safe unquoted in a flow mapping too.
_PLAIN = re.compile(r"\w[\w .'&/-]*(?<! )")


def entries(document: CommentedMap, key: str) -> list[CommentedMap]:
    """The mappings in the list under `key`; none when the key is missing or not a list
    (validation reports such a file, and an id then is simply not found)."""
    value = document.get(key)
    if not isinstance(value, list):
        return []
    return [entry for entry in value if isinstance(entry, CommentedMap)]


def ids(found: Iterable[CommentedMap]) -> list[str]:
    return [entry["id"] for entry in found if isinstance(entry.get("id"), str)]


def by_id(found: list[CommentedMap], wanted: str, what: str, where: str) -> CommentedMap:
    """The first entry whose `id` is `wanted`, else a usage error with a did-you-mean."""
    for entry in found:
        if entry.get("id") == wanted:
            return entry
    raise UsageError(f"no {what} `{wanted}` in {where}{did_you_mean(wanted, ids(found))}")


def put(entry: CommentedMap, key: str, value: Any, order: Sequence[str]) -> None:
    """Set `key` in `entry`: an existing key keeps its place (and its comment); a new one goes
    after the last key that comes before it in `order`, the contract's field order."""
    if key in entry:
        entry[key] = value
        return
    rank = order.index(key)
    position = 0
    for index, existing in enumerate(entry):
        if existing in order and order.index(existing) < rank:
            position = index + 1
    last = list(entry)[-1] if entry else None
    entry.insert(position, key, value)
    if last is not None and position == len(entry) - 1 and not entry.fa.flow_style():
        _carry_trailing_lines(entry, last, key)


def _carry_trailing_lines(entry: CommentedMap, last: str, new: str) -> None:
    """ruamel keeps the blank lines and comment lines after a block mapping's last line with
    its last key, so a key added after it would land below them: the blank line that parts
    two entries would open inside one. Those lines move to the new key; a comment at the
    end of the old last line stays there."""
    slots = entry.ca.items.get(last)
    token = slots[2] if slots and len(slots) > 2 else None
    if token is None or "\n" not in token.value:
        return
    own, _, after = token.value.partition("\n")
    if not after:
        return
    token.value = own + "\n"
    if not own:
        slots[2] = None
    moved = copy.copy(token)
    moved.value = "\n" + after
    entry.ca.items[new] = [None, None, moved, None]


def append(
    document: CommentedMap,
    key: str,
    entry: CommentedMap,
    where: str,
    order: Sequence[str] = (),
) -> None:
    """Add `entry` at the end of the list under `key`, in the style of the entry before it:
    one line (a flow mapping) unless that entry is written key by key. A missing or empty
    list becomes a block list with one-line entries, the style of every shipped file; a
    missing key goes where `order` (the contract's field order) puts it, else at the end."""
    value = document.get(key)
    if value is None or (isinstance(value, list) and not value):
        value = CommentedSeq()
        if key in document or key not in order:
            document[key] = value  # replaces `key: []` in place, or adds the key at the end
        else:
            _insert_list(document, key, value, order)
    elif not isinstance(value, CommentedSeq):
        # Replacing it would drop what the file holds there: a person must look first.
        raise UsageError(
            f"`{key}:` in {where} is not a list, so kamgen cannot add to it; fix it first"
        )
    previous = value[-1] if value else None
    block = isinstance(previous, CommentedMap) and previous.fa.flow_style() is False
    if not block:
        entry.fa.set_flow_style()
    value.append(entry)


def _insert_list(
    document: CommentedMap, key: str, value: CommentedSeq, order: Sequence[str]
) -> None:
    """Add `key: value` where the contract's order puts it. ruamel keeps the comment and
    blank lines that follow a key's value with that value, so the new list would open below
    them. Lines in column 0 head the next key (in the templates, `reviewed:`), so they move
    to the end of the new list; indented comments (an entry commented out) stay where they
    are, with the key above."""
    rank = order.index(key)
    earlier = [i for i, k in enumerate(document) if k in order and order.index(k) < rank]
    position = earlier[-1] + 1 if earlier else 0
    found = _trailing_after(document, list(document)[position - 1]) if position else None
    document.insert(position, key, value)
    if found is None:
        return
    lines, keep = found
    indented = [i for i, line in enumerate(lines) if line[:1] == " " and line.strip()]
    split = indented[-1] + 1 if indented else 0
    keep(lines[:split])
    if lines[split:]:
        # ruamel writes a list's end lines only when the list has a comment slot too.
        value.ca.comment = value.ca.comment or [None, None]
        value.ca.end = _tokens(lines[split:])


Lines = tuple[list[str], Callable[[list[str]], None]]


def _tokens(lines: list[str]) -> list[Any]:
    # Whole lines in column 0, each with its own indentation in its text.
    return [CommentToken(line, CommentMark(0)) for line in lines]


def _trailing(holder: CommentedMap | CommentedSeq, at: Any, slot: int) -> Lines | None:
    """The whole lines after the first line of the comment in `slot` of `at` (its
    end-of-line comment, if any, is not one of them), and how to set them."""
    slots = holder.ca.items.get(at)
    token = slots[slot] if slots and len(slots) > slot else None
    if token is None or not isinstance(token.value, str) or "\n" not in token.value:
        return None
    own, _, after = token.value.partition("\n")
    if not after:
        return None

    def keep(lines: list[str]) -> None:
        token.value = own + "\n" + "".join(lines)
        if token.value == "\n":
            slots[slot] = None

    return after.splitlines(keepends=True), keep


def _trailing_after(holder: CommentedMap | CommentedSeq, at: Any) -> Lines | None:
    """The whole comment and blank lines that follow the value of `holder[at]`, from
    wherever ruamel keeps them along its last line: the key's own comment, the end of a
    block list, or the last entry inside it."""
    found = _trailing(holder, at, 2 if isinstance(holder, CommentedMap) else 0)
    if found is not None:
        return found
    value = holder[at]
    if isinstance(value, CommentedSeq):
        if value.ca.end:
            lines = []
            for token in value.ca.end:
                first, *rest = token.value.splitlines(keepends=True) or [""]
                lines += [" " * (token.column or 0) + first, *rest]

            def keep(kept: list[str], value: CommentedSeq = value) -> None:
                value.ca.end = _tokens(kept)

            return lines, keep
        return _trailing_after(value, len(value) - 1) if value else None
    if isinstance(value, CommentedMap) and value:
        return _trailing_after(value, list(value)[-1])
    return None


def one_line(value: str, option: str) -> str:
    """A free-text option's value, if it is one line of printable text: a control character
    or a bidi override in a name would hide what the file says from the person reviewing it."""
    if not value.strip():
        raise UsageError(f"{option} must not be empty")
    if not value.isprintable():
        raise UsageError(
            f"{option} must be one line of printable text; {shown(value, 60)} holds a "
            "line break, a control character or a hidden direction mark"
        )
    return value


def text(value: str) -> str:
    """`value` as a new entry writes it: unquoted when it is plainly a name, else in double
    quotes. ruamel writes some strings unquoted that a one-line entry cannot hold (a `:` in
    `javascript:alert(1)`), and the loader would read others as another type (`yes`)."""
    try:
        plain = _PLAIN.fullmatch(value) and yamlsafe.parse(f"k: {value}\n") == {"k": value}
    except yamlsafe.LoadError:
        plain = False
    return value if plain else DoubleQuotedScalarString(value)
