"""Series over a History, for pictures and lists: one account's values of a metric through
its renames, the portfolio's mean health, and the accounts whose health fell most."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kamgen.history.series import History, Point

# The series an account page draws, as `diff`'s snapshot names them, and plan freshness as
# days since the plan review (worked out from the point's date and the review's).
TRACKED = ("health", "coverage", "selection_score")
PLAN_AGE = "plan_review_age_days"


@dataclass(frozen=True)
class Series:
    key: str
    dates: tuple[dt.date, ...]
    values: tuple[float | None, ...]  # None: a gap (an invalid file at that commit)

    @property
    def known(self) -> list[tuple[dt.date, float]]:
        return [(d, v) for d, v in zip(self.dates, self.values, strict=True) if v is not None]


def _value(point: Point, ids: set[str], key: str) -> tuple[bool, float | None]:
    """(whether the account is in this point, its value) under any of its ids."""
    for account in ids:
        if account in point.gaps:
            return True, None
        values = point.accounts.get(account)
        if values is None:
            continue
        if key == PLAN_AGE:
            last = values.get("freshness.plan_review.last")
            return True, (point.date - dt.date.fromisoformat(last)).days if last else None
        raw: Any = values.get(key)
        return True, float(raw) if isinstance(raw, int | float) else None
    return False, None


def series(history: History, account: str, key: str) -> Series:
    ids = history.ids(account)
    dates, values = [], []
    for point in history.points:
        present, value = _value(point, ids, key)
        if present:
            dates.append(point.date)
            values.append(value)
    return Series(key, tuple(dates), tuple(values))


def at(history: History, day: dt.date) -> Point | None:
    """The last point on or before `day`: the portfolio as it stood that day."""
    found = None
    for point in history.points:
        if point.date <= day:
            found = point
    return found


def portfolio_health(history: History) -> Series:
    """The mean health of the accounts computed at each point."""
    dates, values = [], []
    for point in history.points:
        healths = [v["health"] for v in point.accounts.values() if isinstance(v.get("health"), int)]
        if healths:
            dates.append(point.date)
            values.append(sum(healths) / len(healths))
    return Series("health", tuple(dates), tuple(values))


@dataclass(frozen=True)
class Fall:
    account: str
    then: int
    now: int
    since: dt.date  # the date of the point compared with

    @property
    def drop(self) -> int:
        return self.then - self.now


def fallers(history: History, today: dt.date, days: int = 90) -> list[Fall]:
    """Accounts whose health fell over the last `days`, the largest fall first: health at
    the last point on or before `today - days` against the newest point."""
    if not history.points:
        return []
    newest = history.points[-1]
    before = at(history, today - dt.timedelta(days=days))
    if before is None:
        return []
    out = []
    for account, values in newest.accounts.items():
        now = values.get("health")
        then_values = next(
            (before.accounts[i] for i in sorted(history.ids(account)) if i in before.accounts),
            None,
        )
        then = then_values.get("health") if then_values else None
        if isinstance(now, int) and isinstance(then, int) and then > now:
            out.append(Fall(account, then, now, before.date))
    return sorted(out, key=lambda f: (-f.drop, f.account))
