"""Turn untrusted bytes into plain data (dict, list, str, int, float, bool, None), or a problem.

Why our own composer over libyaml's *events* instead of `YAML(typ="safe").load`:
- anchors, aliases, tags and directives are refused before anything is built from them
  (aliases are the "billion laughs" vector; `%YAML 1.1` would turn `no` into false);
- nesting depth is bounded without recursion, so no input can exhaust the stack;
- scalars resolve by the YAML 1.2 core schema, the same one editors' language servers use, so
  `2026-10-14` stays a string for the models to parse and `yes` stays the word "yes";
- the C parser and the pure-Python parser emit the same events, so the results are identical;
- a finding's line and column come from a second, lighter walk over the same events
  (`find_positions`), made only for files with findings that need them;
- what escapes write is checked like what the file holds: `"\u202e"` in quotes is the same
  invisible character as the raw one, and both are findings;
- every number is 0 or between 10^-9 and 10^15 in size, so no metric built from them can
  overflow or vanish (the arithmetic is in kamgen/model/limits.py).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml import events as ev
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scanner import Scanner, ScannerError

from kamgen.base.findings import DocPath
from kamgen.load.root import MAX_FILE_BYTES
from kamgen.model.limits import MAX_NUMBER, MIN_NUMBER

try:  # The C parser from libyaml; see pyproject.toml for why it is optional.
    from ruamel.yaml.cyaml import CParser as _CParser  # type: ignore[attr-defined]

    HAVE_C_PARSER = True
except ImportError:  # pragma: no cover - exercised where no wheel exists
    _CParser = None
    HAVE_C_PARSER = False

# Force the pure-Python parser (for debugging, and for tests that compare both parsers).
PURE = os.environ.get("KAMGEN_PURE_YAML") == "1"
MAX_BYTES = MAX_FILE_BYTES
MAX_DEPTH = 32
MAX_INT_DIGITS = 24  # money and years fit; beyond this Python's int parsing gets costly

# C0/C1 controls (but tab, LF, CR), bidi embeddings/overrides/isolates and marks (the
# "Trojan Source" characters), line/paragraph separators (editors and YAML disagree on them),
# and a BOM anywhere but at the start.
_BAD_CHAR = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
    "\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]"
)
# What a quoted scalar may not decode to: the same, and also a carriage return (a raw one
# is a line break the parsers fold away, so only `"\r"` can write one) and a lone surrogate,
# which is no character at all and would crash whatever writes the text out as UTF-8.
# Tab and line feed stay allowed: `"\t"` and `"\n"` are ordinary in quoted text.
_BAD_DECODED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
    "\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufeff\ufffe\uffff]"
)
_DIRECTIVE = re.compile(r"^%", re.MULTILINE)
_QUOTE_OR_BACKSLASH = re.compile('["\\\\\x00]')

_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT10 = re.compile(r"[-+]?[0-9]+\Z")
_INT8 = re.compile(r"0o[0-7]+\Z")
_INT16 = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(nan|NaN|NAN)\Z")
_NONZERO_DIGIT = re.compile("[1-9]")
_EXPONENT = re.compile("[eE]")

_CHAR_NAMES = {
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\u061c": "ARABIC LETTER MARK",
    "\u2028": "LINE SEPARATOR",
    "\u2029": "PARAGRAPH SEPARATOR",
    "\ufeff": "BYTE ORDER MARK",
}
# Controls that escapes commonly write, named in the message for an escape.
_ESCAPE_NAMES = {
    "\x00": "NULL",
    "\x07": "BELL",
    "\x08": "BACKSPACE",
    "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED",
    "\r": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x85": "NEXT LINE",
}


@dataclass(frozen=True)
class Problem:
    """Why a file could not be read; line and column are 1-based."""

    rule: str
    message: str
    line: int | None = None
    column: int | None = None


class LoadError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message)
        self.problems = problems


@dataclass
class Positions:
    """Line and column (1-based) of values and of mapping keys, by document path.

    `find_positions` fills it for the paths findings point at and for their ancestors.
    """

    value: dict[DocPath, tuple[int, int]] = field(default_factory=dict)
    key: dict[DocPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: DocPath, at_key: bool = False) -> tuple[int, int] | None:
        """The position of `path`, or of its nearest ancestor that exists in the document."""
        table = self.key if at_key else self.value
        if path in table:
            return table[path]
        for cut in range(len(path) - 1, -1, -1):
            found = self.value.get(path[:cut])
            if found is not None:
                return found
        return None


def decode(data: bytes) -> str:
    """Strict UTF-8 (a leading BOM is allowed); the finding points at the first bad byte."""
    if len(data) > MAX_BYTES:
        raise LoadError([Problem("file-too-large", _too_large(len(data)))])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        raise LoadError(
            [
                Problem(
                    "encoding",
                    f"byte 0x{data[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
                    line,
                    column,
                )
            ]
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def _too_large(size: int) -> str:
    return f"file is {size} bytes; the limit is {MAX_BYTES} bytes (1 MiB)"


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


MAX_CHARACTER_PROBLEMS = 10


def _bad_character(char: str, line: int, col: int, escaped: bool = False) -> Problem:
    if escaped:
        name = _CHAR_NAMES.get(char) or _ESCAPE_NAMES.get(char) or "control character"
        what = f"an escape in this quoted text writes an invisible {name} (U+{ord(char):04X})"
        return Problem(
            "bad-character",
            f"{what}, which is not allowed: it can make text read differently from what it "
            "is; delete the escape",
            line,
            col,
        )
    name = _CHAR_NAMES.get(char, "control character")
    return Problem(
        "bad-character",
        f"invisible {name} (U+{ord(char):04X}) is not allowed: it can make text "
        "read differently from what it is; delete it",
        line,
        col,
    )


def _prescan(text: str) -> list[Problem]:
    problems: list[Problem] = []
    for match in _BAD_CHAR.finditer(text):
        problems.append(_bad_character(match.group(), *_line_col(text, match.start())))
        if len(problems) >= MAX_CHARACTER_PROBLEMS:
            break
    # libyaml and the pure parser disagree on tabs as separators; refusing every tab makes
    # both give the same answer, and a plan has no use for a raw tab ("\\t" in quotes works).
    tab = text.find("\t")
    if tab >= 0:
        line, col = _line_col(text, tab)
        problems.append(
            Problem("yaml-syntax", "tab character; indent and separate with spaces", line, col)
        )
    directive = _DIRECTIVE.search(text)
    if directive is not None:
        line, col = _line_col(text, directive.start())
        problems.append(
            Problem(
                "yaml-unsafe",
                "a %YAML or %TAG directive is not allowed: kamgen reads YAML 1.2 only, "
                "where `no` is a word and not false",
                line,
                col,
            )
        )
    return problems


def _events_c(text: str) -> Iterator[Any]:
    assert _CParser is not None
    parser = _CParser(text)
    while True:
        event = parser.get_event()
        yield event
        if isinstance(event, ev.StreamEndEvent):
            return


class _PureScanner(Scanner):
    r"""ruamel's pure scanner, judging escapes in double quotes exactly as libyaml does.

    Unchecked, `"\ud800"` decodes to a lone surrogate and `"\U00110000"` raises from chr();
    libyaml reports both as an invalid escape code at the first hex digit. The messages and
    positions of a bad hex digit and an unknown escape differ too. This checks a scalar's
    escapes before ruamel reads it, with libyaml's words and positions, so that both parsers
    give the same finding.
    """

    _ESCAPES = frozenset(Scanner.ESCAPE_REPLACEMENTS) | frozenset("\n\r\x85\u2028\u2029")

    def scan_flow_scalar(self, style: Any) -> Any:
        if style == '"':
            self._check_escapes()
        return super().scan_flow_scalar(style)

    def _refuse(self, ahead: int, problem: str) -> ScannerError:
        start = self.reader.get_mark()
        self.reader.forward(ahead)
        return ScannerError("while parsing a quoted scalar", start, problem, self.reader.get_mark())

    def _check_escapes(self) -> None:
        # kamgen passes the reader a str, which it holds whole, ending in "\0": a regex
        # finds each backslash, so a long scalar costs one pass in C, not a Python loop.
        text, quote = self.reader.buffer, self.reader.pointer
        k = quote + 1
        while (stop := _QUOTE_OR_BACKSLASH.search(text, k)) is not None and stop[0] == "\\":
            at = stop.start()
            escape = text[at + 1]
            size = Scanner.ESCAPE_CODES.get(escape, 0)
            if not size:  # a backslash at the very end too, as libyaml has it
                if escape not in self._ESCAPES:
                    raise self._refuse(at - quote, "found unknown escape character")
                k = at + 2
                continue
            digits = text[at + 2 : at + 2 + size]
            if len(digits) < size or digits.strip("0123456789abcdefABCDEF"):
                raise self._refuse(at + 2 - quote, "did not find expected hexdecimal number")
            code = int(digits, 16)
            if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
                raise self._refuse(at + 2 - quote, "found invalid Unicode character escape code")
            k = at + 2 + size


def _events_pure(text: str) -> Iterator[Any]:
    yaml = YAML(typ="safe", pure=True)
    yaml.Scanner = _PureScanner
    yield from yaml.parse(text)


def event_source(pure: bool = False) -> Callable[[str], Iterator[Any]]:
    return _events_pure if pure or PURE or not HAVE_C_PARSER else _events_c


def _at(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def resolve_plain(text: str) -> Any:
    """A plain (unquoted) scalar by the YAML 1.2 core schema; raises ValueError if unusable."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT10.match(text):
        if len(text.lstrip("+-")) > MAX_INT_DIGITS:
            raise ValueError(f"number {text[:12]}... has too many digits")
        return _in_range(int(text), text)
    if _INT8.match(text) or _INT16.match(text):
        if len(text) > MAX_INT_DIGITS:
            raise ValueError(f"number {text[:12]}... has too many digits")
        return _in_range(int(text, 0), text)
    if _FLOAT.match(text):
        return _in_range(float(text), text)
    if _INF.match(text) or _NAN.match(text):
        raise ValueError(f"{text} is not a finite number")
    return text


