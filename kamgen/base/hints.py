"""Short "did you mean" hints for user-facing messages, at a bounded cost.

A hint compares one word with a set of choices. Asked naively for every unknown reference
of a file, that is (unknown references) × (choices) string comparisons: 800 stakeholders
whose `reports_to` is a near miss took over a minute. So the cost of one lookup is bounded
by constants, and the whole run's cost grows linearly with its input:

- a set of at most `SCAN_ALL` choices (field names, rules, criteria, most teams) is compared
  in full, with difflib's ratio, exactly as `difflib.get_close_matches` would;
- a larger set is indexed once (`Hints`), by each choice and each way of deleting one
  character from it (the "symmetric delete" idea: a typo of one insertion, deletion,
  substitution or swap shares a key with the word it misses). A lookup probes the word's
  own keys, keeps at most `PER_KEY` choices per key and compares only the `SHORTLIST` that
  share the most keys. Such a set hints only at near misses, which is what a typo is;
- words and choices longer than `MAX_WORD` get no hint (ids are at most 63 characters);
- each word is answered once per set (a repeated typo costs one lookup).

Build one `Hints` per set of choices and ask it many times; `did_you_mean` is for a one-off
question.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from difflib import SequenceMatcher

CUTOFF = 0.6  # difflib's default: below it, a "did you mean" misleads more than it helps
MAX_WORD = 80
SCAN_ALL = 64
PER_KEY = 8
SHORTLIST = 16


def _score(matcher: SequenceMatcher[str], choice: str) -> float:
    """difflib's similarity of the matcher's word and `choice`, 0 when below the cutoff.

    The one place two strings are compared, so a test can count comparisons.
    """
    matcher.set_seq1(choice)
    if matcher.real_quick_ratio() < CUTOFF or matcher.quick_ratio() < CUTOFF:
        return 0.0
    return matcher.ratio()


def _keys(word: str) -> Iterator[str]:
    """The word and every way of deleting one of its characters."""
    yield word
    for i in range(len(word)):
        yield word[:i] + word[i + 1 :]


class Hints:
    """A fixed set of choices: membership, and the closest choice to a word that is not one."""

    def __init__(self, choices: Iterable[str]) -> None:
        self.known = frozenset(choices)
        # Sorted, so that which choices an index key keeps never depends on set order.
        self._usable = sorted(c for c in self.known if len(c) <= MAX_WORD)
        self._index: dict[str, list[str]] | None = None
        self._answers: dict[str, str] = {}

    def __contains__(self, word: object) -> bool:
        return word in self.known

    def __len__(self) -> int:
        return len(self.known)

    def __call__(self, word: str) -> str:
        """`; did you mean `x`?` or an empty string, to append to a message."""
        answer = self._answers.get(word)
        if answer is None:
            match = self._closest(word)
            answer = f"; did you mean `{match}`?" if match is not None else ""
            self._answers[word] = answer
        return answer

    def _closest(self, word: str) -> str | None:
        if len(word) > MAX_WORD or not self._usable:
            return None
        matcher: SequenceMatcher[str] = SequenceMatcher(None, "", word)
        best: tuple[float, str] | None = None
        for choice in self._candidates(word):
            score = _score(matcher, choice)
            # Ties go to the larger string, as in difflib.get_close_matches.
            if score >= CUTOFF and (best is None or (score, choice) > best):
                best = (score, choice)
        return best[1] if best is not None else None

    def _candidates(self, word: str) -> list[str]:
        if len(self._usable) <= SCAN_ALL:
            return self._usable
        if self._index is None:
            self._index = {}
            for choice in self._usable:
                for key in _keys(choice):
                    kept = self._index.setdefault(key, [])
                    if len(kept) < PER_KEY and (not kept or kept[-1] != choice):
                        kept.append(choice)
        shared: dict[str, int] = {}
        for key in set(_keys(word)):
            for choice in self._index.get(key, ()):
                shared[choice] = shared.get(choice, 0) + 1
        return sorted(shared, key=lambda c: (-shared[c], c))[:SHORTLIST]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`; did you mean `x`?` or an empty string, to append to a message (one question)."""
    return Hints(choices)(word)


def shown(value: object, limit: int = 40) -> str:
    """A user's value quoted for a message: one line, bounded length."""
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    text = text.replace("\n", "\\n").replace("\r", "\\r")
    return text if len(text) <= limit else text[: limit - 3] + '..."'
