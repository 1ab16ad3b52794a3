"""`kamgen export mutual-plan`: load, refuse what cannot be shared, write."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from kamgen.base.errors import InvalidPortfolioError, UsageError
from kamgen.base.hints import did_you_mean, shown
from kamgen.base.write import refuse_links, write_atomic
from kamgen.check.reporters import finding_lines
from kamgen.check.validate import Options as CheckOptions
from kamgen.check.validate import analyse
from kamgen.load.portfolio import Account, is_contract_file
from kamgen.model.common import is_id
from kamgen.report.mutual.document import Format, mutual_plan
from kamgen.report.mutual.render import RENDERERS

# Running the command.


@dataclass(frozen=True)
class Options:
    root: Path
    account: str
    today: dt.date
    format: Format = "md"
    output: Path | None = None  # as typed: relative to the working folder


@dataclass(frozen=True)
class Outcome:
    text: str  # the document
    written: Path | None  # where it was written; None: for stdout
    shared: int  # how many actions it lists


def execute(options: Options) -> Outcome:
    """The mutual plan of one account, written to `options.output` when given.

    Refused (exit 2) for an unknown or churned account, or one that shares no action; refused
    (exit 1) when kamgen.yaml or the account's plan.yaml or stakeholders.yaml has an error,
    since the document is made from them.
    """
    analysis = analyse(CheckOptions(options.root, options.today))
    portfolio = analysis.portfolio
    if portfolio.config is None:
        raise InvalidPortfolioError(
            "kamgen.yaml is invalid, so there is no team to name in the plan",
            finding_lines(f for f in analysis.findings if f.severity == "error"),
        )
    account = _account(portfolio.accounts, options.account)
    plan = account.plan
    if plan is not None and plan.status == "churned":
        lost = f" on {plan.churned_on.isoformat()}" if plan.churned_on else ""
        raise UsageError(
            f"account `{account.id}` was lost{lost} (status: churned in "
            f"{account.folder}/plan.yaml): a churned account has no plan to share"
        )
    sources = {f"{account.folder}/plan.yaml", f"{account.folder}/stakeholders.yaml"}
    errors = [f for f in analysis.findings if f.severity == "error" and f.file in sources]
    if errors or plan is None:
        count = f"{len(errors)} error" + ("s" if len(errors) != 1 else "")
        raise InvalidPortfolioError(
            f"the plan of `{account.id}` has {count} (above); fix them before sharing it with "
            "the customer (`kamgen validate` lists them too)",
            finding_lines(errors),
        )
    doc = mutual_plan(account, portfolio.config, options.today)
    if not doc.steps:
        raise UsageError(_nothing_shared(account.id, account.folder, doc.actions_withheld))
    text = RENDERERS[options.format](doc)
    if options.output is None:
        return Outcome(text, None, len(doc.steps))
    target = destination(options.root, options.output)
    write_atomic(target, text)
    return Outcome(text, options.output, len(doc.steps))


def _account(accounts: list[Account], wanted: str) -> Account:
    for account in accounts:
        if account.id == wanted:
            return account
    known = [a.id for a in accounts]
    named = f"`{wanted}`" if is_id(wanted) else shown(wanted, 70)
    raise UsageError(f"no account {named} in accounts/{did_you_mean(wanted, known)}")


def _nothing_shared(account: str, folder: str, withheld: bool) -> str:
    if withheld:
        return (
            f"account `{account}` lists its actions as confidential in {folder}/plan.yaml, "
            "so there is nothing to share with the customer"
        )
    return (
        f"account `{account}` shares no action with the customer: mark the actions to share "
        f"with `shared: true` in {folder}/plan.yaml, then export again"
    )


def destination(root: Path, output: Path) -> Path:
    """Where `--output` may write. Anywhere a person names (a document for a customer is
    usually saved outside the repository), except: through a symbolic link at the file
    itself, or anywhere on the way inside the portfolio (a committed `exports -> ~/.ssh`
    link would take the write elsewhere); onto a file kamgen reads or into `.git`; onto a
    folder; into a folder that does not exist (a typo, rather than a folder to create)."""
    target = Path(os.path.abspath(output))  # lexical: links are judged below, not followed
    if target.is_symlink():
        raise UsageError(f"refusing to write {output}: it is a symbolic link; name the file itself")
    if target.is_dir():
        raise UsageError(f"--output {output} is a folder; name a file, e.g. {output}/plan.html")
    if not target.parent.is_dir():
        raise UsageError(f"--output {output}: the folder {target.parent} does not exist")
    real_root = root.resolve()
    for path in (target, target.parent.resolve() / target.name):
        try:
            rel = path.relative_to(real_root).as_posix()
        except ValueError:
            continue
        if path is target:
            refuse_links(real_root, rel)
        if is_contract_file(rel) or rel.split("/")[0] == ".git":
            raise UsageError(
                f"refusing to write {output}: it is {rel} of the portfolio, which the mutual "
                "plan would overwrite; name another file"
            )
    return target
