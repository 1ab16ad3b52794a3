"""The pieces every generated page is made of: links, people, money, badges with words,
tables with their CSV download, and findings told as what someone should do.

Raw HTML passes through Markdown untouched, so the escaping done here (and in `html`) is the
only one that matters: entity escaping throughout.
"""

from __future__ import annotations

import csv
import functools
import html as stdlib_html
import io
import posixpath
import re
from collections.abc import Iterable, Sequence

from kamgen.base.escape.csv import cell as csv_cell
from kamgen.base.escape.html import text as html_text
from kamgen.base.findings import Finding
from kamgen.metrics import AccountMetrics
from kamgen.metrics.catalogue import role
from kamgen.metrics.formulas import health_band
from kamgen.metrics.words import money, names, plural
from kamgen.rules.advice import advise
from kamgen.rules.risk import RENEWAL_AT_RISK, renewals_at_risk
from kamgen.site.data import PLAN_REVIEW, REVENUE, WITHHELD, SiteData
from kamgen.site.html import Cell, esc, link, page_url, relative, table
from kamgen.site.links import file_url
from kamgen.site.paths import account_page, csv_file, manager_page

HIDDEN = "confidential"  # what a page shows in place of a hidden field or a figure made of one
AT_RISK_NOTE = (
    "a blocking finding, a relationship that can lose the account, health below 50, or a "
    "renewal the team marked at risk"
)
_TAGS = re.compile(r"<[^>]*>")
# What each badge's colour means, in the words the badge carries (a health band is its own word).
FRESH_WORD = {"fresh": "fresh", "due_soon": "due soon", "stale": "overdue"}


