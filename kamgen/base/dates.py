"""How the files write a date, in one place: the models, the JSON Schemas, `--today` and every
date option take the same form and the same range."""

from __future__ import annotations

import datetime as dt
import re

# Years 1900 to 2199, as financial years are: far beyond any plan, and far enough from the
# calendar's ends that no date arithmetic (a notice period, the 365 days before today) leaves it.
DATE_PATTERN = r"^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$"
DATE_WORDS = "a date written YYYY-MM-DD, from 1900 to 2199"

_DATE_RE = re.compile(DATE_PATTERN)


def is_date(text: str) -> bool:
    """Whether `text` is written as the files write dates (YYYY-MM-DD, nothing else)."""
    return _DATE_RE.fullmatch(text) is not None


def parsed_date(text: str) -> dt.date | None:
    """The date `text` writes, when it is written as the files write dates and is a real
    calendar date (2026-02-30 is not); else None, for the caller to say why in its words."""
    if not is_date(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
