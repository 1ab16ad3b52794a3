"""Plan depth in plan.yaml: contracts and renewals, opportunities, risks, measures, SWOT and
links (data-contract.md, "Plan depth"). Every field is optional in the plan; amounts are in
the account's currency."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from kamgen.model import limits
from kamgen.model.common import Date, Money, Name, Note, Slug, Strict, Text, Texts, _says

# An id in another system (Salesforce's 18 characters, a HubSpot number): printable, short,
# no spaces, so it can sit in a CSV cell, a URL query or a log line without quoting.
CRM_PATTERN = r"^[A-Za-z0-9_.:-]{1,64}$"
CRM_MESSAGE = "an id from your CRM: letters, digits and _ . : - only, e.g. 001Hs00002AbCdE"
CrmId = Annotated[str, StringConstraints(pattern=CRM_PATTERN), _says(CRM_MESSAGE)]
# https only, with a host, and no characters that would need quoting in HTML or Markdown:
# a link is shown on the site, so `javascript:`, `data:` and `http:` are refused here.
# Host labels of letters and digits (hyphens inside), a port up to 65535, then a path.
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PORT = r"(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})"
HTTPS_PATTERN = rf"^https://{_LABEL}(\.{_LABEL})*(:{_PORT})?(/[A-Za-z0-9._~!$&'()*+,;=:@%/?#-]*)?$"
HTTPS_MESSAGE = "an https:// address, e.g. https://drive.example.com/acme"
HTTPS_RE = re.compile(HTTPS_PATTERN)
Url = Annotated[
    str, StringConstraints(pattern=HTTPS_PATTERN, max_length=2000), _says(HTTPS_MESSAGE)
]
Renewal = Literal["open", "at_risk", "renewed", "lost"]
Stage = Literal["open", "won", "lost"]
RiskStatus = Literal["open", "mitigating", "accepted", "closed"]
OneToFive = Annotated[int, Field(ge=1, le=5)]
Amount = Annotated[float, Field(ge=-limits.MAX_NUMBER, le=limits.MAX_NUMBER)]


class Link(Strict):
    label: Name = Field(description="What the link opens, e.g. Shared drive")
    url: Url = Field(description="The address; https only")


class Swot(Strict):
    strengths: Texts = Field(default_factory=list, max_length=limits.TEXTS,
                             description="Our strengths in this account")  # fmt: skip
    weaknesses: Texts = Field(default_factory=list, max_length=limits.TEXTS,
                              description="Our weaknesses in this account")  # fmt: skip
    opportunities: Texts = Field(default_factory=list, max_length=limits.TEXTS,
                                 description="Openings for us")  # fmt: skip
    threats: Texts = Field(default_factory=list, max_length=limits.TEXTS,
                           description="What could cost us the account")  # fmt: skip


class Contract(Strict):
    id: Slug = Field(description="A short id for this contract")
    title: Text = Field(description="What the contract is, e.g. Master services agreement")
    unit: Name | None = Field(
        default=None, description="The customer's unit it covers (a unit of whitespace.yaml)"
    )
    offering: Name | None = Field(
        default=None, description="Our offering it covers (an offering of whitespace.yaml)"
    )
    value: Money | None = Field(default=None, description="Its value per year")
    start: Date | None = Field(default=None, description="The day it started")
    end: Date = Field(description="The day it ends, unless renewed")
    notice_days: Annotated[int, Field(ge=0, le=3650)] = Field(
        default=0, description="Days of notice before the end by which either side must decide"
    )
    renewal: Renewal = Field(
        default="open",
        description="open (not decided), at_risk, renewed or lost: record the outcome",
    )
    crm_id: CrmId | None = Field(default=None, description="Its id in your CRM")


class Opportunity(Strict):
    id: Slug = Field(description="A short id for this opportunity")
    name: Name = Field(description="What we would sell, in a few words")
    unit: Name | None = Field(default=None, description="The customer's unit (whitespace.yaml)")
    offering: Name | None = Field(default=None, description="Our offering (whitespace.yaml)")
    amount: Money = Field(description="What it is worth if won")
    stage: Stage = Field(default="open", description="open, won or lost")
    probability: Annotated[float, Field(ge=0, le=1)] = Field(
        description="The chance of winning it, from 0 to 1"
    )
    close_date: Date = Field(description="When it is expected to close")
    objective: Slug | None = Field(
        default=None, description="The id of the objective it serves, if any"
    )
    crm_id: CrmId | None = Field(default=None, description="Its id in your CRM")


class Risk(Strict):
    id: Slug = Field(description="A short id for this risk")
    title: Text = Field(description="What could go wrong, in one line")
    severity: OneToFive = Field(
        description="How bad it would be, 1 (minor) to 5 (lose the account)"
    )
    likelihood: OneToFive = Field(description="How likely it is, 1 (rare) to 5 (expected)")
    owner: Slug | None = Field(default=None, description="The team member who watches it")
    status: RiskStatus = Field(default="open", description="open, mitigating, accepted or closed")
    mitigations: list[Slug] = Field(
        default_factory=list,
        max_length=limits.ACTIONS,
        description="Ids of the plan's actions that reduce it",
    )
    raised_on: Date | None = Field(default=None, description="When it was raised")
    review_by: Date | None = Field(default=None, description="When it must be looked at again")


class Measure(Strict):
    id: Slug = Field(description="A short id for this measure")
    name: Name = Field(description="What is measured, e.g. Training revenue")
    unit: Name | None = Field(default=None, description="Its unit, e.g. currency, %, people")
    baseline: Amount = Field(description="Where it started")
    target: Amount = Field(description="Where the objective wants it")
    actual: Amount | None = Field(default=None, description="Where it is now")
    as_of: Date | None = Field(default=None, description="When `actual` was last measured")
    notes: Note | None = Field(default=None, description="Anything else worth knowing")
