"""Load and dump YAML so that a person reviewing the pull request sees only the edited lines.

ruamel.yaml's round-trip mode keeps comments, key order, quoting and flow style; these
settings reproduce every file this repository ships byte for byte (tests/test_edit.py).
A file written in another style (sequences not indented under their key, say) would be
re-indented by a plain dump, so `splice` carries over only the lines the change touched.
"""

from __future__ import annotations

import io
from difflib import SequenceMatcher
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from kamgen.base.errors import KamgenError

# No line is ever reflowed: a line longer than this is left as it is.
WIDTH = 1_000_000
BOM = "\ufeff"


class UnreadableFile(KamgenError):
    """The file to edit does not parse as one YAML mapping (exit 1, like bad data)."""

    exit_code = 1


def _yaml() -> YAML:
    yaml = YAML()  # round-trip, YAML 1.2
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    return yaml


def load(text: str, rel: str) -> CommentedMap:
    """The round-trip document of `text`, which must be one mapping."""
    try:
        data = _yaml().load(text)
    except YAMLError as exc:  # the caller checked the file with yamlsafe first
        raise UnreadableFile(f"{rel} does not parse: {exc}") from None
    if not isinstance(data, CommentedMap):
        raise UnreadableFile(f"{rel} is not a mapping of keys to values, so kamgen cannot edit it")
    return data


def dump(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _shifted(lines: list[str], shift: int) -> list[str] | None:
    """`lines` with `shift` more spaces before each indented one; None if one cannot move."""
    if shift == 0:
        return lines
    out = []
    for line in lines:
        width = _indent(line)
        if width and width + shift < 0:
            return None
        out.append(" " * (width + shift) + line[width:] if width else line)
    return out


def splice(original: str, before: str, after: str) -> str:
    """`original` with the change that turns `before` into `after`, and no other.

    `before` is the dump of `original` unchanged and `after` the dump of the edited
    document. When the dump reproduces the file, `after` is the answer. Otherwise each
    changed run of dumped lines is found in the file and replaced there, so the file keeps
    its own style everywhere else: a dumped line is found where the file holds it as it is,
    or spaced otherwise (a file indented by 4, a comment in another column), and the new
    lines take the file's indentation. When a changed run falls in a part the dump rewrote
    in another way, the whole dump is the answer: it keeps every comment and value, only
    not the layout.
    """
    if before == original:
        return after
    orig, old, new = _lines(original), _lines(before), _lines(after)
    # Line i of `old` is line at[i] of the file, where the file holds it with shift[i] more
    # spaces of indentation; lines the dump rewrote otherwise are not in `at`.
    at: dict[int, int] = {-1: -1, len(old): len(orig)}  # the ends match the ends
    shift: dict[int, int] = {}
    matcher = SequenceMatcher(None, orig, old, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        for k in range(b2 - b1):
            if tag == "equal" or (
                tag == "replace"
                and a2 - a1 == b2 - b1
                and orig[a1 + k].split() == old[b1 + k].split()
            ):
                at[b1 + k] = a1 + k
                if orig[a1 + k].strip():  # a blank line says nothing of indentation
                    shift[b1 + k] = _indent(orig[a1 + k]) - _indent(old[b1 + k])
    result: list[str] = []
    done = 0  # lines of `orig` already copied
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        # The changed lines must be lines the file holds, one after the other; an insertion
        # must sit between two lines that are neighbours in the file too.
        start = at.get(i1) if i2 > i1 else at.get(i1 - 1, -2) + 1
        span = range(i2 - i1) if i2 > i1 else range(-1, 1)
        if start is None or start < done or any(at.get(i1 + k) != start + k for k in span):
            return after
        lines = _shifted(new[j1:j2], shift.get(i1, shift.get(i1 - 1, 0)))
        if lines is None:
            return after
        result += orig[done:start]
        result += lines
        done = start + (i2 - i1)
    result += orig[done:]
    return "".join(result)
