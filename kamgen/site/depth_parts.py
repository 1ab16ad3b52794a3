"""Plan depth on an account's page: its contracts on the whitespace grid, its pipeline against
each objective's target, the objectives' measures, the risk register as a severity ×
likelihood grid, and who on the team knows whom at the customer.

Every figure is the engine's (kamgen.metrics.depth, formulas), computed from what the site
publishes. A confidential field reads "confidential" where it would be shown, and a figure
made of one (a coverage from confidential amounts, a strong tie from a confidential strength)
is not shown either. A progress bar always has its value written beside it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from kamgen.load.portfolio import Account
from kamgen.metrics import AccountMetrics
from kamgen.metrics.catalogue import CATALOGUE
from kamgen.metrics.depth import OPEN as OPEN_RENEWALS
from kamgen.metrics.depth import strong_ties
from kamgen.metrics.formulas import is_strong as is_strong_tie
from kamgen.metrics.formulas import measure_attainment, weighted
from kamgen.metrics.words import pct, plural
from kamgen.model.depth import Contract
from kamgen.model.stakeholders import Stakeholder
from kamgen.site import svg
from kamgen.site.html import Cell, esc
from kamgen.site.parts import HIDDEN, Parts
from kamgen.site.paths import account_page

RENEWAL_WORD = {"open": "open", "at_risk": "at risk", "renewed": "renewed", "lost": "lost"}
LIVE_RISKS = ("open", "mitigating", "accepted")  # drawn on the grid; closed ones are listed only
# What a tie is made of: with any of these confidential, no tie or strong mark is shown
# (a hidden field takes its default, and a default strength would read as a real one).
TIE_FIELDS = tuple(
    f"stakeholders.{x}" for x in ("our_contact", "strength", "last_contact", "status")
)
STRONG = "\u2714 strong"  # a strong tie, in a symbol and a word


def progress(value: float | None, said: str = "") -> str:
    """A bar for a share (0 to 100%, wider values drawn full) with the value and words beside
    it: the bar is decoration, hidden from screen readers, since the text says it all."""
    if value is None:
        return "—"
    width = max(0, min(100, round(value * 100)))
    return (
        f'<span class="kg-progress"><span class="kg-bar" aria-hidden="true"><span '
        f'class="kg-fill" style="width: {width}%"></span></span> <strong>{esc(pct(value))}'
        f"</strong>{' ' + esc(said) if said else ''}</span>"
    )


def part(title: str, body: str) -> str:
    """A part of the page's section under a heading of its own, out of the search index: a
    section in every account's search entry would cost each account its heading's bytes (the
    index stays under 3 KB an account), and figures are no words anyone searches for. So the
    heading has no id either (the search plugin starts a section at a heading with one).
    A <section>, not a <div>: Material's search parser tells excluded elements apart by
    their tag only, so the end of an excluded <div> inside (a table's frame) would end the
    exclusion of an excluded <div> around it, in a build without the kamgen plugin."""
    return (
        f'<section class="kg-depth" data-search-exclude>\n<h3>{esc(title)}</h3>\n{body}</section>\n'
    )


def cell_of(unit: str | None, offering: str | None) -> str:
    if unit and offering:
        return f"{esc(unit)} × {esc(offering)}"
    return esc(unit or offering or "—")


# ---- contracts ------------------------------------------------------------------------------


def contract_listed(p: Parts, account_id: str) -> bool:
    """Contracts are shown with their renewal outcome, or not at all: a hidden outcome takes
    its default (`open`), which would make a renewed or lost contract read as open."""
    return not p.hidden(account_id, "contracts.renewal")


def renewal_text(c: Contract, today: dt.date) -> str:
    word = RENEWAL_WORD.get(c.renewal, c.renewal)
    if c.renewal not in OPEN_RENEWALS:
        return esc(word)
    days = (c.end - today).days
    if days < 0:
        return f'{esc(word)}, <span class="kg-overdue">lapsed {plural(-days, "day")} ago</span>'
    return f"{esc(word)}, ends {'today' if days == 0 else 'in ' + plural(days, 'day')}"


def on_cells(p: Parts, a: AccountMetrics, source: Account) -> dict[tuple[str, str], list[str]]:
    """Each whitespace cell that has a contract, and the contracts in words, for the grid's
    tooltips: "contract msa-2024 to 2027-02-28, renewal open"."""
    plan = source.plan
    out: dict[tuple[str, str], list[str]] = {}
    if plan is None or not contract_listed(p, a.id):
        return out
    for c in plan.contracts:
        if c.unit and c.offering:
            out.setdefault((c.unit, c.offering), []).append(
                f"contract {c.id} to {c.end.isoformat()}, renewal "
                f"{RENEWAL_WORD.get(c.renewal, c.renewal)}"
            )
    return out


def contracts(p: Parts, a: AccountMetrics, source: Account) -> str:
    """Every contract in the plan, each on its whitespace cell with the cell's status, its
    dates and its renewal; open ones by end date first."""
    here, g, today = account_page(a.id), a.id, p.m.today
    plan = source.plan
    assert plan is not None
    out: list[str] = []
    heading = "Contracts and renewals"
    if p.covered(g, "contracts") or not contract_listed(p, g):
        out.append("<p>The contracts are confidential.</p>\n")
        return part(heading, "\n".join(out))
    if not plan.contracts:
        out.append("<p>No contract is recorded.</p>\n")
        return part(heading, "\n".join(out))
    status = {}
    if source.whitespace is not None:
        status = {(x.unit, x.offering): x.status for x in source.whitespace.cells}
    hide = {x: p.hidden(g, f"contracts.{x}") for x in
            ("title", "unit", "offering", "value", "start", "notice_days")}  # fmt: skip
    ordered = sorted(plan.contracts, key=lambda c: (c.renewal not in OPEN_RENEWALS, c.end, c.id))
    rows: list[list[str | Cell]] = []
    for c in ordered:
        if hide["unit"] or hide["offering"]:
            where = HIDDEN
        else:
            where = cell_of(c.unit, c.offering)
            found = status.get((c.unit or "", c.offering or ""))
            if c.unit and c.offering:
                where += (f" ({esc(found.replace('_', ' '))})" if found else
                          " (not on the grid)")  # fmt: skip
        notice = c.end - dt.timedelta(days=c.notice_days)
        # What a director decides on first (a phone shows the first columns): the renewal and
        # its dates, then what the contract is worth and where it sits.
        rows.append([
            HIDDEN if hide["title"] else f"{esc(c.title)} <code>{esc(c.id)}</code>",
            renewal_text(c, today),
            Cell(c.end.isoformat(), c.end.toordinal()),
            HIDDEN if hide["notice_days"] else notice.isoformat(),
            HIDDEN if hide["value"] else p.money_in(c.value, a.currency),
            where,
            HIDDEN if hide["start"] else (c.start.isoformat() if c.start else "—"),
        ])  # fmt: skip
    head = ["Contract", "Renewal", "Ends", "Notice by", "Value a year", "Whitespace cell",
            "Start"]  # fmt: skip
    out.append(p.table(here, "contracts", head, rows, "Contracts", "kg-contracts", indexed=[0, 5]))
    return part(heading, "\n".join(out))


# ---- pipeline, objectives and measures ------------------------------------------------------


def pipeline(p: Parts, a: AccountMetrics, source: Account) -> str:
    """Each objective's pipeline against its target (coverage) and its measures against
    theirs (attainment), as bars with their values; then the opportunities and measures."""
    g = a.id
    plan = source.plan
    assert plan is not None
    out: list[str] = []
    if p.covered(g, "objectives"):
        out.append("<p>The objectives are confidential.</p>\n")
    elif plan.objectives:
        out.append(objective_progress(p, a, source))
    else:
        out.append("<p>No objective is recorded.</p>\n")
    parts = [part("Pipeline against objectives", "\n".join(out))]
    parts.append(part("Opportunities", opportunities(p, a, source)))
    if not p.covered(g, "objectives"):
        parts.append(part("Measures", measures(p, a, source)))
    return "".join(parts)


def objective_progress(p: Parts, a: AccountMetrics, source: Account) -> str:
    here, g = account_page(a.id), a.id
    plan = source.plan
    assert plan is not None
    progress_of = {o.id: o for o in a.objectives}
    coverage_hidden = p.hidden(g, "opportunities", "objectives.target_revenue")
    attainment_hidden = p.hidden(g, "objectives.measures")
    rows: list[list[str | Cell]] = []
    for o in plan.objectives:
        shown = progress_of.get(o.id)
        covered: str | Cell
        coverage = shown.coverage if shown else None
        attainment = shown.attainment if shown else None
        if coverage_hidden:
            covered, why = HIDDEN, HIDDEN
        elif coverage is None:
            covered, why = "—", esc(a.why.get(f"objectives.{o.id}.coverage", ""))
        else:
            said = "covered" if coverage >= 1 else "of target"
            covered = Cell(progress(coverage, said), coverage)
            why = esc(a.why.get(f"objectives.{o.id}.coverage", ""))
        attained = (
            HIDDEN if attainment_hidden
            else "—" if attainment is None
            else Cell(progress(attainment, "to target"), attainment)
        )  # fmt: skip
        rows.append([
            esc(o.title), covered, attained,
            p.guard(g, p.money_in(o.target_revenue, a.currency), "objectives.target_revenue"),
            p.guard(g, p.person(here, o.owner), "objectives.owner"),
            why,
        ])  # fmt: skip
    head = ["Objective", "Pipeline coverage", "Measures attained", "Target revenue", "Owner",
            "Why"]  # fmt: skip
    note = (
        '<p class="kg-note">Pipeline coverage is won plus weighted open opportunities linked '
        "to the objective, against its target revenue: 100% means the target is covered. "
        "Measures attained is how far each measure has moved from its baseline to its target, "
        "averaged over the objective's measures.</p>\n"
    )
    return note + p.table(here, "objective-progress", head, rows, "Objective progress",
                          "kg-progress-table", indexed=[0])  # fmt: skip


def opportunities(p: Parts, a: AccountMetrics, source: Account) -> str:
    here, g, today = account_page(a.id), a.id, p.m.today
    plan = source.plan
    assert plan is not None
    if p.covered(g, "opportunities"):
        return "<p>The opportunities are confidential.</p>\n"
    if not plan.opportunities:
        return "<p>No opportunity is recorded.</p>\n"
    titles = {o.id: o.title for o in plan.objectives}
    hide = {x: p.hidden(g, f"opportunities.{x}") for x in
            ("name", "unit", "offering", "stage", "objective")}  # fmt: skip
    ordered = sorted(plan.opportunities,
                     key=lambda o: (o.stage != "open", o.close_date, o.id))  # fmt: skip
    rows: list[list[str | Cell]] = []
    for o in ordered:
        late = o.stage == "open" and o.close_date < today and not hide["stage"]
        close = o.close_date.isoformat() + (' <span class="kg-overdue">passed</span>'
                                            if late else "")  # fmt: skip
        objective = (
            HIDDEN if hide["objective"] or p.covered(g, "objectives")
            else esc(titles.get(o.objective, o.objective)) if o.objective else "—"
        )  # fmt: skip
        rows.append([
            HIDDEN if hide["name"] else esc(o.name),
            HIDDEN if hide["unit"] or hide["offering"] else cell_of(o.unit, o.offering),
            objective,
            Cell(p.money_in(o.amount, a.currency), o.amount),
            pct(o.probability),
            HIDDEN if hide["stage"] else (
                p.money_in(weighted(o.amount, o.probability), a.currency)
                if o.stage == "open" else "—"),
            Cell(close, o.close_date.toordinal()),
            HIDDEN if hide["stage"] else esc(o.stage),
        ])  # fmt: skip
    head = ["Opportunity", "Whitespace cell", "Objective", "Amount", "Probability", "Weighted",
            "Close date", "Stage"]  # fmt: skip
    return p.table(here, "opportunities", head, rows, "Opportunities", "kg-opportunities",
                   indexed=[0, 1], numeric=(3, 4, 5))  # fmt: skip


def measures(p: Parts, a: AccountMetrics, source: Account) -> str:
    here, g = account_page(a.id), a.id
    plan = source.plan
    assert plan is not None
    if p.covered(g, "objectives.measures"):
        return "<p>The measures are confidential.</p>\n"
    found = [(o, m) for o in plan.objectives for m in o.measures]
    if not found:
        return "<p>No objective has a measure yet.</p>\n"
    hide = {x: p.hidden(g, f"objectives.measures.{x}") for x in
            ("name", "unit", "actual", "as_of", "notes")}  # fmt: skip
    rows: list[list[str | Cell]] = []
    for o, m in found:
        attained = measure_attainment(m.baseline, m.target, m.actual)
        rows.append([
            HIDDEN if hide["name"] else esc(m.name),
            HIDDEN if hide["actual"] else (
                "—" if attained is None else Cell(progress(attained), attained)),
            HIDDEN if hide["actual"] else ("—" if m.actual is None else f"{m.actual:,g}"),
            f"{m.target:,g}", f"{m.baseline:,g}",
            HIDDEN if hide["unit"] else esc(m.unit or "—"),
            HIDDEN if hide["as_of"] else (m.as_of.isoformat() if m.as_of else "—"),
            esc(o.title),
        ])  # fmt: skip
    head = ["Measure", "Attained", "Actual", "Target", "Baseline", "Unit", "As of",
            "Objective"]  # fmt: skip
    return p.table(here, "measures", head, rows, "Objective measures", "kg-measures",
                   indexed=[0, 7], numeric=(2, 3, 4))  # fmt: skip


# ---- risks ------------------------------------------------------------------------------------


def risk_register(p: Parts, a: AccountMetrics, source: Account) -> str:
    """The risks on a severity × likelihood grid, and in a table numbered as the grid is."""
    here, g, today = account_page(a.id), a.id, p.m.today
    plan = source.plan
    assert plan is not None
    out: list[str] = []
    heading = "Risk register"
    if p.covered(g, "risks"):
        out.append("<p>The risks are confidential.</p>\n")
        return part(heading, "\n".join(out))
    if not plan.risks:
        out.append("<p>No risk is recorded.</p>\n")
        return part(heading, "\n".join(out))
    hide = {x: p.hidden(g, f"risks.{x}") for x in
            ("title", "owner", "status", "mitigations", "raised_on", "review_by")}  # fmt: skip
    actions = {x.id: x.what for x in plan.actions}
    numbered = list(enumerate(plan.risks, 1))
    marks = [
        svg.RiskMark(str(n), HIDDEN if hide["title"] else r.title, r.severity, r.likelihood,
                     HIDDEN if hide["status"] else r.status)
        for n, r in numbered
        if hide["status"] or r.status in LIVE_RISKS
    ]  # fmt: skip
    out.append(svg.figure(svg.risk_grid(marks, a.name), f"Risk register of {a.name}",
                          svg.risk_legend()) + "\n")  # fmt: skip
    rows: list[list[str | Cell]] = []
    for n, r in numbered:
        late = (not hide["status"] and r.status in ("open", "mitigating")
                and r.review_by is not None and r.review_by < today)  # fmt: skip
        review = "—" if r.review_by is None else r.review_by.isoformat() + (
            ' <span class="kg-overdue">overdue</span>' if late else "")  # fmt: skip
        mitigations = ", ".join(
            f"{esc(actions.get(m, m))}" + ("" if m in actions else " (no such action)")
            for m in r.mitigations
        ) or "none"  # fmt: skip
        rows.append([
            str(n),
            HIDDEN if hide["title"] else esc(r.title),
            str(r.severity), str(r.likelihood), str(r.severity * r.likelihood),
            HIDDEN if hide["status"] else esc(r.status),
            HIDDEN if hide["owner"] else p.person(here, r.owner),
            HIDDEN if hide["mitigations"] else mitigations,
            HIDDEN if hide["raised_on"] else (r.raised_on.isoformat() if r.raised_on else "—"),
            HIDDEN if hide["review_by"] else review,
        ])  # fmt: skip
    head = ["#", "Risk", "Severity", "Likelihood", "Score", "Status", "Owner", "Mitigated by",
            "Raised", "Review by"]  # fmt: skip
    out.append(p.table(here, "risks", head, rows, "Risk register", "kg-risks", indexed=[1],
                       numeric=(0, 2, 3, 4)))  # fmt: skip
    return part(heading, "\n".join(out))


# ---- who knows whom -----------------------------------------------------------------------


def tie_text(strength: int, target: int | None, strong: bool, stale: str, primary: bool) -> str:
    """One tie, in words: its strength against its target, whether it is strong, and for a
    tie strong enough but not strong, why (`stale`: its last contact is too old)."""
    parts = [f"{strength} of 5"]
    if target is not None:
        parts.append(f"target {target}" + (" \u2191" if target > strength else ""))
    if primary:
        parts.append("our contact")
    if stale:
        parts.append(stale)
    text = ", ".join(parts)
    if strong:
        return f'<span class="kg-strong">{STRONG},</span> {esc(text)}'
    return esc(text)


def members_of(p: Parts, people: Sequence[Stakeholder]) -> list[str]:
    """The team members who hold a tie here, in kamgen.yaml's order (others after, by id)."""
    held = {x.our_contact for x in people if x.our_contact}
    held |= {t.with_ for x in people for t in x.relationships}
    order = [m for m in p.team if m in held]
    return order + sorted(held - set(order))


def who_knows_whom(p: Parts, a: AccountMetrics, source: Account) -> str:
    """Stakeholders down, team members across; each cell a tie's strength against its
    target, strong ties marked in a symbol and a word; the strong ties each member holds
    at the foot, which is what key-person dependency is made of."""
    here, g = account_page(a.id), a.id
    out: list[str] = []
    heading = "Who knows whom"
    people = source.stakeholders.stakeholders if source.stakeholders else []
    if p.covered(g, "stakeholders"):
        out.append("<p>The stakeholders are confidential.</p>\n")
        return part(heading, "\n".join(out))
    if not people:
        out.append("<p>No stakeholder is mapped yet.</p>\n")
        return part(heading, "\n".join(out))
    if p.hidden(g, *TIE_FIELDS):
        out.append("<p>Not shown: who knows whom follows from confidential fields.</p>\n")
        return part(heading, "\n".join(out))
    settings, today = p.data.config.coverage, p.m.today
    strong = strong_ties(people, settings, today)
    held = Counter(member for member, _ in strong)
    members = members_of(p, people)
    if not members:
        out.append("<p>No one on the team is recorded as knowing anyone here yet: set "
                   "<code>our_contact</code> or <code>relationships</code> in "
                   "stakeholders.yaml.</p>\n")  # fmt: skip
        return part(heading, "\n".join(out))
    rows: list[list[str | Cell]] = []
    for x in people:
        ties: dict[str, list[str]] = {}
        pairs = [(x.our_contact, x.strength, None, x.last_contact, True)] + [
            (t.with_, t.strength, t.target, t.last_contact, False) for t in x.relationships
        ]
        for member, strength, target, last, primary in pairs:
            if member is None:
                continue
            # The engine's test of a strong tie, tie by tie (`strong_ties` counts them).
            is_strong = is_strong_tie(x.status == "active", strength, last, today,
                                      settings.strong_strength, settings.active_days)  # fmt: skip
            stale = ""
            if not is_strong and x.status == "active" and strength >= settings.strong_strength:
                stale = f"last contact {last.isoformat()}" if last else "no contact recorded"
            ties.setdefault(member, []).append(
                tie_text(strength, target, is_strong, stale, primary)
            )
        name = esc(x.name) + (' <span class="kg-muted">(left)</span>' if x.status == "left"
                              else "")  # fmt: skip
        rows.append([name, *["; ".join(ties.get(m, [])) or "—" for m in members]])
    rows.append(["<strong>Strong ties</strong>",
                 *[f"<strong>{held[m]}</strong>" for m in members]])  # fmt: skip
    head = ["Stakeholder", *[esc(p.team.get(m, m)) for m in members]]
    out.append(
        f'<p class="kg-note">Each cell is a team member\'s relationship with a stakeholder: '
        f"its strength out of 5, the target strength where one is set (\u2191 where it is "
        f"still to reach), and <strong>{STRONG}</strong> where it is strong (strength "
        f"{settings.strong_strength} or more, last contact within {settings.active_days} days, "
        "with someone still at the customer). <em>Our contact</em> is the stakeholder's main "
        "relationship.</p>\n"
    )
    if p.hidden(g, "stakeholders.relationships"):
        out.append("<p>Only each stakeholder's main contact is shown: the team's other "
                   "relationships are confidential.</p>\n")  # fmt: skip
    out.append(p.table(here, "who-knows-whom", head, rows, "Who knows whom", "kg-ties",
                       search=False))  # fmt: skip
    metric = CATALOGUE["key_person_dependency"]
    total = sum(held.values())
    if total:
        top, most = max(held.items(), key=lambda kv: (kv[1], -members.index(kv[0])))
        out.append(
            f"<p>{esc(p.team.get(top, top))} holds {most} of {plural(total, 'strong tie')}: "
            f"{esc(metric.label.lower())} {esc(metric.shown(a, p.currency))}.</p>\n"
        )
    else:
        out.append("<p>No strong tie between the team and the customer yet.</p>\n")
    return part(heading, "\n".join(out))
