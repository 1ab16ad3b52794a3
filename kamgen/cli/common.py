"""Options every command shares, and the one place that turns exceptions into exit codes."""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kamgen.base.dates import DATE_WORDS, parsed_date
from kamgen.base.errors import UsageError
from kamgen.load.root import find_root

F = TypeVar("F", bound=Callable[..., Any])


def tune_gc() -> None:
    """Collect cycles less often: a run builds large acyclic graphs (models, metrics) that
    the default thresholds rescan over and over, about 30% of a 10000-account run. Cycles
    are still collected, in fewer, larger passes."""
    gc.set_threshold(100_000, 50, 100)


def parse_today(value: str | None) -> dt.date:
    """`--today`, else KAMGEN_TODAY, else the local date. `--today ''` is a mistake, not a
    request for today (a script's unset variable must not silently date the run); an empty
    KAMGEN_TODAY is unset, as empty environment variables conventionally are."""
    source: str
    raw: str | None
    if value is not None:
        source, raw = "--today", value
    else:
        source, raw = "KAMGEN_TODAY", os.environ.get("KAMGEN_TODAY") or None
    if raw is None:
        return dt.date.today()
    day = parsed_date(raw)
    if day is None:
        raise UsageError(f"{source} must be {DATE_WORDS}, not {raw!r}")
    return day


def as_of_option(fn: F) -> F:
    return click.option(
        "--as-of",
        "as_of",
        metavar="YYYY-MM-DD",
        default=None,
        help="The portfolio as it was in git at the end of that day (first-parent branch), "
        "computed with today = that day.",
    )(fn)


def parse_as_of(value: str | None, today: str | None) -> dt.date | None:
    """`--as-of D` is also the reference date: with `--today`, both must be the same day."""
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of must be a date written YYYY-MM-DD, not {value!r}") from None
    if today is not None and parse_today(today) != day:
        raise UsageError(f"--as-of {day} computes as of that day; leave out --today {today}")
    return day


def root_option(fn: F) -> F:
    return click.option(
        "--root",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        default=None,
        help="Portfolio root (default: nearest folder upwards holding kamgen.yaml).",
    )(fn)


def today_option(fn: F) -> F:
    return click.option(
        "--today",
        metavar="YYYY-MM-DD",
        default=None,
        help="Reference date for every date-dependent rule (default: $KAMGEN_TODAY, else today).",
    )(fn)


def resolve_root(root: Path | None, paths: tuple[Path, ...] = ()) -> Path:
    """`--root`, else the portfolio holding the first PATH given, else the current folder's.

    Starting from a given path lets `kamgen check path/to/portfolio` work from anywhere.
    """
    if root is None and paths:
        start = paths[0] if paths[0].is_dir() else paths[0].parent
        return find_root(start)
    return find_root(Path.cwd(), root)
