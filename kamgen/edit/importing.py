"""`kamgen import accounts` and `stakeholders` (and what `opportunities` shares with them,
kamgen.edit.opportunities): accounts, people and the pipeline from a spreadsheet or a CRM
export (CSV).

Every row goes through what a person typing the same values would go through: the checks of
`kamgen new` and `kamgen stakeholder add`, the templates of `new`, the entry style of
`stakeholder add`, and validation of the whole portfolio in memory. A row that cannot be
mapped is set aside with its row number (as a spreadsheet shows it: the header is row 1)
and a reason; the others are imported. Nothing is written unless `write` is asked for.

The CSV is untrusted: it is read only up to 1 MiB, every cell is one line of printable
text or the row is refused, and a cell that looks like a spreadsheet formula is plain text
(the YAML writers quote it; kamgen never evaluates it).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap

from kamgen.base.errors import KamgenError, UsageError
from kamgen.base.hints import did_you_mean, shown
from kamgen.check.reporters import finding_lines
from kamgen.edit import roundtrip
from kamgen.edit.entries import entries, ids, one_line, put, text
from kamgen.edit.inputs import SLUG_RULE, account_folder
from kamgen.edit.new import (
    Kind,
    NewAccount,
    account_files,
    checked_name,
    portfolio_config,
    refused,
    scalar,
    write_all,
)
from kamgen.edit.overlay import Files
from kamgen.edit.stakeholder import FIELDS, Person, added
from kamgen.edit.transaction import EditRefused, Target, changed_text, edit, validate
from kamgen.load import yamlsafe
from kamgen.load.portfolio import FsSource, suggested_id
from kamgen.load.root import ACCOUNTS
from kamgen.model import PortfolioConfig
from kamgen.model.common import CURRENCY_PATTERN, is_id
from kamgen.model.limits import NAME_CHARS
from kamgen.model.stakeholders import Stakeholder

MAX_BYTES = 1024 * 1024
_CURRENCY = re.compile(CURRENCY_PATTERN)
# A Salesforce record id (15 or 18 letters and digits): an `Id` column holding these is the
# CRM's id, not a kamgen id, and the models have no field for it.
CRM_ID = re.compile(r"[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?")

# Column headers, compared lowercase with everything but letters and digits removed, so
# that "Account Name", "account_name" and "ACCOUNTNAME" are one column. Salesforce's export
# names are among them; a header not listed is reported as ignored.
ACCOUNT_COLUMNS: Mapping[str, str] = {
    "id": "id",
    "accountslug": "id",
    "name": "name",
    "accountname": "name",
    "account": "name",
    "company": "name",
    "companyname": "name",
    "customer": "name",
    "tier": "tier",
    "accounttier": "tier",
    "owner": "owner",
    "accountowner": "owner",
    "kam": "owner",
    "keyaccountmanager": "owner",
    "kind": "kind",
    "industry": "industry",
    "region": "region",
    "billingcountry": "region",
    "country": "region",
    "currency": "currency",
    "currencyisocode": "currency",
    "accountcurrency": "currency",
}
CONTACT_COLUMNS: Mapping[str, str] = {
    "firstname": "first",
    "first": "first",
    "givenname": "first",
    "lastname": "last",
    "last": "last",
    "surname": "last",
    "familyname": "last",
    "name": "name",
    "fullname": "name",
    "contactname": "name",
    "title": "title",
    "jobtitle": "title",
    "department": "function",
    "function": "function",
    "level": "level",
    "accountname": "account",
    "account": "account",
    "company": "account",
}

# The level a job title suggests: the first row with a word in the title wins, and a title
# with none of them is management, the middle, so that a wrong guess is never far off.
# "Director" is management on purpose: most companies have many; "Managing Director" and
# "Executive Director" run the business.
LEVEL_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "executive",
        re.compile(
            r"\b(chief|c[a-z]o|president|vp|svp|evp|founder|co-founder|owner|partner|chair"
            r"|chairman|chairwoman|managing director|executive director)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "operational",
        re.compile(
            r"\b(analyst|specialist|engineer|coordinator|administrator|assistant|associate"
            r"|technician|representative|clerk|buyer|agent|operator|officer)\b",
            re.IGNORECASE,
        ),
    ),
)
LEVELS = ("executive", "management", "operational")


@dataclass(frozen=True)
class Skipped:
    """A row that was not imported, and why."""

    row: int
    reason: str


@dataclass(frozen=True)
class Planned:
    """One file the import writes: `adds` says what it adds, one line per account, person or
    opportunity, and `updates` what it changes in entries already there."""

    rel: str
    adds: list[str]
    new: bool
    updates: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    files: list[Planned] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # headers that map to no field
    imported: int = 0  # rows imported (or that would be): added or updated
    unchanged: int = 0  # rows whose entry already says what the row says


class RowError(Exception):
    """Why a row cannot be mapped; caught per row, never leaves this module."""


# --- reading the CSV --------------------------------------------------------------------


def _column_key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def _decoded(path: Path) -> str:
    if not path.is_file():
        raise UsageError(f"{path} is not a file")
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise UsageError(f"{path} is larger than 1 MiB; split it into smaller files")
    try:
        return data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start].decode("utf-8-sig", errors="replace")
        records = sum(1 for _ in csv.reader(io.StringIO(prefix))) if prefix else 0
        row = records + 1 if not prefix or prefix.endswith("\n") else records
        raise UsageError(
            f'{path}, row {row}: not UTF-8 text; save the sheet as "CSV UTF-8" and try again'
        ) from None


def read_rows(
    path: Path, columns: Mapping[str, str]
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]], list[str]]:
    """The fields the header maps to, the data rows (row number, field → cell) and the
    headers that map to nothing."""
    content = _decoded(path)
    first_line = content.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise UsageError(f"{path} is empty: the first row names the columns") from None
    except csv.Error as exc:
        raise UsageError(f"{path}, row 1: {exc}") from None
    fields: dict[int, str] = {}
    ignored: list[str] = []
    for index, name in enumerate(header):
        wanted = columns.get(_column_key(name))
        if wanted is None:
            if name.strip():
                ignored.append(name)
            continue
        if wanted in fields.values():
            raise UsageError(f"{path}: two columns give the {wanted}; keep one of them")
        fields[index] = wanted

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        number = 1
        while True:
            number += 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise UsageError(f"{path}, row {number}: {exc}") from None
            if not any(cell.strip() for cell in cells):
                continue  # a blank line in the sheet
            yield number, {fields[i]: cell.strip() for i, cell in enumerate(cells) if i in fields}

    return sorted(set(fields.values())), rows(), ignored


def free_text(value: str, what: str) -> str:
    """A cell of free text, checked as `kamgen stakeholder add` checks its options."""
    try:
        one_line(value, what)
    except UsageError as exc:
        raise RowError(str(exc)) from None
    if len(value) > NAME_CHARS:
        raise RowError(f"{what} is longer than {NAME_CHARS} characters")
    return value


def _optional(row: Mapping[str, str], key: str, what: str) -> str | None:
    value = row.get(key, "")
    return free_text(value, what) if value else None


def explain(reasons: list[str]) -> str:
    return "; ".join(reasons)


# --- accounts ---------------------------------------------------------------------------

# The template's example lines that an imported value replaces, keeping the comment after.
_EXAMPLE = "^# {key}: [^#\n]*?(?P<comment>[ ]+#[^\n]*)?$"
_PLAN_ORDER = ("schema_version", "id", "name", "kind", "tier", "industry", "region", "currency")


def _with_details(plan: str, details: Mapping[str, str], rel: str) -> str:
    """The templated plan with industry, region and currency set where the template shows
    them as examples (or, should a template lack the example, after the fields before)."""
    for key, value in details.items():
        line = re.compile(_EXAMPLE.format(key=key), re.MULTILINE)
        found = line.search(plan)
        if found:
            written = f"{key}: {scalar(value)}{found.group('comment') or ''}"
            plan = plan[: found.start()] + written + plan[found.end() :]
        else:

            def change(document: CommentedMap, key: str = key, value: str = value) -> None:
                put(document, key, text(value), (*_PLAN_ORDER, key))

            plan = changed_text(plan, change, rel)
    return plan


def _owner(cell: str, config: PortfolioConfig) -> str:
    by_name = {" ".join(m.name.lower().split()): m.id for m in config.team if m.name}
    if any(cell == m.id for m in config.team):
        return cell
    found = by_name.get(" ".join(cell.lower().split()))
    if found:
        return found
    choices = [m.id for m in config.team]
    raise RowError(
        f"owner {shown(cell)} is not in kamgen.yaml's team (by id or name)"
        f"{did_you_mean(cell, choices)}"
    )


def _account(row: Mapping[str, str], config: PortfolioConfig) -> NewAccount:
    name = free_text(row.get("name", ""), "the name")
    try:
        checked_name(name)
    except UsageError as exc:
        raise RowError(str(exc)) from None
    given = row.get("id", "")
    if given and not is_id(given) and CRM_ID.fullmatch(given):
        given = ""  # a CRM record id: the account's id comes from its name instead
    account = given or suggested_id(name)
    if not account:
        raise RowError(f"no id can be made from the name {shown(name)}; add an id column")
    if not is_id(account):
        raise RowError(f"{shown(account)} is not an account id: ids are {SLUG_RULE}")
    tier_cell = row.get("tier", "")
    if tier_cell not in {"1", "2", "3"}:
        raise RowError(f"the tier must be 1, 2 or 3, not {shown(tier_cell)}")
    owner_cell = row.get("owner", "")
    if not owner_cell:
        raise RowError("no owner: give the team id or name of the key account manager")
    kind = (row.get("kind") or "existing").lower()
    if kind not in {"existing", "emerging"}:
        raise RowError(f"the kind must be existing or emerging, not {shown(kind)}")
    chosen: Kind = "emerging" if kind == "emerging" else "existing"
    return NewAccount(account, name, int(tier_cell), _owner(owner_cell, config), chosen)


def _details(row: Mapping[str, str]) -> dict[str, str]:
    details: dict[str, str] = {}
    for key in ("industry", "region"):
        value = _optional(row, key, f"the {key}")
        if value is not None:
            details[key] = value
    currency = row.get("currency", "").upper()
    if currency:
        if not _CURRENCY.fullmatch(currency):
            raise RowError(
                f"the currency must be a three-letter code such as USD, not "
                f"{shown(row['currency'])}"
            )
        details["currency"] = currency
    return details


def import_accounts(root: Path, path: Path, today: dt.date, write: bool) -> Outcome:
    """Each row of the CSV at `path` as a new account folder, made as `kamgen new` makes it."""
    columns, rows, ignored = read_rows(path, ACCOUNT_COLUMNS)
    missing = [c for c in ("name", "tier", "owner") if c not in columns]
    if missing:
        raise UsageError(
            f"{path} has no {' or '.join(missing)} column; an account needs a name, a tier "
            "(1, 2 or 3) and an owner (a team id or name)"
        )
    base = FsSource(root)
    config = portfolio_config(base)
    existing = {name for name, kind in base.listdir(ACCOUNTS) or [] if kind == "dir"}
    names = {name: folder for name, folder in _account_names(root).items() if name != folder}
    outcome = Outcome(ignored=ignored)
    made: dict[str, tuple[int, NewAccount, dict[str, str]]] = {}
    for number, row in rows:
        try:
            account = _account(row, config)
            details = _details(row)
            same_name = names.get(fold(account.name))
            if same_name is not None:
                raise RowError(
                    f"{ACCOUNTS}/{same_name} is already named {account.name}; it was left as it is"
                )
            if account.id in existing:
                raise RowError(f"{ACCOUNTS}/{account.id} already exists; it was left as it is")
            if account.id in made:
                raise RowError(f"row {made[account.id][0]} already gives the id {account.id}")
        except RowError as exc:
            outcome.skipped.append(Skipped(number, str(exc)))
            continue
        plan_rel = f"{ACCOUNTS}/{account.id}/plan.yaml"
        files = account_files(config, account, today)
        files[plan_rel] = _with_details(files[plan_rel], details, plan_rel)
        made[account.id] = (number, account, files)
    _drop_invalid(root, today, made, outcome)
    for _number, account, files in sorted(made.values(), key=lambda item: item[0]):
        extra = "".join(f", {key} {value}" for key, value in _details_of(files, account).items())
        for rel in files:
            what = (
                f"new account {account.id} ({account.name}), tier {account.tier}, "
                f"owner {account.owner}{extra}"
                if rel.endswith("/plan.yaml")
                else "the template's prompts, no entries yet"
            )
            outcome.files.append(Planned(rel, [what], new=True))
        if write:
            write_all(root, files)
        outcome.imported += 1
    outcome.skipped.sort(key=lambda s: s.row)
    return outcome


def _details_of(files: Mapping[str, str], account: NewAccount) -> dict[str, str]:
    """What the plan says of industry, region and currency, read back from its text."""
    data = yamlsafe.parse(files[f"{ACCOUNTS}/{account.id}/plan.yaml"])
    return {k: str(data[k]) for k in ("industry", "region", "currency") if k in data}


def _drop_invalid(
    root: Path,
    today: dt.date,
    made: dict[str, tuple[int, NewAccount, dict[str, str]]],
    outcome: Outcome,
) -> None:
    """Validate the new accounts together, in memory; an account with an error is set aside
    with its row, and the rest validated again (their errors are their own)."""
    while made:
        files = {rel: t.encode("utf-8") for _, _, f in made.values() for rel, t in f.items()}
        errors = refused(root, today, Files(FsSource(root), files), set(files))
        if not errors:
            return
        bad = {f.account for f in errors if f.account in made}
        if not bad:
            raise EditRefused(
                "the imported accounts would not validate (above)", finding_lines(errors)
            )
        for account in bad:
            number = made.pop(account)[0]
            mine = [f for f in errors if f.account == account]
            outcome.skipped.append(Skipped(number, explain([f.message for f in mine])))


# --- stakeholders -----------------------------------------------------------------------


@dataclass(frozen=True)
class Contact(Person):
    """A stakeholder from a contact row: `stakeholder add`'s person, with their function
    (the department), which `stakeholder add` does not take."""

    function: str | None = None

    def entry(self) -> CommentedMap:
        entry = super().entry()
        if self.function is not None:
            put(entry, "function", text(self.function), FIELDS)
        return entry


def guessed_level(title: str | None) -> str:
    """The level a job title suggests (see LEVEL_WORDS)."""
    for level, words in LEVEL_WORDS:
        if title and words.search(title):
            return level
    return "management"


def _account_names(root: Path) -> dict[str, str]:
    """Each account's id, and its plan's name, in the folded form a cell is matched by."""
    source = FsSource(root)
    names: dict[str, str] = {}
    for folder, kind in source.listdir(ACCOUNTS) or []:
        if kind != "dir" or not is_id(folder):
            continue
        names[fold(folder)] = folder
        try:
            data = yamlsafe.parse(yamlsafe.decode(source.read(f"{ACCOUNTS}/{folder}/plan.yaml")))
        except (OSError, yamlsafe.LoadError):
            continue
        name = data.get("name") if isinstance(data, dict) else None
        if isinstance(name, str):
            names.setdefault(fold(name), folder)
    return names


def fold(name: str) -> str:
    return " ".join(name.casefold().split())


def _contact(row: Mapping[str, str], account: str) -> Contact:
    full = row.get("name") or " ".join(p for p in (row.get("first"), row.get("last")) if p)
    if not full:
        raise RowError("no name: the name (or FirstName and LastName) is empty")
    name = free_text(full, "the name")
    title = _optional(row, "title", "the title")
    function = _optional(row, "function", "the department")
    level = row.get("level", "").lower() or guessed_level(title)
    if level not in LEVELS:
        raise RowError(
            f"the level must be executive, management or operational, not {shown(row['level'])}"
        )
    person = suggested_id(name)
    if not person:
        raise RowError(f"no id can be made from the name {shown(name)}")
    contact = Contact(id=person, name=name, level=level, title=title, function=function)
    try:  # the model's own limits, so that a row fails alone, not its whole file
        Stakeholder.model_validate(
            {"id": person, "name": name, "level": level, "title": title, "function": function}
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        raise RowError(f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    return contact


def _unique(contact: Contact, taken: set[str]) -> Contact:
    """The contact with an id no one in the file or the import has: jane-doe, jane-doe-2..."""
    person, number = contact.id, 1
    while person in taken:
        number += 1
        suffix = f"-{number}"
        person = contact.id[: 63 - len(suffix)].rstrip("-") + suffix
    taken.add(person)
    return Contact(
        id=person,
        name=contact.name,
        level=contact.level,
        title=contact.title,
        function=contact.function,
    )


def read_file(root: Path, rel: str) -> str:
    raw = FsSource(root).read(rel)
    decoded = yamlsafe.decode(raw)
    yamlsafe.parse(decoded)  # the loader's checks first, as the editing layer does
    return decoded


def _described(contact: Contact) -> str:
    parts = [contact.name, *(p for p in (contact.title, contact.function) if p)]
    return f"{contact.id}: {', '.join(parts)}; level {contact.level}"


def import_stakeholders(
    root: Path, path: Path, account: str | None, today: dt.date, write: bool
) -> Outcome:
    """Each contact row as a stakeholder of its account (`account`, or the row's account
    column matched to an account's id or name), appended as `stakeholder add` appends."""
    columns, rows, ignored = read_rows(path, CONTACT_COLUMNS)
    if "name" not in columns and not {"first", "last"} & set(columns):
        raise UsageError(f"{path} has no name column (Name, or FirstName and LastName)")
    names: dict[str, str] = {}
    if account is not None:
        account_folder(root, account)
        if "account" in columns:
            ignored.append("the account column (every row goes to the account given)")
    elif "account" in columns:
        names = _account_names(root)
    else:
        raise UsageError(
            f"{path} has no Account Name column: name the account, "
            "`kamgen import stakeholders ACCOUNT-ID FILE`"
        )
    outcome = Outcome(ignored=ignored)
    wanted: dict[str, list[tuple[int, Contact]]] = {}
    for number, row in rows:
        try:
            target = account or matched_account(row.get("account", ""), names)
            wanted.setdefault(target, []).append((number, _contact(row, target)))
        except RowError as exc:
            outcome.skipped.append(Skipped(number, str(exc)))
    for folder_id, contacts in sorted(wanted.items()):
        _plan_file(root, folder_id, contacts, today, write, outcome)
    outcome.skipped.sort(key=lambda s: s.row)
    return outcome


def matched_account(cell: str, names: Mapping[str, str]) -> str:
    if not cell:
        raise RowError("no account: the Account Name cell is empty")
    found = names.get(fold(cell))
    if found is None:
        raise RowError(
            f"account {shown(cell)} is not in {ACCOUNTS}/ (by id or plan name)"
            f"{did_you_mean(fold(cell), list(names))}"
        )
    return found


def _plan_file(
    root: Path,
    account: str,
    contacts: list[tuple[int, Contact]],
    today: dt.date,
    write: bool,
    outcome: Outcome,
) -> None:
    """Add `contacts` to the account's stakeholders.yaml (or say what would be added)."""
    target = Target(root, f"{ACCOUNTS}/{account}/stakeholders.yaml", account, today)
    rows = [number for number, _ in contacts]
    try:
        original = read_file(root, target.rel)
        present = entries(roundtrip.load(original, target.rel), "stakeholders")
    except (OSError, yamlsafe.LoadError, KamgenError):
        reason = f"{target.rel} cannot be read or is not valid YAML; run kamgen validate"
        outcome.skipped.extend(Skipped(n, reason) for n in rows)
        return
    # A person already in the file by name is not added again, so that importing the same
    # export twice adds no one twice; a namesake from the CSV gets an id of their own.
    known: dict[str, list[str]] = {}
    for entry in present:
        if isinstance(entry.get("name"), str):
            known.setdefault(fold(entry["name"]), []).append(str(entry.get("id")))
    taken = set(ids(present))
    unique: list[tuple[int, Contact]] = []
    for number, contact in contacts:
        if fold(contact.name) in known:
            as_ids = ", ".join(known[fold(contact.name)])
            reason = f"{contact.name} is already in {target.rel} (as {as_ids})"
            outcome.skipped.append(Skipped(number, reason))
        else:
            unique.append((number, _unique(contact, taken)))
    if not unique:
        return
    rows = [number for number, _ in unique]
    change = _adding([c for _, c in unique], target.rel)
    try:
        validate(target, changed_text(original, change, target.rel).encode("utf-8"))
        if write:
            edit(target, change)
    except (EditRefused, UsageError) as exc:
        why = explain([str(exc), *getattr(exc, "details", [])])
        outcome.skipped.extend(Skipped(n, why) for n in rows)
        return
    outcome.files.append(Planned(target.rel, [_described(c) for _, c in unique], new=False))
    outcome.imported += len(unique)


def _adding(contacts: list[Contact], where: str) -> Callable[[CommentedMap], None]:
    def change(document: CommentedMap) -> None:
        for contact in contacts:
            added(contact, where)(document)

    return change