def _in_range(value: float, text: str) -> Any:
    """`value` if it is 0 or between 10^-9 and 10^15 in size (see kamgen/model/limits.py)."""
    shown = text if len(text) <= 24 else text[:21] + "..."
    size = abs(value)
    if size > MAX_NUMBER:  # infinity too: 1e400 parses as inf
        raise ValueError(f"number {shown} is too large for any plan: the limit is 10^15")
    # 1e-400 parses as 0.0: a zero is a number written with no digit but zeros.
    written_zero = not _NONZERO_DIGIT.search(_EXPONENT.split(text, maxsplit=1)[0])
    if size < MIN_NUMBER and not written_zero:
        raise ValueError(
            f"number {shown} is too small: a number other than 0 is at least 10^-9 in size"
        )
    return value


class _Frame:
    __slots__ = ("container", "key", "seen")

    def __init__(self, container: dict[str, Any] | list[Any]) -> None:
        self.container = container
        self.key: str | None = None
        self.seen: dict[str, tuple[int, int]] = {}


def parse(text: str, *, pure: bool = False) -> Any:
    """Parse one YAML document of plain data; raises LoadError with every problem found."""
    problems = _prescan(text)
    if problems:
        raise LoadError(problems)
    # Escapes that write bad characters, found while composing; they come before any
    # problem that stops the composing, as they come before it in the file.
    escapes: list[Problem] = []
    try:
        data = _compose(event_source(pure)(text), escapes)
    except LoadError as exc:
        raise LoadError(escapes + exc.problems) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            message = f"{exc.problem} ({exc.context})"
        line, col = _at(mark) if mark is not None else (None, None)
        problem = Problem("yaml-syntax", _clean(message), line, col)
        raise LoadError([*escapes, problem]) from None
    except YAMLError as exc:
        raise LoadError([*escapes, Problem("yaml-syntax", _clean(str(exc)))]) from None
    if escapes:
        raise LoadError(escapes)
    return data


