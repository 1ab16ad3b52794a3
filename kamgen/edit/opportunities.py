"""`kamgen import opportunities`: the pipeline from a CRM export (Salesforce's column names).

A row's Id is kept as the opportunity's `crm_id`, so importing next week's export updates each
opportunity (name, amount, stage, probability, close date) instead of adding it twice; unit,
offering and objective, which the CRM does not know, are never touched. The reading, row
checks and reporting are those of `kamgen.edit.importing`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap

from kamgen.base.dates import parsed_date
from kamgen.base.errors import KamgenError, UsageError
from kamgen.base.hints import did_you_mean, shown
from kamgen.edit.entries import append, entries, ids, put, text
from kamgen.edit.importing import (
    CRM_ID,
    Outcome,
    Planned,
    RowError,
    Skipped,
    explain,
    fold,
    free_text,
    matched_account,
    read_file,
    read_rows,
)
from kamgen.edit.inputs import account_folder
from kamgen.edit.new import (
    portfolio_config,
)
from kamgen.edit.transaction import Target, changed_text, edit, validate
from kamgen.load import yamlsafe
from kamgen.load.portfolio import FsSource, suggested_id
from kamgen.load.root import ACCOUNTS
from kamgen.model import PortfolioConfig
from kamgen.model.common import is_id
from kamgen.model.depth import CRM_MESSAGE, CRM_PATTERN, Opportunity
from kamgen.model.plan import Plan

# A Salesforce opportunity export's columns (Name, Amount, StageName, Probability, CloseDate,
# Id, AccountId, Account Name, CurrencyIsoCode, IsClosed, IsWon) and plainer names for them.
OPPORTUNITY_COLUMNS: Mapping[str, str] = {
    "name": "name",
    "opportunityname": "name",
    "opportunity": "name",
    "amount": "amount",
    "stagename": "stage",
    "stage": "stage",
    "probability": "probability",
    "closedate": "close_date",
    "id": "crm_id",
    "opportunityid": "crm_id",
    "crmid": "crm_id",
    "accountid": "account_id",
    "accountname": "account",
    "account": "account",
    "currencyisocode": "currency",
    "opportunitycurrency": "currency",
    "amountcurrency": "currency",
    "currency": "currency",
    "isclosed": "is_closed",
    "closed": "is_closed",
    "iswon": "is_won",
    "won": "is_won",
}
# The contract's field order of an opportunity (kamgen.model.depth.Opportunity), and of a
# plan's keys, so that a plan without a pipeline gets `opportunities:` where it belongs.
OPPORTUNITY_FIELDS = (
    "id",
    "name",
    "unit",
    "offering",
    "amount",
    "stage",
    "probability",
    "close_date",
    "objective",
    "crm_id",
)
PLAN_FIELDS = tuple(Plan.model_fields)
# 120000, 120000.50 or 1,200,000.50: what a CRM writes. A decimal comma (1.200.000,50) is
# refused rather than guessed, since 1,200 means a thousand and two hundred here.
_AMOUNT = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,16})(?:\.[0-9]{1,6})?")
_PERCENT = re.compile(r"([0-9]{1,3}(?:\.[0-9]{1,6})?) ?%?")
_TRUE = frozenset({"1", "true", "yes", "y"})
_FALSE = frozenset({"0", "false", "no", "n"})
_CRM_RE = re.compile(CRM_PATTERN)


def crm_key(value: str) -> str:
    """What a CRM id is compared by: Salesforce writes one record's id with 15 characters
    (case-sensitive) or 18 (the same 15 and a checksum of their case), so an 18-character
    id whose last 3 are that checksum compares by its first 15; any other id as it is."""
    if len(value) == 18 and CRM_ID.fullmatch(value) and value[15:] == _case_sum(value[:15]):
        return value[:15]
    return value


def _case_sum(short: str) -> str:
    """Salesforce's suffix of a 15-character id: for each 5 characters, the bits of which
    are uppercase (the first is bit 0), as a letter or digit of A-Z0-5."""
    digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
    chunks = (short[i : i + 5] for i in range(0, 15, 5))
    return "".join(
        digits[sum(1 << bit for bit, c in enumerate(chunk) if "A" <= c <= "Z")] for chunk in chunks
    )


@dataclass(frozen=True)
class Deal:
    """One opportunity row, mapped: the fields the CRM owns; the plan's own (unit, offering,
    objective) are never touched by an import."""

    name: str
    amount: int | float
    stage: str
    probability: float
    close_date: dt.date
    crm_id: str | None

    def entry(self, opportunity: str) -> CommentedMap:
        entry = CommentedMap([("id", opportunity), ("name", text(self.name))])
        entry.update(self.fields())
        if self.crm_id is not None:
            entry["crm_id"] = text(self.crm_id)  # an id of digits alone must stay a string
        return entry

    def fields(self) -> list[tuple[str, object]]:
        return [
            ("amount", self.amount),
            ("stage", self.stage),
            ("probability", self.probability),
            ("close_date", self.close_date),
        ]


@dataclass(frozen=True)
class _Plans:
    """Each account's folder by its id and plan name (folded), by its plan's `crm_id`, and
    the currency of its figures."""

    names: dict[str, str]
    crm: dict[str, str]
    currency: dict[str, str]


def _plans(root: Path, config: PortfolioConfig) -> _Plans:
    source = FsSource(root)
    plans = _Plans(names={}, crm={}, currency={})
    for folder, kind in source.listdir(ACCOUNTS) or []:
        if kind != "dir" or not is_id(folder):
            continue
        plans.names[fold(folder)] = folder
        plans.currency[folder] = config.portfolio.currency
        try:
            data = yamlsafe.parse(yamlsafe.decode(source.read(f"{ACCOUNTS}/{folder}/plan.yaml")))
        except (OSError, yamlsafe.LoadError):
            continue
        if not isinstance(data, dict):
            continue
        if isinstance(data.get("name"), str):
            plans.names.setdefault(fold(data["name"]), folder)
        if isinstance(data.get("crm_id"), str):
            plans.crm.setdefault(crm_key(data["crm_id"]), folder)
        if isinstance(data.get("currency"), str):
            plans.currency[folder] = data["currency"]
    return plans


def _deal_account(row: Mapping[str, str], plans: _Plans) -> str:
    """The account of a row: its AccountId matched with a plan's `crm_id`, else its Account
    Name matched with an account's id or plan name."""
    crm_cell, name_cell = row.get("account_id", ""), row.get("account", "")
    if crm_cell and crm_key(crm_cell) in plans.crm:
        return plans.crm[crm_key(crm_cell)]
    if name_cell:
        found = plans.names.get(fold(name_cell))
        if found is not None:
            return found
        if not crm_cell:
            return matched_account(name_cell, plans.names)  # says the name is unknown, with a hint
        raise RowError(
            f"AccountId {shown(crm_cell)} is no plan's crm_id, and account {shown(name_cell)} "
            f"is not in {ACCOUNTS}/ (by id or plan name)"
            f"{did_you_mean(fold(name_cell), list(plans.names))}"
        )
    if crm_cell:
        raise RowError(
            f"AccountId {shown(crm_cell)} is no plan's crm_id: record it as `crm_id` in the "
            "account's plan.yaml, or add an Account Name column"
        )
    raise RowError("no account: the AccountId and Account Name cells are empty")


