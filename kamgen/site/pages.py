"""Every generated page of the portfolio site, as Markdown text: a pure function of SiteData.

Pages are front matter, Markdown headings (for the table of contents and search sections)
and raw HTML blocks for tables and pictures. Raw HTML passes through Markdown untouched, so
the escaping done here is the only one that matters, and it is entity escaping throughout.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kamgen.base.findings import Finding
from kamgen.load.portfolio import Account
from kamgen.metrics import AccountMetrics
from kamgen.metrics.catalogue import role, view
from kamgen.metrics.words import money, names, pct, plural, retention
from kamgen.model.common import is_id
from kamgen.model.stakeholders import Stakeholder
from kamgen.report.docs import render as method_page
from kamgen.site import svg
from kamgen.site.data import REVENUE, SiteData, unchecked
from kamgen.site.html import esc, front_matter, link, relative, table, tag

NRR_BENCHMARK = 1.10
HOME = "index.md"
METHOD = "method.md"
TAGS = "tags.md"
HIDDEN = "confidential"  # what a page shows in place of a hidden field or a figure made of one
# Page size does not grow with the size of one account's files: longer lists are cut, and the
# cut says how many rows are left and where they are.
HOME_ROWS = 100  # ranked table on the home page (every account is on its tier's page)
LIST_ROWS = 50  # other lists of accounts on the home page
CELL_ROWS = 25  # ranked open whitespace cells of one account
FINDING_ROWS = 50  # findings of one account
AT_RISK_NOTE = "a blocking finding, a relationship that can lose the account, or health below 50"
REASON_ROWS = 5  # blocking findings shown per account in the home page's "At risk"
# Stakeholder fields that coverage gaps are worked out from.
GAP_FIELDS = tuple(
    f"stakeholders.{x}"
    for x in ("level", "buying_role", "sentiment", "strength", "last_contact", "status")
)


def account_page(account_id: str) -> str:
    return f"accounts/{account_id}.md"


def manager_page(member_id: str) -> str:
    return f"managers/{member_id}.md"


def tier_page(tier: int) -> str:
    return f"tiers/tier-{tier}.md"


def prose(text: str) -> str:
    """kamgen's own sentence as HTML: `quoted` parts become code; every part is escaped,
    since such a sentence can quote a user's value."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: no code at all
        return esc(text)
    return "".join(f"<code>{esc(p)}</code>" if i % 2 else esc(p) for i, p in enumerate(parts))