def _clean(message: str) -> str:
    # Parser messages quote the offending character; keep them on one printable line.
    return " ".join(message.replace("\t", "\\t").split())


def _unsafe(what: str, event: Any, why: str) -> LoadError:
    line, col = _at(event.start_mark)
    return LoadError([Problem("yaml-unsafe", f"{what} is not allowed: {why}", line, col)])


def _compose(events: Iterator[Any], escapes: list[Problem]) -> Any:
    stack: list[_Frame] = []
    root: Any = None
    documents = 0
    for event in events:
        kind = type(event)
        if kind is ev.ScalarEvent or kind is ev.MappingStartEvent or kind is ev.SequenceStartEvent:
            if event.anchor is not None:
                raise _unsafe(f"anchor &{event.anchor}", event, "write the value out in full")
            # Untagged nodes carry no tag in either parser; any tag at all, even the
            # non-specific `!`, is refused (the parsers disagree on what `!` alone means).
            if event.tag is not None:
                raise _unsafe(f"tag {event.tag}", event, "write plain values only")
            at = _at(event.start_mark)
            # Plain scalars have no escapes, and their characters passed the prescan.
            if kind is ev.ScalarEvent and event.style not in (None, ""):
                bad = _BAD_DECODED.search(event.value)
                if bad is not None and len(escapes) < MAX_CHARACTER_PROBLEMS:
                    escapes.append(_bad_character(bad.group(), *at, escaped=True))
            frame = stack[-1] if stack else None
            if frame is not None and isinstance(frame.container, dict) and frame.key is None:
                # A mapping key.
                if kind is not ev.ScalarEvent:
                    raise LoadError(
                        [Problem("yaml-syntax", "a mapping key must be a plain word", *at)]
                    )
                key = event.value
                if key == "":
                    raise LoadError([Problem("yaml-syntax", "a mapping key is empty", *at)])
                first = frame.seen.get(key)
                if first is not None:
                    raise LoadError(
                        [
                            Problem(
                                "duplicate-key",
                                f"key `{key}` appears twice in this mapping (first on line "
                                f"{first[0]}); the second would silently replace the first",
                                *at,
                            )
                        ]
                    )
                frame.seen[key] = at
                frame.key = key
                continue
            if kind is ev.ScalarEvent:
                if event.style in (None, ""):  # plain; the C and pure parsers differ here
                    try:
                        value: Any = resolve_plain(event.value)
                    except ValueError as exc:
                        raise LoadError([Problem("bad-number", str(exc), *at)]) from None
                else:
                    value = event.value
            else:
                if len(stack) >= MAX_DEPTH:
                    raise LoadError(
                        [Problem("yaml-too-deep", f"nesting deeper than {MAX_DEPTH} levels", *at)]
                    )
                value = {} if kind is ev.MappingStartEvent else []
            if frame is None:
                root = value
            elif isinstance(frame.container, dict):
                assert frame.key is not None
                frame.container[frame.key] = value
                frame.key = None
            else:
                frame.container.append(value)
            if kind is not ev.ScalarEvent:
                stack.append(_Frame(value))
        elif kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
            stack.pop()
        elif kind is ev.AliasEvent:
            raise _unsafe(f"alias *{event.anchor}", event, "write the value out in full")
        elif kind is ev.DocumentStartEvent:
            documents += 1
            if documents > 1:
                line, col = _at(event.start_mark)
                raise LoadError(
                    [Problem("yaml-syntax", "a second YAML document (`---`); keep one", line, col)]
                )
            if getattr(event, "version", None) or getattr(event, "tags", None):
                raise _unsafe(
                    "a %YAML or %TAG directive",
                    event,
                    "kamgen reads YAML 1.2 only, where `no` is a word and not false",
                )
    if root is None and documents == 0:
        raise LoadError([Problem("empty-file", "the file is empty", 1, 1)])
    return root


