"""`kamgen import accounts` and `kamgen import stakeholders`: a dry run writes nothing, --write
adds exactly the expected lines through the editing layer, every row left out is named by its
spreadsheet row number, and no cell, however hostile, breaks a file."""

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
    for args in (["import"], ["import", "accounts"], ["import", "stakeholders"]):
        code, out, _ = run(*args, "--help")
        assert code == 0
        assert re.search(r"Example:\n +kamgen import ", out)
