"""What a person types, checked before it is used: an id that reaches a path is a slug (no
`..`, no `/`, no uppercase) and the account it names exists; a date is written YYYY-MM-DD."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kamgen.base.errors import UsageError
from kamgen.base.hints import did_you_mean, shown
from kamgen.load import yamlsafe
from kamgen.load.portfolio import FsSource
from kamgen.load.root import ACCOUNTS
from kamgen.model.common import is_date, is_id

SLUG_RULE = (
    "lowercase letters, digits and hyphens, starting with a letter or digit, at most 63 characters"
)


def slug(value: str, what: str) -> str:
    """`value` if it is an id, else a usage error saying what an id looks like (exit 2)."""
    if not is_id(value):
        raise UsageError(f"{shown(value, 70)} is not {what}: ids are {SLUG_RULE}")
    return value


def date(value: str, option: str) -> dt.date:
    """A date option's value; only the form the files use (fromisoformat alone would also
    take 20261130)."""
    try:
        if is_date(value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise UsageError(f"{option} must be a real date written YYYY-MM-DD, not {shown(value)}")


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
