"""An account's page, in a leader's order: summary (with every figure's why), risks and next
actions with the risk register, relationships and who knows whom, whitespace and the
contracts on it, then the plan itself, its pipeline against objectives and its reviews
(the plan-depth sections are in kamgen.site.depth_parts). A section with nothing to show
says so. Prints on A4 as the brief for a business review (kamgen.css)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath

from kamgen.load.portfolio import Account
from kamgen.metrics import AccountMetrics
from kamgen.metrics.catalogue import role, view
from kamgen.metrics.model import Voice
from kamgen.metrics.words import money, plural
from kamgen.model.stakeholders import Stakeholder
from kamgen.rules.risk import POOR_HEALTH
from kamgen.site import depth_parts as depth
from kamgen.site import svg
from kamgen.site.data import unchecked
from kamgen.site.html import esc, front_matter, link, tag, url_link
from kamgen.site.links import file_url
from kamgen.site.parts import HIDDEN, Parts
from kamgen.site.paths import METHOD, account_page
from kamgen.site.trends import account_trends

CELL_ROWS = 25  # ranked open whitespace cells of one account
FINDING_ROWS = 50  # findings of one account
# Stakeholder fields that coverage gaps are worked out from.
GAP_FIELDS = tuple(
    f"stakeholders.{x}"
    for x in ("level", "buying_role", "sentiment", "strength", "last_contact", "status")
)
OPEN = ("open", "in_progress", "blocked")
VOICE = "Voice of the customer"  # the catalogue's section of an account's CSAT, NPS, references
CONTRACT_MARK = "\u25c6 "  # before a grid cell's value: the cell has a contract


def bullets(label: str, items: Sequence[str]) -> str:
    if not items:
        return ""
    return (
        f"<p><strong>{label}</strong></p><ul>"
        + "".join(f"<li>{esc(i)}</li>" for i in items)
        + "</ul>\n"
    )


def account(p: Parts, a: AccountMetrics) -> str:
    here = account_page(a.id)
    source = p.data.accounts[a.id]
    plan = source.plan
    assert plan is not None  # accounts without a usable plan are skipped by the metrics
    g = a.id
    kind = "" if p.hidden(g, "kind") else a.kind
    tags = [t for t in (tag("tier", a.tier), tag("kind", kind), tag("industry", a.industry or ""),
                        tag("region", a.region or "")) if t]  # fmt: skip
    out = [front_matter(a.name, f"Key account plan of {a.name}", tags)]
    out.append(f"# {esc(a.name)}\n")
    out.append(summary(p, a, source))
    out.append(risks_and_actions(p, a, source))
    out.append(depth.risk_register(p, a, source))
    out.append(relationships(p, a, source))
    out.append(depth.who_knows_whom(p, a, source))
    out.append(whitespace(p, a, source))
    out.append(depth.contracts(p, a, source))
    out.append(the_plan(p, a, source))
    out.append(depth.pipeline(p, a, source))
    out.append(reviews(p, a.id, source))
    out.append(numbers(p, a))
    if plan.waivers:
        out.append("## Waivers\n")
        rows = [[f"<code>{esc(w.rule)}</code>", esc(w.reason), w.until.isoformat(),
                 p.person(here, w.by)] for w in plan.waivers]  # fmt: skip
        out.append(
            p.table(
                here, "waivers", ["Rule", "Reason", "Until", "By"], rows, "Waivers", search=False
            )
        )
    out.append(confidential_notice(p, a.id))
    return "\n".join(out)


def summary(p: Parts, a: AccountMetrics, source: Account) -> str:
    here, g = account_page(a.id), a.id
    plan = source.plan
    assert plan is not None
    plan_badge = (
        p.badge("plan review dates confidential", "fresh")
        if p.fresh_hidden(g, "plan_review")
        else "plan review " + p.fresh_badge(a)
    )
    risk = p.data.risk(a)
    out = [
        '<p class="kg-badges" data-search-exclude>'
        + " ".join([
            p.badge(f"tier {p.tier_text(a)}", "tier", f"declared tier; {role('tier_hint').why(a)}"),
            p.badge(f"score {p.score_text(a)}", "score", role("score").why(a)),
            p.health_badge(a, label="health "),
            plan_badge,
            p.badge(f"rank {a.rank}", "rank", a.why["rank"]),
        ] + ([p.badge("at risk", "risk", "; ".join(risk.reasons[:5]))] if risk.at_risk else []))
        + "</p>\n"
    ]  # fmt: skip
    if plan.situation.summary:
        lead = esc(plan.situation.summary)
        out.append(f'<p class="kg-lead" data-search-exclude>{lead}</p>\n')
    facts = [
        ("Account id", f"<code>{esc(a.id)}</code>"),
        ("Owner", p.person(here, a.owner)),
        ("Executive sponsor", p.guard(g, p.person(here, a.executive_sponsor), "executive_sponsor")),
        ("Industry", p.guard(g, esc(a.industry or "—"), "industry")),
        ("Region", p.guard(g, esc(a.region or "—"), "region")),
        ("Kind", p.guard(g, esc(a.kind), "kind")),
        ("Revenue", p.revenue(a)),
    ]  # fmt: skip
    if p.source is not None:
        links = [
            url_link(file_url(p.source, f"{source.folder}/{name}"), name)
            for name in ("plan.yaml", "stakeholders.yaml", "whitespace.yaml", "reviews/")
        ]
        facts.append(("Files", " · ".join(links)))
    out.append(p.table(here, "facts", ["Fact", "Value"], facts, "Facts", "kg-facts", indexed=[1]))
    out.append(voice(p, a.id, a.voice))
    out.append(account_trends(p.data, a))
    return "## Summary\n\n" + "\n".join(out)


def risks_and_actions(p: Parts, a: AccountMetrics, source: Account) -> str:
    here, g = account_page(a.id), a.id
    plan = source.plan
    assert plan is not None
    out = ["## Risks and next actions\n"]
    risk = p.data.risk(a)
    found = p.data.risks.get(a.id, [])
    if risk.at_risk:
        out.append(
            f"<p data-search-exclude><strong>At risk</strong>: "
            f"{plural(len(risk.reasons), 'reason')}.</p>\n"
        )
    else:
        out.append("<p data-search-exclude>Not at risk: nothing blocks, no relationship can "
                   "lose the account by itself, health is 50 or more, and no renewal is marked "
                   "at risk.</p>\n")  # fmt: skip
    if POOR_HEALTH in risk.codes:
        out.append(p.poor_health(a))
    out.append(p.renewals_at_risk(a))
    if found:
        out.append(p.findings(here, found[:FINDING_ROWS]))
        out.append(p.more(FINDING_ROWS, len(found), "listed by <code>kamgen check</code>"))
    else:
        out.append("<p data-search-exclude>No finding: the plan passes every check.</p>\n")
    if p.covered(g, "actions"):
        out.append("<p>The actions are confidential.</p>\n")
        return "\n".join(out)
    overdue = {o.id: o.days_late for o in a.overdue_actions}
    status_hidden = p.hidden(g, "actions.status")
    todo = [x for x in plan.actions if status_hidden or x.status in OPEN]
    todo.sort(key=lambda x: (x.due, x.id))
    closed = len(plan.actions) - len(todo)
    later = f"<p>{plural(closed, 'action')} done or dropped, in plan.yaml.</p>\n" if closed else ""
    if not todo:
        out.append("<p>No open action.</p>\n" + later)
        return "\n".join(out)
    rows = [
        [esc(x.what), p.person(here, x.owner), x.due.isoformat(),
         HIDDEN if status_hidden else esc(x.status.replace("_", " "))
         + (f' <span class="kg-overdue">overdue {overdue[x.id]} d</span>'
            if x.id in overdue else "")]
        for x in todo
    ]  # fmt: skip
    out.append(p.table(here, "actions", ["Next action", "Owner", "Due", "Status"], rows,
                       "Next actions", "kg-actions", search=False))  # fmt: skip
    out.append(later)
    return "\n".join(out)


def relationships(p: Parts, a: AccountMetrics, source: Account) -> str:
    here, g = account_page(a.id), a.id
    people: list[Stakeholder] = source.stakeholders.stakeholders if source.stakeholders else []
    out = ["## Relationships\n"]
    if p.covered(g, "stakeholders"):
        out.append("<p>The stakeholders are confidential.</p>\n")
        return "\n".join(out)
    if not people:
        out.append("<p>No stakeholder is mapped yet.</p>\n")
        return "\n".join(out)
    drawn = [
        svg.Person(x.id, x.name, x.title, x.level, x.sentiment, x.strength, x.status == "left",
                   x.reports_to, tuple(x.influences))
        for x in people
    ]  # fmt: skip
    out.append(svg.figure(svg.relationship_map(drawn, a.name), f"Relationship map of {a.name}",
                          svg.map_legend()) + "\n")  # fmt: skip
    if p.hidden(g, *GAP_FIELDS):
        out.append("<p>Coverage gaps are not shown: they follow from confidential fields.</p>\n")
    else:
        found = bullets("Coverage gaps", gaps(p, a)) or "<p>No coverage gap.</p>\n"
        out.append(f"<div data-search-exclude>{found}</div>\n")
    col = {x: p.hidden(g, f"stakeholders.{x}") for x in
           ("title", "buying_role", "sentiment", "strength", "last_contact", "status",
            "notes")}  # fmt: skip
    rows = [
        [esc(x.name),
         HIDDEN if col["title"] else esc(x.title or "—"),
         esc(x.level),
         HIDDEN if col["buying_role"] else esc((x.buying_role or "—").replace("_", " ")),
         HIDDEN if col["sentiment"] else
         f'<span class="kg-sentiment kg-{x.sentiment}">{esc(x.sentiment)}</span>',
         HIDDEN if col["strength"] else f"{x.strength} of 5",
         HIDDEN if col["last_contact"] else (x.last_contact.isoformat() if x.last_contact else "—"),
         HIDDEN if col["status"] else esc(x.status),
         p.person(here, x.our_contact) if x.our_contact else "—"]
        for x in people
    ]  # fmt: skip
    head = ["Name", "Title", "Level", "Buying role", "Sentiment", "Strength", "Last contact",
            "Status", "Our contact"]  # fmt: skip
    # Search finds people by name and title; the rest is on the page.
    out.append(p.table(here, "people", head, rows, "Stakeholders", "kg-people", indexed=[0, 1]))
    notes = [(x.name, x.notes) for x in people if x.notes and not col["notes"]]
    if notes:
        out.append(
            "<div data-search-exclude><p><strong>Notes</strong></p><ul>"
            + "".join(f"<li>{esc(n)}: {esc(t)}</li>" for n, t in notes)
            + "</ul></div>\n"
        )
    return "\n".join(out)


def gaps(p: Parts, a: AccountMetrics) -> list[str]:
    rel = a.relationships
    names = p.data.people(a.id)
    out = []
    for level, group in rel.by_level.items():
        if group.strong == 0:
            out.append(f"no strong relationship at {level} level ({group.active} active)")
    for buying_role, group in rel.by_role.items():
        if group.active and group.strong == 0:
            out.append(f"no strong relationship with a {buying_role.replace('_', ' ')}")
    if not rel.champions:
        out.append("no active champion")
    out += [f"detractor in power: {names.get(x, x)}" for x in rel.detractors_in_power]
    out += [f"champion who left: {names.get(x, x)}" for x in rel.departed_champions]
    if rel.single_threaded:
        out.append("single-threaded: one strong relationship or fewer")
    return out


def whitespace(p: Parts, a: AccountMetrics, source: Account) -> str:
    grid, g, here = source.whitespace, a.id, account_page(a.id)
    out = ["## Whitespace\n"]
    if grid is None:
        out.append("<p>The whitespace grid is confidential.</p>\n" if p.covered(g, "whitespace")
                   else "<p>No whitespace grid is recorded.</p>\n")  # fmt: skip
        return "\n".join(out)
    # A cell with a contract is marked (and its tooltip names the contract).
    signed = depth.on_cells(p, a, source)
    cells = {
        (c.unit, c.offering): svg.GridCell(
            c.status,
            (CONTRACT_MARK if (c.unit, c.offering) in signed else "")
            + (money(c.value, a.currency) if c.value is not None else ""),
            f"{c.unit} × {c.offering}: {c.status.replace('_', ' ')}"
            + (f", owner {p.team.get(c.owner, c.owner)}" if c.owner else "")
            + (f", target {c.target_date.isoformat()}" if c.target_date else "")
            + "".join(f"; {said}" for said in signed.get((c.unit, c.offering), []))
            + (f". {c.notes}" if c.notes else ""),
        )
        for c in grid.cells
    }
    key = svg.heatmap_legend()
    if any(cell in cells for cell in signed):
        key += (
            f'<p class="kg-legend" data-search-exclude>{CONTRACT_MARK.strip()} before a value '
            "marks a cell with a contract (under Contracts and renewals).</p>"
        )
    out.append(svg.figure(svg.heatmap(grid.units, grid.offerings, cells, a.name),
                          f"Whitespace grid of {a.name}", key) + "\n")  # fmt: skip
    # The grid's figures, as the catalogue declares them, each with its own why.
    figures = [
        f"<li><strong>{esc(m.label)}</strong>: {p.guard(g, esc(m.shown(a, p.currency)), *m.hides)}"
        f" — {p.guard(g, esc(m.why(a)), *m.hides)}</li>"
        for m in view("page")
        if m.section == "Whitespace"
    ]
    out.append('<ul class="kg-figures-text" data-search-exclude>' + "".join(figures) + "</ul>\n")
    w = a.whitespace
    if not w.open_cells:
        out.append("<p>No open cell: every explored cell is adopted, won, lost or not "
                   "applicable.</p>\n")  # fmt: skip
        return "\n".join(out)
    priority = ("whitespace.value", "whitespace.fit", "whitespace.champion")
    rows = [
        [esc(c.unit), esc(c.offering), esc(c.status.replace("_", " ")),
         p.guard(g, p.money(c.value), "whitespace.value"),
         p.guard(g, str(c.fit or "—"), "whitespace.fit"),
         p.guard(g, p.person(here, c.owner), "whitespace.owner"),
         p.guard(g, c.target_date.isoformat() if c.target_date else "—", "whitespace.target_date"),
         p.guard(g, f"{c.priority:,.0f}", *priority), p.guard(g, esc(c.why), *priority)]
        for c in w.open_cells[:CELL_ROWS]
    ]  # fmt: skip
    out.append(p.table(here, "open-cells", ["Unit", "Offering", "Status", "Value", "Fit",
                                            "Owner", "Target", "Priority", "Why"], rows,
                       "Open whitespace by priority", "kg-cells", indexed=[0, 1]))  # fmt: skip
    out.append(p.more(CELL_ROWS, len(w.open_cells), "by priority, in whitespace.yaml"))
    return "\n".join(out)


def the_plan(p: Parts, a: AccountMetrics, source: Account) -> str:
    """Situation, needs, competitors and objectives: the plan as the team wrote it."""
    plan = source.plan
    assert plan is not None
    here, g = account_page(a.id), a.id
    out = ["## The plan\n", '<div data-search-exclude markdown="0">']
    s = plan.situation
    situation = "".join(bullets(label, items) for label, items in (
        ("Priorities", s.priorities), ("Pressures", s.pressures),
        ("Initiatives", s.initiatives)))  # fmt: skip
    out.append("<h3>Situation</h3>\n" + (situation or "<p>No situation is recorded.</p>\n"))
    needs = "".join(bullets(label, items) for label, items in (
        ("Known", plan.needs.known), ("Unknown", plan.needs.unknown),
        ("Competitor-driven", plan.needs.competitor_driven),
        ("Personal", plan.needs.personal)))  # fmt: skip
    out.append("<h3>Needs</h3>\n" + (needs or "<p>No needs are recorded.</p>\n"))
    out.append("</div>\n")
    if plan.competitors:
        out.append("### Competitors\n")
        rows = [
            [esc(c.name), p.guard(g, esc(c.position or "—"), "competitors.position"),
             p.guard(g, esc(c.notes or "—"), "competitors.notes")]
            for c in plan.competitors
        ]  # fmt: skip
        out.append(p.table(here, "competitors", ["Competitor", "Position", "Notes"], rows,
                           "Competitors", indexed=[0]))  # fmt: skip
    out.append("### Objectives\n")
    out.append(objectives(p, a, source))
    return "\n".join(out)


def objectives(p: Parts, a: AccountMetrics, source: Account) -> str:
    plan = source.plan
    assert plan is not None
    g, here = a.id, account_page(a.id)
    if p.covered(g, "objectives"):
        return "<p>The objectives are confidential.</p>\n"
    if not plan.objectives:
        return "<p>No objective is recorded.</p>\n"
    late = {o.id for o in a.objectives_past_due}
    status_hidden = p.hidden(g, "objectives.status")
    rows = [
        [esc(o.title), esc(o.horizon),
         p.guard(g, p.money_in(o.target_revenue, a.currency), "objectives.target_revenue"),
         o.due.isoformat(),
         HIDDEN if status_hidden else
         esc(o.status) + (' <span class="kg-overdue">past due</span>' if o.id in late else "")]
        for o in plan.objectives
    ]  # fmt: skip
    return p.table(here, "objectives", ["Objective", "Horizon", "Target revenue", "Due",
                                        "Status"], rows, "Objectives", indexed=[0])  # fmt: skip


def voice(p: Parts, account_id: str, said: Voice | None) -> str:
    """The customer's latest CSAT, NPS and referenceability, as the catalogue declares them
    (its "Voice of the customer" metrics), each with the review it came from: linked to the
    file when the repository is known. A confidential one says so, and names no review.
    Part of the summary, and out of search: a section of its own in every account's search
    entry would cost each account the bytes of its heading, and the numbers are no words
    anyone searches for."""
    here = account_page(account_id)
    rows = []
    for metric in view("page"):
        if metric.section != VOICE:
            continue
        # The review a value came from is in `Voice` under the metric's key.
        came = getattr(said, metric.key, None) if said is not None else None
        why = said.why.get(metric.key, "") if said is not None else ""
        if came is None:
            review = esc(why or "no review records it")
        else:
            day = came.on.isoformat()
            dated = url_link(file_url(p.source, came.file), day) if p.source else day
            review = f"{dated} ({esc(PurePosixPath(came.file).name)})"
        value = metric.render(came.value if came is not None else None)
        rows.append([esc(metric.label), p.guard(account_id, esc(value), *metric.hides),
                     p.guard(account_id, review, *metric.hides)])  # fmt: skip
    table = p.table(here, "voice", ["Measure", "Latest", "From the review"], rows, VOICE,
                    "kg-voice", search=False)  # fmt: skip
    return f'<div class="kg-voice-part" data-search-exclude>\n<h3>{VOICE}</h3>\n{table}</div>\n'


def reviews(p: Parts, account_id: str, source: Account) -> str:
    out = ["## Review timeline\n"]
    if p.covered(account_id, "reviews"):
        out.append("<p>The reviews are confidential.</p>\n")
        return "\n".join(out)
    items = []
    for _, r in sorted(source.reviews, key=lambda nr: nr[1].date, reverse=True):
        parts = [f"<strong>{r.date.isoformat()}</strong> {esc(r.kind.replace('_', ' '))}"]
        detail = []
        if r.summary:
            detail.append(f"<p>{esc(r.summary)}</p>")
        labelled = (("Delivered", r.delivered), ("Value created", r.value_created),
                    ("Challenges", r.challenges), ("Opportunities", r.opportunities))  # fmt: skip
        for label, texts in labelled:
            if texts:
                detail.append(f"<p><em>{label}:</em> " + "; ".join(esc(t) for t in texts) + "</p>")
        # The date and kind are searchable ("a review by its date"); the text is on the page.
        if detail:
            parts.append("<div data-search-exclude>" + "".join(detail) + "</div>")
        items.append('<li class="kg-review">' + "".join(parts) + "</li>")
    out.append(
        '<ol class="kg-timeline">' + "".join(items) + "</ol>\n"
        if items
        else "<p>No review yet.</p>\n"
    )
    return "\n".join(out)


def numbers(p: Parts, a: AccountMetrics) -> str:
    """Every figure of the account, with its why, as the catalogue declares them."""
    here, g = account_page(a.id), a.id
    out = ["## How the numbers are made\n"]
    rows = [
        [esc(metric.label), p.guard(g, esc(metric.shown(a, p.currency)), *metric.hides),
         p.guard(g, esc(metric.why(a)), *metric.hides)]
        for metric in view("page")
    ]  # fmt: skip
    out.append(p.table(here, "numbers", ["Metric", "Value", "Why"], rows, "Metrics and why",
                       "kg-why", search=False))  # fmt: skip
    rows = [[esc(h.id.replace("_", " ")), f"{h.points} of {h.max}", esc(h.why)]
            for h in a.health_lines]  # fmt: skip
    out.append(p.table(here, "health", ["Health part", "Points", "Why"], rows,
                       "Health breakdown", "kg-health", search=False))  # fmt: skip
    out.append(
        f"<p data-search-exclude>Formulas are on the {link(p.href(here, METHOD), 'method')} "
        "page.</p>\n"
    )
    return "\n".join(out)


def confidential_notice(p: Parts, account_id: str) -> str:
    """What this page leaves out: exactly the paths that are hidden, each with the entry
    that hid it when that entry was narrower (`financials.revenue` hides `financials`)."""
    hidden = p.data.hidden.get(account_id)
    if hidden is None:
        return ""
    parts = []
    for path, asked in hidden.reasons():
        text = f"<code>{esc(path)}</code>"
        if asked:
            text += " (for " + ", ".join(f"<code>{esc(x)}</code>" for x in asked) + ")"
        parts.append(text)
    skipped = unchecked(hidden)
    checks = (
        " Not shown either, whether they find anything or not, because they read those "
        "fields: " + ", ".join(f"<code>{r}</code>" for r in skipped) + "."
        if skipped
        else ""
    )
    return (
        '<p class="kg-confidential" data-search-exclude>'
        f"Confidential and not shown: {', '.join(parts)}. "
        f"Figures on this page are computed without them; the "
        f"{link(p.href(account_page(account_id), METHOD), 'method')} page says what they "
        f"still influence.{checks}</p>\n"
    )
