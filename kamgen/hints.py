"""Short "did you mean" hints for user-facing messages."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`; did you mean `x`?` or an empty string, to append to a message."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean `{match[0]}`?" if match else ""


def shown(value: object, limit: int = 40) -> str:
    """A user's value quoted for a message: one line, bounded length."""
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    text = text.replace("\n", "\\n").replace("\r", "\\r")
    return text if len(text) <= limit else text[: limit - 3] + '..."'