def prose(text: str) -> str:
    """kamgen's own sentence as HTML: `quoted` parts become code; every part is escaped,
    since such a sentence can quote a user's value."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: no code at all
        return esc(text)
    return "".join(f"<code>{esc(p)}</code>" if i % 2 else esc(p) for i, p in enumerate(parts))


def card(label: str, value: str, note: str, state: str = "") -> str:
    """A figure on its own: label, value (HTML) and a note (HTML) saying how it is made and
    what it leaves out; `state` ("good", "poor") colours its edge, beside the words."""
    # Lines between the parts: search reads "Revenue USD 5,428,150", not "RevenueUSD".
    cls = f" kg-{state}" if state else ""
    return (
        f'<div class="kg-card{cls}">\n<div class="kg-card-label">{esc(label)}</div>\n'
        f'<div class="kg-card-value">{value}</div>\n<div class="kg-card-note">{note}</div>\n'
        "</div>"
    )


@functools.lru_cache(maxsize=65536)  # an account's row repeats on up to five lists
def plain(cell_html: str) -> str:
    """A table cell's text, for its CSV: the cells are kamgen's own HTML around escaped
    text, so removing the tags and undoing the entities gives the text back."""
    return stdlib_html.unescape(_TAGS.sub(" ", cell_html)).strip().replace("  ", " ")


class Parts:
    def __init__(
        self,
        data: SiteData,
        directory_urls: bool = True,
        intro: str = "",
        source: str | None = None,
    ) -> None:
        self.data = data
        self.intro = intro
        self.source = source  # where the repository shows the portfolio's files, if known
        self.m = data.metrics
        self.directory_urls = directory_urls
        self.team = {member.id: member.name for member in data.config.team}
        self.managers = {m.id for m in self.m.managers}
        self.names = {a.id: a.name for a in self.m.accounts}
        self.currency = data.metrics.currency
        self.downloads: dict[str, str] = {}  # CSV files made while the pages are rendered

    # ---- links and people ----
    def href(self, here: str, there: str) -> str:
        return relative(here, there, self.directory_urls)

    def file_href(self, here: str, path: str) -> str:
        """A link from a page to a file the build writes (a CSV download)."""
        base = page_url(here, self.directory_urls)
        folder = base if base.endswith("/") or not base else posixpath.dirname(base) + "/"
        return posixpath.relpath(path, folder or ".")

    def account_link(self, here: str, a: AccountMetrics) -> str:
        return link(self.href(here, account_page(a.id)), a.name).replace(
            "<a ", '<a class="kg-name" ', 1
        )

    def person(self, here: str, member_id: str | None) -> str:
        if member_id is None:
            return "—"
        name = self.team.get(member_id, member_id)
        if member_id in self.managers:
            return link(self.href(here, manager_page(member_id)), name)
        return esc(name)

    def money(self, amount: float | None) -> str:
        return "—" if amount is None else esc(money(amount, self.currency))

    def money_in(self, amount: float | None, currency: str) -> str:
        """An amount in the account's own currency (plan amounts are not converted)."""
        return "—" if amount is None else esc(money(amount, currency))

    def names_of(self, ids: Sequence[str], limit: int = 6) -> str:
        """Account names for a sentence: the first few, then how many more."""
        named = [self.names.get(i, i) for i in ids[:limit]]
        return esc(names(named + list(ids[limit:]), limit))

    # ---- what is hidden ----
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
        paths = PLAN_REVIEW if kind == "plan_review" else ("reviews.date", "reviews.kind")
        return self.hidden(account_id, *paths)

    def revenue(self, a: AccountMetrics) -> str:
        return self.guard(a.id, self.money(a.revenue), REVENUE)

    # ---- badges: a colour always comes with its word ----
    def badge(self, text: str, kind: str, why: str = "") -> str:
        title = f' title="{esc(why)}"' if why else ""
        return f'<span class="kg-badge kg-{kind}"{title}>{esc(text)}</span>'

    def health_badge(self, a: AccountMetrics, why: bool = True, label: str = "") -> str:
        band = health_band(a.health)
        return self.badge(f"{label}{a.health} {band}", f"health-{band}",
                          a.why["health"] if why else "")  # fmt: skip

    def fresh_badge(self, a: AccountMetrics, kind: str = "plan_review", why: bool = True) -> str:
        f = a.freshness.get(kind)
        if f is None:
            return "—"
        if self.fresh_hidden(a.id, kind):
            return HIDDEN
        if f.age_days is None:
            return self.badge("never reviewed", "fresh-stale", f.why if why else "")
        # The days that matter for each state: since the review while it is fresh, to the
        # limit once it falls due, past the limit once it is overdue ("due soon, 24 d" read
        # as a countdown it was not).
        left = f.limit_days - f.age_days
        said = {
            "fresh": f"fresh, {f.age_days} d ago",
            "due_soon": f"due in {left} d" if left else "due today",
            "stale": f"overdue {-left} d",
        }[f.status]
        return self.badge(said, f"fresh-{f.status}", f.why if why else "")

    def fresh_cell(self, a: AccountMetrics) -> str | Cell:
        """The plan review badge, sorting by days since the review (never reviewed last)."""
        f = a.freshness["plan_review"]
        if self.fresh_hidden(a.id, "plan_review"):
            return HIDDEN
        return Cell(self.fresh_badge(a, why=False), 10**6 if f.age_days is None else f.age_days)

    def score_text(self, a: AccountMetrics) -> str:
        score = role("score").value(a)
        return "—" if score is None else f"{score:g}"

    def tier_text(self, a: AccountMetrics) -> str:
        """The declared tier, and the suggested one in words where the score suggests
        another ("2, suggested 1")."""
        suggested = role("tier_hint").value(a)
        if suggested == a.tier:
            return str(a.tier)
        return f"{a.tier}, suggested {'none' if suggested is None else suggested}"

    # ---- tables ----
    def table(
        self,
        here: str,
        name: str,
        head: Sequence[str],
        rows: Iterable[Sequence[str | Cell]],
        label: str,
        css: str = "kg-list",
        attrs: str = "",
        search: bool = True,
        indexed: Sequence[int] | None = None,
        empty: str = "",
        numeric: Sequence[int] = (),
    ) -> str:
        """A table in its own scrolling wrapper (a phone never scrolls the page sideways),
        with a CSV download of the same rows. `search=False` keeps it out of the search
        index (long explanations: the index stays small, and the page is one click away), and
        `indexed` names the only columns that reach it."""
        rows = [list(r) for r in rows]
        if not rows:  # no empty table, no empty download: a sentence says there is none
            return f"<p>{esc(empty or 'Nothing to list under ' + label.lower() + '.')}</p>\n"
        return self.frame(label, table(head, rows, css, attrs, indexed, numeric), search) + (
            self.download(here, name, head, rows, label)
        )

    def frame(self, label: str, html: str, search: bool = True) -> str:
        """A table in its own scrolling wrapper, which takes keyboard focus: a phone scrolls
        the table, never the page."""
        exclude = "" if search else " data-search-exclude"
        return (
            f'<div class="kg-table" role="region" tabindex="0" aria-label="{esc(label)}"'
            f"{exclude}>{html}</div>\n"
        )

    def download(
        self, here: str, name: str, head: Sequence[str], rows: Iterable[Sequence[str | Cell]],
        label: str,
    ) -> str:  # fmt: skip
        """The CSV file of `rows` (cells as HTML, written as their text), and its link. A page
        that splits one list into several tables (the renewal calendar's months) gives the
        whole list as one download."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([plain(h) for h in head])
        writer.writerows([csv_cell(plain(str(c))) for c in row] for row in rows)
        path = csv_file(here, name)
        self.downloads[path] = buffer.getvalue()
        return (
            f'<p class="kg-csv" data-search-exclude><a href="{esc(self.file_href(here, path))}"'
            f" download>Download {esc(label.lower())} as CSV</a></p>\n"
        )

    def more(self, shown: int, total: int, where: str) -> str:
        """The line under a list cut at `shown` rows."""
        if total <= shown:
            return ""
        return f"<p>… and {total - shown} more, {where}.</p>\n"

    # ---- findings, told as what someone should do ----
    def where(self, here: str, f: Finding) -> str:
        """The finding's file and line, as a link into the repository when it is known."""
        label = f"{f.file} line {f.line}" if f.line else f.file
        if self.source is None:
            return f'<span class="kg-where">{esc(label)}</span>'
        return (
            f'<a class="kg-where" href="{html_text(file_url(self.source, f.file, f.line))}">'
            f"{esc(label)}</a>"
        )

    def findings(self, here: str, found: Sequence[Finding], named: bool = False) -> str:
        items = []
        for f in found:
            a = self.m.account(f.account) if f.account else None
            people = self.data.people(f.account) if f.account else {}
            if f.message == WITHHELD:  # nothing is worked out from a withheld finding
                sentence = f"{f.file.rsplit('/', 1)[-1] or 'A file'}: {WITHHELD}."
            else:
                sentence = advise(f, a, self.team, people).sentence
            who = (self.account_link(here, a) + " — ") if named and a else ""
            sev = "Blocks" if f.severity == "error" else "Warning"
            items.append(
                f'<li class="kg-{f.severity}"><span class="kg-sev">{sev}</span> {who}'
                f"{prose(sentence)} <small>({self.where(here, f)}, rule "
                f"<code>{esc(f.rule)}</code>)</small></li>"
            )
        if not items:
            return ""
        return '<ul class="kg-findings" data-search-exclude>' + "".join(items) + "</ul>\n"

    def poor_health(self, a: AccountMetrics) -> str:
        """Why health makes the account at risk: its parts, without the total twice."""
        parts = a.why["health"].split(": ", 1)[-1]  # the parts, after "N of 100, ...:"
        return (
            f"<p data-search-exclude>Health {a.health} of 100 is poor (below 50): "
            f"{prose(parts)}.</p>\n"
        )

    def renewals_at_risk(self, a: AccountMetrics) -> str:
        """The renewals the team marked at risk: not findings but facts of the plan, said
        first and in red, as what makes the account at risk."""
        risk = self.data.risk(a)
        if RENEWAL_AT_RISK not in risk.codes:
            return ""
        # The same sentences the risk was assessed from (the site passes none for an account
        # whose contracts are confidential, and then the code is absent).
        said = [r[:1].upper() + r[1:] for r in renewals_at_risk(a)]
        return (
            '<ul class="kg-findings" data-search-exclude>\n'
            + "".join(
                f'<li class="kg-error"><span class="kg-sev">At risk</span> {esc(r)}</li>\n'
                for r in said
            )
            + "</ul>\n"
        )

    def risk_word(self, a: AccountMetrics) -> str:
        risk = self.data.risk(a)
        if not risk.at_risk:
            return "—"
        return self.badge(f"at risk: {plural(len(risk.reasons), 'reason')}", "risk",
                          "; ".join(risk.reasons[:5]))  # fmt: skip

    def account_row(self, here: str, a: AccountMetrics) -> list[str | Cell]:
        """An account's row of the ranked tables (home, all accounts, tier, manager, region)."""
        return [
            str(a.rank),
            self.account_link(here, a),
            Cell(esc(self.tier_text(a)), a.tier),
            self.score_text(a),
            Cell(self.health_badge(a, why=False), a.health),
            esc(f"{a.relationships.coverage:.0%}"),
            self.fresh_cell(a),
            Cell(self.revenue(a), -1 if self.hidden(a.id, REVENUE) else a.revenue),
            self.person(here, a.owner),
            Cell(self.risk_word(a), len(self.data.risk(a).reasons)),
        ]

    def accounts_table(
        self, here: str, name: str, accounts: Sequence[AccountMetrics], label: str,
        sortable: bool = False,
    ) -> str:  # fmt: skip
        """The ranked table. Lean cells (no hover text): at 1000 rows every byte counts, and
        each figure's why is on the account's page."""
        rows = (self.account_row(here, a) for a in accounts)
        head = ["Rank", "Account", "Tier", "Score", "Health", "Coverage", "Plan review",
                "Revenue", "Owner", "At risk"]  # fmt: skip
        table_id = f"kg-{name}"
        attrs = f' id="{table_id}"' + (" data-kg-sortable" if sortable else "")
        out = ""
        if sortable:
            out += (
                f'<p><input type="search" class="kg-filter" data-kg-filter="{table_id}" '
                f'aria-label="Filter {esc(label.lower())}" placeholder="Filter by name, owner, '
                f'tier…"></p>\n'
            )
        # Out of the search index: each account's own page is what a search should find.
        table = self.table(here, name, head, rows, label, "kg-accounts", attrs, search=False,
                           empty="No account is listed here.", numeric=(0, 3, 5, 7))  # fmt: skip
        return out + table if "<table" in table else table


TABLE_KEY = (
    '<p class="kg-note">Tier is the declared tier, with the tier the score suggests where it '
    "differs. Health is out of 100: good is 75 or more, fair 50 to 74, poor below 50. Plan "
    "review says whether the plan was reviewed within its tier's cadence: how long ago while "
    "it is fresh, in how many days it falls due, or by how many days it is overdue. At risk "
    "means " + AT_RISK_NOTE + ".</p>\n"
)
