"""`kamgen import accounts`, `stakeholders` and `opportunities`: a dry run writes nothing,
--write adds exactly the expected lines through the editing layer, a second import of the
same opportunities updates them instead of adding them again, every row left out is named by
its spreadsheet row number, and no cell, however hostile, breaks a file."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamgen.cli.importing import import_group
from kamgen.cli.main import Kamgen
from kamgen.cli.validate import validate
from kamgen.edit.importing import MAX_BYTES, guessed_level
from kamgen.load import yamlsafe

from .hostile import HOSTILE
from .test_attest import diff, snapshot

PEOPLE = "accounts/alpha/stakeholders.yaml"
TODAY = ["--today", "2026-11-30"]
SALESFORCE_CONTACTS = (
    "Id,Salutation,FirstName,LastName,Title,Department,Email,Phone,Account Name\n"
    "003Hs00001AbCdEFGH,Ms.,Rudo,Chikore,Chief Financial Officer,Finance,"
    "rudo@alpha.example,+27 11 555 0100,Alpha Industries\n"
    "003Hs00001AbCdEFGI,Mr.,Tendai,Moyo,Procurement Analyst,Procurement,,,alpha industries\n"
    "003Hs00001AbCdEFGJ,,Jane,Doe,Director of IT,IT,,,Alpha Industries\n"
    "003Hs00001AbCdEFGK,,Jane,Doe,,,,,Alpha Industries\n"
)
ACCOUNTS_CSV = (
    "Account Name,Tier,Account Owner,Industry,Billing Country,Currency,Type\n"
    "Acme Mining Ltd,1,Kim Manager,Mining,South Africa,eur,Customer - Direct\n"
    "Sable Analytics,3,kam,,,,\n"
)
ROWS = re.compile(r"^row (\d+): ", re.MULTILINE)


def run(*args: str) -> tuple[int, str, str]:
    group = Kamgen("kamgen", commands=[import_group, validate])
    result = CliRunner().invoke(group, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def csv_file(root: Path, text: str, name: str = "in.csv") -> str:
    path = root.parent / name  # outside the portfolio, as an export would be
    path.write_text(text, encoding="utf-8", newline="")
    return str(path)


def table(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def imported(portfolio: Path, *args: str) -> tuple[int, str, str]:
    return run("import", *args, "--root", str(portfolio), *TODAY)


# --- stakeholders -----------------------------------------------------------------------


def test_contacts_dry_run_writes_nothing_and_says_what_it_would_add(portfolio: Path) -> None:
    before = snapshot(portfolio)
    code, out, err = imported(portfolio, "stakeholders", csv_file(portfolio, SALESFORCE_CONTACTS))
    assert (code, err) == (0, "")
    assert snapshot(portfolio) == before
    assert out.splitlines() == [
        f"would write {PEOPLE}, adding:",
        "  rudo-chikore: Rudo Chikore, Chief Financial Officer, Finance; level executive",
        "  tendai-moyo: Tendai Moyo, Procurement Analyst, Procurement; level operational",
        "  jane-doe: Jane Doe, Director of IT, IT; level management",
        "  jane-doe-2: Jane Doe; level management",
        "ignored columns (no field for them): Id, Salutation, Email, Phone",
        "4 of 4 row(s) to import.",
        "Dry run: nothing was written. Run again with --write to write these files.",
        "Levels are guessed from job titles and sentiment is left unknown: review both in "
        "the file before you commit.",
    ]


def test_contacts_write_adds_exactly_their_lines(portfolio: Path) -> None:
    before = (portfolio / PEOPLE).read_bytes()
    code, out, err = imported(
        portfolio, "stakeholders", csv_file(portfolio, SALESFORCE_CONTACTS), "--write"
    )
    assert (code, err) == (0, "")
    assert out.startswith(f"wrote {PEOPLE}, adding:\n")
    assert "4 of 4 row(s) imported.\n" in out
    assert diff(before, (portfolio / PEOPLE).read_bytes()) == [
        "+   - {id: rudo-chikore, name: Rudo Chikore, title: Chief Financial Officer, "
        "level: executive, function: Finance}\n",
        "+   - {id: tendai-moyo, name: Tendai Moyo, title: Procurement Analyst, "
        "level: operational, function: Procurement}\n",
        "+   - {id: jane-doe, name: Jane Doe, title: Director of IT, level: management, "
        "function: IT}\n",
        "+   - {id: jane-doe-2, name: Jane Doe, level: management}\n",
    ]
    assert run("validate", "--root", str(portfolio), *TODAY)[0] == 0


def test_importing_the_same_contacts_again_adds_no_one(portfolio: Path) -> None:
    path = csv_file(portfolio, SALESFORCE_CONTACTS)
    assert imported(portfolio, "stakeholders", path, "--write")[0] == 0
    after_first = snapshot(portfolio)
    code, _, err = imported(portfolio, "stakeholders", path, "--write")
    assert code == 1
    assert snapshot(portfolio) == after_first
    assert "row 2: Rudo Chikore is already in accounts/alpha/stakeholders.yaml" in err
    assert "no stakeholders could be imported from 4 row(s)" in err


def test_an_account_given_takes_every_row(portfolio: Path) -> None:
    text = "First Name,Last Name,Title\nAda,Lovelace,CTO\n"
    code, out, _ = imported(portfolio, "stakeholders", "alpha", csv_file(portfolio, text))
    assert code == 0
    assert "  ada-lovelace: Ada Lovelace, CTO; level executive" in out


def test_bad_contact_rows_are_listed_by_spreadsheet_row(portfolio: Path) -> None:
    before = snapshot(portfolio)
    text = table(
        [
            ["FirstName", "LastName", "Title", "Account Name", "Level"],
            ["Rudo", "Chikore", "CFO", "Alpha Industries", ""],
            ["", "", "CEO", "Alpha Industries", ""],
            ["Bo", "Brown", "CEO", "Betamax", ""],
            ["", "", "", "", ""],  # a blank line in the sheet: not a row to report
            ["Cy", "Gray", "line one\nline two", "alpha", ""],  # one row over two lines
            ["Di", "Lane", "", "", ""],
            ["Ed", "Fox", "", "alpha", "boss"],
        ]
    )
    code, out, err = imported(portfolio, "stakeholders", csv_file(portfolio, text), "--write")
    assert code == 0
    assert err.splitlines() == [
        "row 3: no name: the name (or FirstName and LastName) is empty",
        'row 4: account "Betamax" is not in accounts/ (by id or plan name)',
        "row 6: the title must be one line of printable text; "
        '"line one\\nline two" holds a line break, a control character or a hidden '
        "direction mark",
        "row 7: no account: the Account Name cell is empty",
        'row 8: the level must be executive, management or operational, not "boss"',
    ]
    assert "1 of 6 row(s) imported; 5 left out (listed above)." in out
    assert diff(before[PEOPLE], (portfolio / PEOPLE).read_bytes()) == [
        "+   - {id: rudo-chikore, name: Rudo Chikore, title: CFO, level: executive}\n"
    ]


def test_a_contacts_file_without_an_account_is_a_usage_error(portfolio: Path) -> None:
    code, _, err = imported(portfolio, "stakeholders", csv_file(portfolio, "Name\nAda\n"))
    assert code == 2
    assert "no Account Name column" in err


@pytest.mark.parametrize("account", ["../x", "/etc", "Alpha", "a/b"])
def test_an_account_id_is_checked_before_any_path(portfolio: Path, account: str) -> None:
    code, _, err = imported(portfolio, "stakeholders", account, csv_file(portfolio, "Name\nA\n"))
    assert code == 2
    assert "is not an account id" in err


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Chief Financial Officer", "executive"),
        ("CEO", "executive"),
        ("Vice President, Sales", "executive"),
        ("SVP Operations", "executive"),
        ("Managing Director", "executive"),
        ("Director of IT", "management"),
        ("Head of Procurement", "management"),
        ("Plant Manager", "management"),
        ("Procurement Analyst", "operational"),
        ("Field Engineer", "operational"),
        (None, "management"),
    ],
)
def test_the_level_guessed_from_a_title(title: str | None, level: str) -> None:
    assert guessed_level(title) == level


# --- accounts ---------------------------------------------------------------------------


def test_accounts_dry_run_writes_nothing(portfolio: Path) -> None:
    before = snapshot(portfolio)
    code, out, err = imported(portfolio, "accounts", csv_file(portfolio, ACCOUNTS_CSV))
    assert (code, err) == (0, "")
    assert snapshot(portfolio) == before
    assert out.splitlines() == [
        "would write accounts/acme-mining-ltd/plan.yaml: new account acme-mining-ltd "
        "(Acme Mining Ltd), tier 1, owner kam, industry Mining, region South Africa, "
        "currency EUR",
        "would write accounts/acme-mining-ltd/stakeholders.yaml: the template's prompts, "
        "no entries yet",
        "would write accounts/acme-mining-ltd/whitespace.yaml: the template's prompts, "
        "no entries yet",
        "would write accounts/sable-analytics/plan.yaml: new account sable-analytics "
        "(Sable Analytics), tier 3, owner kam",
        "would write accounts/sable-analytics/stakeholders.yaml: the template's prompts, "
        "no entries yet",
        "would write accounts/sable-analytics/whitespace.yaml: the template's prompts, "
        "no entries yet",
        "ignored columns (no field for them): Type",
        "2 of 2 row(s) to import.",
        "Dry run: nothing was written. Run again with --write to write these files.",
    ]


def test_accounts_write_makes_valid_accounts_as_new_does(portfolio: Path) -> None:
    before = snapshot(portfolio)
    code, out, err = imported(portfolio, "accounts", csv_file(portfolio, ACCOUNTS_CSV), "--write")
    assert (code, err) == (0, "")
    assert out.startswith("wrote accounts/acme-mining-ltd/plan.yaml: new account")
    after = snapshot(portfolio)
    assert {k: v for k, v in after.items() if k in before} == before
    assert sorted(set(after) - set(before)) == [
        f"accounts/{a}/{f}"
        for a in ("acme-mining-ltd", "sable-analytics")
        for f in ("plan.yaml", "stakeholders.yaml", "whitespace.yaml")
    ]
    plan = after["accounts/acme-mining-ltd/plan.yaml"].decode()
    # The template's example lines become the values, in the contract's place.
    assert "\nindustry: Mining\nregion: South Africa\ncurrency: EUR        # the currency" in plan
    assert "# industry:" not in plan
    data = yamlsafe.parse(plan)
    assert (data["id"], data["name"], data["tier"], data["owner"]) == (
        "acme-mining-ltd",
        "Acme Mining Ltd",
        1,
        "kam",
    )
    sable = after["accounts/sable-analytics/plan.yaml"].decode()
    assert "# industry: Mining" in sable  # no value given: the example stays a comment
    assert run("validate", "--root", str(portfolio), *TODAY)[0] == 0


def test_bad_account_rows_are_listed_and_the_rest_imported(portfolio: Path) -> None:
    text = (
        "id,name,tier,owner,kind,currency\n"
        "good-one,Good One,2,kam,emerging,\n"
        ",Alpha Industries,1,kam,,\n"
        "alpha,Other Alpha,1,kam,,\n"
        ",Tier Four,4,kam,,\n"
        ",No Owner,1,zed,,\n"
        ",Odd Kind,1,kam,prospect,\n"
        "Bad/Id,Bad Id,1,kam,,\n"
        ",Good One,2,kam,,\n"
        ",Rand Co,2,kam,,ZAR\n"
        ",<!--,2,kam,,\n"
    )
    before = snapshot(portfolio)
    code, out, err = imported(portfolio, "accounts", csv_file(portfolio, text), "--write")
    assert code == 0
    assert err.splitlines() == [
        "row 3: accounts/alpha is already named Alpha Industries; it was left as it is",
        "row 4: accounts/alpha already exists; it was left as it is",
        'row 5: the tier must be 1, 2 or 3, not "4"',
        'row 6: owner "zed" is not in kamgen.yaml\'s team (by id or name)',
        'row 7: the kind must be existing or emerging, not "prospect"',
        'row 8: "Bad/Id" is not an account id: ids are lowercase letters, digits and '
        "hyphens, starting with a letter or digit, at most 63 characters",
        "row 9: row 2 already gives the id good-one",
        "row 10: no rate for ZAR in `portfolio.fx` of kamgen.yaml (1 ZAR = N USD)",
        'row 11: no id can be made from the name "<!--"; add an id column',
    ]
    assert "1 of 10 row(s) imported; 9 left out (listed above)." in out
    added = set(snapshot(portfolio)) - set(before)
    assert added == {
        f"accounts/good-one/{f}" for f in ("plan.yaml", "stakeholders.yaml", "whitespace.yaml")
    }
    assert "\nkind: emerging\n" in (portfolio / "accounts/good-one/plan.yaml").read_text()


def test_nothing_importable_exits_1_and_writes_nothing(portfolio: Path) -> None:
    before = snapshot(portfolio)
    text = "name,tier,owner\nAlpha Industries,1,kam\n"
    code, out, err = imported(portfolio, "accounts", csv_file(portfolio, text), "--write")
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "row 2: accounts/alpha is already named Alpha Industries; it was left as it is",
        "kamgen: error: no accounts could be imported from 1 row(s); 1 left out (listed above)",
    ]
    assert snapshot(portfolio) == before


def test_missing_required_columns_is_a_usage_error(portfolio: Path) -> None:
    code, _, err = imported(portfolio, "accounts", csv_file(portfolio, "Account Name\nAcme\n"))
    assert code == 2
    assert "has no tier or owner column" in err


# --- untrusted input --------------------------------------------------------------------


def test_a_file_over_1_mib_is_refused(portfolio: Path) -> None:
    text = "name,tier,owner\n" + "x" * MAX_BYTES
    code, _, err = imported(portfolio, "accounts", csv_file(portfolio, text))
    assert code == 2
    assert "larger than 1 MiB" in err


def test_non_utf8_is_an_error_with_its_row(portfolio: Path) -> None:
    path = portfolio.parent / "latin1.csv"
    path.write_bytes('Name,Account Name\nAda,alpha\n"Zo\u00eb\nX",alpha\n'.encode("latin-1"))
    before = snapshot(portfolio)
    code, _, err = imported(portfolio, "stakeholders", str(path), "--write")
    assert code == 2
    assert err == (
        f"kamgen: error: {path}, row 3: not UTF-8 text; "
        'save the sheet as "CSV UTF-8" and try again\n'
    )
    assert snapshot(portfolio) == before


def test_an_excel_byte_order_mark_is_not_part_of_the_header(portfolio: Path) -> None:
    path = portfolio.parent / "bom.csv"
    path.write_bytes("\ufeffFirstName;LastName;Account Name\r\nAda;Lovelace;alpha\r\n".encode())
    code, out, _ = imported(portfolio, "stakeholders", str(path))
    assert code == 0
    assert "  ada-lovelace: Ada Lovelace; level management" in out


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False  # a lone surrogate cannot be in a UTF-8 file at all
    return True


CELLS = [h for h in HOSTILE if _encodable(h)]


def test_hostile_contact_cells_never_break_the_yaml(portfolio: Path) -> None:
    rows = [["Name", "Title", "Department", "Account Name"]]
    rows += [[f"Person {i}", cell, cell, "alpha"] for i, cell in enumerate(CELLS)]
    rows += [[cell, "", "", "alpha"] for cell in CELLS]
    code, out, err = imported(
        portfolio, "stakeholders", csv_file(portfolio, table(rows)), "--write"
    )
    assert code == 0
    assert "\x1b" not in out + err and "\u202e" not in out + err
    people = yamlsafe.parse((portfolio / PEOPLE).read_text(encoding="utf-8"))["stakeholders"]
    by_name = {p["name"]: p for p in people}
    left_out = {int(n) for n in ROWS.findall(err)}
    for index, cell in enumerate(CELLS):
        row = index + 2
        if row in left_out:
            assert not (cell.strip() and cell.strip().isprintable())
        elif not cell.strip():
            assert "title" not in by_name[f"Person {index}"]  # an empty cell is no value
        else:
            person = by_name[f"Person {index}"]
            assert person["title"] == person["function"] == cell.strip()
    for index, cell in enumerate(CELLS):
        if len(CELLS) + index + 2 not in left_out:
            assert cell.strip() in by_name
    assert run("validate", "--root", str(portfolio), *TODAY)[0] == 0


def test_hostile_account_cells_never_break_the_yaml(portfolio: Path) -> None:
    rows = [["name", "tier", "owner", "industry", "region"]]
    rows += [[cell, "3", "kam", cell, cell] for cell in CELLS]
    code, out, err = imported(portfolio, "accounts", csv_file(portfolio, table(rows)), "--write")
    assert code == 0
    assert "\x1b" not in out + err and "\u202e" not in out + err
    left_out = {int(n) for n in ROWS.findall(err)}
    names = set()
    for plan in (portfolio / "accounts").glob("*/plan.yaml"):
        data = yamlsafe.parse(plan.read_text(encoding="utf-8"))
        names.add(data["name"])
        if data["id"] != "alpha":
            assert data["industry"] == data["region"] == data["name"]
    for index, cell in enumerate(CELLS):
        assert (index + 2 in left_out) != (cell.strip() in names)
    assert run("validate", "--root", str(portfolio), *TODAY)[0] == 0


def test_every_help_has_an_example() -> None:
    commands = ("accounts", "stakeholders", "opportunities")
    for args in (["import"], *(["import", c] for c in commands)):
        code, out, _ = run(*args, "--help")
        assert code == 0
        assert re.search(r"Example:\n +kamgen import ", out)


# --- opportunities ----------------------------------------------------------------------

PLAN = "accounts/alpha/plan.yaml"


def salesforce_18(short: str) -> str:
    """The 18-character form of a 15-character Salesforce id, as Salesforce documents it:
    each 5 characters give one more character, A-Z then 0-5, whose bits say which of the 5
    are uppercase letters."""
    extra = ""
    for start in (0, 5, 10):
        bits = [1 if char.isupper() else 0 for char in short[start : start + 5]]
        extra += "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"[sum(b << i for i, b in enumerate(bits))]
    return short + extra


def test_the_documented_18_character_id() -> None:
    assert salesforce_18("001A0000006Vm9r") == "001A0000006Vm9rIAC"


OPPORTUNITIES = table(
    [
        ["Id", "Name", "Amount", "StageName", "Probability", "CloseDate", "Account Name", "Type"],
        ["006Hs00001Coach", "Coaching for plant managers", "120000.00", "Proposal/Price Quote",
         "40", "2027-03-31", "Alpha Industries", "New"],
        ["006Hs00001Pilot", "Training pilot", "45,000.50", "Closed Won", "", "2026-10-01",
         "alpha", ""],
        ["006Hs00001Asses", "Assessment", "30000", "Closed Lost", "0", "2026-09-15",
         "ALPHA INDUSTRIES", ""],
    ]
)  # fmt: skip
NEW_LINES = [
    "+ opportunities:\n",
    "+   - {id: coaching-for-plant-managers, name: Coaching for plant managers, "
    "amount: 120000, stage: open, probability: 0.4, close_date: 2027-03-31, "
    "crm_id: 006Hs00001Coach}\n",
    "+   - {id: training-pilot, name: Training pilot, amount: 45000.5, stage: won, "
    "probability: 1, close_date: 2026-10-01, crm_id: 006Hs00001Pilot}\n",
    "+   - {id: assessment, name: Assessment, amount: 30000, stage: lost, probability: 0, "
    "close_date: 2026-09-15, crm_id: 006Hs00001Asses}\n",
]


def test_opportunities_dry_run_writes_nothing(portfolio: Path) -> None:
    before = snapshot(portfolio)
    code, out, err = imported(portfolio, "opportunities", csv_file(portfolio, OPPORTUNITIES))
    assert (code, err) == (0, "")
    assert snapshot(portfolio) == before
    assert out.splitlines() == [
        f"would write {PLAN}, adding:",
        "  coaching-for-plant-managers: Coaching for plant managers; 120000 EUR, open, 40%, "
        "closes 2027-03-31",
        "  training-pilot: Training pilot; 45000.5 EUR, won, 100%, closes 2026-10-01",
        "  assessment: Assessment; 30000 EUR, lost, 0%, closes 2026-09-15",
        "ignored columns (no field for them): Type",
        "3 of 3 row(s) to import.",
        "Dry run: nothing was written. Run again with --write to write these files.",
    ]


def test_opportunities_write_creates_the_pipeline_where_the_contract_puts_it(
    portfolio: Path,
) -> None:
    before = (portfolio / PLAN).read_bytes()
    path = csv_file(portfolio, OPPORTUNITIES)
    code, out, err = imported(portfolio, "opportunities", path, "--write")
    assert (code, err) == (0, "")
    assert out.startswith(f"wrote {PLAN}, adding:\n")
    assert "3 of 3 row(s) imported.\n" in out
    assert "Dry run" not in out
    after = (portfolio / PLAN).read_bytes()
    assert diff(before, after) == NEW_LINES
    assert b"objective: grow}\nopportunities:\n" in after  # after the actions
    assert run("validate", "--root", str(portfolio), *TODAY)[0] == 0


def test_a_second_import_updates_by_crm_id_without_duplicating(portfolio: Path) -> None:
    assert (
        imported(portfolio, "opportunities", csv_file(portfolio, OPPORTUNITIES), "--write")[0] == 0
    )
    plan = portfolio / PLAN
    # The team links an opportunity to an objective by hand: an import never undoes that.
    plan.write_text(
        plan.read_text().replace("2027-03-31, crm_id", "2027-03-31, objective: grow, crm_id")
    )
    first = plan.read_bytes()
    later = table(
        [
            ["Id", "Name", "Amount", "StageName", "Probability", "CloseDate", "Account Name"],
            # The same record in Salesforce's 18-character form, moved on:
            [salesforce_18("006Hs00001Coach"), "Coaching for plant managers", "150000",
             "Closed Won", "100", "2027-01-20", "Alpha Industries"],
            ["006Hs00001Pilot", "Training pilot", "45000.50", "Closed Won", "100",
             "2026-10-01", "Alpha Industries"],
            ["006Hs00001Pil2t", "Training pilot", "10000", "Qualification", "20",
             "2027-05-31", "Alpha Industries"],
        ]
    )  # fmt: skip
    code, out, err = imported(portfolio, "opportunities", csv_file(portfolio, later), "--write")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"wrote {PLAN}, adding:",
        "  training-pilot-2: Training pilot; 10000 EUR, open, 20%, closes 2027-05-31",
        "and updating:",
        "  coaching-for-plant-managers: amount 120000 → 150000, stage open → won, "
        "probability 40% → 100%, close date 2027-03-31 → 2027-01-20",
        "2 of 3 row(s) imported, 1 already up to date.",
    ]
    assert diff(first, plan.read_bytes()) == [
        "-   - {id: coaching-for-plant-managers, name: Coaching for plant managers, "
        "amount: 120000, stage: open, probability: 0.4, close_date: 2027-03-31, "
        "objective: grow, crm_id: 006Hs00001Coach}\n",
        "+   - {id: coaching-for-plant-managers, name: Coaching for plant managers, "
        "amount: 150000, stage: won, probability: 1, close_date: 2027-01-20, "
        "objective: grow, crm_id: 006Hs00001Coach}\n",
        "+   - {id: training-pilot-2, name: Training pilot, amount: 10000, stage: open, "
        "probability: 0.2, close_date: 2027-05-31, crm_id: 006Hs00001Pil2t}\n",
    ]
    # The same export once more: nothing to change, and that is not a failure.
    settled = snapshot(portfolio)
    code, out, err = imported(portfolio, "opportunities", csv_file(portfolio, later), "--write")
    assert (code, err) == (0, "")
    assert out == "0 of 3 row(s) imported, 3 already up to date.\n"
    assert snapshot(portfolio) == settled


def test_an_opportunity_typed_by_hand_gains_the_crm_id(portfolio: Path) -> None:
    plan = portfolio / PLAN
    plan.write_text(
        plan.read_text().replace(
            "reviewed:",
            "opportunities:\n"
            "  - {id: pilot, name: Training Pilot, amount: 40000, probability: 0.5, "
            "close_date: 2027-02-28}   # from the October call\n"
            "reviewed:",
        )
    )
    before = plan.read_bytes()
    text = (
        "Id,Name,Amount,StageName,Probability,CloseDate\n"
        "006Hs00001Pilot,training pilot,40000,Negotiation,50,2027-02-28\n"
    )
    code, out, _ = imported(
        portfolio, "opportunities", "alpha", csv_file(portfolio, text), "--write"
    )
    assert code == 0
    assert (
        "  pilot: name Training Pilot → training pilot, stage open, crm_id 006Hs00001Pilot" in out
    )
    assert diff(before, plan.read_bytes()) == [
        "-   - {id: pilot, name: Training Pilot, amount: 40000, probability: 0.5, "
        "close_date: 2027-02-28}   # from the October call\n",
        "+   - {id: pilot, name: training pilot, amount: 40000, stage: open, probability: 0.5, "
        "close_date: 2027-02-28, crm_id: 006Hs00001Pilot} # from the October call\n",
    ]


def test_rows_find_their_account_by_crm_id_then_by_name(portfolio: Path) -> None:
    plan = portfolio / PLAN
    plan.write_text(plan.read_text().replace("reviewed:", "crm_id: 001Hs00002AlPhA\nreviewed:"))
    text = table(
        [
            ["Id", "Name", "Amount", "StageName", "Probability", "CloseDate", "AccountId",
             "Account Name"],
            ["006A", "By crm id", "1", "Prospecting", "10", "2027-01-31",
             salesforce_18("001Hs00002AlPhA"), "Someone Else"],
            ["006B", "By name", "1", "Prospecting", "10", "2027-01-31", "001Hs00002ZZZZZ",
             "Alpha Industries"],
            ["006C", "Nowhere", "1", "Prospecting", "10", "2027-01-31", "001Hs00002ZZZZZ",
             "Alpha Industrie"],
            ["006D", "No name", "1", "Prospecting", "10", "2027-01-31", "001Hs00002ZZZZZ", ""],
            ["006E", "Neither", "1", "Prospecting", "10", "2027-01-31", "", ""],
        ]
    )  # fmt: skip
    code, out, err = imported(portfolio, "opportunities", csv_file(portfolio, text))
    assert code == 0
    assert "  by-crm-id: By crm id; 1 EUR, open, 10%, closes 2027-01-31" in out
    assert "  by-name: By name; 1 EUR, open, 10%, closes 2027-01-31" in out
    assert err.splitlines() == [
        'row 4: AccountId "001Hs00002ZZZZZ" is no plan\'s crm_id, and account '
        '"Alpha Industrie" is not in accounts/ (by id or plan name); '
        "did you mean `alpha industries`?",
        'row 5: AccountId "001Hs00002ZZZZZ" is no plan\'s crm_id: record it as `crm_id` in '
        "the account's plan.yaml, or add an Account Name column",
        "row 6: no account: the AccountId and Account Name cells are empty",
    ]


def test_bad_opportunity_rows_are_listed_and_the_rest_imported(portfolio: Path) -> None:
    text = table(
        [
            ["Id", "Name", "Amount", "StageName", "Probability", "CloseDate", "Account Name",
             "CurrencyIsoCode"],
            ["006A", "Good", "100", "Prospecting", "25", "2027-01-31", "alpha", "EUR"],
            ["006B", "Elsewhere", "100", "Prospecting", "25", "2027-01-31", "Betamax", ""],
            ["006C", "Decimal comma", "1.000,50", "Prospecting", "25", "2027-01-31", "alpha", ""],
            ["006D", "No amount", "", "Prospecting", "25", "2027-01-31", "alpha", ""],
            ["006E", "Too likely", "100", "Prospecting", "101", "2027-01-31", "alpha", ""],
            ["006F", "No chance given", "100", "Prospecting", "", "2027-01-31", "alpha", ""],
            ["006G", "US date", "100", "Prospecting", "25", "1/31/2027", "alpha", ""],
            ["006H", "In dollars", "100", "Prospecting", "25", "2027-01-31", "alpha", "usd"],
            ["006A", "Good again", "100", "Prospecting", "25", "2027-01-31", "alpha", ""],
            ["00 6I", "Spaced id", "100", "Prospecting", "25", "2027-01-31", "alpha", ""],
            ["006J", "", "100", "Prospecting", "25", "2027-01-31", "alpha", ""],
            ["006K", "Two\nlines", "100", "Prospecting", "25", "2027-01-31", "alpha", ""],
            ["006L", "Huge", "9999999999999999", "Prospecting", "25", "2027-01-31", "alpha", ""],
        ]
    )  # fmt: skip
    before = snapshot(portfolio)
    code, out, err = imported(portfolio, "opportunities", csv_file(portfolio, text), "--write")
    assert code == 0
    assert err.splitlines() == [
        'row 3: account "Betamax" is not in accounts/ (by id or plan name)',
        'row 4: the amount must be a number such as 120000 or 99.50, not "1.000,50"',
        "row 5: no amount: the Amount cell is empty",
        'row 6: the probability must be a percentage from 0 to 100 (e.g. 40), not "101"',
        "row 7: no probability: an open opportunity needs one, from 0 to 100",
        'row 8: the close date must be a real date written YYYY-MM-DD, not "1/31/2027"',
        'row 9: the amount is in "USD", but accounts/alpha\'s figures are in EUR; convert it '
        "in the CRM's report",
        "row 10: row 2 already gives this opportunity",
        "row 11: the Id must be an id from your CRM: letters, digits and _ . : - only, e.g. "
        '001Hs00002AbCdE; not "00 6I"',
        "row 12: no name: the Name cell is empty",
        'row 13: the name must be one line of printable text; "Two\\nlines" holds a line '
        "break, a control character or a hidden direction mark",
        "row 14: amount: Input should be less than or equal to 1000000000000000",
    ]
    assert "1 of 13 row(s) imported; 12 left out (listed above)." in out
    assert diff(before[PLAN], (portfolio / PLAN).read_bytes()) == [
        "+ opportunities:\n",
        "+   - {id: good, name: Good, amount: 100, stage: open, probability: 0.25, "
        "close_date: 2027-01-31, crm_id: 006A}\n",
    ]


def test_is_closed_and_is_won_decide_the_stage_when_given(portfolio: Path) -> None:
    text = (
        "Id,Name,Amount,StageName,Probability,CloseDate,IsClosed,IsWon\n"
        "006A,Signed,100,Contract Signed,100,2026-10-01,true,true\n"
        "006B,Gone,100,Dead,0,2026-10-01,TRUE,FALSE\n"
        "006C,Live,100,Closed Won,50,2027-10-01,false,false\n"
        "006D,Odd,100,Closed Won,50,2027-10-01,maybe,false\n"
    )
    code, out, err = imported(portfolio, "opportunities", "alpha", csv_file(portfolio, text))
    assert code == 0
    assert [line.split(";")[1].split(",")[1] for line in out.splitlines()[1:4]] == [
        " won",
        " lost",
        " open",
    ]
    assert err == 'row 5: IsClosed must be true or false, not "maybe"\n'


def test_an_unparsable_pipeline_leaves_its_rows_out(portfolio: Path) -> None:
    plan = portfolio / PLAN
    plan.write_text(plan.read_text().replace("reviewed:", "opportunities: none\nreviewed:"))
    before = snapshot(portfolio)
    text = "Id,Name,Amount,StageName,Probability,CloseDate\n006A,A,1,Open,10,2027-01-31\n"
    code, out, err = imported(
        portfolio, "opportunities", "alpha", csv_file(portfolio, text), "--write"
    )
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"row 2: `opportunities:` in {PLAN} is not a list, so kamgen cannot add to it; "
        "fix it first",
        "kamgen: error: no opportunities could be imported from 1 row(s); "
        "1 left out (listed above)",
    ]
    assert snapshot(portfolio) == before


def test_an_opportunities_file_needs_its_columns_and_an_account(portfolio: Path) -> None:
    code, _, err = imported(portfolio, "opportunities", csv_file(portfolio, "Name,Amount\nA,1\n"))
    assert code == 2
    assert err.endswith(
        "has no StageName or Probability or CloseDate column; an opportunity needs a Name, an "
        "Amount, a StageName, a Probability and a CloseDate\n"
    )
    text = "Name,Amount,StageName,Probability,CloseDate\nA,1,Open,10,2027-01-31\n"
    code, _, err = imported(portfolio, "opportunities", csv_file(portfolio, text))
    assert code == 2
    assert err.endswith(
        "has no AccountId or Account Name column: name the account, "
        "`kamgen import opportunities ACCOUNT-ID FILE`\n"
    )
    code, _, err = imported(portfolio, "opportunities", "alpah", csv_file(portfolio, text))
    assert code == 2
    assert err == "kamgen: error: no account `alpah` in accounts/; did you mean `alpha`?\n"


def test_hostile_opportunity_cells_never_break_the_yaml(portfolio: Path) -> None:
    header = ["Name", "Amount", "StageName", "Probability", "CloseDate", "Id", "Account Name"]
    good = ["", "10", "Open", "5", "2027-01-31", "", "alpha"]
    rows = [header]
    rows += [[cell, "10", cell, "5", "2027-01-31", "", "alpha"] for cell in CELLS]
    # Then each other column in turn holds the corpus, in rows named for where they are.
    for column in range(1, len(header)):
        for index, cell in enumerate(CELLS):
            row = [f"Row {column}-{index}", *good[1:]]
            row[column] = cell
            rows.append(row)
    code, out, err = imported(
        portfolio, "opportunities", csv_file(portfolio, table(rows)), "--write"
    )
    assert code == 0
    assert "\x1b" not in out + err and "\u202e" not in out + err
    reasons = {int(n): why for n, why in re.findall(r"^row (\d+): (.*)$", err, re.M)}
    pipeline = yamlsafe.parse((portfolio / PLAN).read_text(encoding="utf-8"))["opportunities"]
    by_name = {o["name"]: o for o in pipeline}
    for index, cell in enumerate(CELLS):
        if index + 2 not in reasons:
            assert by_name[cell.strip()]["stage"] == "open"  # any stage but Closed ... is open
        elif "already gives" not in reasons[index + 2]:  # a name twice in the corpus
            assert not (cell.strip() and cell.strip().isprintable())
    for column in range(1, len(header)):
        for index, cell in enumerate(CELLS):
            row = 1 + len(CELLS) * column + index + 1
            name = f"Row {column}-{index}"
            if header[column] == "StageName" or not cell.strip():
                continue  # any stage is one (open); an empty cell is no value
            if header[column] == "Id" and re.fullmatch(r"[A-Za-z0-9_.:-]{1,64}", cell.strip()):
                assert by_name[name]["crm_id"] == cell.strip()  # `---` and `::x` stay strings
                continue
            assert "already gives" not in reasons[row], (name, cell)
            assert name not in by_name
    assert run("validate", "--root", str(portfolio), *TODAY)[0] == 0
