"""`kamgen.report.changes`: what changed in an account's files, in words, for `kamgen diff`
and the history's "since the last business review" panel."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from kamgen.base.escape.markdown import md
from kamgen.load.portfolio import Account
from kamgen.load.structure import check_model
from kamgen.model import FileKind, Plan, Review, Stakeholders, Whitespace
from kamgen.report.changes import MAX_CHANGES, Change, changes

from .hostile import HOSTILE

TEAM = {"tn": "Tendai Nyathi", "mm": "Memory Moyo"}
CHANGED = "accounts/acme/reviews/2026-11-02-business-review.yaml"


def model(kind: FileKind, data: dict[str, Any]) -> Any:
    """Validated as the loader validates a file."""
    found, findings = check_model(kind, data, f"{kind}.yaml", "acme")
    assert found is not None, findings
    return found


def plan(**fields: Any) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "id": "acme",
        "name": "Acme",
        "tier": 2,
        "owner": "tn",
        "financials": [{"year": 2026, "revenue": 1200000}],
        "objectives": [
            {"id": "grow", "title": "Grow training", "horizon": "short", "due": "2027-06-30"}
        ],
        "actions": [{"id": "call", "what": "Call the CFO", "owner": "tn", "due": "2026-12-15"}],
        **fields,
    }


def person(id: str, name: str, **fields: Any) -> dict[str, Any]:
    return {"id": id, "name": name, "level": "management", **fields}


PEOPLE = [
    person("rc", "Rudo Chikore", sentiment="supporter", strength=2),
    person("pb", "Pieter Botha", sentiment="champion"),
    person("sn", "Sam Ndlovu"),
]
CELL = {"unit": "Head office", "offering": "Coaching", "status": "pursuing"}
GRID = {"schema_version": 1, "units": ["Head office"], "offerings": ["Coaching"], "cells": [CELL]}


def account(
    plan_data: dict[str, Any] | None = None,
    people: list[dict[str, Any]] | None = None,
    grid: dict[str, Any] | None = None,
    reviews: list[dict[str, Any]] | None = None,
) -> Account:
    return Account(
        "acme",
        "accounts/acme",
        model("plan", plan_data if plan_data is not None else plan()),
        model("stakeholders", {"schema_version": 1, "stakeholders": people or PEOPLE}),
        model("whitespace", grid or GRID),
        [
            (
                f"accounts/acme/reviews/{r['date']}-{r['kind'].replace('_', '-')}.yaml",
                model("review", r),
            )
            for r in reviews or []
        ],
    )


BASE = account()


def words(new: Account, old: Account = BASE, **options: Any) -> list[str]:
    return [c.words for c in changes(old, new, TEAM, "USD", **options)]


def edited(people: list[dict[str, Any]], index: int, **fields: Any) -> list[dict[str, Any]]:
    out = copy.deepcopy(people)
    out[index].update(fields)
    return out


# ---- the hand-written sentences -------------------------------------------------------------


def test_nothing_changed_is_no_change() -> None:
    assert changes(BASE, account(), TEAM, "USD") == []
    assert changes(None, None, TEAM) == []


def test_reordered_lists_are_no_change() -> None:
    again = account(people=list(reversed(PEOPLE)))
    assert words(again) == []


def test_sentiment() -> None:
    (change,) = changes(BASE, account(people=edited(PEOPLE, 0, sentiment="champion")), TEAM)
    assert change.words == "Rudo Chikore: sentiment supporter → champion"
    assert (change.kind, change.subject, change.field, change.old, change.new) == (
        "stakeholder",
        "Rudo Chikore",
        "sentiment",
        "supporter",
        "champion",
    )


def test_a_champion_who_left_is_named_as_champion() -> None:
    assert words(account(people=edited(PEOPLE, 1, status="left"))) == [
        "champion Pieter Botha marked as left"
    ]
    assert words(account(people=edited(PEOPLE, 2, status="left"))) == ["Sam Ndlovu marked as left"]
    left = account(people=edited(PEOPLE, 2, status="left"))
    assert words(BASE, left) == ["Sam Ndlovu marked as active again"]


def test_stakeholder_added_and_removed() -> None:
    jane = person("jd", "Jane Doe", title="CFO", level="executive")
    assert words(account(people=[*PEOPLE, jane])) == ["stakeholder Jane Doe added (CFO, executive)"]
    assert words(account(people=[*PEOPLE, person("x", "Xo")])) == [
        "stakeholder Xo added (management)"
    ]
    assert words(account(people=[PEOPLE[0], PEOPLE[2]])) == ["champion Pieter Botha removed"]
    assert words(account(people=PEOPLE[:2])) == ["stakeholder Sam Ndlovu removed"]
    (change,) = changes(BASE, account(people=PEOPLE[:2]), TEAM)
    assert (change.field, change.old, change.new) == (None, "sn", None)


def test_other_stakeholder_fields_read_generically() -> None:
    new = edited(PEOPLE, 0, strength=4, our_contact="mm", reports_to="pb", title="CFO")
    assert words(account(people=new)) == [
        "Rudo Chikore: title none → CFO",
        "Rudo Chikore: reports to none → Pieter Botha",  # a stakeholder's name, not the id
        "Rudo Chikore: strength 2 → 4",
        "Rudo Chikore: our contact none → Memory Moyo",  # a team member's name
    ]
    assert words(account(people=edited(PEOPLE, 0, influences=["sn"]))) == [
        "Rudo Chikore: influences: Sam Ndlovu added"
    ]


def test_whitespace_cells() -> None:
    adopted = {**GRID, "cells": [{**CELL, "status": "adopted"}]}
    assert words(account(grid=adopted)) == ["whitespace Head office × Coaching: pursuing → adopted"]
    valued = {**GRID, "cells": [{**CELL, "value": 250000}]}
    assert words(account(grid=valued)) == [
        "whitespace Head office × Coaching: value none → USD 250,000"
    ]
    no_currency = [c.words for c in changes(BASE, account(grid=valued), TEAM)]
    assert no_currency == ["whitespace Head office × Coaching: value none → 250,000"]
    more = {**GRID, "cells": [CELL, {**CELL, "offering": "Audit", "status": "open"}]}
    assert words(account(grid=more)) == ["whitespace Head office × Audit added (open)"]
    assert words(BASE, account(grid=more)) == ["whitespace Head office × Audit removed (was open)"]
    grown = {**GRID, "units": ["Head office", "Mines"]}
    assert words(account(grid=grown)) == ["whitespace units: Mines added"]


def test_actions_and_objectives() -> None:
    done = plan(actions=[{**plan()["actions"][0], "status": "done"}])
    assert words(account(done)) == ["action “Call the CFO” done"]
    going = plan(actions=[{**plan()["actions"][0], "status": "in_progress"}])
    assert words(account(going)) == ["action “Call the CFO” in progress"]
    assert words(BASE, account(going)) == ["action “Call the CFO” reopened"]
    later = plan(actions=[{**plan()["actions"][0], "due": "2027-01-10", "owner": "mm"}])
    assert words(account(later)) == [
        "action “Call the CFO”: owner Tendai Nyathi → Memory Moyo",
        "action “Call the CFO”: due 2026-12-15 → 2027-01-10",
    ]
    extra = {"id": "demo", "what": "Demo the platform", "owner": "mm", "due": "2027-02-01"}
    assert words(account(plan(actions=[*plan()["actions"], extra]))) == [
        "action “Demo the platform” added (Memory Moyo, due 2027-02-01)"
    ]
    assert words(account(plan(actions=[]))) == ["action “Call the CFO” removed"]
    achieved = plan(objectives=[{**plan()["objectives"][0], "status": "achieved"}])
    assert words(account(achieved)) == ["objective “Grow training” achieved"]
    (change,) = changes(BASE, account(achieved), TEAM)
    assert (change.kind, change.subject, change.field, change.old, change.new) == (
        "objective",
        "Grow training",
        "status",
        "open",
        "achieved",
    )
    goal = {"id": "keep", "title": "Keep the site", "horizon": "long", "due": "2028-01-01"}
    assert words(account(plan(objectives=[*plan()["objectives"], goal]))) == [
        "objective “Keep the site” added (due 2028-01-01)"
    ]


def test_plan_fields() -> None:
    assert words(account(plan(tier=1))) == ["tier 2 → 1"]
    assert words(account(plan(owner="mm"))) == ["owner Tendai Nyathi → Memory Moyo"]
    assert words(account(plan(owner="zz"))) == ["owner Tendai Nyathi → zz"]  # not in the team
    assert words(account(plan(region="Gauteng"))) == ["region none → Gauteng"]
    assert words(account(plan(kind="emerging"))) == ["kind existing → emerging"]
    assert words(account(plan(scores={"fit": 3}))) == ["score fit none → 3"]
    assert words(account(plan(situation={"priorities": ["Grow"]}))) == [
        "situation priorities: Grow added"
    ]
    summary = "A long summary of the customer's situation. " * 3
    assert words(account(plan(situation={"summary": summary}))) == ["situation summary added"]
    short, long = (
        account(plan(situation={"summary": "x"})),
        account(plan(situation={"summary": summary})),
    )
    assert words(short, long) == ["situation summary edited"]
    assert words(account(plan(competitors=[{"name": "Rival"}]))) == ["competitor Rival added"]
    rival = account(plan(competitors=[{"name": "Rival", "position": "Incumbent"}]))
    assert words(rival, account(plan(competitors=[{"name": "Rival"}]))) == [
        "competitor Rival: position none → Incumbent"
    ]
    assert words(account(plan(confidential=["financials"]))) == ["financials marked confidential"]


def test_money_in_the_accounts_currency() -> None:
    grown = plan(financials=[{"year": 2026, "revenue": 1390000}])
    assert words(account(grown)) == ["revenue 2026: USD 1,200,000 → USD 1,390,000"]
    (change,) = changes(BASE, account(grown), TEAM, "USD")
    assert (change.subject, change.field, change.old, change.new) == (
        "financials 2026",
        "revenue",
        1200000,
        1390000,
    )
    euro = account(plan(currency="EUR", financials=[{"year": 2026, "revenue": 1390000}]))
    assert "revenue 2026: EUR 1,200,000 → EUR 1,390,000" in words(
        euro, account(plan(currency="EUR"))
    )
    more = plan(financials=[*plan()["financials"], {"year": 2027, "revenue": 5, "wallet": 9}])
    assert words(account(more)) == ["financials for 2027 added (revenue USD 5)"]
    assert words(account(plan(financials=[]))) == ["financials for 2026 removed"]


def test_attestation_and_waivers() -> None:
    attested = plan(reviewed={"on": "2026-11-30", "by": "tn"})
    assert words(account(attested)) == ["plan review attested by Tendai Nyathi on 2026-11-30"]
    assert words(account(plan()), account(attested)) == ["plan review attestation removed"]
    waiver = {"rule": "stale-plan", "reason": "Merger", "until": "2027-01-31", "by": "mm"}
    waived = account(plan(waivers=[waiver]))
    assert words(waived) == ["rule stale-plan waived until 2027-01-31 by Memory Moyo"]
    longer = account(plan(waivers=[{**waiver, "until": "2027-03-31"}]))
    assert words(longer, waived) == ["waiver of rule stale-plan: until 2027-01-31 → 2027-03-31"]
    assert words(BASE, waived) == ["waiver of rule stale-plan removed"]


def test_reviews() -> None:
    review = {"schema_version": 1, "date": "2026-11-02", "kind": "business_review"}
    held = account(reviews=[review])
    assert words(held) == ["business review of 2026-11-02 added"]
    (change,) = changes(BASE, held, TEAM)
    assert (change.kind, change.new) == ("review", "2026-11-02-business-review.yaml")
    assert words(BASE, held) == ["business review of 2026-11-02 removed"]
    rated = account(reviews=[{**review, "satisfaction": {"csat": 4.5}, "referenceable": True}])
    assert words(rated, held) == [
        "business review of 2026-11-02: satisfaction added",
        "business review of 2026-11-02: referenceable none → yes",
    ]
    met = account(reviews=[{**review, "attendees": {"ours": ["tn"], "theirs": ["rc"]}}])
    assert words(met, held) == [
        "business review of 2026-11-02: attendees ours: Tendai Nyathi added",
        "business review of 2026-11-02: attendees theirs: Rudo Chikore added",
    ]


def test_account_and_files() -> None:
    (added,) = changes(None, BASE, TEAM)
    assert (added.kind, added.words, added.new) == ("account", "account added", "acme")
    (removed,) = changes(BASE, None, TEAM)
    assert (removed.words, removed.old) == ("account removed", "acme")
    broken = Account("acme", "accounts/acme", None, BASE.stakeholders, BASE.whitespace, [])
    assert words(broken) == ["plan.yaml no longer loads"]
    assert words(BASE, broken) == ["plan.yaml now loads"]


def test_headlines_come_before_details_and_the_list_is_bounded() -> None:
    new = plan(tier=1, region="Gauteng", situation={"priorities": ["Grow"]})
    assert words(account(new, people=edited(PEOPLE, 0, sentiment="champion"))) == [
        "tier 2 → 1",
        "Rudo Chikore: sentiment supporter → champion",
        "region none → Gauteng",
        "situation priorities: Grow added",
    ]
    crowd = [*PEOPLE, *(person(f"p{i}", f"Person {i}") for i in range(30))]
    found = changes(BASE, account(people=crowd), TEAM)
    assert len(found) == MAX_CHANGES
    assert found[-1].kind == "more"
    assert found[-1].words == f"and {30 - (MAX_CHANGES - 1)} more"
    assert found[0].words == "stakeholder Person 0 added (management)"
    assert len(changes(BASE, account(people=crowd), TEAM, limit=None)) == 30


# ---- every field is covered without code -------------------------------------------------------

# A value of another shape for every field a change could touch: each must give a change.
PLAN_VALUES: dict[str, Any] = {
    "schema_version": None,  # only one version exists
    "id": "acme-two",
    "name": "Acme Two",
    "kind": "emerging",
    "tier": 3,
    "industry": "Mining",
    "region": "North",
    "since": "2024-01-01",
    "status": "churned",
    "churned_on": "2026-11-01",
    "currency": "EUR",
    "owner": "mm",
    "executive_sponsor": "mm",
    "scores": {"fit": 2},
    "financials": [{"year": 2026, "revenue": 1, "wallet": 2}],
    "situation": {"pressures": ["Costs"]},
    "needs": {"unknown": ["Data"]},
    "competitors": [{"name": "Rival", "position": "Incumbent"}],
    "objectives": [],
    "actions": [],
    "crm_id": "001ABC",
    "links": [{"label": "Drive", "url": "https://drive.example.com/acme"}],
    "swot": {"threats": ["Price war"]},
    "contracts": [{"id": "msa", "title": "MSA", "end": "2027-03-31", "value": 100}],
    "opportunities": [
        {
            "id": "opp",
            "name": "Coaching",
            "amount": 50,
            "probability": 0.5,
            "close_date": "2027-01-31",
        }
    ],
    "risks": [{"id": "fx", "title": "FX", "severity": 4, "likelihood": 3}],
    "reviewed": {"on": "2026-11-01", "by": "tn"},
    "waivers": [{"rule": "thin-map", "reason": "New", "until": "2027-01-01", "by": "tn"}],
    "confidential": ["needs"],
}
PERSON_VALUES: dict[str, Any] = {
    "id": "rudo",
    "name": "Rudo C",
    "title": "CEO",
    "level": "executive",
    "function": "Finance",
    "buying_role": "decision_maker",
    "reports_to": "pb",
    "influences": ["pb"],
    "sentiment": "neutral",
    "strength": 5,
    "our_contact": "tn",
    "last_contact": "2026-11-01",
    "status": "left",
    "notes": "Prefers email",
    "relationships": [{"with": "mm", "strength": 4, "target": 5, "last_contact": "2026-11-01"}],
    "crm_id": "003XYZ",
}
CELL_VALUES: dict[str, Any] = {
    "unit": "Mines",
    "offering": "Audit",
    "status": "won",
    "value": 10,
    "fit": 4,
    "champion": "rc",
    "owner": "mm",
    "target_date": "2027-01-01",
    "notes": "Pilot first",
}


def test_the_value_tables_name_every_field() -> None:
    from kamgen.model.stakeholders import Stakeholder
    from kamgen.model.whitespace import Cell

    assert set(PLAN_VALUES) == set(Plan.model_fields)
    assert set(PERSON_VALUES) == set(Stakeholder.model_fields)
    assert set(CELL_VALUES) == set(Cell.model_fields)
    assert Stakeholders.model_fields.keys() == {"schema_version", "stakeholders"}
    assert Whitespace.model_fields.keys() == {"schema_version", "units", "offerings", "cells"}
    assert "kind" in Review.model_fields


@pytest.mark.parametrize("name", [k for k, v in PLAN_VALUES.items() if v is not None])
def test_every_plan_field_gives_a_change(name: str) -> None:
    found = changes(BASE, account(plan(**{name: PLAN_VALUES[name]})), TEAM, "USD")
    assert found, name
    assert all(c.words and c.kind in ("plan", "action", "objective") for c in found)


@pytest.mark.parametrize("name", list(PERSON_VALUES))
def test_every_stakeholder_field_gives_a_change(name: str) -> None:
    found = changes(BASE, account(people=edited(PEOPLE, 0, **{name: PERSON_VALUES[name]})), TEAM)
    assert found and all(c.kind == "stakeholder" and c.words for c in found), name


@pytest.mark.parametrize("name", list(CELL_VALUES))
def test_every_cell_field_gives_a_change(name: str) -> None:
    grid = {**GRID, "cells": [{**CELL, name: CELL_VALUES[name]}]}
    found = changes(BASE, account(grid=grid), TEAM)
    assert found and all(c.kind == "whitespace" and c.words for c in found), name


# ---- text from the files is untrusted --------------------------------------------------------


@pytest.mark.parametrize("hostile", HOSTILE)
def test_words_are_plain_and_render_escapes_only_the_files_text(hostile: str) -> None:
    if not hostile.strip():
        pytest.skip("a blank name does not validate")
    name = hostile[:200]
    try:
        new = account(people=edited(PEOPLE, 0, name=name, sentiment="champion"))
    except AssertionError:
        pytest.skip("not a valid name")
    found = changes(BASE, new, TEAM)
    (said,) = [c for c in found if c.field == "sentiment"]
    assert said.words == f"{name}: sentiment supporter → champion"  # as it was written
    rendered = said.render(md)
    assert rendered.endswith(": sentiment supporter → champion")  # kamgen's words as they are
    for live in ("`", "|", "\n", "\r", "<", "[", "javascript:"):
        assert live not in rendered


def test_render_escapes_a_hostile_cell_and_action() -> None:
    unit = "<b>|x|</b>\n# head"
    grid = {"schema_version": 1, "units": [unit], "offerings": ["`O`"], "cells": []}
    cells = {**grid, "cells": [{"unit": unit, "offering": "`O`", "status": "won"}]}
    (change,) = changes(account(grid=grid), account(grid=cells), TEAM)
    assert change.words == "whitespace <b>|x|</b>\n# head × `O` added (won)"
    assert change.render(md) == f"whitespace {md(unit + ' × `O`')} added (won)"
    action = {"id": "x", "what": "[a](javascript:alert(1))", "owner": "tn", "due": "2027-01-01"}
    (added,) = changes(BASE, account(plan(actions=[*plan()["actions"], action])), TEAM)
    assert added.words == "action “[a](javascript:alert(1))” added (Tendai Nyathi, due 2027-01-01)"
    assert "](" not in added.render(md)


def test_change_is_a_frozen_value() -> None:
    (change,) = changes(BASE, account(plan(tier=1)), TEAM)
    assert isinstance(change, Change)
    with pytest.raises(AttributeError):
        change.kind = "plan"  # type: ignore[misc]
    assert hash(change) == hash(changes(BASE, account(plan(tier=1)), TEAM)[0])
