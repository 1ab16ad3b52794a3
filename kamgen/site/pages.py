"""Every generated page of the portfolio site, as Markdown text: a pure function of SiteData.

Pages are front matter, Markdown headings (for the table of contents and search sections)
and raw HTML blocks for tables and pictures. Raw HTML passes through Markdown untouched, so
the escaping done here is the only one that matters, and it is entity escaping throughout.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kamgen.findings import Finding
from kamgen.load.portfolio import Account
from kamgen.metrics import AccountMetrics
from kamgen.metrics.docs import render as method_page
from kamgen.metrics.words import money, pct
from kamgen.model.stakeholders import Stakeholder
from kamgen.site import svg
from kamgen.site.data import SiteData
from kamgen.site.html import esc, front_matter, link, relative, table, tag

NRR_BENCHMARK = 1.10
HOME = "index.md"
METHOD = "method.md"
TAGS = "tags.md"


def account_page(account_id: str) -> str:
    return f"accounts/{account_id}.md"


def manager_page(member_id: str) -> str:
    return f"managers/{member_id}.md"


def tier_page(tier: int) -> str:
    return f"tiers/tier-{tier}.md"


class Site:
    def __init__(self, data: SiteData, directory_urls: bool = True, intro: str = "") -> None:
        self.data = data
        self.intro = intro
        self.m = data.metrics
        self.directory_urls = directory_urls
        self.team = {member.id: member.name for member in data.config.team}
        self.currency = data.metrics.currency

    # ---- shared pieces ----
    def href(self, here: str, there: str) -> str:
        return relative(here, there, self.directory_urls)

    def person(self, here: str, member_id: str | None) -> str:
        if member_id is None:
            return "—"
        name = self.team.get(member_id, member_id)
        if member_id in {m.id for m in self.m.managers}:
            return link(self.href(here, manager_page(member_id)), name)
        return esc(name)

    def money(self, amount: float | None) -> str:
        return "—" if amount is None else esc(money(amount, self.currency))

    def revenue(self, a: AccountMetrics, value: str) -> str:
        """Revenue figures of an account whose financials are confidential are not shown
        (they were computed from nothing, so they would read as zero)."""
        return "confidential" if "financials" in self.data.confidential.get(a.id, ()) else value

    def badge(self, text: str, kind: str, why: str) -> str:
        return f'<span class="kg-badge kg-{kind}" title="{esc(why)}">{esc(text)}</span>'

    def fresh_badge(self, a: AccountMetrics, kind: str = "plan_review") -> str:
        f = a.freshness.get(kind)
        if f is None:
            return "—"
        age = "never" if f.age_days is None else f"{f.age_days} d"
        return self.badge(f"{f.status.replace('_', ' ')} · {age}", f"fresh-{f.status}", f.why)

    def health_badge(self, a: AccountMetrics) -> str:
        level = "good" if a.health >= 75 else "fair" if a.health >= 50 else "poor"
        return self.badge(str(a.health), f"health-{level}", a.why["health"])

    def score(self, a: AccountMetrics) -> str:
        return f'<span title="{esc(a.why["selection_score"])}">{self.score_text(a)}</span>'

    def tier(self, a: AccountMetrics) -> str:
        if a.suggested_tier == a.tier:
            return str(a.tier)
        suggested = "none" if a.suggested_tier is None else str(a.suggested_tier)
        return f'<span title="{esc(a.why["suggested_tier"])}">{a.tier} → {suggested}</span>'

    def risk_ids(self, a: AccountMetrics) -> str:
        found = self.data.risks.get(a.id, [])
        errors = sorted({f.rule for f in found if f.severity == "error"})
        return " ".join(f'<code class="kg-risk">{esc(r)}</code>' for r in errors) or ""

    def accounts_table(self, here: str, accounts: Iterable[AccountMetrics]) -> str:
        rows = (
            [
                str(a.rank),
                link(self.href(here, account_page(a.id)), a.name),
                self.tier(a),
                self.score(a),
                self.health_badge(a),
                pct(a.relationships.coverage),
                self.fresh_badge(a),
                self.revenue(a, self.money(a.revenue)),
                self.person(here, a.owner),
                self.risk_ids(a),
            ]
            for a in accounts
        )
        head = ["#", "Account", "Tier", "Score", "Health", "Coverage", "Plan", "Revenue",
                "Owner", "At risk"]  # fmt: skip
        return table(head, rows, "kg-accounts")

    def findings_list(self, here: str, found: Sequence[Finding], names: bool = False) -> str:
        items = []
        for f in found:
            where = f"{f.file}:{f.line}" if f.line else f.file
            who = ""
            if names and f.account:
                a = self.m.account(f.account)
                who = link(self.href(here, account_page(f.account)), a.name if a else f.account)
                who += " — "
            items.append(
                f'<li class="kg-{f.severity}">{who}<code>{esc(f.rule)}</code> {esc(f.message)} '
                f"<small>({esc(where)})</small></li>"
            )
        return '<ul class="kg-findings">' + "".join(items) + "</ul>" if items else ""

    # ---- pages ----
    def pages(self) -> dict[str, str]:
        out = {HOME: self.home(), METHOD: self.method(), TAGS: self.tags()}
        for a in self.m.accounts:
            out[account_page(a.id)] = self.account(a)
        for manager in self.m.managers:
            out[manager_page(manager.id)] = self.manager(manager.id)
        for tier in sorted({a.tier for a in self.m.accounts} | {1, 2, 3}):
            out[tier_page(tier)] = self.tier_list(tier)
        return out

    def home(self) -> str:
        m, here = self.m, HOME
        n = len(m.accounts)
        fresh = sum(1 for a in m.accounts if a.freshness["plan_review"].status == "fresh")
        at_risk = [
            a
            for a in m.accounts
            if any(f.severity == "error" for f in self.data.risks.get(a.id, []))
        ]
        stale = [a for a in m.accounts if a.freshness["plan_review"].status == "stale"]
        nrr = "—" if m.nrr is None else pct(m.nrr)
        nrr_state = "good" if m.nrr is not None and m.nrr >= NRR_BENCHMARK else "poor"
        cards = [
            (
                "Key accounts",
                str(n),
                f"{len(m.skipped)} skipped" if m.skipped else "all computed",
                "",
            ),
            ("Revenue", self.money(m.revenue), esc(m.why.get("revenue", f"in {m.year}")), ""),
            ("Net revenue retention", nrr, "benchmark 110%", f" kg-{nrr_state}"),
            ("Plans fresh", f"{fresh} of {n}", pct(fresh / n if n else None), ""),
            ("At risk", str(len(at_risk)), "accounts with a blocking finding", ""),
        ]
        out = [front_matter("Portfolio", f"{n} key accounts", hide=["navigation"])]
        out.append(f"# {esc(self.data.config.portfolio.name)}\n")
        out.append(
            f'<p class="kg-asof">As of {m.today.isoformat()}. Every figure explains itself: '
            f"hover it, or read the account's page; formulas are on the "
            f"{link(self.href(here, METHOD), 'method')} page.</p>\n"
        )
        out.append(
            '<div class="kg-cards">'
            + "".join(
                f'<div class="kg-card{cls}"><div class="kg-card-label">{label}</div>'
                f'<div class="kg-card-value">{value}</div><div class="kg-card-note">{note}</div></div>'
                for label, value, note, cls in cards
            )
            + "</div>\n"
        )
        if self.intro:
            out.append(self.intro.strip() + "\n")  # the site author's own Markdown, trusted
        out.append("## Ranked portfolio\n")
        out.append(self.accounts_table(here, m.accounts) + "\n")
        out.append("## At risk\n")
        if at_risk:
            rows = [
                [link(self.href(here, account_page(a.id)), a.name), self.person(here, a.owner),
                 self.findings_list(here, [f for f in self.data.risks[a.id] if f.severity == "error"])]
                for a in at_risk
            ]  # fmt: skip
            out.append(table(["Account", "Owner", "Why"], rows, "kg-risks") + "\n")
        else:
            out.append("<p>No account has a blocking finding.</p>\n")
        out.append("## Stale plans\n")
        if stale:
            rows = [
                [link(self.href(here, account_page(a.id)), a.name), self.person(here, a.owner),
                 esc(a.freshness["plan_review"].why)]
                for a in stale
            ]  # fmt: skip
            out.append(table(["Account", "Owner", "Why"], rows) + "\n")
        else:
            out.append("<p>Every plan has been reviewed within its cadence.</p>\n")
        out.append("## Where revenue is concentrated\n")
        ranked = sorted(((a.name, a.revenue) for a in m.accounts), key=lambda x: -x[1])
        out.append(
            '<div class="kg-figures">' + svg.pareto(ranked)
            + svg.matrix(
                (svg.Bubble(a.name, self.href(here, account_page(a.id)), a.selection_score or 0,
                            a.health, a.revenue, a.tier) for a in m.accounts),
                self.currency,
            )
            + "</div>\n"
        )  # fmt: skip
        pareto = ", ".join(a.name for a in (m.account(i) for i in m.pareto_80) if a)
        out.append(
            f"<p>{len(m.pareto_80)} of {n} accounts make 80% of revenue: {esc(pareto) or '—'}. "
            f"Top account share: {pct(m.top_account_share)}. The matrix puts selection score "
            f"across and health up; bubble area is revenue; colour is the tier.</p>\n"
        )
        for title, shares in (("Region", m.by_region), ("Currency", m.by_currency)):
            rows = [
                [esc(key), self.money(s.revenue), pct(s.share), str(len(s.accounts))]
                for key, s in sorted(shares.items(), key=lambda kv: -kv[1].revenue)
            ]
            out.append(table([title, "Revenue", "Share", "Accounts"], rows) + "\n")
        out.append("## Largest open whitespace\n")
        cells = sorted(
            ((a, c) for a in m.accounts for c in a.whitespace.open_cells),
            key=lambda ac: -ac[1].value,
        )[:15]
        rows = [
            [link(self.href(here, account_page(a.id)), a.name), esc(c.unit), esc(c.offering),
             esc(c.status), self.money(c.value), self.person(here, c.owner),
             c.target_date.isoformat() if c.target_date else "—"]
            for a, c in cells
        ]  # fmt: skip
        out.append(
            table(["Account", "Unit", "Offering", "Status", "Value", "Owner", "Target"], rows)
            + "\n"
        )
        out.append("## Manager load\n")
        rows = [
            [link(self.href(here, manager_page(g.id)), g.name),
             f"{len(g.accounts)} / {g.max_accounts}", f"{len(g.tier1)} / {g.max_tier1}",
             "overloaded" if g.overloaded else "ok"]
            for g in m.managers
        ]  # fmt: skip
        out.append(table(["Manager", "Accounts / max", "Tier 1 / max", ""], rows) + "\n")
        if m.skipped:
            out.append("## Not computed\n")
            out.append(
                "<ul>"
                + "".join(f"<li><code>{esc(s.id)}</code>: {esc(s.reason)}</li>" for s in m.skipped)
                + "</ul>\n"
            )
        return "\n".join(out)

    def account(self, a: AccountMetrics) -> str:
        here = account_page(a.id)
        source = self.data.accounts[a.id]
        plan = source.plan
        assert plan is not None  # accounts without a usable plan are skipped by the metrics
        tags = [t for t in (tag("tier", a.tier), tag("kind", a.kind), tag("industry", a.industry or ""),
                            tag("region", a.region or "")) if t]  # fmt: skip
        out = [front_matter(a.name, f"Key account plan of {a.name}", tags)]
        out.append(f"# {esc(a.name)}\n")
        fresh = a.freshness["plan_review"]
        out.append(
            '<p class="kg-badges">'
            + self.badge(f"tier {a.tier}", "tier", f"declared tier; {a.why['suggested_tier']}")
            + self.badge(f"score {self.score_text(a)}", "score", a.why["selection_score"])
            + self.badge(f"health {a.health}", "health", a.why["health"])
            + self.badge(
                f"plan {fresh.status.replace('_', ' ')}", f"fresh-{fresh.status}", fresh.why
            )
            + self.badge(f"rank {a.rank}", "rank", a.why["rank"])
            + "</p>\n"
        )
        facts = [
            ("Owner", self.person(here, a.owner)),
            ("Executive sponsor", self.person(here, a.executive_sponsor)),
            ("Industry", esc(a.industry or "—")),
            ("Region", esc(a.region or "—")),
            ("Kind", esc(a.kind)),
        ]
        out.append(table(["", ""], [[k, v] for k, v in facts], "kg-facts") + "\n")
        out.append("## Why these numbers\n")
        rows = [
            ["Selection score", self.score_text(a), esc(a.why["selection_score"])],
            ["Suggested tier", str(a.suggested_tier or "none"), esc(a.why["suggested_tier"])],
            ["Health", str(a.health), esc(a.why["health"])],
            ["Revenue", self.revenue(a, self.money(a.revenue)), self.revenue(a, esc(a.why["revenue"]))],
            ["Net revenue retention", self.revenue(a, pct(a.nrr)), self.revenue(a, esc(a.why["nrr"]))],
            ["Share of wallet", self.revenue(a, pct(a.share_of_wallet)),
             self.revenue(a, esc(a.why["share_of_wallet"]))],
            ["Coverage", pct(a.relationships.coverage), esc(a.relationships.why.get("coverage", ""))],
            ["Multithread depth", str(a.relationships.multithread_depth),
             esc(a.relationships.why.get("multithread_depth", ""))],
        ]  # fmt: skip
        rows += [
            [f"Freshness: {kind.replace('_', ' ')}", f.status.replace("_", " "), esc(f.why)]
            for kind, f in a.freshness.items()
        ]
        out.append(table(["Metric", "Value", "Why"], rows, "kg-why") + "\n")
        out.append(
            table(
                ["Health part", "Points", "Why"],
                [
                    [esc(h.id.replace("_", " ")), f"{h.points} / {h.max}", esc(h.why)]
                    for h in a.health_breakdown
                ],
                "kg-health",
            )
            + "\n"
        )
        found = self.data.risks.get(a.id, [])
        if found:
            out.append("## Findings\n")
            out.append(self.findings_list(here, found) + "\n")
        out.append("## Situation\n")
        s = plan.situation
        if s.summary:
            out.append(f"<p>{esc(s.summary)}</p>\n")
        for label, items in (("Priorities", s.priorities), ("Pressures", s.pressures),
                             ("Initiatives", s.initiatives)):  # fmt: skip
            out.append(self.bullets(label, items))
        out.append("## Needs\n")
        for label, items in (("Known", plan.needs.known), ("Unknown", plan.needs.unknown),
                             ("Competitor-driven", plan.needs.competitor_driven),
                             ("Personal", plan.needs.personal)):  # fmt: skip
            out.append(self.bullets(label, items))
        if plan.competitors:
            out.append("## Competitors\n")
            rows = [
                [esc(c.name), esc(c.position or "—"), esc(c.notes or "")] for c in plan.competitors
            ]
            out.append(table(["Competitor", "Position", "Notes"], rows) + "\n")
        out.append("## Objectives and actions\n")
        late = {o.id for o in a.objectives_past_due}
        rows = [
            [esc(o.title), esc(o.horizon), self.money(o.target_revenue), o.due.isoformat(),
             esc(o.status) + (' <span class="kg-overdue">past due</span>' if o.id in late else "")]
            for o in plan.objectives
        ]  # fmt: skip
        out.append(table(["Objective", "Horizon", "Target revenue", "Due", "Status"], rows) + "\n")
        overdue = {o.id: o.days_late for o in a.overdue_actions}
        rows = [
            [esc(x.what), self.person(here, x.owner), x.due.isoformat(),
             esc(x.status) + (f' <span class="kg-overdue">overdue {overdue[x.id]} d</span>' if x.id in overdue else "")]
            for x in plan.actions
        ]  # fmt: skip
        out.append(table(["Action", "Owner", "Due", "Status"], rows, "kg-actions") + "\n")
        out.append(self.relationships(a, source))
        out.append(self.whitespace(a, source))
        out.append(self.reviews(source))
        if plan.waivers:
            out.append("## Waivers\n")
            rows = [[f"<code>{esc(w.rule)}</code>", esc(w.reason), w.until.isoformat(), self.person(here, w.by)]
                    for w in plan.waivers]  # fmt: skip
            out.append(table(["Rule", "Reason", "Until", "By"], rows) + "\n")
        hidden = self.data.confidential.get(a.id)
        if hidden:
            out.append(
                f'<p class="kg-confidential">Confidential and not shown: '
                f"{', '.join(f'<code>{esc(p)}</code>' for p in hidden)}.</p>\n"
            )
        return "\n".join(out)

    def score_text(self, a: AccountMetrics) -> str:
        return "—" if a.selection_score is None else f"{a.selection_score:g}"

    def bullets(self, label: str, items: Sequence[str]) -> str:
        if not items:
            return ""
        return (
            f"<p><strong>{label}</strong></p><ul>"
            + "".join(f"<li>{esc(i)}</li>" for i in items)
            + "</ul>\n"
        )

    def relationships(self, a: AccountMetrics, source: Account) -> str:
        people: list[Stakeholder] = source.stakeholders.stakeholders if source.stakeholders else []
        rel = a.relationships
        out = ["## Relationships\n"]
        drawn = [
            svg.Person(p.id, p.name, p.title, p.level, p.sentiment, p.strength, p.status == "left",
                       p.reports_to, tuple(p.influences))
            for p in people
        ]  # fmt: skip
        out.append('<figure class="kg-figure">' + svg.relationship_map(drawn, a.name)
                   + svg.legend(svg.SENTIMENT) + "</figure>\n")  # fmt: skip
        gaps = []
        for level, group in rel.by_level.items():
            if group.strong == 0:
                gaps.append(f"no strong relationship at {level} level ({group.active} active)")
        for role, group in rel.by_role.items():
            if group.active and group.strong == 0:
                gaps.append(f"no strong relationship with a {role.replace('_', ' ')}")
        if not rel.champions:
            gaps.append("no active champion")
        gaps += [f"detractor in power: {p}" for p in rel.detractors_in_power]
        gaps += [f"champion who left: {p}" for p in rel.departed_champions]
        if rel.single_threaded:
            gaps.append("single-threaded: one strong relationship or fewer")
        out.append(self.bullets("Coverage gaps", gaps) or "<p>No coverage gap.</p>\n")
        rows = [
            [esc(p.name), esc(p.title or "—"), esc(p.level), esc((p.buying_role or "—").replace("_", " ")),
             f'<span class="kg-sentiment kg-{p.sentiment}">{esc(p.sentiment)}</span>', str(p.strength),
             p.last_contact.isoformat() if p.last_contact else "—", esc(p.status), esc(p.notes or "")]
            for p in people
        ]  # fmt: skip
        out.append(table(["Name", "Title", "Level", "Buying role", "Sentiment", "Strength", "Last contact",
                          "Status", "Notes"], rows, "kg-people") + "\n")  # fmt: skip
        return "\n".join(out)

    def whitespace(self, a: AccountMetrics, source: Account) -> str:
        grid = source.whitespace
        out = ["## Whitespace\n"]
        if grid is None:
            return out[0]
        cells = {
            (c.unit, c.offering): svg.GridCell(
                c.status,
                money(c.value, a.currency) if c.value is not None else "",
                f"{c.unit} × {c.offering}: {c.status.replace('_', ' ')}"
                + (f", owner {self.team.get(c.owner, c.owner)}" if c.owner else "")
                + (f", target {c.target_date.isoformat()}" if c.target_date else "")
                + (f". {c.notes}" if c.notes else ""),
            )
            for c in grid.cells
        }
        out.append('<figure class="kg-figure">' + svg.heatmap(grid.units, grid.offerings, cells, a.name)
                   + svg.legend(svg.CELL) + "</figure>\n")  # fmt: skip
        w = a.whitespace
        out.append(
            f"<p>Adoption {pct(w.adoption)}, open value {self.money(w.value)}, conversion "
            f"{pct(w.conversion)}. {esc(w.why.get('value', ''))}</p>\n"
        )
        rows = [
            [esc(c.unit), esc(c.offering), esc(c.status), self.money(c.value), str(c.fit or "—"),
             self.person(account_page(a.id), c.owner), c.target_date.isoformat() if c.target_date else "—",
             f"{c.priority:,.0f}", esc(c.why)]
            for c in w.open_cells
        ]  # fmt: skip
        out.append(table(["Unit", "Offering", "Status", "Value", "Fit", "Owner", "Target", "Priority",
                          "Why"], rows, "kg-cells") + "\n")  # fmt: skip
        return "\n".join(out)

    def reviews(self, source: Account) -> str:
        out = ["## Review timeline\n"]
        items = []
        for _, r in sorted(source.reviews, key=lambda nr: nr[1].date, reverse=True):
            parts = [f"<strong>{r.date.isoformat()}</strong> {esc(r.kind.replace('_', ' '))}"]
            if r.summary:
                parts.append(f"<p>{esc(r.summary)}</p>")
            for label, texts in (("Delivered", r.delivered), ("Value created", r.value_created),
                                 ("Challenges", r.challenges), ("Opportunities", r.opportunities)):  # fmt: skip
                if texts:
                    parts.append(f"<em>{label}:</em> " + "; ".join(esc(t) for t in texts) + "<br>")
            items.append('<li class="kg-review">' + "".join(parts) + "</li>")
        out.append(
            '<ol class="kg-timeline">' + "".join(items) + "</ol>\n"
            if items
            else "<p>No review yet.</p>\n"
        )
        return "\n".join(out)

    def listing(self, here: str, title: str, description: str, accounts: list[AccountMetrics],
                intro: str) -> str:  # fmt: skip
        return (
            front_matter(title, description)
            + f"# {esc(title)}\n\n<p>{intro}</p>\n\n"
            + self.accounts_table(here, accounts)
            + "\n"
        )

    def manager(self, member_id: str) -> str:
        g = next(x for x in self.m.managers if x.id == member_id)
        mine = [a for a in self.m.accounts if a.owner == member_id]
        intro = (f"{len(g.accounts)} accounts (limit {g.max_accounts}), {len(g.tier1)} in tier 1 "
                 f"(limit {g.max_tier1}){': overloaded' if g.overloaded else ''}.")  # fmt: skip
        return self.listing(manager_page(member_id), g.name, f"Accounts of {g.name}", mine, intro)

    def tier_list(self, tier: int) -> str:
        mine = [a for a in self.m.accounts if a.tier == tier]
        return self.listing(tier_page(tier), f"Tier {tier}", f"Tier {tier} accounts", mine,
                            f"{len(mine)} accounts declared tier {tier}.")  # fmt: skip

    def method(self) -> str:
        return front_matter("Method", "How kamgen computes every number") + method_page(
            self.data.config
        )

    def tags(self) -> str:
        return (
            front_matter("Tags", "Accounts by tier, kind, industry and region")
            + "# Tags\n\n<!-- material/tags -->\n"
        )


def render(data: SiteData, directory_urls: bool = True, intro: str = "") -> dict[str, str]:
    """Every generated page: its path under the docs folder, and its Markdown. `intro` is the
    site's hand-written landing text, placed on the home page above the ranked table."""
    return Site(data, directory_urls, intro).pages()