class Site:
    def __init__(self, data: SiteData, directory_urls: bool = True, intro: str = "") -> None:
        self.data = data
        self.intro = intro
        self.m = data.metrics
        self.directory_urls = directory_urls
        self.team = {member.id: member.name for member in data.config.team}
        self.managers = {m.id for m in self.m.managers}
        self.names = {a.id: a.name for a in self.m.accounts}
        self.currency = data.metrics.currency

    # ---- shared pieces ----
    def href(self, here: str, there: str) -> str:
        return relative(here, there, self.directory_urls)

    def person(self, here: str, member_id: str | None) -> str:
        if member_id is None:
            return "—"
        name = self.team.get(member_id, member_id)
        if member_id in self.managers:
            return link(self.href(here, manager_page(member_id)), name)
        return esc(name)

    def money(self, amount: float | None) -> str:
        return "—" if amount is None else esc(money(amount, self.currency))

    def hidden(self, account_id: str, *paths: str) -> bool:
        return self.data.is_hidden(account_id, *paths)

    def covered(self, account_id: str, path: str) -> bool:
        """`path` is hidden whole (not merely one of its fields)."""
        hidden = self.data.hidden.get(account_id)
        return hidden is not None and hidden.covers(path)

    def guard(self, account_id: str, html: str, *paths: str) -> str:
        """`html`, or "confidential" when any of `paths` of the account is hidden: a hidden
        field's default (zero, empty, "open") must not be shown as if it were the value."""
        return HIDDEN if self.hidden(account_id, *paths) else html

    def fresh_hidden(self, account_id: str, kind: str) -> bool:
        paths = ("reviews.date", "reviews.kind") + (("reviewed",) if kind == "plan_review" else ())
        return self.hidden(account_id, *paths)

    def more(self, shown: int, total: int, where: str) -> str:
        """The line under a list cut at `shown` rows."""
        if total <= shown:
            return ""
        return f"<p>… and {total - shown} more, {where}.</p>\n"

    def badge(self, text: str, kind: str, why: str) -> str:
        return f'<span class="kg-badge kg-{kind}" title="{esc(why)}">{esc(text)}</span>'

    def fresh_badge(self, a: AccountMetrics, kind: str = "plan_review") -> str:
        f = a.freshness.get(kind)
        if f is None:
            return "—"
        if self.fresh_hidden(a.id, kind):
            return HIDDEN
        age = "never" if f.age_days is None else f"{f.age_days} d"
        return self.badge(f"{f.status.replace('_', ' ')} · {age}", f"fresh-{f.status}", f.why)

    def health_badge(self, a: AccountMetrics) -> str:
        level = "good" if a.health >= 75 else "fair" if a.health >= 50 else "poor"
        return self.badge(str(a.health), f"health-{level}", a.why["health"])

    def score(self, a: AccountMetrics) -> str:
        return f'<span title="{esc(role("score").why(a))}">{self.score_text(a)}</span>'

    def tier(self, a: AccountMetrics) -> str:
        metric = role("tier_hint")
        value = metric.value(a)
        if value == a.tier:
            return str(a.tier)
        suggested = "none" if value is None else str(value)
        return f'<span title="{esc(metric.why(a))}">{a.tier} → {suggested}</span>'

    def risk_ids(self, a: AccountMetrics) -> str:
        codes = self.data.risk(a).codes
        return " ".join(f'<code class="kg-risk">{esc(r)}</code>' for r in codes) or ""

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
                self.guard(a.id, self.money(a.revenue), REVENUE),
                self.person(here, a.owner),
                self.risk_ids(a),
            ]
            for a in accounts
        )
        head = ["#", "Account", "Tier", "Score", "Health", "Coverage", "Plan", "Revenue",
                "Owner", "At risk"]  # fmt: skip
        return table(head, rows, "kg-accounts")

    def findings_list(self, here: str, found: Sequence[Finding], named: bool = False) -> str:
        items = []
        for f in found:
            where = f"{f.file}:{f.line}" if f.line else f.file
            who = ""
            if named and f.account:
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
        m, here, t = self.m, HOME, self.data.totals
        n = len(m.accounts)
        dated = [a for a in m.accounts if not self.fresh_hidden(a.id, "plan_review")]
        fresh = sum(1 for a in dated if a.freshness["plan_review"].status == "fresh")
        at_risk = [a for a in m.accounts if self.data.risk(a).at_risk]
        stale = [a for a in dated if a.freshness["plan_review"].status == "stale"]
        nrr = "—" if t.nrr is None else retention(t.nrr)
        nrr_state = "good" if t.nrr is not None and t.nrr >= NRR_BENCHMARK else "poor"
        left = len(self.data.left_out) + self.data.bad_folders
        undated = n - len(dated)
        cards = [
            ("Key accounts", str(n), f"{left} left out (see below)" if left else "all computed", ""),
            ("Revenue", self.money(t.revenue), esc(self.revenue_note()), ""),
            ("Net revenue retention", nrr,
             f"benchmark 110%; over {plural(t.nrr_accounts, 'account')} with revenue in both "
             f"years" + (f"; {len(t.confidential)} confidential" if t.confidential else ""),
             f" kg-{nrr_state}"),
            ("Plans fresh", f"{fresh} of {len(dated)}",
             pct(fresh / len(dated) if dated else None)
             + (f"; {undated} confidential" if undated else ""), ""),
            ("At risk", str(len(at_risk)), AT_RISK_NOTE, ""),
        ]  # fmt: skip
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
        out.append(self.accounts_table(here, m.accounts[:HOME_ROWS]) + "\n")
        out.append(self.more(HOME_ROWS, n, "each on its tier's page"))
        out.append("## At risk\n")
        if at_risk:
            rows = [
                [link(self.href(here, account_page(a.id)), a.name), self.person(here, a.owner),
                 "<ul>" + "".join(f"<li>{esc(r)}</li>" for r in reasons[:REASON_ROWS]) + "</ul>"
                 + self.more(REASON_ROWS, len(reasons), "on the account's page")]
                for a in at_risk[:LIST_ROWS]
                for reasons in [self.data.risk(a).reasons]
            ]  # fmt: skip
            out.append(table(["Account", "Owner", "Why"], rows, "kg-risks") + "\n")
            out.append(self.more(LIST_ROWS, len(at_risk), "marked on the tier pages"))
        else:
            out.append(f"<p>No account is at risk ({AT_RISK_NOTE}).</p>\n")
        out.append("## Stale plans\n")
        if stale:
            rows = [
                [link(self.href(here, account_page(a.id)), a.name), self.person(here, a.owner),
                 esc(a.freshness["plan_review"].why)]
                for a in stale[:LIST_ROWS]
            ]  # fmt: skip
            out.append(table(["Account", "Owner", "Why"], rows) + "\n")
            out.append(self.more(LIST_ROWS, len(stale), "marked on the tier pages"))
        else:
            out.append("<p>Every plan has been reviewed within its cadence.</p>\n")
        if undated:
            secret = [a.id for a in m.accounts if self.fresh_hidden(a.id, "plan_review")]
            out.append(
                "<p>Not counted in plan freshness, because their review dates are "
                f"confidential: {self.names_of(secret)}.</p>\n"
            )
        out.append(self.concentration(here))
        out.append(self.open_whitespace(here))
        out.append("## Manager load\n")
        rows = [
            [link(self.href(here, manager_page(g.id)), g.name),
             f"{len(g.accounts)} / {g.max_accounts}", f"{len(g.tier1)} / {g.max_tier1}",
             "overloaded" if g.overloaded else "ok"]
            for g in m.managers
        ]  # fmt: skip
        out.append(table(["Manager", "Accounts / max", "Tier 1 / max", ""], rows) + "\n")
        out.append(self.not_computed())
        return "\n".join(out)

    def revenue_note(self) -> str:
        """What the revenue total covers: how many accounts it counts and leaves out."""
        t, m = self.data.totals, self.m
        everyone = len(m.accounts) + len(self.data.left_out) + self.data.bad_folders
        out = f"across {len(t.counted)} of {plural(everyone, 'account')}"
        out += f" in {m.year}" if m.year is not None else ""
        left = []
        if t.confidential:
            left.append(f"{len(t.confidential)} confidential")
        if everyone - len(m.accounts):
            left.append(f"{everyone - len(m.accounts)} not computed")
        return out + ("; " + ", ".join(left) if left else "")

    def names_of(self, ids: Sequence[str], limit: int = 6) -> str:
        """Account names for a sentence: the first few, then how many more."""
        named = [self.names.get(i, i) for i in ids[:limit]]
        return esc(names(named + list(ids[limit:]), limit))

    def concentration(self, here: str) -> str:
        """Pareto curve, matrix and region and currency tables: only accounts whose revenue
        is published take part (an account drawn at zero would still take a place)."""
        m, t = self.m, self.data.totals
        counted_ids = set(t.counted)
        counted = [a for a in m.accounts if a.id in counted_ids]
        out = ["## Where revenue is concentrated\n"]
        ranked = sorted(((a.name, a.revenue, a.id) for a in counted), key=lambda x: (-x[1], x[2]))
        out.append(
            '<div class="kg-figures">' + svg.pareto([(name, v) for name, v, _ in ranked])
            + svg.matrix(
                (svg.Bubble(a.name, self.href(here, account_page(a.id)), role("matrix_x").value(a) or 0,
                            role("matrix_y").value(a), a.revenue, a.tier) for a in counted),
                self.currency,
            )
            + "</div>\n"
        )  # fmt: skip
        out.append(
            f"<p>{len(t.pareto_80)} of {len(counted)} accounts make 80% of revenue: "
            f"{self.names_of(t.pareto_80) or '—'}. Top account share: {pct(t.top_share)}. The "
            f"matrix puts selection score across and health up; bubble area is revenue; colour "
            f"is the tier.</p>\n"
        )
        if t.confidential:
            out.append(
                f'<p class="kg-confidential">Left out of the curve, the matrix, the tables and '
                f"every total above, because their revenue is confidential: "
                f"{self.names_of(t.confidential)}.</p>\n"
            )
        for title, shares in (("Region", t.by_region), ("Currency", t.by_currency)):
            rows = [
                [esc(key), self.money(s.revenue), pct(s.share), str(len(s.accounts))]
                for key, s in list(shares.items())[:LIST_ROWS]
            ]
            out.append(table([title, "Revenue", "Share", "Accounts"], rows) + "\n")
            out.append(self.more(LIST_ROWS, len(shares), "with smaller revenue"))
        if t.region_confidential:
            out.append(
                f"<p>Counted in the total but not by region, because their region is "
                f"confidential: {self.names_of(t.region_confidential)}.</p>\n"
            )
        return "\n".join(out)

    def open_whitespace(self, here: str) -> str:
        m = self.m
        out = ["## Largest open whitespace\n"]
        listed = [a for a in m.accounts if not self.hidden(a.id, "whitespace.value")]
        cells = sorted(
            ((a, c) for a in listed for c in a.whitespace.open_cells),
            key=lambda ac: (-ac[1].value, ac[0].id, ac[1].unit, ac[1].offering),
        )[:15]
        rows = [
            [link(self.href(here, account_page(a.id)), a.name), esc(c.unit), esc(c.offering),
             esc(c.status), self.money(c.value),
             self.guard(a.id, self.person(here, c.owner), "whitespace.owner"),
             self.guard(a.id, c.target_date.isoformat() if c.target_date else "—",
                        "whitespace.target_date")]
            for a, c in cells
        ]  # fmt: skip
        out.append(
            table(["Account", "Unit", "Offering", "Status", "Value", "Owner", "Target"], rows)
            + "\n"
        )
        listed_ids = {a.id for a in listed}
        secret = [a.id for a in m.accounts if a.id not in listed_ids]
        if secret:
            out.append(
                f"<p>Not listed, because their whitespace values are confidential: "
                f"{self.names_of(secret)}.</p>\n"
            )
        return "\n".join(out)

    def not_computed(self) -> str:
        """Accounts the site leaves out or shows in part, and why: never silently."""
        left = [x for x in self.data.left_out if is_id(x.id)]
        partial = [x for x in self.data.partial if is_id(x.id)]
        folders = self.data.bad_folders + len(self.data.left_out) - len(left)
        if not (left or partial or folders):
            return ""
        out = ["## Not computed\n"]
        if left:
            out.append(
                "<p>Left out of this site:</p><ul>"
                + "".join(f"<li><code>{esc(x.id)}</code>: {prose(x.reason)}</li>"
                          for x in left[:LIST_ROWS])
                + "</ul>\n"
            )  # fmt: skip
            out.append(self.more(LIST_ROWS, len(left), "listed by <code>kamgen check</code>"))
            out.append(
                "<p>Ranks on this site are those of <code>kamgen report</code>: they count "
                "every scored account, left out or not.</p>\n"
            )
        if folders:
            out.append(
                f"<p>Also left out: {plural(folders, 'folder')} under <code>accounts/</code> "
                "whose name is not an account id (lowercase letters, digits and hyphens); "
                "<code>kamgen check</code> names them.</p>\n"
            )
        if partial:
            out.append(
                "<p>Shown without a file that could not be used:</p><ul>"
                + "".join(
                    f"<li>{link(self.href(HOME, account_page(x.id)), self.account_name(x.id))}: "
                    f"{prose(x.reason)}</li>"
                    for x in partial[:LIST_ROWS]
                )
                + "</ul>\n"
            )
            out.append(self.more(LIST_ROWS, len(partial), "listed by <code>kamgen check</code>"))
        return "\n".join(out)

    def account_name(self, account_id: str) -> str:
        return self.names.get(account_id, account_id)

    def account(self, a: AccountMetrics) -> str:
        here = account_page(a.id)
        source = self.data.accounts[a.id]
        plan = source.plan
        assert plan is not None  # accounts without a usable plan are skipped by the metrics
        g = a.id  # the account whose fields `self.guard` asks about
        kind = "" if self.hidden(g, "kind") else a.kind
        tags = [t for t in (tag("tier", a.tier), tag("kind", kind), tag("industry", a.industry or ""),
                            tag("region", a.region or "")) if t]  # fmt: skip
        out = [front_matter(a.name, f"Key account plan of {a.name}", tags)]
        out.append(f"# {esc(a.name)}\n")
        fresh = a.freshness["plan_review"]
        plan_badge = (
            self.badge("plan confidential", "fresh", "the review dates are confidential")
            if self.fresh_hidden(g, "plan_review")
            else self.badge(
                f"plan {fresh.status.replace('_', ' ')}", f"fresh-{fresh.status}", fresh.why
            )
        )
        out.append(
            '<p class="kg-badges">'
            + self.badge(f"tier {a.tier}", "tier", f"declared tier; {role('tier_hint').why(a)}")
            + self.badge(f"score {self.score_text(a)}", "score", role("score").why(a))
            + self.badge(f"health {a.health}", "health", a.why["health"])
            + plan_badge
            + self.badge(f"rank {a.rank}", "rank", a.why["rank"])
            + "</p>\n"
        )
        facts = [
            ("Owner", self.person(here, a.owner)),
            ("Executive sponsor", self.guard(g, self.person(here, a.executive_sponsor), "executive_sponsor")),
            ("Industry", self.guard(g, esc(a.industry or "—"), "industry")),
            ("Region", self.guard(g, esc(a.region or "—"), "region")),
            ("Kind", self.guard(g, esc(a.kind), "kind")),
        ]  # fmt: skip
        out.append(table(["", ""], [[k, v] for k, v in facts], "kg-facts") + "\n")
        out.append("## Why these numbers\n")
        rows = [
            [esc(metric.label), self.guard(g, esc(metric.shown(a, self.currency)), *metric.hides),
             self.guard(g, esc(metric.why(a)), *metric.hides)]
            for metric in view("page")
        ]  # fmt: skip
        out.append(table(["Metric", "Value", "Why"], rows, "kg-why") + "\n")
        out.append(
            table(
                ["Health part", "Points", "Why"],
                [
                    [esc(h.id.replace("_", " ")), f"{h.points} / {h.max}", esc(h.why)]
                    for h in a.health_lines
                ],
                "kg-health",
            )
            + "\n"
        )
        found = self.data.risks.get(a.id, [])
        if found:
            out.append("## Findings\n")
            out.append(self.findings_list(here, found[:FINDING_ROWS]) + "\n")
            out.append(self.more(FINDING_ROWS, len(found), "listed by <code>kamgen check</code>"))
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
                [esc(c.name), self.guard(g, esc(c.position or "—"), "competitors.position"),
                 self.guard(g, esc(c.notes or ""), "competitors.notes")]
                for c in plan.competitors
            ]  # fmt: skip
            out.append(table(["Competitor", "Position", "Notes"], rows) + "\n")
        out.append("## Objectives and actions\n")
        out.append(self.objectives(a, source))
        out.append(self.actions(a, source))
        out.append(self.relationships(a, source))
        out.append(self.whitespace(a, source))
        out.append(self.reviews(a, source))
        if plan.waivers:
            out.append("## Waivers\n")
            rows = [[f"<code>{esc(w.rule)}</code>", esc(w.reason), w.until.isoformat(), self.person(here, w.by)]
                    for w in plan.waivers]  # fmt: skip
            out.append(table(["Rule", "Reason", "Until", "By"], rows) + "\n")
        out.append(self.notice(a))
        return "\n".join(out)

    def notice(self, a: AccountMetrics) -> str:
        """What this page leaves out: exactly the paths that are hidden, each with the entry
        that hid it when that entry was narrower (`financials.revenue` hides `financials`)."""
        hidden = self.data.hidden.get(a.id)
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
            f'<p class="kg-confidential">Confidential and not shown: {", ".join(parts)}. '
            f"Figures on this page are computed without them; the "
            f"{link(self.href(account_page(a.id), METHOD), 'method')} page says what they "
            f"still influence.{checks}</p>\n"
        )

    def objectives(self, a: AccountMetrics, source: Account) -> str:
        plan = source.plan
        assert plan is not None
        g = a.id
        if self.covered(g, "objectives"):
            return "<p>The objectives are confidential.</p>\n"
        late = {o.id for o in a.objectives_past_due}
        status_hidden = self.hidden(g, "objectives.status")
        rows = [
            [esc(o.title), esc(o.horizon),
             self.guard(g, self.money_in(o.target_revenue, a.currency), "objectives.target_revenue"),
             o.due.isoformat(),
             HIDDEN if status_hidden else
             esc(o.status) + (' <span class="kg-overdue">past due</span>' if o.id in late else "")]
            for o in plan.objectives
        ]  # fmt: skip
        return table(["Objective", "Horizon", "Target revenue", "Due", "Status"], rows) + "\n"

    def actions(self, a: AccountMetrics, source: Account) -> str:
        plan = source.plan
        assert plan is not None
        g, here = a.id, account_page(a.id)
        if self.covered(g, "actions"):
            return "<p>The actions are confidential.</p>\n"
        overdue = {o.id: o.days_late for o in a.overdue_actions}
        status_hidden = self.hidden(g, "actions.status")
        rows = [
            [esc(x.what), self.person(here, x.owner), x.due.isoformat(),
             HIDDEN if status_hidden else
             esc(x.status) + (f' <span class="kg-overdue">overdue {overdue[x.id]} d</span>' if x.id in overdue else "")]
            for x in plan.actions
        ]  # fmt: skip
        return table(["Action", "Owner", "Due", "Status"], rows, "kg-actions") + "\n"

    def money_in(self, amount: float | None, currency: str) -> str:
        """An amount in the account's own currency (plan amounts are not converted)."""
        return "—" if amount is None else esc(money(amount, currency))

    def score_text(self, a: AccountMetrics) -> str:
        score = role("score").value(a)
        return "—" if score is None else f"{score:g}"

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
        g = a.id
        out = ["## Relationships\n"]
        if self.covered(g, "stakeholders"):
            out.append("<p>The stakeholders are confidential.</p>\n")
            return "\n".join(out)
        drawn = [
            svg.Person(p.id, p.name, p.title, p.level, p.sentiment, p.strength, p.status == "left",
                       p.reports_to, tuple(p.influences))
            for p in people
        ]  # fmt: skip
        out.append('<figure class="kg-figure">' + svg.relationship_map(drawn, a.name)
                   + svg.legend(svg.SENTIMENT) + "</figure>\n")  # fmt: skip
        if self.hidden(g, *GAP_FIELDS):
            out.append(
                "<p>Coverage gaps are not shown: they follow from confidential fields.</p>\n"
            )
        else:
            out.append(self.bullets("Coverage gaps", self.gaps(a)) or "<p>No coverage gap.</p>\n")
        col = {x: self.hidden(g, f"stakeholders.{x}") for x in
               ("title", "buying_role", "sentiment", "strength", "last_contact", "status", "notes")}  # fmt: skip
        rows = [
            [esc(p.name),
             HIDDEN if col["title"] else esc(p.title or "—"),
             esc(p.level),
             HIDDEN if col["buying_role"] else esc((p.buying_role or "—").replace("_", " ")),
             HIDDEN if col["sentiment"] else
             f'<span class="kg-sentiment kg-{p.sentiment}">{esc(p.sentiment)}</span>',
             HIDDEN if col["strength"] else str(p.strength),
             HIDDEN if col["last_contact"] else
             (p.last_contact.isoformat() if p.last_contact else "—"),
             HIDDEN if col["status"] else esc(p.status),
             HIDDEN if col["notes"] else esc(p.notes or "")]
            for p in people
        ]  # fmt: skip
        out.append(table(["Name", "Title", "Level", "Buying role", "Sentiment", "Strength", "Last contact",
                          "Status", "Notes"], rows, "kg-people") + "\n")  # fmt: skip
        return "\n".join(out)

    def gaps(self, a: AccountMetrics) -> list[str]:
        rel = a.relationships
        gaps = []
        for level, group in rel.by_level.items():
            if group.strong == 0:
                gaps.append(f"no strong relationship at {level} level ({group.active} active)")
        for buying_role, group in rel.by_role.items():
            if group.active and group.strong == 0:
                gaps.append(f"no strong relationship with a {buying_role.replace('_', ' ')}")
        if not rel.champions:
            gaps.append("no active champion")
        gaps += [f"detractor in power: {p}" for p in rel.detractors_in_power]
        gaps += [f"champion who left: {p}" for p in rel.departed_champions]
        if rel.single_threaded:
            gaps.append("single-threaded: one strong relationship or fewer")
        return gaps

    def whitespace(self, a: AccountMetrics, source: Account) -> str:
        grid, g = source.whitespace, a.id
        out = ["## Whitespace\n"]
        if grid is None:
            if self.covered(g, "whitespace"):
                out.append("<p>The whitespace grid is confidential.</p>\n")
            return "\n".join(out)
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
        # The grid's figures, as the catalogue declares them (each with its why on hover).
        figures = [
            f'<span title="{self.guard(g, esc(m.why(a)), *m.hides)}">{esc(m.label)} '
            f"{self.guard(g, esc(m.shown(a, self.currency)), *m.hides)}</span>"
            for m in view("page")
            if m.section == "Whitespace"
        ]
        out.append("<p>" + "; ".join(figures) + ".</p>\n")
        priority = ("whitespace.value", "whitespace.fit", "whitespace.champion")
        rows = [
            [esc(c.unit), esc(c.offering), esc(c.status),
             self.guard(g, self.money(c.value), "whitespace.value"),
             self.guard(g, str(c.fit or "—"), "whitespace.fit"),
             self.guard(g, self.person(account_page(a.id), c.owner), "whitespace.owner"),
             self.guard(g, c.target_date.isoformat() if c.target_date else "—", "whitespace.target_date"),
             self.guard(g, f"{c.priority:,.0f}", *priority), self.guard(g, esc(c.why), *priority)]
            for c in w.open_cells[:CELL_ROWS]
        ]  # fmt: skip
        out.append(table(["Unit", "Offering", "Status", "Value", "Fit", "Owner", "Target", "Priority",
                          "Why"], rows, "kg-cells") + "\n")  # fmt: skip
        out.append(self.more(CELL_ROWS, len(w.open_cells), "by priority, in whitespace.yaml"))
        return "\n".join(out)

    def reviews(self, a: AccountMetrics, source: Account) -> str:
        out = ["## Review timeline\n"]
        if self.covered(a.id, "reviews"):
            out.append("<p>The reviews are confidential.</p>\n")
            return "\n".join(out)
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
        return (
            front_matter("Method", "How kamgen computes every number")
            + method_page(self.data.config).rstrip("\n")
            + "\n\n"
            + self.confidential_method()
        )

    def confidential_method(self) -> str:
        """What the site does with `confidential:`, and what a hidden field still moves."""
        out = ["## Confidential fields", ""]
        if self.data.include_confidential:
            out += [
                "This site was built with `--include-confidential`: the fields plans list in "
                "`confidential:` are published on it, and none of what follows applies.",
                "",
            ]
        derived = [c for c in self.data.config.scoring.criteria if c.source == "revenue_quintile"]
        if derived:
            which = ", ".join(f"`{esc(c.id)}` (weight {c.weight:g})" for c in derived)
            revenue = (
                f"The criterion {which} is derived from revenue: it is the account's revenue "
                "quintile among all accounts, those with confidential revenue included, and it "
                "counts in every score. So every account's score, suggested tier and place in "
                "the ranked tables (which are ordered by score) reflect confidential revenue "
                "through that criterion, and through nothing else. With the other criteria "
                "known, the quintile of an account can be worked out from its score. No "
                "explanation on this site names a revenue rank."
            )
        else:
            revenue = "No criterion of this portfolio is derived from revenue."
        out += [
            "Fields a plan lists in `confidential:` are removed before anything on this site "
            "is computed. Where such a field, or a figure made only from it (revenue, net "
            "revenue retention, share of wallet, a whitespace value, a freshness), would "
            "appear, the page says *confidential*, and each account's page lists what it "
            "leaves out.",
            "",
            "- **Totals and charts.** Portfolio revenue, net revenue retention, the Pareto "
            "curve, the portfolio matrix, the region and currency tables and the largest open "
            "whitespace leave out every account whose input to them is confidential (it is "
            "not counted as zero), and each says how many accounts it covers and which it "
            "leaves out, confidential or not computed.",
            "- **Other figures** (health, coverage, the whitespace grid's figures) are computed from "
            "what is published: a hidden field counts as absent, so they can read lower than "
            "`kamgen report` says.",
            "- **Still influenced: selection.** Selection score, suggested tier and rank are "
            "computed from the full plans, so that the site ranks exactly as `kamgen report` "
            "and CI do; confidential `scores` still make the score. " + revenue,
            "- **Findings.** For an account with confidential fields, a policy finding is "
            "shown only when the published data gives it too, and a message that would "
            "quote a hidden value reads *details are confidential*. `kamgen check` on the "
            "repository reports everything.",
            "- **Always published.** Ids (of accounts, stakeholders, objectives, actions) "
            "name pages and appear in explanations; an account's id, tier, owner and currency "
            "cannot be confidential.",
            "- **Typos fail closed.** An entry of `confidential:` that names no field is an "
            "error (`unknown-confidential-path`, with a suggestion), and the site leaves that "
            "account out until it is fixed.",
            "",
        ]
        return "\n".join(out)

    def tags(self) -> str:
        return (
            front_matter("Tags", "Accounts by tier, kind, industry and region")
            + "# Tags\n\n<!-- material/tags -->\n"
        )


def render(data: SiteData, directory_urls: bool = True, intro: str = "") -> dict[str, str]:
    """Every generated page: its path under the docs folder, and its Markdown. `intro` is the
    site's hand-written landing text, placed on the home page above the ranked table."""
    return Site(data, directory_urls, intro).pages()
