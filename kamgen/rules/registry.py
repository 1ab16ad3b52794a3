"""Every rule id kamgen reports, with its default severity and why it exists.

This table is the single source for `rules:` overrides in kamgen.yaml, for waivers, and for
the rules page of the docs. Rules of kind "load" and "schema" mean the file cannot be used at
all, so they cannot be overridden or waived.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kamgen.base.findings import DocPath, Finding, Severity

RuleKind = Literal["load", "schema", "reference", "policy"]


@dataclass(frozen=True)
class Rule:
    id: str
    kind: RuleKind
    severity: Severity
    summary: str
    # The fields a policy rule reads, as `confidential:` paths: where one is hidden, the site
    # shows neither the finding nor its absence (either would tell the hidden value).
    reads: tuple[str, ...] = ()
    # A warning that can lose the account by itself makes it "at risk" (kamgen.rules.risk).
    at_risk: bool = False

    @property
    def overridable(self) -> bool:
        return self.kind in ("reference", "policy")


def _r(
    id: str,
    kind: RuleKind,
    severity: Severity,
    summary: str,
    reads: tuple[str, ...] = (),
    at_risk: bool = False,
) -> Rule:
    return Rule(id, kind, severity, summary, reads, at_risk)


RULES: dict[str, Rule] = {
    r.id: r
    for r in [
        # Reading the file at all.
        _r("file-too-large", "load", "error", "A file over 1 MiB is refused unread."),
        _r("encoding", "load", "error", "Files are UTF-8; another encoding garbles names."),
        _r(
            "bad-character",
            "load",
            "error",
            "Control and bidi-override characters make text read differently from what it is.",
        ),
        _r("yaml-syntax", "load", "error", "The file is not valid YAML (tabs included)."),
        _r(
            "yaml-unsafe",
            "load",
            "error",
            "Anchors, aliases, tags and directives are refused: they are how YAML is abused.",
        ),
        _r("yaml-too-deep", "load", "error", "Nesting deeper than any plan needs."),
        _r("duplicate-key", "load", "error", "A repeated key silently replaces the first one."),
        _r(
            "bad-number",
            "load",
            "error",
            "NaN, infinity, and numbers other than 0 outside 10^-9 to 10^15 in size: no plan "
            "needs them, and metrics built from them could overflow.",
        ),
        _r("empty-file", "load", "error", "The file has no content."),
        _r("not-a-mapping", "load", "error", "The file must be a mapping of fields."),
        _r(
            "missing-file",
            "load",
            "error",
            "Every account folder holds plan.yaml, stakeholders.yaml and whitespace.yaml.",
        ),
        _r(
            "symlink",
            "load",
            "error",
            "A symbolic link where kamgen expects a file or folder: kamgen follows no link, so "
            "that nothing outside the portfolio is ever read.",
        ),
        _r(
            "invalid-account-folder",
            "load",
            "error",
            "An account folder's name is a lowercase id (`^[a-z0-9][a-z0-9-]{0,62}$`): the name "
            "becomes a page path and a link, so nothing else may reach them.",
        ),
        _r(
            "too-many",
            "load",
            "error",
            "A list longer than any plan needs (units, offerings, stakeholders, ...): it would "
            "make pages and checks grow without bound.",
        ),
        _r(
            "unexpected-file",
            "load",
            "warning",
            "A YAML file kamgen does not read, often a misspelt name.",
        ),
        # The file's shape.
        _r("schema-version", "schema", "error", "Every file carries `schema_version: 1`."),
        _r("unknown-field", "schema", "error", "A field the format does not have, often a typo."),
        _r("missing-field", "schema", "error", "A required field is absent."),
        _r("invalid-value", "schema", "error", "A value of the wrong type or out of range."),
        # Between files.
        _r("id-mismatch", "reference", "error", "An account folder's name equals its plan `id`."),
        _r(
            "unknown-reference",
            "reference",
            "error",
            "An id that points nowhere: owner, sponsor, contact, attendee, reports_to, "
            "influences, champion, objective.",
        ),
        _r("duplicate-id", "reference", "error", "Two things in one list share an id or name."),
        _r(
            "whitespace-outside-grid",
            "reference",
            "error",
            "A whitespace cell or move names a unit or offering not in the grid.",
        ),
        _r("duplicate-cell", "reference", "error", "A whitespace cell is listed twice."),
        _r(
            "review-filename",
            "reference",
            "error",
            "A review file's name agrees with its date and kind.",
        ),
        _r("review-in-future", "reference", "error", "A review dated after today."),
        _r(
            "churned-on-invalid",
            "reference",
            "error",
            "A churned account has a `churned_on` date that has passed, and only a churned "
            "account has one: churn and retention count it by that date.",
        ),
        _r("scoring-weights", "reference", "error", "Criterion weights sum to 100."),
        _r(
            "missing-score",
            "reference",
            "error",
            "Every criterion is scored in every plan unless it is derived.",
        ),
        _r("unknown-criterion", "reference", "error", "A score for a criterion not configured."),
        _r(
            "missing-fx-rate",
            "reference",
            "error",
            "Every currency used has a rate to the reporting currency.",
        ),
        _r(
            "unknown-confidential-path",
            "schema",
            "error",
            "An entry of `confidential:` names no field, or one the site cannot leave out (id, "
            "tier, owner, currency): it would publish what it meant to hide, so the site leaves "
            "the account out until it is fixed.",
        ),
        _r(
            "unknown-rule",
            "reference",
            "error",
            "A rule id in `rules:` or a waiver that does not exist.",
        ),
        # Policy (kamgen check).
        _r(
            "tier-mismatch",
            "policy",
            "warning",
            "Declared tier differs from the suggested tier: either the scores or the "
            "investment are wrong, and leaders should decide which.",
            # No `reads`: the declared and the suggested tier are both published.
        ),
        _r(
            "single-threaded",
            "policy",
            "warning",
            "At most one strong relationship: when that person moves, the account goes dark.",
            ("stakeholders.status", "stakeholders.strength", "stakeholders.last_contact"),
            at_risk=True,
        ),
        _r(
            "no-decision-maker",
            "policy",
            "warning",
            "No strong relationship with a decision maker or budget holder: we learn of "
            "decisions after they are made.",
            (
                "stakeholders.status",
                "stakeholders.strength",
                "stakeholders.last_contact",
                "stakeholders.buying_role",
            ),
            at_risk=True,
        ),
        _r(
            "detractor-in-power",
            "policy",
            "warning",
            "A detractor is a decision maker or budget holder: the account can be lost in "
            "one meeting.",
            ("stakeholders.status", "stakeholders.sentiment", "stakeholders.buying_role"),
            at_risk=True,
        ),
        _r(
            "thin-map",
            "policy",
            "warning",
            "Fewer than 6 active stakeholders: buying groups are usually 6 to 10 people, so "
            "part of the group is unknown.",
            ("stakeholders.status",),
        ),
        _r(
            "champion-left",
            "policy",
            "warning",
            "A champion has left the customer: their agenda needs a new owner, and they are "
            "a lead at their new company.",
            ("stakeholders.status", "stakeholders.sentiment"),
            at_risk=True,
        ),
        _r(
            "stale-plan",
            "policy",
            "error",
            "The plan is past its tier's review cadence: an unreviewed plan turns into "
            "fiction. This is what blocks CI.",
            ("reviewed", "reviews.date", "reviews.kind"),
        ),
        _r(
            "stale-business-review",
            "policy",
            "warning",
            "Business review past its cadence: value delivered but not documented with the "
            "customer makes renewal a negotiation.",
            ("reviews.date", "reviews.kind"),
        ),
        _r(
            "stale-executive-touchpoint",
            "policy",
            "warning",
            "Executive touchpoint past its cadence: sponsorship fades without contact.",
            ("reviews.date", "reviews.kind"),
        ),
        _r(
            "due-soon",
            "policy",
            "warning",
            "A review falls due within `due_soon_days`: a warning before CI blocks.",
            ("reviewed", "reviews.date", "reviews.kind"),
        ),
        _r(
            "overdue-action",
            "policy",
            "warning",
            "An open or in-progress action is past due: the plan promises what nobody does.",
            ("actions.due", "actions.status"),
        ),
        _r(
            "objective-past-due",
            "policy",
            "warning",
            "An open objective is past its date: record whether it was achieved or missed.",
            ("objectives.due", "objectives.status"),
        ),
        _r(
            "no-executive-sponsor",
            "policy",
            "warning",
            "A tier-1 account has no executive sponsor: tier 1 is defined by one.",
            ("executive_sponsor",),
        ),
        _r(
            "no-satisfaction-measure",
            "policy",
            "warning",
            "A tier 1 or 2 account has no CSAT or NPS from the last 12 months: without the "
            "customer's own score, health is only our view.",
            ("reviews.satisfaction", "reviews.date", "tier"),
        ),
        _r(
            "renewal-due",
            "policy",
            "warning",
            "An open contract's notice date falls within `cadence.renewal_warn_days`: a "
            "renewal decided late is a renewal lost.",
            ("contracts",),
        ),
        _r(
            "contract-lapsed",
            "policy",
            "error",
            "An open contract has ended: record the outcome, renewed or lost.",
            ("contracts",),
        ),
        _r(
            "close-date-passed",
            "policy",
            "warning",
            "An open opportunity is past its close date: the pipeline counts what is no longer "
            "true.",
            ("opportunities",),
        ),
        _r(
            "objective-uncovered",
            "policy",
            "warning",
            "An objective's pipeline (won plus weighted open) is below its revenue target.",
            ("objectives.target_revenue", "opportunities"),
        ),
        _r(
            "measure-stale",
            "policy",
            "warning",
            "A measure was last measured longer ago than the tier's plan review cadence.",
            ("objectives.measures",),
        ),
        _r(
            "risk-unmitigated",
            "policy",
            "warning",
            "An open risk of severity 4 or 5 has no open mitigation action.",
            ("risks",),
        ),
        _r(
            "risk-review-overdue",
            "policy",
            "warning",
            "A live risk is past its `review_by` date.",
            ("risks",),
        ),
        _r(
            "key-person-dependency",
            "policy",
            "warning",
            "One team member holds over 80% of at least 3 strong ties: the account's "
            "knowledge lives in one head.",
            ("stakeholders.our_contact", "stakeholders.relationships"),
        ),
        _r(
            "sponsor-not-connected",
            "policy",
            "warning",
            "A tier 1 account's executive sponsor has no strong tie to an executive at the "
            "customer.",
            ("executive_sponsor", "stakeholders.relationships", "stakeholders.level"),
        ),
        _r(
            "manager-overloaded",
            "policy",
            "warning",
            "A manager is over the capacity limits: a tier-1 account needs time no overloaded "
            "manager has.",
        ),
        _r(
            "waiver-expired",
            "policy",
            "error",
            "A waiver is past its `until` date: exceptions are reviewed, not forgotten.",
            ("waivers.until",),
        ),
    ]
}


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]


def finding(rule_id: str, file: str, message: str, account: str | None, path: DocPath) -> Finding:
    """A finding of a registered rule, at the rule's default severity (`rules:` overrides
    apply later, once, for every rule)."""
    return Finding(rule_id, RULES[rule_id].severity, file, message, account, path=path)