def _amount(cell: str) -> int | float:
    if not cell:
        raise RowError("no amount: the Amount cell is empty")
    if not _AMOUNT.fullmatch(cell):
        raise RowError(f"the amount must be a number such as 120000 or 99.50, not {shown(cell)}")
    value = Decimal(cell.replace(",", ""))
    return int(value) if value == value.to_integral_value() else float(value)


def _yes_no(row: Mapping[str, str], key: str, column: str) -> bool | None:
    cell = row.get(key, "").lower()
    if not cell:
        return None
    if cell in _TRUE or cell in _FALSE:
        return cell in _TRUE
    raise RowError(f"{column} must be true or false, not {shown(row[key])}")


def _stage(row: Mapping[str, str]) -> str:
    """IsClosed and IsWon when the export has them (a team's own stage names can be anything);
    else the StageName: Closed Won is won, Closed Lost is lost, every other stage open."""
    closed = _yes_no(row, "is_closed", "IsClosed")
    if closed is not None:
        won = _yes_no(row, "is_won", "IsWon")
        return "open" if not closed else "won" if won else "lost"
    stage = fold(row.get("stage", ""))
    return {"closed won": "won", "closed lost": "lost"}.get(stage, "open")


def _probability(cell: str, stage: str) -> float:
    """A percentage from 0 to 100 (Salesforce's), as the 0 to 1 of the files. A closed
    opportunity without one is certain: won 1, lost 0."""
    if not cell:
        if stage != "open":
            return 1 if stage == "won" else 0
        raise RowError("no probability: an open opportunity needs one, from 0 to 100")
    found = _PERCENT.fullmatch(cell)
    if not found or Decimal(found.group(1)) > 100:
        raise RowError(
            f"the probability must be a percentage from 0 to 100 (e.g. 40), not {shown(cell)}"
        )
    value = Decimal(found.group(1)) / 100
    return int(value) if value == value.to_integral_value() else float(value)  # 1, not 1.0