class _Way:
    """A container on the way to a wanted path: where it is, and which child comes next."""

    __slots__ = ("key", "key_at", "mapping", "next_index", "path")

    def __init__(self, path: DocPath, mapping: bool) -> None:
        self.path = path
        self.mapping = mapping
        self.key: str | None = None
        self.key_at: tuple[int, int] = (0, 0)
        self.next_index = 0


_STARTS = (ev.MappingStartEvent, ev.SequenceStartEvent)
_ENDS = (ev.MappingEndEvent, ev.SequenceEndEvent)


def find_positions(text: str, wanted: Iterable[DocPath], *, pure: bool = False) -> Positions:
    """The positions `Positions.locate` gives for the `wanted` paths of a file that `parse` read.

    Composing the whole document again, only to look up a few paths in it, was a quarter of
    `kamgen check`. This reads the same events but builds nothing: it follows only the
    containers on the way to a wanted path (recording their positions, which `locate` falls
    back to), counts its way past every other subtree, and stops reading once each wanted path
    is found or known to be absent. A text that does not parse that far gives no positions.
    """
    remaining = set(wanted)
    # Each container on the way to a wanted path, and the wanted paths under it: settling a
    # container then costs its own paths, not a scan of all (100,000 findings in one file
    # made that scan quadratic).
    under: dict[DocPath, list[DocPath]] = {}
    for leaf in remaining:
        for cut in range(len(leaf) + 1):
            under.setdefault(leaf[:cut], []).append(leaf)
    ways = under.keys()
    found = Positions()

    def settle(path: DocPath) -> None:
        # Nothing under `path` comes after it: its leaf, or its end, is reached.
        remaining.difference_update(under.pop(path, ()))

    stack: list[_Way] = []
    skipping = 0  # depth inside a subtree that holds no wanted path
    try:
        for event in event_source(pure)(text):
            if not remaining:
                break
            kind = type(event)
            if skipping:
                if kind in _STARTS:
                    skipping += 1
                elif kind in _ENDS:
                    skipping -= 1
                continue
            if kind in _ENDS:
                settle(stack.pop().path)
                continue
            if kind is ev.DocumentEndEvent:
                break
            if kind is not ev.ScalarEvent and kind not in _STARTS and kind is not ev.AliasEvent:
                continue  # stream and document starts
            way = stack[-1] if stack else None
            if way is None:
                path: DocPath = ()
            elif way.mapping:
                if way.key is None:
                    if kind is not ev.ScalarEvent:
                        return Positions()  # `parse` refuses such a key
                    way.key, way.key_at = event.value, _at(event.start_mark)
                    continue
                path = (*way.path, way.key)
                way.key = None
            else:
                path = (*way.path, way.next_index)
                way.next_index += 1
            if path not in ways:
                if kind in _STARTS:
                    skipping = 1
                continue
            found.value[path] = _at(event.start_mark)
            if way is not None and way.mapping:
                found.key[path] = way.key_at
            remaining.discard(path)
            size = len(path)
            if kind in _STARTS and any(p[:size] == path for p in remaining):
                stack.append(_Way(path, kind is ev.MappingStartEvent))
            elif kind in _STARTS:
                skipping = 1
            else:
                settle(path)
    except YAMLError:
        return Positions()
    return found
