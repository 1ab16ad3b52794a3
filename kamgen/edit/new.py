"""`kamgen new`: an account folder from templates, valid as written.

The three files come from `kamgen/templates/account/`: each value the portfolio needs is
real (id, name, tier, owner, `reviewed:` by the owner today, a score per criterion), and
the rest of the method's questions are comments with an example to uncomment. The files are
checked against the whole portfolio in memory before any is written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

from kamgen.base.errors import UsageError
from kamgen.base.escape.unicode import BIDI_CONTROLS, CONTROLS, LINE_BREAKS, translation
from kamgen.base.findings import Finding
from kamgen.base.write import refuse_links, write_atomic
from kamgen.check.reporters import finding_lines
from kamgen.check.validate import Options, analyse
from kamgen.edit.inputs import date
from kamgen.edit.overlay import Files
from kamgen.edit.transaction import EditRefused
from kamgen.load.portfolio import ACCOUNT_FILES, FsSource, Source, load_file
from kamgen.load.root import ACCOUNTS, CONFIG
from kamgen.model import PortfolioConfig

Kind = Literal["existing", "emerging"]
TEMPLATES = resources.files("kamgen") / "templates"
_PLACEHOLDER = re.compile(r"@([A-Z_]+)@")
# A name written as it is; anything else is written as a double-quoted scalar.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .,()/'&+-]*[A-Za-z0-9.)]|[A-Za-z]")
_YAML_WORDS = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n"})
_COMMENT = translation({}, line_break=" ", control=" ")
# The question each of the method's usual criteria asks; other criteria show their label.
_QUESTIONS = {
    "expansion_potential": "how much more could they buy from us in three years?",
    "strategic_fit": "how well do their needs match what we do best, and where we go?",
    "executive_access": "how well do our executives know theirs?",
    "competitive_position": "how strong are we here against the competitors?",
    "reference_value": "would their name win us other customers?",
    "current_revenue": "how much do they buy from us today?",
}
DEFAULT_SCORE = 3


@dataclass(frozen=True)
class NewAccount:
    id: str
    name: str
    tier: int
    owner: str
    kind: Kind = "existing"
    since: dt.date | None = None  # when it became a key account; None leaves the question


def checked_name(name: str) -> str:
    """The account's name, refused (exit 2) if it holds a character no name has: a line
    break, a control character or a bidi override would make the file lie about itself."""
    bad = sorted({c for c in name if c in LINE_BREAKS | CONTROLS | BIDI_CONTROLS})
    if bad or any(0xD800 <= ord(c) < 0xE000 for c in name):
        shown = ", ".join(f"U+{ord(c):04X}" for c in bad) or "a lone surrogate"
        raise UsageError(f"--name must be one line of visible text; it holds {shown}")
    return name


def checked_since(value: str, today: dt.date) -> dt.date:
    """`--since`: a real date that has passed (exit 2 otherwise). An account becomes a key
    account on a day that has come; a later one would leave it out of retention unseen."""
    since = date(value, "--since")
    if since > today:
        raise UsageError(
            f"--since {since} is after today ({today}): give the day the account became a "
            "key account, on or before today"
        )
    return since


def scalar(text: str) -> str:
    """`text` as one YAML scalar: plain when that reads back as the same string, else in
    double quotes (a JSON string is a YAML double-quoted scalar)."""
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS and "  " not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def comment(text: str, limit: int = 160) -> str:
    """`text` safe inside a `#` comment: one line, no control characters, not too long."""
    flat = " ".join(text.translate(_COMMENT).split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def render(template: str, values: Mapping[str, str]) -> str:
    """The template with each `@KEY@` replaced, in one pass (a value is never rescanned, so a
    name holding `@ID@` stays as typed)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def template(folder: str, name: str) -> str:
    return (TEMPLATES / folder / name).read_text(encoding="utf-8")


