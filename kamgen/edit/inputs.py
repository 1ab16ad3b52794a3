"""What a person types, checked before it is used: an id that reaches a path is a slug (no
`..`, no `/`, no uppercase) and the account it names exists; a date is written YYYY-MM-DD;
a score is in its range, as the review's model will require."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from kamgen.base.dates import parsed_date
from kamgen.base.errors import UsageError
from kamgen.base.hints import did_you_mean, shown
from kamgen.load import yamlsafe
from kamgen.load.portfolio import FsSource
from kamgen.load.root import ACCOUNTS
from kamgen.model.common import is_id
from kamgen.model.limits import MIN_NUMBER

SLUG_RULE = (
    "lowercase letters, digits and hyphens, starting with a letter or digit, at most 63 characters"
)
# The ranges of kamgen.model.review.Satisfaction, in words.
CSAT_RULE = "a number from 0 to 5, decimals allowed (e.g. 4.5)"
NPS_RULE = "a whole number from -100 to 100 (e.g. 40)"
# Plain ASCII digits only: float() would also take "nan", "1e0", "٤" or "4_5".
_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_WHOLE = re.compile(r"[+-]?[0-9]{1,4}")
_YES = frozenset({"y", "yes", "true"})
_NO = frozenset({"n", "no", "false"})


def slug(value: str, what: str) -> str:
    """`value` if it is an id, else a usage error saying what an id looks like (exit 2)."""
    if not is_id(value):
        raise UsageError(f"{shown(value, 70)} is not {what}: ids are {SLUG_RULE}")
    return value


def date(value: str, option: str) -> dt.date:
    """A date option's value; only the form the files use (fromisoformat alone would also
    take 20261130)."""
    day = parsed_date(value)
    if day is None:
        raise UsageError(f"{option} must be a real date written YYYY-MM-DD, not {shown(value)}")
    return day


def csat(value: str, what: str) -> float:
    """A CSAT typed by a person (`what` names where: an option or a prompt). The range is
    checked on the decimal as typed, so 5.0000000000000001 is refused, not rounded to 5."""
    text = value.strip()
    # The files hold no number between 0 and 10^-9 (the loader's `bad-number`): refuse it here,
    # where the option can be named, not later in the file it would be written to.
    number = Decimal(text) if _DECIMAL.fullmatch(text) else None
    if number is not None and number <= 5 and (number == 0 or number >= Decimal(str(MIN_NUMBER))):
        return float(text)
    raise UsageError(f"{what} must be {CSAT_RULE}, not {shown(value)}")


def nps(value: str, what: str) -> int:
    """A Net Promoter Score typed by a person: a whole number from -100 to 100."""
    text = value.strip()
    if _WHOLE.fullmatch(text) and -100 <= int(text) <= 100:
        return int(text)
    raise UsageError(f"{what} must be {NPS_RULE}, not {shown(value)}")


def yes_no(value: str, what: str) -> bool:
    """A yes or a no typed by a person (y, yes, true / n, no, false, in any case)."""
    text = value.strip().lower()
    if text in _YES or text in _NO:
        return text in _YES
    raise UsageError(f"{what} must be yes or no, not {shown(value)}")


def account_folder(root: Path, account: str) -> str:
    """`accounts/<account>`, relative to the root, for an account that exists."""
    slug(account, "an account id")
    source = FsSource(root)
    listing = source.listdir(ACCOUNTS) or []
    folders = [name for name, kind in listing if kind == "dir" and is_id(name)]
    if account not in folders:
        raise UsageError(f"no account `{account}` in {ACCOUNTS}/{did_you_mean(account, folders)}")
    return f"{ACCOUNTS}/{account}"


def plan_owner(root: Path, folder: str) -> str | None:
    """The `owner:` of the account's plan, if the plan reads and names one."""
    try:
        data = yamlsafe.parse(yamlsafe.decode(FsSource(root).read(f"{folder}/plan.yaml")))
    except (OSError, yamlsafe.LoadError):
        return None
    owner = data.get("owner") if isinstance(data, dict) else None
    return owner if isinstance(owner, str) and is_id(owner) else None
