"""How numbers read in a "why" sentence: the same wording in the terminal, JSON and the site."""

from __future__ import annotations

from collections.abc import Sequence


def money(amount: float, currency: str) -> str:
    return f"{currency} {amount:,.0f}"


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.0f}%"


def retention(value: float | None) -> str:
    """Net revenue retention to a tenth of a percent: 109.8% must not read as the 110%
    benchmark it misses."""
    return "n/a" if value is None else f"{value * 100:.1f}%"


def names(ids: Sequence[str], limit: int = 6) -> str:
    """`a, b, c` or `a, b, c and 4 more`; never an unbounded list in one sentence."""
    if not ids:
        return "none"
    shown = ", ".join(ids[:limit])
    rest = len(ids) - limit
    return f"{shown} and {rest} more" if rest > 0 else shown


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def days(count: int) -> str:
    return plural(count, "day")


def number(value: float | None) -> float | int | None:
    """Whole amounts as integers (1390000, not 1390000.0); exchange-rate noise trimmed."""
    if value is None:
        return None
    trimmed = round(value, 6)
    return int(trimmed) if trimmed.is_integer() else trimmed