def _scores(config: PortfolioConfig) -> str:
    criteria = config.scoring.criteria
    scored = [c for c in criteria if c.source is None]
    derived = [c.id for c in criteria if c.source is not None]
    lines = [
        "# Selection scores, 1 (weak) to 5 (strong), one for each criterion of kamgen.yaml's",
        "# scoring. Each starts at 3, the middle, so that the plan is valid as written: replace",
        "# each with your judgement.",
    ]
    if derived:
        lines.append(f"# Derived from the financials, so not scored here: {', '.join(derived)}.")
    if not scored:
        return "\n".join([*lines, "scores: {}"])
    lines.append("scores:")
    for criterion in scored:
        question = _QUESTIONS.get(criterion.id) or comment(criterion.description or "")
        label = comment(criterion.label or criterion.id.replace("_", " ").capitalize())
        weight = f"{criterion.weight:g}"
        lines.append(f"  # {label} (weight {weight}){': ' + question if question else ''}")
        lines.append(f"  {criterion.id}: {DEFAULT_SCORE}")
    return "\n".join(lines)


def _sponsor(config: PortfolioConfig, owner: str) -> str:
    executives = [m.id for m in config.team if m.role == "executive"]
    return executives[0] if executives else owner


def account_files(config: PortfolioConfig, account: NewAccount, today: dt.date) -> dict[str, str]:
    """The account's three files (path relative to the root → text)."""
    values = {
        "ID": account.id,
        "NAME": scalar(account.name),
        "KIND": account.kind,
        "TIER": str(account.tier),
        "OWNER": account.owner,
        "SPONSOR": _sponsor(config, account.owner),
        "SCORES": _scores(config),
        "SINCE": f"since: {account.since}" if account.since else f"# since: {today}",
        "TODAY": today.isoformat(),
        "YEAR": str(today.year),
        "LAST_YEAR": str(today.year - 1),
        "IN_A_MONTH": (today + dt.timedelta(days=30)).isoformat(),
        "IN_A_YEAR": (today + dt.timedelta(days=365)).isoformat(),
    }
    return {
        f"{ACCOUNTS}/{account.id}/{name}": render(template("account", name), values)
        for name in ACCOUNT_FILES
    }


def portfolio_config(source: Source) -> PortfolioConfig:
    """kamgen.yaml's settings; refused (exit 1) while it has errors, since the new plan's
    scores follow its criteria."""
    loaded, problems = load_file(source, CONFIG, "portfolio", None)
    if loaded is None or not isinstance(loaded.model, PortfolioConfig):
        raise EditRefused(
            f"{CONFIG} has errors (above), so no account was written; fix it first",
            finding_lines(problems),
        )
    return loaded.model


def refused(root: Path, today: dt.date, source: Source, paths: set[str]) -> list[Finding]:
    """The errors that the portfolio read from `source` has in `paths`, or in an account
    whose folder holds one of them."""
    accounts = {p.split("/")[1] for p in paths if p.startswith(f"{ACCOUNTS}/")}
    return [
        f
        for f in analyse(Options(root, today), source).findings
        if f.severity == "error" and (f.file in paths or f.account in accounts)
    ]


def _refuse_existing(root: Path, account: str) -> None:
    folder = root / ACCOUNTS / account
    if folder.exists() or folder.is_symlink():
        raise UsageError(
            f"{ACCOUNTS}/{account} already exists; kamgen never overwrites an account. "
            "Choose another id, or edit that account's files"
        )


def write_all(root: Path, files: Mapping[str, str]) -> None:
    """Write each new file atomically, after making sure none exists and none would be
    written through a symbolic link."""
    for rel in files:
        refuse_links(root, rel)
        if (root / rel).exists() or (root / rel).is_symlink():
            raise UsageError(f"{rel} already exists; kamgen never overwrites a file")
    for rel, text in files.items():
        write_atomic(root / rel, text)


def create_account(root: Path, account: NewAccount, today: dt.date) -> list[str]:
    """Write the account's files under `root`, or refuse and write nothing."""
    refuse_links(root, f"{ACCOUNTS}/{account.id}")
    _refuse_existing(root, account.id)
    base = FsSource(root)
    files = account_files(portfolio_config(base), account, today)
    errors = refused(root, today, Files(base, _encoded(files)), set(files))
    if errors:
        count = f"{len(errors)} error" + ("s" if len(errors) > 1 else "")
        raise EditRefused(
            f"{ACCOUNTS}/{account.id} was not written: it would have {count} (above)",
            finding_lines(errors),
        )
    write_all(root, files)
    return list(files)


def _encoded(files: Mapping[str, str]) -> dict[str, bytes]:
    return {rel: text.encode("utf-8") for rel, text in files.items()}