def _close_date(cell: str) -> dt.date:
    if not cell:
        raise RowError("no close date: the CloseDate cell is empty")
    day = parsed_date(cell)
    if day is None:
        raise RowError(f"the close date must be a real date written YYYY-MM-DD, not {shown(cell)}")
    return day


def _deal(row: Mapping[str, str]) -> Deal:
    if not row.get("name"):
        raise RowError("no name: the Name cell is empty")
    name = free_text(row["name"], "the name")
    crm_id = row.get("crm_id") or None
    if crm_id is not None and not _CRM_RE.fullmatch(crm_id):
        raise RowError(f"the Id must be {CRM_MESSAGE}; not {shown(crm_id)}")
    stage = _stage(row)
    deal = Deal(
        name=name,
        amount=_amount(row.get("amount", "")),
        stage=stage,
        probability=_probability(row.get("probability", ""), stage),
        close_date=_close_date(row.get("close_date", "")),
        crm_id=crm_id,
    )
    try:  # the model's own limits, so that a row fails alone, not its whole file
        Opportunity.model_validate({"id": "x", "name": name, **dict(deal.fields())})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise RowError(f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    return deal


def _deal_key(deal: Deal) -> str:
    """What makes two rows the same opportunity: its CRM id, else its name."""
    return f"crm:{crm_key(deal.crm_id)}" if deal.crm_id else f"name:{fold(deal.name)}"


def import_opportunities(
    root: Path, path: Path, account: str | None, today: dt.date, write: bool
) -> Outcome:
    """Each opportunity row in the pipeline of its account (`account`, or the row's
    AccountId or Account Name): a row whose Id is an opportunity's `crm_id` updates it, any
    other row adds one (see `_merge`)."""
    columns, rows, ignored = read_rows(path, OPPORTUNITY_COLUMNS)
    needed = ("name", "amount", "stage", "probability", "close_date")
    # IsClosed stands in for the StageName (see _stage).
    given = {*columns, *(["stage"] if "is_closed" in columns else [])}
    missing = [c for c in needed if c not in given]
    if missing:
        names = {"close_date": "CloseDate", "stage": "StageName"}
        wanted = " or ".join(names.get(c, c.capitalize()) for c in missing)
        raise UsageError(
            f"{path} has no {wanted} column; an opportunity needs a Name, an Amount, a "
            "StageName, a Probability and a CloseDate"
        )
    plans = _plans(root, portfolio_config(FsSource(root)))
    if account is not None:
        account_folder(root, account)
        if {"account", "account_id"} & set(columns):
            ignored.append("the account columns (every row goes to the account given)")
    elif not {"account", "account_id"} & set(columns):
        raise UsageError(
            f"{path} has no AccountId or Account Name column: name the account, "
            "`kamgen import opportunities ACCOUNT-ID FILE`"
        )
    outcome = Outcome(ignored=ignored)
    wanted_rows: dict[str, list[tuple[int, Deal]]] = {}
    seen: dict[tuple[str, str], int] = {}
    for number, row in rows:
        try:
            target = account or _deal_account(row, plans)
            deal = _deal(row)
            currency = row.get("currency", "").upper()
            if currency and currency != plans.currency.get(target):
                raise RowError(
                    f"the amount is in {shown(currency)}, but {ACCOUNTS}/{target}'s figures "
                    f"are in {plans.currency.get(target)}; convert it in the CRM's report"
                )
            first = seen.setdefault((target, _deal_key(deal)), number)
            if first != number:
                raise RowError(f"row {first} already gives this opportunity")
            wanted_rows.setdefault(target, []).append((number, deal))
        except RowError as exc:
            outcome.skipped.append(Skipped(number, str(exc)))
    for folder_id, deals in sorted(wanted_rows.items()):
        currency = plans.currency.get(folder_id, "")
        _pipeline_file(root, folder_id, deals, currency, today, write, outcome)
    outcome.skipped.sort(key=lambda s: s.row)
    return outcome


@dataclass
class _Merge:
    """What importing the rows into one plan does: the lines it writes, and what it says."""

    adds: list[str] = field(default_factory=list)
    updates: list[str] = field(default_factory=list)
    unchanged: int = 0


def _merge(
    deals: list[Deal], currency: str, merged: _Merge, where: str
) -> Callable[[CommentedMap], None]:
    """Add or update each deal in the plan's `opportunities:`. A deal is the opportunity
    whose `crm_id` is its Id (15 or 18 characters alike); else the one of the same name
    that has no `crm_id` yet (typed by hand before the first import: it gains the Id); else
    a new entry, whose id is made from its name and unique in the plan. An entry takes
    one row at most. An update changes only the fields whose value differs."""

    def change(plan: CommentedMap) -> None:
        present = entries(plan, "opportunities")
        taken = set(ids(present))
        used: set[int] = set()
        for deal in deals:
            entry = _existing(present, deal, used)
            if entry is None:
                opportunity = _unique_id(suggested_id(deal.name), taken)
                append(plan, "opportunities", deal.entry(opportunity), where, PLAN_FIELDS)
                merged.adds.append(_described_deal(opportunity, deal, currency))
                continue
            used.add(id(entry))
            changes = _update(entry, deal)
            if changes:
                merged.updates.append(f"{entry.get('id')}: {', '.join(changes)}")
            else:
                merged.unchanged += 1

    return change


def _existing(present: list[CommentedMap], deal: Deal, used: set[int]) -> CommentedMap | None:
    free = [e for e in present if id(e) not in used]
    if deal.crm_id is not None:
        for entry in free:
            crm = entry.get("crm_id")
            if isinstance(crm, str) and crm_key(crm) == crm_key(deal.crm_id):
                return entry
    for entry in free:
        name = entry.get("name")
        same = isinstance(name, str) and fold(name) == fold(deal.name)
        if same and (deal.crm_id is None or entry.get("crm_id") is None):
            return entry
    return None


def _update(entry: CommentedMap, deal: Deal) -> list[str]:
    """Set the deal's fields that differ in `entry`; what changed, in words."""
    changes: list[str] = []
    if entry.get("name") != deal.name:
        changes.append(f"name {entry.get('name')} → {deal.name}")
        put(entry, "name", text(deal.name), OPPORTUNITY_FIELDS)
    for key, value in deal.fields():
        old = entry.get(key)
        if _same(old, value):
            continue
        words = key.replace("_", " ")
        if key == "probability" and _number(old):
            changes.append(f"{words} {_percent(float(old))} → {_percent(deal.probability)}")
        else:
            changes.append(f"{words} {old} → {value}" if old is not None else f"{words} {value}")
        put(entry, key, value, OPPORTUNITY_FIELDS)
    if deal.crm_id is not None and entry.get("crm_id") is None:
        changes.append(f"crm_id {deal.crm_id}")
        put(entry, "crm_id", text(deal.crm_id), OPPORTUNITY_FIELDS)
    return changes


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _same(old: object, new: object) -> bool:
    """Equal as values: 1 and 1.0 are one probability, a quoted "open" is open."""
    if _number(old) and _number(new):
        return float(old) == float(new)  # type: ignore[arg-type]
    if isinstance(old, str) and isinstance(new, str):
        return str(old) == new
    return type(old) is type(new) and old == new


def _percent(probability: float) -> str:
    return f"{round(probability * 100, 4):g}%"


def _described_deal(opportunity: str, deal: Deal, currency: str) -> str:
    return (
        f"{opportunity}: {deal.name}; {deal.amount} {currency}, {deal.stage}, "
        f"{_percent(deal.probability)}, closes {deal.close_date}"
    )


def _unique_id(base: str, taken: set[str]) -> str:
    """`base`, or base-2, base-3...: an id no opportunity of the plan has."""
    candidate, number = base or "opportunity", 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = (base or "opportunity")[: 63 - len(suffix)].rstrip("-") + suffix
    taken.add(candidate)
    return candidate


def _pipeline_file(
    root: Path,
    account: str,
    deals: list[tuple[int, Deal]],
    currency: str,
    today: dt.date,
    write: bool,
    outcome: Outcome,
) -> None:
    """Merge `deals` into the account's plan.yaml (or say what would change)."""
    target = Target(root, f"{ACCOUNTS}/{account}/plan.yaml", account, today)
    rows = [number for number, _ in deals]
    try:
        original = read_file(root, target.rel)
        merged = _Merge()
        change = _merge([d for _, d in deals], currency, merged, target.rel)
        changed = changed_text(original, change, target.rel)
        if changed != original:
            validate(target, changed.encode("utf-8"))
            if write:  # the same change again, on the file as it is now
                edit(target, _merge([d for _, d in deals], currency, _Merge(), target.rel))
    except (OSError, yamlsafe.LoadError):
        reason = f"{target.rel} cannot be read or is not valid YAML; run kamgen validate"
        outcome.skipped.extend(Skipped(n, reason) for n in rows)
        return
    except KamgenError as exc:
        why = explain([str(exc), *getattr(exc, "details", [])])
        outcome.skipped.extend(Skipped(n, why) for n in rows)
        return
    if merged.adds or merged.updates:
        outcome.files.append(Planned(target.rel, merged.adds, False, merged.updates))
    outcome.imported += len(merged.adds) + len(merged.updates)
    outcome.unchanged += merged.unchanged
